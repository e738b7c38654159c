//===- Checkpoint.cpp - Saving and resuming training ----------------------===//

#include "dlc/runtime/Checkpoint.h"
#include "dlc/runtime/File.h"
#include "dlc/runtime/Npy.h"

#include "checkpoint_generated.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace dlc::runtime {

namespace fb = dlc::checkpoint;

// Tensor bytes, shapes and the hash are stored and read in the host's byte
// order, which FlatBuffers fixes to little-endian.
static_assert(std::endian::native == std::endian::little,
              "checkpoints assume a little-endian host");
static_assert(uint8_t(fb::DType::f32) == uint8_t(DType::f32) &&
                  uint8_t(fb::DType::f64) == uint8_t(DType::f64) &&
                  uint8_t(fb::DType::i32) == uint8_t(DType::i32) &&
                  uint8_t(fb::DType::i64) == uint8_t(DType::i64),
              "the schema's DType must match the runtime's");

namespace {

/// The format version this runtime writes and reads.
constexpr uint32_t kFormatVersion = 1;

constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ull;
constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4Full;

uint64_t finalize(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

/// A fast 64-bit hash of bytes, eight at a time, chained through `seed`.
/// It guards against corruption, not against an adversary, and must never
/// change: stored checksums and fingerprints depend on it.
uint64_t hashBytes(const void *data, size_t size, uint64_t seed) {
  const auto *p = static_cast<const unsigned char *>(data);
  uint64_t h = seed ^ (uint64_t(size) * kPrime1);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    h ^= std::rotl(word * kPrime2, 31) * kPrime1;
    h = std::rotl(h, 27) * kPrime1 + 0x52dce729;
  }
  uint64_t tail = 0;
  if (i < size) // `data` may be null when empty
    std::memcpy(&tail, p + i, size - i);
  h ^= std::rotl(tail * kPrime2, 31) * kPrime1;
  return finalize(h);
}

/// Hashes a sequence of fields; each one's length is part of its hash, so
/// that moving bytes between neighbouring fields changes the result.
class Hasher {
public:
  void bytes(const void *data, size_t size) {
    value = hashBytes(data, size, value);
  }
  void scalar(uint64_t x) { bytes(&x, sizeof(x)); }
  uint64_t result() const { return value; }

private:
  uint64_t value = 0x6463'6c6b'7074'0001ull;
};

/// A tensor as both sides of the checksum see it.
struct RawTensor {
  std::string_view name;
  uint8_t dtype;
  std::span<const int64_t> shape;
  std::span<const std::byte> data;
};

template <typename TensorAt>
uint64_t checksumOf(const CheckpointInfo &info, size_t count,
                    TensorAt tensorAt) {
  Hasher hasher;
  hasher.scalar(kFormatVersion);
  hasher.bytes(info.model.data(), info.model.size());
  hasher.scalar(info.fingerprint);
  hasher.scalar(uint64_t(info.step));
  hasher.scalar(uint64_t(info.epoch));
  hasher.scalar(info.randomState);
  hasher.scalar(info.randomIncrement);
  hasher.scalar(count);
  for (size_t i = 0; i < count; ++i) {
    RawTensor tensor = tensorAt(i);
    hasher.bytes(tensor.name.data(), tensor.name.size());
    hasher.scalar(tensor.dtype);
    hasher.bytes(tensor.shape.data(), tensor.shape.size_bytes());
    hasher.bytes(tensor.data.data(), tensor.data.size());
  }
  return hasher.result();
}

std::string hex64(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%016llx",
                static_cast<unsigned long long>(value));
  return text;
}

RawTensor rawOf(const fb::Tensor &tensor) {
  std::span<const int64_t> shape;
  if (const auto *dims = tensor.shape())
    shape = {reinterpret_cast<const int64_t *>(dims->data()), dims->size()};
  std::span<const std::byte> data;
  if (const auto *bytes = tensor.data())
    data = {reinterpret_cast<const std::byte *>(bytes->data()), bytes->size()};
  return {tensor.name()->string_view(), uint8_t(tensor.dtype()), shape, data};
}

CheckpointInfo infoOf(const fb::Checkpoint &root) {
  CheckpointInfo info;
  if (root.model())
    info.model = root.model()->str();
  info.fingerprint = root.fingerprint();
  info.step = root.step();
  info.epoch = root.epoch();
  if (const fb::RandomState *random = root.random()) {
    info.randomState = random->state();
    info.randomIncrement = random->increment();
  }
  return info;
}

