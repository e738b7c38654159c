//===- CheckpointTest.cpp - Saving and loading checkpoints ----------------===//

#include "RuntimeTestUtil.h"

#include "dlc/runtime/Checkpoint.h"
#include "dlc/runtime/Random.h"

#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

using namespace dlc::runtime;
using namespace dlc::runtime::test;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

/// A small model's training state with odd shapes and every dtype: a dense
/// layer, an Adam slot, a scalar step, an f64 tensor and an empty one.
struct State {
  std::vector<std::pair<std::string, Tensor>> tensors;
  CheckpointInfo info;

  explicit State(float base = 0) {
    add("dense1.kernel", Tensor(DType::f32, {2, 3}), base);
    add("dense1.bias", Tensor(DType::f32, {3}), base + 100);
    add("adam/m/dense1.kernel", Tensor(DType::f32, {2, 3}), base + 200);
    add("adam/step", Tensor(DType::i64, {}), base + 300);
    add("extra.f64", Tensor(DType::f64, {3, 5, 7}), base + 400);
    add("empty", Tensor(DType::i32, {0, 4}), 0);
    info.model = "mlp";
    info.fingerprint = fingerprintOf("dense1.kernel f32 [2, 3]\n...");
    info.step = 1234;
    info.epoch = 5;
    Random random(99);
    random.next();
    info.randomState = random.state();
    info.randomIncrement = random.increment();
  }

  void add(const std::string &name, Tensor tensor, float base) {
    // Distinct values, so that a misplaced byte shows.
    for (int64_t i = 0; i < tensor.numElements(); ++i) {
      double value = base + 0.5 + double(i);
      switch (tensor.dtype()) {
      case DType::f32:
        tensor.values<float>()[size_t(i)] = float(value);
        break;
      case DType::f64:
        tensor.values<double>()[size_t(i)] = value;
        break;
      case DType::i32:
        tensor.values<int32_t>()[size_t(i)] = int32_t(value);
        break;
      case DType::i64:
        tensor.values<int64_t>()[size_t(i)] = int64_t(value);
        break;
      }
    }
    tensors.emplace_back(name, std::move(tensor));
  }

  std::vector<TensorView> views() const {
    std::vector<TensorView> views;
    for (const auto &[name, tensor] : tensors)
      views.push_back({name, tensor.dtype(), tensor.shape(), tensor.bytes()});
    return views;
  }

  /// Slots into `this` state's own tensors.
  std::vector<TensorSlot> slots() {
    std::vector<TensorSlot> slots;
    for (auto &[name, tensor] : tensors)
      slots.push_back({name, tensor.dtype(), tensor.shape(), tensor.bytes()});
    return slots;
  }

  std::string save(const std::string &path) const {
    std::vector<TensorView> v = views();
    return saveCheckpoint(path, info, v);
  }

  /// Loads `path` into this state.
  std::string load(const std::string &path, CheckpointInfo &loaded,
                   CheckpointLoadOptions options = {}) {
    std::vector<TensorSlot> s = slots();
    return loadCheckpoint(path, info.fingerprint, s, loaded, options);
  }
};

bool sameBytes(const Tensor &a, const Tensor &b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         std::memcmp(a.bytes(), b.bytes(), a.numBytes()) == 0;
}

bool sameState(const State &a, const State &b) {
  if (a.tensors.size() != b.tensors.size())
    return false;
  for (size_t i = 0; i < a.tensors.size(); ++i)
    if (a.tensors[i].first != b.tensors[i].first ||
        !sameBytes(a.tensors[i].second, b.tensors[i].second))
      return false;
  return true;
}

bool sameInfo(const CheckpointInfo &a, const CheckpointInfo &b) {
  return a.model == b.model && a.fingerprint == b.fingerprint &&
         a.step == b.step && a.epoch == b.epoch &&
         a.randomState == b.randomState &&
         a.randomIncrement == b.randomIncrement;
}

} // namespace

