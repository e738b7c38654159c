//===- CompiledVsReferenceTest.cpp - Compiled entry points vs. naive loops ===//
//
// Every inference entry point of every chapter model, and test models that
// exercise every op and option with odd shapes, compiled through the full
// CPU pipeline (JIT), against the independent reference interpreter in
// double precision: the chapter models for batch sizes 1, 3 and 64, the test
// models in test/numerical/models/ for batch sizes 1, 3 and 17.
//
//===----------------------------------------------------------------------===//

#include "CompiledModel.h"
#include "Interpreter.h"
#include "dlc/DLC.h"
#include "dlc/runtime/MemRef.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

using namespace mlir;
using dlc::reference::Tensor;

namespace {

using dlc::test::CompiledModel;
using dlc::test::randomInputs;

std::map<std::string, Tensor> randomParams(dlc::ModelOp model, uint32_t seed) {
  std::map<std::string, Tensor> params;
  uint32_t n = 0;
  for (dlc::ParamOp param : model.getParams()) {
    std::vector<int64_t> shape(param.getTensorType().getShape());
    params[param.getSymName().str()] =
        Tensor::uniform(shape, -0.5, 0.5, seed + 1000 * ++n);
  }
  return params;
}

/// max |compiled - reference| / max(|reference|, 1e-3): a normwise relative
/// error.
double relativeError(const Tensor &compiled, const Tensor &reference) {
  double scale = 1e-3;
  for (double v : reference.data)
    scale = std::max(scale, std::abs(v));
  return dlc::reference::maxAbsDiff(compiled, reference) / scale;
}

/// Where compiled and reference differ most: the index and both values.
std::string worstElement(const Tensor &compiled, const Tensor &reference) {
  if (compiled.shape != reference.shape || reference.data.empty())
    return "shapes differ";
  size_t worst = 0;
  for (size_t i = 0; i < reference.data.size(); ++i)
    if (std::abs(compiled.data[i] - reference.data[i]) >
        std::abs(compiled.data[worst] - reference.data[worst]))
      worst = i;
  std::string index;
  size_t rest = worst;
  for (size_t axis = reference.shape.size(); axis-- > 0;) {
    index = std::to_string(rest % reference.shape[axis]) +
            (index.empty() ? "" : ", ") + index;
    rest /= reference.shape[axis];
  }
  return "worst at [" + index + "]: compiled " +
         std::to_string(compiled.data[worst]) + ", reference " +
         std::to_string(reference.data[worst]);
}

/// Checks every public dlc.func of the model in `source`.
void checkAllEntryPoints(StringRef source, ArrayRef<int64_t> batches,
                         double tolerance,
                         dlc::test::Backend backend = dlc::test::Backend::Jit) {
  CompiledModel compiled(source, backend);
  ASSERT_TRUE(compiled.error.empty()) << compiled.error;
  dlc::ModelOp model = compiled.model();
  auto params = randomParams(model, 7);
  for (dlc::FuncOp function : model.getFuncs()) {
    if (function.isPrivate())
      continue;
    for (int64_t batch : batches) {
      SCOPED_TRACE(
          ("@" + function.getSymName() + " batch " + std::to_string(batch))
              .str());
      std::vector<Tensor> inputs = randomInputs(function, batch, 11);
      std::vector<Tensor> expected =
          dlc::reference::evaluate(function, params, inputs);
      std::vector<Tensor> actual =
          compiled.run(function.getSymName(), params, inputs, expected);
      ASSERT_EQ(actual.size(), expected.size());
      for (size_t i = 0; i < actual.size(); ++i)
        EXPECT_LT(relativeError(actual[i], expected[i]), tolerance)
            << "result #" << i << ": " << worstElement(actual[i], expected[i]);
    }
  }
}

std::string readExample(StringRef name) {
  std::string path =
      std::string(DLC_EXAMPLES_DIR) + "/" + name.str() + "/model.mlir";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return "";
  return (*buffer)->getBuffer().str();
}

class ChapterModel : public ::testing::TestWithParam<const char *> {};

TEST_P(ChapterModel, InferenceMatchesReference) {
  std::string source = readExample(GetParam());
  ASSERT_FALSE(source.empty());
  checkAllEntryPoints(source, {1, 3, 64}, 1e-4);
}

/// The same through `dlc compile --emit=cpp`: the scalar pipeline written
/// as C++ and built by another compiler.
TEST_P(ChapterModel, EmittedCppMatchesReference) {
  std::string source = readExample(GetParam());
  ASSERT_FALSE(source.empty());
  checkAllEntryPoints(source, {1, 3, 64}, 1e-4, dlc::test::Backend::Cpp);
}

/// The same through `dlc compile --emit=cpp` (by default): the vector
/// schedules as GCC/Clang vector extensions.
TEST_P(ChapterModel, EmittedVectorCppMatchesReference) {
  std::string source = readExample(GetParam());
  ASSERT_FALSE(source.empty());
  checkAllEntryPoints(source, {1, 3, 64}, 1e-4, dlc::test::Backend::CppVector);
}

/// The vector C++ for 128-bit vectors (NEON) cross-built for 64-bit ARM by
/// GCC and run under QEMU.
TEST_P(ChapterModel, EmittedCppOnAArch64MatchesReference) {
  if (!dlc::test::CppModule::canCross())
    GTEST_SKIP() << "no aarch64-linux-gnu-g++ or qemu-aarch64 (setup.sh "
                    "installs them)";
  std::string source = readExample(GetParam());
  ASSERT_FALSE(source.empty());
  checkAllEntryPoints(source, {1, 3, 17}, 1e-4, dlc::test::Backend::CppAArch64);
}

/// The same vector C++ built with DLC_CPP_SCALAR: the fallback for
/// compilers without vector extensions (arrays, lane-by-lane operators).
TEST_P(ChapterModel, EmittedVectorCppScalarFallbackMatchesReference) {
  std::string source = readExample(GetParam());
  ASSERT_FALSE(source.empty());
  checkAllEntryPoints(source, {1, 3, 64}, 1e-4,
                      dlc::test::Backend::CppScalarFallback);
}

/// The same through the GPU schedule, its kernels run on the host: their
/// blocks and threads in order, then in reverse (a kernel whose threads
/// race is wrong in one of the two).
TEST_P(ChapterModel, GpuScheduleMatchesReference) {
  std::string source = readExample(GetParam());
  ASSERT_FALSE(source.empty());
  checkAllEntryPoints(source, {1, 3, 64}, 1e-4, dlc::test::Backend::GpuOnHost);
  checkAllEntryPoints(source, {1, 3, 64}, 1e-4,
                      dlc::test::Backend::GpuOnHostReversed);
}

INSTANTIATE_TEST_SUITE_P(Examples, ChapterModel,
                         ::testing::Values("perceptron", "mlp", "cnn", "rnn",
                                           "gan", "autoencoder"));

//===----------------------------------------------------------------------===//
// Test models: every op and option with odd shapes
//===----------------------------------------------------------------------===//

/// Prefix of a test model that reproduces a known compiler bug. Such a model
/// starts with a `// known-bug: <what>` comment and is skipped (not run: a
/// crash in the compiler would take the whole test program down).
constexpr llvm::StringLiteral kKnownBugPrefix = "known-bug-";

/// Every `*.mlir` in DLC_NUMERICAL_MODELS_DIR, sorted. Discovered rather than
/// listed, so that a new model cannot be silently left out.
std::vector<std::string> listTestModels() {
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(DLC_NUMERICAL_MODELS_DIR, ec), end;
       it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.ends_with(".mlir"))
      names.push_back(name.str());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string readTestModel(llvm::StringRef name) {
  llvm::SmallString<256> path(DLC_NUMERICAL_MODELS_DIR);
  llvm::sys::path::append(path, name);
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return "";
  return (*buffer)->getBuffer().str();
}

/// The text after `// known-bug:` up to the next blank or non-comment line.
std::string knownBugDescription(llvm::StringRef source) {
  size_t start = source.find("// known-bug:");
  if (start == llvm::StringRef::npos)
    return "";
  std::string text;
  llvm::StringRef rest = source.substr(start + 2);
  while (!rest.empty()) {
    auto [line, next] = rest.split('\n');
    line = line.trim();
    if (line.empty())
      break;
    if (!text.empty())
      text += ' ';
    text += line.str();
    rest = next.ltrim(" ");
    if (!rest.starts_with("//"))
      break;
    rest = rest.drop_front(2);
  }
  return text;
}

class TestModel : public ::testing::TestWithParam<std::string> {};

TEST_P(TestModel, InferenceMatchesReference) {
  std::string source = readTestModel(GetParam());
  ASSERT_FALSE(source.empty()) << "cannot read " << GetParam();
  if (llvm::StringRef(GetParam()).starts_with(kKnownBugPrefix)) {
    std::string bug = knownBugDescription(source);
    ASSERT_FALSE(bug.empty())
        << GetParam() << " must describe its bug in a '// known-bug:' comment";
    GTEST_SKIP() << bug;
  }
  checkAllEntryPoints(source, {1, 3, 17}, 1e-4);
}

TEST_P(TestModel, EmittedCppMatchesReference) {
  std::string source = readTestModel(GetParam());
  ASSERT_FALSE(source.empty()) << "cannot read " << GetParam();
  if (llvm::StringRef(GetParam()).starts_with(kKnownBugPrefix))
    GTEST_SKIP() << knownBugDescription(source);
  checkAllEntryPoints(source, {1, 3, 17}, 1e-4, dlc::test::Backend::Cpp);
}

TEST_P(TestModel, GpuScheduleMatchesReference) {
  std::string source = readTestModel(GetParam());
  ASSERT_FALSE(source.empty()) << "cannot read " << GetParam();
  if (llvm::StringRef(GetParam()).starts_with(kKnownBugPrefix))
    GTEST_SKIP() << knownBugDescription(source);
  checkAllEntryPoints(source, {1, 3, 17}, 1e-4, dlc::test::Backend::GpuOnHost);
  checkAllEntryPoints(source, {1, 3, 17}, 1e-4,
                      dlc::test::Backend::GpuOnHostReversed);
}

INSTANTIATE_TEST_SUITE_P(Models, TestModel,
                         ::testing::ValuesIn(listTestModels()),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string name =
                               llvm::StringRef(info.param).drop_back(5).str();
                           for (char &c : name)
                             if (!llvm::isAlnum(c))
                               c = '_';
                           return name;
                         });

/// The directory holds the op-family models, so that a wrong path cannot
/// make the parametrized test above vanish.
TEST(TestModels, DirectoryHoldsEveryOpFamily) {
  std::vector<std::string> names = listTestModels();
  for (const char *family :
       {"activation.mlir", "conv.mlir", "dense.mlir", "f64.mlir", "loss.mlir",
        "pool.mlir", "recurrent.mlir", "shape.mlir"})
    EXPECT_NE(std::find(names.begin(), names.end(), family), names.end())
        << family << " is missing from " << DLC_NUMERICAL_MODELS_DIR;
}

} // namespace