/// Reads `path` into `contents` and returns its verified root in `root`,
/// after every check that does not depend on the model.
std::string openCheckpoint(const std::string &path, AlignedBytes &contents,
                           const fb::Checkpoint *&root) {
  std::string name = "checkpoint " + path;
  if (std::string error = readFile(path, contents); !error.empty())
    return "checkpoint " + error;
  const auto *bytes = reinterpret_cast<const uint8_t *>(contents.data());
  size_t size = contents.size();
  if (size == 0)
    return name + " is empty";
  // The size prefix, the root offset and the file identifier.
  constexpr size_t kHeader = 4 + 4 + 4;
  if (size < kHeader)
    return name + " is truncated (" + std::to_string(size) +
           " bytes, shorter than a checkpoint header)";
  if (!fb::SizePrefixedCheckpointBufferHasIdentifier(bytes)) {
    std::string found;
    for (size_t i = 8; i < 12; ++i) {
      char c = char(bytes[i]);
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x", unsigned(uint8_t(c)));
      found += c >= 32 && c < 127 ? std::string(1, c) : std::string(escaped);
    }
    return name + " is not a dlc checkpoint (file identifier '" + found +
           "', expected '" + fb::CheckpointIdentifier() + "')";
  }
  uint64_t stated = uint64_t(flatbuffers::GetPrefixedSize(bytes)) + 4;
  if (stated > size)
    return name + " is truncated (its header gives " + std::to_string(stated) +
           " bytes, the file has " + std::to_string(size) + ")";
  if (stated < size)
    return name + " is corrupt (" + std::to_string(size - stated) +
           " unexpected bytes after its " + std::to_string(stated) + ")";
  flatbuffers::Verifier verifier(bytes, size);
  if (!fb::VerifySizePrefixedCheckpointBuffer(verifier))
    return name + " is corrupt (verification failed)";
  root = fb::GetSizePrefixedCheckpoint(bytes);
  if (root->version() != kFormatVersion)
    return name + " has format version " + std::to_string(root->version()) +
           "; this runtime reads version " + std::to_string(kFormatVersion);

  const auto *tensors = root->tensors();
  size_t count = tensors ? tensors->size() : 0;
  uint64_t computed = checksumOf(infoOf(*root), count, [&](size_t i) {
    return rawOf(*tensors->Get(flatbuffers::uoffset_t(i)));
  });
  if (computed != root->checksum())
    return name + " is corrupt (checksum " + hex64(computed) +
           ", the file records " + hex64(root->checksum()) + ")";

  // The checksum matches, so what remains wrong was written that way; still
  // check it rather than trust another writer.
  std::unordered_map<std::string_view, size_t> seen;
  for (size_t i = 0; i < count; ++i) {
    RawTensor tensor = rawOf(*tensors->Get(flatbuffers::uoffset_t(i)));
    std::string what = name + " is corrupt (tensor " + std::string(tensor.name);
    if (!seen.emplace(tensor.name, i).second)
      return what + " appears twice)";
    if (tensor.dtype > uint8_t(DType::i64))
      return what + " has unknown dtype " + std::to_string(tensor.dtype) + ")";
    int64_t elements = checkedNumElements(tensor.shape);
    if (elements < 0)
      return what + " has invalid shape " + formatShape(tensor.shape) + ")";
    auto dtype = DType(tensor.dtype);
    uint64_t expected = uint64_t(elements) * sizeOf(dtype);
    if (tensor.data.size() != expected)
      return what + " holds " + std::to_string(tensor.data.size()) +
             " bytes, its shape " + formatShape(tensor.shape) + " of " +
             dtypeName(dtype) + " needs " + std::to_string(expected) + ")";
  }
  return "";
}

} // namespace

TensorView viewOf(const ParamInfo &param, const ParamBlock &block) {
  return {param.name, param.dtype,
          std::span<const int64_t>(param.shape, size_t(param.rank)),
          block.at<std::byte>(param)};
}

TensorSlot slotOf(const ParamInfo &param, const ParamBlock &block) {
  return {param.name, param.dtype,
          std::span<const int64_t>(param.shape, size_t(param.rank)),
          block.at<std::byte>(param)};
}