TEST(Checkpoint, RoundTrips) {
  ScratchDir dir;
  std::string path = dir.path("model.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  EXPECT_EQ(listDir(dir.str()), (std::vector<std::string>{"model.ckpt"}))
      << "no temporary file is left";

  State loaded(1000);
  ASSERT_FALSE(sameState(saved, loaded));
  CheckpointInfo info;
  ASSERT_EQ(loaded.load(path, info), "");
  EXPECT_TRUE(sameState(saved, loaded));
  EXPECT_TRUE(sameInfo(saved.info, info));

  // The restored generator continues the saved one's stream.
  Random original(99);
  original.next();
  Random restored(0);
  restored.restore(info.randomState, info.randomIncrement);
  EXPECT_EQ(original.next(), restored.next());
}

TEST(Checkpoint, ReadsEveryTensorIntoAlignedStorage) {
  ScratchDir dir;
  std::string path = dir.path("model.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  CheckpointInfo info;
  std::vector<NamedTensor> tensors;
  ASSERT_EQ(readCheckpoint(path, info, tensors), "");
  EXPECT_TRUE(sameInfo(saved.info, info));
  ASSERT_EQ(tensors.size(), saved.tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    EXPECT_EQ(tensors[i].name, saved.tensors[i].first);
    EXPECT_TRUE(sameBytes(tensors[i].tensor, saved.tensors[i].second))
        << tensors[i].name;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(tensors[i].tensor.bytes()) % 64, 0u);
  }
}

TEST(Checkpoint, AlignsTensorDataInTheFile) {
  // force_align: 64 places each tensor's bytes at a multiple of 64 from the
  // start of the file, so an aligned load can be read in place.
  ScratchDir dir;
  std::string path = dir.path("model.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  std::vector<uint8_t> file = readBytes(path);
  for (const auto &[name, tensor] : saved.tensors) {
    if (tensor.numBytes() == 0)
      continue;
    const auto *begin = reinterpret_cast<const uint8_t *>(tensor.bytes());
    auto found =
        std::search(file.begin(), file.end(), begin, begin + tensor.numBytes());
    ASSERT_NE(found, file.end()) << name;
    EXPECT_EQ((found - file.begin()) % 64, 0) << name;
  }
}

TEST(Checkpoint, LoadsParametersOfAParamBlock) {
  ParamInfo params[] = {
      {"dense.kernel", DType::f32, 2, {3, 5}, 0, Init::uniform, -1, 1},
      {"dense.bias", DType::f32, 1, {5}, 64, Init::ones, 0, 0},
  };
  ParamBlock block(params, 128, 7);
  ScratchDir dir;
  std::string path = dir.path("params.ckpt");
  std::vector<TensorView> views = {viewOf(params[0], block),
                                   viewOf(params[1], block)};
  ASSERT_EQ(saveCheckpoint(path, {"m", 1, 0, 0, 0, 0}, views), "");

  ParamBlock other(128);
  std::vector<TensorSlot> slots = {slotOf(params[0], other),
                                   slotOf(params[1], other)};
  CheckpointInfo info;
  ASSERT_EQ(loadCheckpoint(path, 1, slots, info), "");
  EXPECT_EQ(std::memcmp(block.data(), other.data(), 128), 0);
}

TEST(Checkpoint, RejectsAWrongFingerprint) {
  ScratchDir dir;
  std::string path = dir.path("model.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  std::vector<TensorSlot> slots = saved.slots();
  CheckpointInfo info;
  char expected[160];
  std::snprintf(expected, sizeof(expected),
                " was saved by a different model (fingerprint 0x%016llx, "
                "model 'mlp'; this model's fingerprint is 0x000000000000002a)",
                static_cast<unsigned long long>(saved.info.fingerprint));
  EXPECT_EQ(loadCheckpoint(path, 42, slots, info),
            "checkpoint " + path + expected);
}

TEST(Checkpoint, RejectsAWrongShape) {
  ScratchDir dir;
  std::string path = dir.path("x.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");

  State model(1000);
  model.tensors[0].second = Tensor(DType::f32, {3, 2});
  State untouched = model;
  CheckpointInfo info;
  info.step = -1;
  EXPECT_EQ(model.load(path, info),
            "checkpoint " + path +
                ": tensor dense1.kernel has shape [2, 3], the model expects "
                "[3, 2]");
  EXPECT_TRUE(sameState(model, untouched))
      << "a failed load writes nothing into the model";
  EXPECT_EQ(info.step, -1);
}

TEST(Checkpoint, RejectsAWrongDtype) {
  ScratchDir dir;
  std::string path = dir.path("x.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  State model;
  model.tensors[4].second = Tensor(DType::f32, {3, 5, 7});
  CheckpointInfo info;
  EXPECT_EQ(model.load(path, info),
            "checkpoint " + path +
                ": tensor extra.f64 is float64, the model expects float32");
}

TEST(Checkpoint, RejectsMissingAndUnlistedTensors) {
  ScratchDir dir;
  std::string path = dir.path("x.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  CheckpointInfo info;

  State more;
  more.add("dense2.kernel", Tensor(DType::f32, {3, 1}), 0);
  EXPECT_EQ(more.load(path, info),
            "checkpoint " + path +
                ": tensor dense2.kernel is missing (the checkpoint holds 6 "
                "tensors, not this one)");

  // Evaluation loads the parameters without the optimizer's slots.
  State fewer(1000);
  fewer.tensors.erase(fewer.tensors.begin() + 2, fewer.tensors.begin() + 4);
  EXPECT_EQ(fewer.load(path, info),
            "checkpoint " + path +
                ": tensor adam/m/dense1.kernel is not one the model expects "
                "(saved with a different optimizer or configuration?)");
  ASSERT_EQ(fewer.load(path, info, {.ignoreUnlisted = true}), "");
  EXPECT_TRUE(sameBytes(fewer.tensors[0].second, saved.tensors[0].second));
}

TEST(Checkpoint, RejectsATruncatedFile) {
  ScratchDir dir;
  std::string path = dir.path("x.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  std::vector<uint8_t> bytes = readBytes(path);
  std::string cut = dir.path("cut.ckpt");
  State model;
  CheckpointInfo info;
  // Every possible length: an error each time, never a crash.
  for (size_t length = 0; length < bytes.size(); ++length) {
    writeBytes(cut, {bytes.begin(), bytes.begin() + std::ptrdiff_t(length)});
    std::string error = model.load(cut, info);
    if (length == 0)
      EXPECT_EQ(error, "checkpoint " + cut + " is empty");
    else
      EXPECT_THAT(error, StartsWith("checkpoint " + cut + " is truncated ("))
          << length;
  }
  writeBytes(cut, {bytes.begin(), bytes.end() - 10});
  EXPECT_EQ(model.load(cut, info),
            "checkpoint " + cut + " is truncated (its header gives " +
                std::to_string(bytes.size()) + " bytes, the file has " +
                std::to_string(bytes.size() - 10) + ")");
}

TEST(Checkpoint, RejectsCorruptBytes) {
  ScratchDir dir;
  std::string path = dir.path("x.ckpt");
  State saved;
  ASSERT_EQ(saved.save(path), "");
  std::vector<uint8_t> bytes = readBytes(path);

  // Bytes flipped in the middle of the file.
  std::vector<uint8_t> corrupt = bytes;
  for (size_t i = corrupt.size() / 2; i < corrupt.size() / 2 + 8; ++i)
    corrupt[i] ^= 0xff;
  std::string bad = dir.path("bad.ckpt");
  writeBytes(bad, corrupt);
  State model(1000);
  State untouched = model;
  CheckpointInfo info;
  EXPECT_THAT(model.load(bad, info),
              StartsWith("checkpoint " + bad + " is corrupt ("));
  EXPECT_TRUE(sameState(model, untouched));

  // Every single byte flipped in turn: an error, or (in padding that no
  // field covers) exactly the saved state; never a crash or wrong values.
  int errors = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    corrupt = bytes;
    corrupt[i] ^= 0x5a;
    writeBytes(bad, corrupt);
    State loaded(1000);
    std::string error = loaded.load(bad, info);
    if (!error.empty()) {
      ++errors;
      EXPECT_THAT(error, StartsWith("checkpoint " + bad)) << i;
    } else {
      EXPECT_TRUE(sameState(loaded, saved)) << "byte " << i;
      EXPECT_TRUE(sameInfo(info, saved.info)) << "byte " << i;
    }
  }
  EXPECT_GT(errors, int(bytes.size()) / 2);
}

TEST(Checkpoint, RejectsAFileOfAnotherKind) {
  ScratchDir dir;
  std::string path = dir.path("notes.txt");
  writeText(path, "these are not the bytes you are looking for\n");
  State model;
  CheckpointInfo info;
  EXPECT_EQ(model.load(path, info),
            "checkpoint " + path +
                " is not a dlc checkpoint (file identifier 'e no', expected "
                "'DLCK')");
  EXPECT_THAT(model.load(dir.path("absent.ckpt"), info),
              StartsWith("checkpoint " + dir.path("absent.ckpt") +
                         ": cannot open for reading: "));
}

TEST(Checkpoint, AFailedSaveKeepsThePreviousCheckpoint) {
  ScratchDir dir;
  std::string path = dir.path("model.ckpt");
  State first;
  ASSERT_EQ(first.save(path), "");
  std::vector<uint8_t> before = readBytes(path);

  // The temporary file cannot be created: a directory holds its name.
  std::string temporary = path + ".tmp." + std::to_string(::getpid());
  ASSERT_TRUE(std::filesystem::create_directory(temporary));
  State second(500);
  second.info.step = 9999;
  EXPECT_THAT(
      second.save(path),
      StartsWith("checkpoint " + path + ": cannot create " + temporary + ": "));
  EXPECT_EQ(readBytes(path), before);
  std::filesystem::remove(temporary);

  // Invalid tensors fail before anything is written.
  second.tensors[1].first = second.tensors[0].first;
  EXPECT_EQ(second.save(path),
            "checkpoint " + path + ": tensor 'dense1.kernel' is listed twice");
  EXPECT_EQ(readBytes(path), before);

  // A directory that does not exist.
  State third;
  EXPECT_THAT(third.save(dir.path("missing/model.ckpt")),
              HasSubstr("cannot create"));

  // A crash mid-save leaves a partial temporary file beside the checkpoint;
  // it does not affect loading.
  writeBytes(path + ".tmp.99999", {before.begin(), before.begin() + 40});
  State loaded(1000);
  CheckpointInfo info;
  ASSERT_EQ(loaded.load(path, info), "");
  EXPECT_TRUE(sameState(loaded, first));
}

TEST(Checkpoint, AFailedSaveIntoAReadOnlyDirectoryKeepsThePrevious) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "root writes into read-only directories";
  ScratchDir dir;
  std::string path = dir.path("model.ckpt");
  State first;
  ASSERT_EQ(first.save(path), "");
  std::vector<uint8_t> before = readBytes(path);
  ASSERT_EQ(::chmod(dir.str().c_str(), 0555), 0);
  State second(500);
  std::string error = second.save(path);
  ::chmod(dir.str().c_str(), 0755);
  EXPECT_THAT(error, HasSubstr("cannot create"));
  EXPECT_EQ(readBytes(path), before);
}

TEST(Checkpoint, RejectsInvalidTensorsOnSave) {
  ScratchDir dir;
  std::string path = dir.path("x.ckpt");
  std::vector<int64_t> negative = {2, -3};
  float value = 0;
  std::vector<TensorView> views = {{"w", DType::f32, negative, &value}};
  EXPECT_EQ(saveCheckpoint(path, {}, views),
            "checkpoint " + path + ": tensor 'w' has invalid shape [2, -3]");
  views = {{"", DType::f32, {}, &value}};
  EXPECT_EQ(saveCheckpoint(path, {}, views),
            "checkpoint " + path + ": a tensor has an empty name");
  EXPECT_TRUE(listDir(dir.str()).empty());
}

TEST(Checkpoint, FingerprintsAreStable) {
  // Stored in checkpoints: the function must never change.
  EXPECT_EQ(fingerprintOf(""), fingerprintOf(""));
  EXPECT_NE(fingerprintOf("dense1.kernel f32 [2, 3]"),
            fingerprintOf("dense1.kernel f32 [3, 2]"));
  EXPECT_EQ(fingerprintOf("dense1.kernel f32 [2, 3]"), 0x0131e98f042ec173ull);
}