uint64_t fingerprintOf(std::string_view structure) {
  return hashBytes(structure.data(), structure.size(), 0x646c'6366'7072'6e74);
}

std::string saveCheckpoint(const std::string &path, const CheckpointInfo &info,
                           std::span<const TensorView> tensors) {
  std::string name = "checkpoint " + path;
  std::unordered_map<std::string_view, size_t> seen;
  std::vector<size_t> sizes;
  // An upper bound of the buffer: each tensor's bytes, its alignment
  // padding, name, shape and table, and the root.
  uint64_t estimate = 1024 + info.model.size();
  for (const TensorView &tensor : tensors) {
    std::string what = name + ": tensor '" + std::string(tensor.name) + "'";
    if (tensor.name.empty())
      return name + ": a tensor has an empty name";
    if (!seen.emplace(tensor.name, sizes.size()).second)
      return what + " is listed twice";
    int64_t elements = checkedNumElements(tensor.shape);
    if (elements < 0)
      return what + " has invalid shape " + formatShape(tensor.shape);
    size_t bytes = size_t(elements) * sizeOf(tensor.dtype);
    if (bytes && !tensor.data)
      return what + " has no data";
    sizes.push_back(bytes);
    estimate += bytes + 64 + tensor.name.size() + 8 * tensor.shape.size() + 64;
  }
  if (estimate >= FLATBUFFERS_MAX_BUFFER_SIZE)
    return name + ": " + std::to_string(estimate) +
           " bytes exceed the 2 GiB a checkpoint file can hold";

  auto rawAt = [&](size_t i) {
    const TensorView &tensor = tensors[i];
    return RawTensor{tensor.name,
                     uint8_t(tensor.dtype),
                     tensor.shape,
                     {static_cast<const std::byte *>(tensor.data), sizes[i]}};
  };
  uint64_t checksum = checksumOf(info, tensors.size(), rawAt);

  flatbuffers::FlatBufferBuilder builder(static_cast<size_t>(estimate));
  std::vector<flatbuffers::Offset<fb::Tensor>> offsets;
  offsets.reserve(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    RawTensor tensor = rawAt(i);
    auto nameOffset =
        builder.CreateString(tensor.name.data(), tensor.name.size());
    auto shapeOffset =
        builder.CreateVector(tensor.shape.data(), tensor.shape.size());
    // The schema's force_align: the builder honours it only when told.
    builder.ForceVectorAlignment(tensor.data.size(), 1, 64);
    auto dataOffset = builder.CreateVector(
        reinterpret_cast<const uint8_t *>(tensor.data.data()),
        tensor.data.size());
    offsets.push_back(fb::CreateTensor(
        builder, nameOffset, fb::DType(tensor.dtype), shapeOffset, dataOffset));
  }
  auto modelOffset = builder.CreateString(info.model);
  auto tensorsOffset = builder.CreateVector(offsets);
  fb::RandomState random(info.randomState, info.randomIncrement);
  auto root = fb::CreateCheckpoint(builder, kFormatVersion, modelOffset,
                                   info.fingerprint, info.step, info.epoch,
                                   &random, tensorsOffset, checksum);
  // Size-prefixed, so that a truncated file is told apart from a corrupt
  // one.
  fb::FinishSizePrefixedCheckpointBuffer(builder, root);

  std::span<const std::byte> buffer(
      reinterpret_cast<const std::byte *>(builder.GetBufferPointer()),
      builder.GetSize());
  if (std::string error = writeFileAtomically(path, buffer); !error.empty())
    return "checkpoint " + error;
  return "";
}

std::string loadCheckpoint(const std::string &path,
                           uint64_t expectedFingerprint,
                           std::span<const TensorSlot> slots,
                           CheckpointInfo &info,
                           const CheckpointLoadOptions &options) {
  AlignedBytes contents;
  const fb::Checkpoint *root = nullptr;
  if (std::string error = openCheckpoint(path, contents, root); !error.empty())
    return error;
  std::string name = "checkpoint " + path;
  if (root->fingerprint() != expectedFingerprint)
    return name + " was saved by a different model (fingerprint " +
           hex64(root->fingerprint()) +
           (root->model() ? ", model '" + root->model()->str() + "'" : "") +
           "; this model's fingerprint is " + hex64(expectedFingerprint) + ")";

  const auto *tensors = root->tensors();
  size_t count = tensors ? tensors->size() : 0;
  std::unordered_map<std::string_view, size_t> byName;
  for (size_t i = 0; i < count; ++i)
    byName.emplace(
        tensors->Get(flatbuffers::uoffset_t(i))->name()->string_view(), i);

  // Every check before any copy: a failed load leaves the model as it was.
  std::vector<RawTensor> sources;
  std::unordered_map<std::string_view, size_t> requested;
  for (const TensorSlot &slot : slots) {
    std::string what = name + ": tensor " + std::string(slot.name);
    if (!requested.emplace(slot.name, sources.size()).second)
      return name + ": the model lists tensor " + std::string(slot.name) +
             " twice";
    auto found = byName.find(slot.name);
    if (found == byName.end())
      return what + " is missing (the checkpoint holds " +
             std::to_string(count) + " tensors, not this one)";
    RawTensor tensor =
        rawOf(*tensors->Get(flatbuffers::uoffset_t(found->second)));
    if (tensor.dtype != uint8_t(slot.dtype))
      return what + " is " + dtypeName(DType(tensor.dtype)) +
             ", the model expects " + dtypeName(slot.dtype);
    if (!std::equal(tensor.shape.begin(), tensor.shape.end(),
                    slot.shape.begin(), slot.shape.end()))
      return what + " has shape " + formatShape(tensor.shape) +
             ", the model expects " + formatShape(slot.shape);
    sources.push_back(tensor);
  }
  if (!options.ignoreUnlisted)
    for (size_t i = 0; i < count; ++i) {
      std::string_view tensorName =
          tensors->Get(flatbuffers::uoffset_t(i))->name()->string_view();
      if (!requested.count(tensorName))
        return name + ": tensor " + std::string(tensorName) +
               " is not one the model expects (saved with a different " +
               "optimizer or configuration?)";
    }

  for (size_t i = 0; i < slots.size(); ++i)
    if (!sources[i].data.empty())
      std::memcpy(slots[i].data, sources[i].data.data(),
                  sources[i].data.size());
  info = infoOf(*root);
  return "";
}

std::string readCheckpoint(const std::string &path, CheckpointInfo &info,
                           std::vector<NamedTensor> &tensors) {
  AlignedBytes contents;
  const fb::Checkpoint *root = nullptr;
  if (std::string error = openCheckpoint(path, contents, root); !error.empty())
    return error;
  std::vector<NamedTensor> result;
  if (const auto *stored = root->tensors()) {
    for (const fb::Tensor *tensor : *stored) {
      RawTensor raw = rawOf(*tensor);
      NamedTensor named{
          std::string(raw.name),
          Tensor(DType(raw.dtype), {raw.shape.begin(), raw.shape.end()})};
      if (!raw.data.empty())
        std::memcpy(named.tensor.bytes(), raw.data.data(), raw.data.size());
      result.push_back(std::move(named));
    }
  }
  info = infoOf(*root);
  tensors = std::move(result);
  return "";
}

uint64_t paramsFingerprint(std::string_view model,
                           std::span<const ParamInfo> params) {
  std::string text(model);
  text += '\n';
  for (const ParamInfo &param : params)
    text += std::string(param.name) + " " + dtypeName(param.dtype) + " " +
            formatShape({param.shape, static_cast<size_t>(param.rank)}) +
            "\n";
  return fingerprintOf(text);
}

std::string saveParams(const std::string &path, std::string_view model,
                       std::span<const ParamInfo> params,
                       const ParamBlock &block) {
  std::vector<TensorView> views;
  for (const ParamInfo &param : params)
    views.push_back(viewOf(param, block));
  CheckpointInfo info;
  info.model = std::string(model);
  info.fingerprint = paramsFingerprint(model, params);
  return saveCheckpoint(path, info, views);
}

std::string loadParams(const std::string &path,
                       std::span<const ParamInfo> params, ParamBlock &block) {
  CheckpointInfo info;
  std::vector<NamedTensor> tensors;
  if (std::string error = readCheckpoint(path, info, tensors); !error.empty())
    return error;
  std::vector<const Tensor *> found;
  for (const ParamInfo &param : params) {
    auto it = std::find_if(tensors.begin(), tensors.end(),
                           [&](const NamedTensor &t) {
                             return t.name == param.name;
                           });
    std::span<const int64_t> shape(param.shape,
                                   static_cast<size_t>(param.rank));
    if (it == tensors.end())
      return "checkpoint " + path + " has no parameter " +
             std::string(param.name) + " (saved by model '" + info.model +
             "')";
    if (it->tensor.dtype() != param.dtype ||
        !std::equal(shape.begin(), shape.end(), it->tensor.shape().begin(),
                    it->tensor.shape().end()))
      return "checkpoint " + path + ": parameter " + std::string(param.name) +
             " is " + dtypeName(it->tensor.dtype()) + " " +
             formatShape(it->tensor.shape()) + ", the model expects " +
             dtypeName(param.dtype) + " " + formatShape(shape);
    found.push_back(&it->tensor);
  }
  for (size_t i = 0; i < params.size(); ++i)
    std::memcpy(block.data() + params[i].offset, found[i]->bytes(),
                found[i]->numBytes());
  return "";
}

} // namespace dlc::runtime
