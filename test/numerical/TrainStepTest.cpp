//===- TrainStepTest.cpp - Compiled gradients vs. finite differences ------===//
//
// Every training step of the test models and of the chapter models whose ops
// have gradients, compiled with its optimizer replaced by plain SGD with a
// learning rate of 1, so that the parameter update is exactly minus the
// gradient. The gradient is checked against central finite differences of
// the loss computed by the independent reference interpreter in double
// precision, on sampled elements of every updated parameter; the returned
// loss and metrics against the reference's.
//
//===----------------------------------------------------------------------===//

#include "CompiledModel.h"
#include "Interpreter.h"

#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>
#include <cmath>

using namespace mlir;
using dlc::reference::Tensor;
using dlc::test::CompiledModel;
using dlc::test::randomInputs;

namespace {

/// The model in `source` with every training step's optimizer replaced by
/// SGD with learning rate 1.
std::string withUnitSGD(StringRef source) {
  MLIRContext context;
  context.loadDialect<dlc::DLCDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  if (!module)
    return "";
  module->walk([&](dlc::TrainOp step) {
    step.setOptimizerAttr(dlc::SGDAttr::get(&context, llvm::APFloat(1.0),
                                            llvm::APFloat(0.0), false));
  });
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  return text;
}

/// Every parameter of `model`, uniform and scaled by the fan-in (like
/// Keras' initializers) so that activations stay O(1) and sigmoids do not
/// saturate into the clipped region, where f32 and f64 disagree about which
/// side of the clip a probability falls.
std::map<std::string, Tensor> randomParams(dlc::ModelOp model, uint32_t seed) {
  std::map<std::string, Tensor> params;
  for (dlc::ParamOp param : model.getParams()) {
    ArrayRef<int64_t> shape = param.getTensorType().getShape();
    double limit = shape.size() >= 2 ? 1.0 / std::sqrt(double(shape[0])) : 0.5;
    params[param.getSymName().str()] = Tensor::uniform(
        std::vector<int64_t>(shape), -limit, limit, seed += 101);
  }
  return params;
}

/// The reference's d loss / d params[name][i], by central differences.
double centralDifference(dlc::TrainOp step,
                         const std::map<std::string, Tensor> &params,
                         const std::vector<Tensor> &inputs,
                         const std::string &name, int64_t i) {
  const double h = 1e-5;
  auto perturbed = params;
  perturbed[name].data[i] += h;
  double up = dlc::reference::evaluate(step, perturbed, inputs)[0].data[0];
  perturbed[name].data[i] -= 2 * h;
  double down = dlc::reference::evaluate(step, perturbed, inputs)[0].data[0];
  return (up - down) / (2 * h);
}

void checkTrainSteps(StringRef source, int64_t batch, int64_t samples) {
  CompiledModel compiled(withUnitSGD(source));
  ASSERT_TRUE(compiled.error.empty()) << compiled.error;
  dlc::ModelOp model = compiled.model();
  std::map<std::string, Tensor> params = randomParams(model, 17);

  for (dlc::TrainOp step : model.getTrainSteps()) {
    SCOPED_TRACE(("@" + step.getSymName()).str());
    std::vector<Tensor> inputs = randomInputs(step, batch, 5, /*maxClasses=*/3);
    std::vector<Tensor> expected =
        dlc::reference::evaluate(step, params, inputs);

    SmallVector<std::string> updates = compiled.stringsOf(
        step.getSymName(), dlc::DLCDialect::UpdatesAttrHelper::getNameStr());
    CompiledModel::CallArgs call;
    call.inputs = inputs;
    call.params = &params;
    std::vector<Tensor> results = compiled.callEntry(step.getSymName(), call);
    // The loss and metrics, the new parameters, the new step count.
    ASSERT_EQ(results.size(),
              step.getResultTypes().size() + updates.size() + 1);

    // Loss and metrics.
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_NEAR(results[i].data[0], expected[i].data[0],
                  1e-4 * std::max(1.0, std::abs(expected[i].data[0])))
          << "result #" << i;

    // Gradients: w - w_new against (L(w + h) - L(w - h)) / 2h.
    for (auto [index, name] : llvm::enumerate(updates)) {
      const Tensor &w = params.at(name);
      const Tensor &updated = results[expected.size() + index];
      int64_t count = w.numel();
      int64_t stride = samples ? std::max<int64_t>(1, count / samples) : count;
      std::vector<std::pair<double, double>> pairs;
      // The floor covers the f32 rounding of w - w_new (w = O(1)) when every
      // sampled gradient is (near) zero, as for a unit that relu silenced.
      double scale = 1e-4;
      for (int64_t i = 0; i < count; i += stride) {
        double compiledGrad = w.data[i] - updated.data[i];
        double numeric = centralDifference(step, params, inputs, name, i);
        pairs.push_back({compiledGrad, numeric});
        scale = std::max(scale, std::abs(numeric));
      }
      for (auto [i, pair] : llvm::enumerate(pairs))
        EXPECT_NEAR(pair.first, pair.second, 2e-3 * scale)
            << "parameter @" << name << " sample " << i;
    }
    // The step counter advanced.
    EXPECT_EQ(results.back().data[0], 1.0);
  }
}

std::string readFile(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : "";
}

struct TrainCase {
  const char *path;
  /// Batch sizes, each with the number of elements of every parameter
  /// checked against finite differences (0: only the loss and metrics).
  std::vector<std::pair<int64_t, int64_t>> batches;
};

class TrainModel : public ::testing::TestWithParam<TrainCase> {};

TEST_P(TrainModel, GradientsMatchFiniteDifferences) {
  const TrainCase &test = GetParam();
  std::string source = readFile(test.path);
  ASSERT_FALSE(source.empty()) << test.path;
  for (auto [batch, samples] : test.batches)
    checkTrainSteps(source, batch, samples);
}

std::string caseName(const ::testing::TestParamInfo<TrainCase> &info) {
  std::string path = info.param.path, name;
  // The file name, or the example's folder for model.mlir.
  size_t slash = path.rfind('/');
  std::string file = path.substr(slash + 1);
  if (file == "model.mlir")
    file = path.substr(path.rfind('/', slash - 1) + 1,
                       slash - path.rfind('/', slash - 1) - 1);
  for (char c : file.substr(0, file.find('.')))
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

// The CNN also runs at batch 64, the size it trains with (its training step
// once overflowed the stack there); the reference is slow on it, so few
// samples. cnn-wide has its layer widths on small images.
INSTANTIATE_TEST_SUITE_P(
    Models, TrainModel,
    ::testing::Values(
        TrainCase{DLC_NUMERICAL_DIR "/train/ops.mlir",
                  {{1, 16}, {3, 16}, {17, 16}}},
        TrainCase{DLC_NUMERICAL_DIR "/train/conv.mlir",
                  {{1, 16}, {3, 16}, {17, 16}}},
        TrainCase{DLC_NUMERICAL_DIR "/train/rnn.mlir",
                  {{1, 16}, {3, 16}, {17, 16}}},
        TrainCase{DLC_NUMERICAL_DIR "/train/cnn-wide.mlir", {{1, 8}, {17, 8}}},
        TrainCase{DLC_EXAMPLES_DIR "/perceptron/model.mlir",
                  {{1, 16}, {3, 16}, {17, 16}}},
        TrainCase{DLC_EXAMPLES_DIR "/mlp/model.mlir",
                  {{1, 16}, {3, 16}, {17, 16}}},
        TrainCase{DLC_EXAMPLES_DIR "/gan/model.mlir",
                  {{1, 16}, {3, 16}, {17, 16}}},
        TrainCase{DLC_EXAMPLES_DIR "/autoencoder/model.mlir",
                  {{1, 16}, {3, 16}, {17, 16}}},
        TrainCase{DLC_EXAMPLES_DIR "/cnn/model.mlir", {{2, 2}, {64, 0}}}),
    caseName);

/// One step of a chapter model with its own optimizer against a reference
/// step: the reference interpreter's central-difference gradient, put
/// through the optimizer's formula (Keras', in double precision) from a
/// fresh state. The parameters after the step must agree to 1e-4 relative
/// (of the parameter, or of the learning rate for parameters near zero).
/// Adam and RMSprop's first step is lr * g / (|g| + eps'), nearly a sign:
/// elements whose gradient is within finite-difference noise of zero have
/// no reliable reference and are skipped (and counted).
void checkReferenceStep(StringRef source, int64_t batch, int64_t samples,
                        dlc::test::Backend backend = dlc::test::Backend::Jit) {
  CompiledModel compiled{std::string(source), backend};
  ASSERT_TRUE(compiled.error.empty()) << compiled.error;
  dlc::ModelOp model = compiled.model();
  std::map<std::string, Tensor> params = randomParams(model, 29);
  for (dlc::TrainOp step : model.getTrainSteps()) {
    SCOPED_TRACE(("@" + step.getSymName()).str());
    std::vector<Tensor> inputs = randomInputs(step, batch, 7, /*maxClasses=*/3);
    SmallVector<std::string> updates = compiled.stringsOf(
        step.getSymName(), dlc::DLCDialect::UpdatesAttrHelper::getNameStr());
    size_t numSlots =
        compiled
            .stringsOf(step.getSymName(),
                       dlc::DLCDialect::SlotsAttrHelper::getNameStr())
            .size();

    CompiledModel::CallArgs call;
    call.inputs = inputs;
    call.params = &params;
    std::vector<Tensor> results = compiled.callEntry(step.getSymName(), call);
    ASSERT_EQ(results.size(), step.getResultTypes().size() +
                                  updates.size() * (1 + numSlots) + 1);
    size_t numResults = step.getResultTypes().size();

    Attribute optimizer = step.getOptimizerAttr();
    auto sgd = dyn_cast<dlc::SGDAttr>(optimizer);
    auto adam = dyn_cast<dlc::AdamAttr>(optimizer);
    auto rmsprop = dyn_cast<dlc::RMSpropAttr>(optimizer);
    double lr = sgd    ? sgd.getLr().convertToDouble()
                : adam ? adam.getLr().convertToDouble()
                       : rmsprop.getLr().convertToDouble();
    // The reference update of one element from a zero state.
    auto update = [&](double g) {
      if (sgd) {
        double momentum = sgd.getMomentum().convertToDouble();
        double velocity = -lr * g;
        if (momentum == 0)
          return velocity;
        return sgd.getNesterov() ? momentum * velocity - lr * g : velocity;
      }
      if (adam) {
        double b1 = adam.getBeta1().convertToDouble();
        double b2 = adam.getBeta2().convertToDouble();
        double eps = adam.getEpsilon().convertToDouble();
        double m = (1 - b1) * g, v = (1 - b2) * g * g;
        double alpha = lr * std::sqrt(1 - b2) / (1 - b1);
        return -alpha * m / (std::sqrt(v) + eps);
      }
      double rho = rmsprop.getRho().convertToDouble();
      double eps = rmsprop.getEpsilon().convertToDouble();
      double increment = lr * g / std::sqrt((1 - rho) * g * g + eps);
      return -increment; // the momentum's first step is the increment too
    };

    int64_t checked = 0, skipped = 0;
    for (auto [index, name] : llvm::enumerate(updates)) {
      const Tensor &w = params.at(name);
      const Tensor &updated = results[numResults + index];
      int64_t count = w.numel();
      int64_t stride = std::max<int64_t>(1, count / samples);
      std::vector<std::pair<int64_t, double>> gradients;
      double scale = 0;
      for (int64_t i = 0; i < count; i += stride) {
        gradients.push_back(
            {i, centralDifference(step, params, inputs, name, i)});
        scale = std::max(scale, std::abs(gradients.back().second));
      }
      for (auto [i, g] : gradients) {
        if (!sgd && std::abs(g) < 1e-3 * scale) {
          ++skipped;
          continue;
        }
        ++checked;
        double expected = w.data[i] + update(g);
        EXPECT_NEAR(updated.data[i], expected,
                    1e-4 * std::max(std::abs(expected), lr))
            << "parameter @" << name << " element " << i << " (gradient " << g
            << ")";
      }
    }
    EXPECT_GT(checked, 0);
    EXPECT_LE(skipped, checked) << "most gradients were indistinguishable "
                                   "from zero";
    EXPECT_EQ(results.back().data[0], 1.0);
  }
}

struct ReferenceCase {
  const char *path;
  int64_t batch;
  int64_t samples;
};

class ReferenceStep : public ::testing::TestWithParam<ReferenceCase> {};

TEST_P(ReferenceStep, ParametersAfterOneStepMatch) {
  std::string source = readFile(GetParam().path);
  ASSERT_FALSE(source.empty()) << GetParam().path;
  checkReferenceStep(source, GetParam().batch, GetParam().samples);
}

/// Training compiled through `--emit=cpp --cpp-vector-bits=0` (scalar code
/// built by another C++ compiler) takes the same step.
TEST_P(ReferenceStep, EmittedCppParametersAfterOneStepMatch) {
  std::string source = readFile(GetParam().path);
  ASSERT_FALSE(source.empty()) << GetParam().path;
  checkReferenceStep(source, GetParam().batch, GetParam().samples,
                     dlc::test::Backend::Cpp);
}

/// And through the same C++ for 128-bit vectors, cross-built for 64-bit ARM
/// and run under QEMU.
TEST_P(ReferenceStep, EmittedCppOnAArch64ParametersAfterOneStepMatch) {
  if (!dlc::test::CppModule::canCross())
    GTEST_SKIP() << "no aarch64-linux-gnu-g++ or qemu-aarch64 (setup.sh "
                    "installs them)";
  std::string source = readFile(GetParam().path);
  ASSERT_FALSE(source.empty()) << GetParam().path;
  checkReferenceStep(source, GetParam().batch, GetParam().samples,
                     dlc::test::Backend::CppAArch64);
}

/// The GPU schedule, its kernels run on the host (blocks and threads in
/// order, then in reverse), takes the same step.
TEST_P(ReferenceStep, GpuScheduleParametersAfterOneStepMatch) {
  std::string source = readFile(GetParam().path);
  ASSERT_FALSE(source.empty()) << GetParam().path;
  checkReferenceStep(source, GetParam().batch, GetParam().samples,
                     dlc::test::Backend::GpuOnHost);
  checkReferenceStep(source, GetParam().batch, GetParam().samples,
                     dlc::test::Backend::GpuOnHostReversed);
}

std::string referenceName(const ::testing::TestParamInfo<ReferenceCase> &info) {
  return caseName({{info.param.path, {}}, info.index});
}

// Every chapter model with its own optimizer (plain SGD for the perceptron
// and the MLP, Adam for the others).
INSTANTIATE_TEST_SUITE_P(
    Chapters, ReferenceStep,
    ::testing::Values(
        ReferenceCase{DLC_EXAMPLES_DIR "/perceptron/model.mlir", 4, 8},
        ReferenceCase{DLC_EXAMPLES_DIR "/mlp/model.mlir", 4, 8},
        ReferenceCase{DLC_EXAMPLES_DIR "/cnn/model.mlir", 2, 3},
        ReferenceCase{DLC_EXAMPLES_DIR "/rnn/model.mlir", 3, 4},
        ReferenceCase{DLC_EXAMPLES_DIR "/gan/model.mlir", 3, 4},
        ReferenceCase{DLC_EXAMPLES_DIR "/autoencoder/model.mlir", 3, 4}),
    referenceName);

/// Optimizer slots of `step`'s updated parameters as in mid-training:
/// uniform in [0, 0.01] (a second moment must not be negative).
std::vector<Tensor>
midTrainingSlots(CompiledModel &compiled, dlc::TrainOp step,
                 const std::map<std::string, Tensor> &params, uint32_t seed) {
  using Attrs = dlc::DLCDialect;
  size_t numSlots =
      compiled
          .stringsOf(step.getSymName(), Attrs::SlotsAttrHelper::getNameStr())
          .size();
  std::vector<Tensor> slots;
  for (const std::string &name : compiled.stringsOf(
           step.getSymName(), Attrs::UpdatesAttrHelper::getNameStr()))
    for (size_t slot = 0; slot < numSlots; ++slot)
      slots.push_back(
          Tensor::uniform(params.at(name).shape, 0.0, 0.01, ++seed));
  return slots;
}

/// A step written over its old parameters, slots and step count (as the
/// runtime and the generated class call it) computes what it computes into
/// buffers of its own: every reader of an old value runs before the writer
/// of its new one. From a state in mid-training (step count 3, slots
/// nonzero), so that the step count's use (Adam's bias correction) shows.
void checkInPlaceStep(StringRef source, dlc::test::Backend backend) {
  CompiledModel compiled{std::string(source), backend};
  ASSERT_TRUE(compiled.error.empty()) << compiled.error;
  dlc::ModelOp model = compiled.model();
  std::map<std::string, Tensor> params = randomParams(model, 31);
  for (dlc::TrainOp step : model.getTrainSteps()) {
    SCOPED_TRACE(("@" + step.getSymName()).str());
    CompiledModel::CallArgs call;
    call.inputs = randomInputs(step, 3, 11, /*maxClasses=*/3);
    call.params = &params;
    call.step = 3;
    call.slots = midTrainingSlots(compiled, step, params, 41);
    std::vector<Tensor> apart = compiled.callEntry(step.getSymName(), call);
    call.inPlace = true;
    std::vector<Tensor> shared = compiled.callEntry(step.getSymName(), call);
    ASSERT_EQ(apart.size(), shared.size());
    EXPECT_EQ(apart.back().data[0], 4.0) << "the new step count";
    for (size_t i = 0; i < apart.size(); ++i)
      EXPECT_EQ(apart[i].data, shared[i].data) << "result #" << i;
  }
}

/// A chapter model (its model.mlir) compiled for a backend.
class ChapterOnBackend : public ::testing::TestWithParam<
                             std::tuple<const char *, dlc::test::Backend>> {
protected:
  std::string source() const { return readFile(std::get<0>(GetParam())); }
  dlc::test::Backend backend() const { return std::get<1>(GetParam()); }
};

using InPlaceStep = ChapterOnBackend;

TEST_P(InPlaceStep, MatchesStepIntoNewBuffers) {
  std::string text = source();
  ASSERT_FALSE(text.empty()) << std::get<0>(GetParam());
  checkInPlaceStep(text, backend());
}

std::string chapterOnBackendName(
    const ::testing::TestParamInfo<ChapterOnBackend::ParamType> &info) {
  return caseName({{std::get<0>(info.param), {}}, info.index}) +
         dlc::test::backendName(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(
    Chapters, InPlaceStep,
    ::testing::Combine(
        ::testing::Values(DLC_EXAMPLES_DIR "/perceptron/model.mlir",
                          DLC_EXAMPLES_DIR "/cnn/model.mlir",
                          DLC_EXAMPLES_DIR "/rnn/model.mlir",
                          DLC_EXAMPLES_DIR "/gan/model.mlir",
                          DLC_EXAMPLES_DIR "/autoencoder/model.mlir"),
        ::testing::Values(dlc::test::Backend::Jit, dlc::test::Backend::Cpp,
                          dlc::test::Backend::GpuOnHost)),
    chapterOnBackendName);

/// Rows `begin` to `end` of `tensor` along its first axis.
Tensor rowsOf(const Tensor &tensor, int64_t begin, int64_t end) {
  Tensor slice = tensor;
  int64_t row = tensor.numel() / tensor.shape.front();
  slice.shape.front() = end - begin;
  slice.data.assign(tensor.data.begin() + begin * row,
                    tensor.data.begin() + end * row);
  return slice;
}

/// Data parallelism's halves of a step: the gradients of uneven slices of
/// a batch (2 and 3 of 5 samples), summed, then the update from them, give
/// the fused step's loss, metrics, parameters, slots and step count, from
/// a state in mid-training.
void checkStepHalves(StringRef source, dlc::test::Backend backend) {
  CompiledModel compiled{std::string(source), backend, /*stepHalves=*/true};
  ASSERT_TRUE(compiled.error.empty()) << compiled.error;
  dlc::ModelOp model = compiled.model();
  std::map<std::string, Tensor> params = randomParams(model, 37);
  constexpr int64_t kBatch = 5;
  for (dlc::TrainOp step : model.getTrainSteps()) {
    SCOPED_TRACE(("@" + step.getSymName()).str());
    auto strings = [&](StringRef entry, StringRef attr) {
      return compiled.stringsOf(entry, attr);
    };
    using Attrs = dlc::DLCDialect;
    SmallVector<std::string> updates =
        strings(step.getSymName(), Attrs::UpdatesAttrHelper::getNameStr());
    ASSERT_EQ(strings(step.getGradientsName(),
                      Attrs::UpdatesAttrHelper::getNameStr()),
              updates);
    std::vector<Tensor> inputs =
        randomInputs(step, kBatch, 13, /*maxClasses=*/3);
    std::vector<Tensor> slots = midTrainingSlots(compiled, step, params, 51);

    CompiledModel::CallArgs fused;
    fused.inputs = inputs;
    fused.params = &params;
    fused.slots = slots;
    fused.step = 3;
    std::vector<Tensor> expected = compiled.callEntry(step.getSymName(), fused);
    size_t numResults = step.getResultTypes().size();

    // The slices' shares, summed.
    std::vector<Tensor> sums;
    for (auto [begin, end] : {std::pair<int64_t, int64_t>{0, 2}, {2, kBatch}}) {
      CompiledModel::CallArgs slice;
      for (const Tensor &input : inputs)
        slice.inputs.push_back(rowsOf(input, begin, end));
      slice.inputs.push_back(Tensor::scalar(double(kBatch)));
      slice.params = &params;
      slice.outputShapes.assign(numResults, {});
      for (const std::string &name : updates)
        slice.outputShapes.push_back(params.at(name).shape);
      std::vector<Tensor> shares =
          compiled.callEntry(step.getGradientsName(), slice);
      ASSERT_EQ(shares.size(), numResults + updates.size());
      if (sums.empty()) {
        sums = shares;
        continue;
      }
      for (size_t i = 0; i < sums.size(); ++i)
        for (size_t j = 0; j < sums[i].data.size(); ++j)
          sums[i].data[j] += shares[i].data[j];
    }
    for (size_t i = 0; i < numResults; ++i)
      EXPECT_NEAR(sums[i].data[0], expected[i].data[0],
                  1e-5 * std::max(1.0, std::abs(expected[i].data[0])))
          << "result #" << i;

    CompiledModel::CallArgs apply;
    apply.inputs.assign(sums.begin() + numResults, sums.end());
    apply.params = &params;
    apply.slots = slots;
    apply.step = 3;
    std::vector<Tensor> updated =
        compiled.callEntry(step.getApplyName(), apply);
    ASSERT_EQ(updated.size(), expected.size() - numResults);
    for (size_t i = 0; i < updated.size(); ++i) {
      const Tensor &want = expected[numResults + i];
      double scale = 0;
      for (double value : want.data)
        scale = std::max(scale, std::abs(value));
      for (size_t j = 0; j < want.data.size(); ++j)
        ASSERT_NEAR(updated[i].data[j], want.data[j],
                    1e-5 * std::max(scale, 1e-2))
            << "new value #" << i << " element " << j;
    }
  }
}

using StepHalves = ChapterOnBackend;

TEST_P(StepHalves, SlicesAddUpToTheFusedStep) {
  std::string text = source();
  ASSERT_FALSE(text.empty()) << std::get<0>(GetParam());
  checkStepHalves(text, backend());
}

INSTANTIATE_TEST_SUITE_P(
    Chapters, StepHalves,
    ::testing::Combine(::testing::Values(DLC_EXAMPLES_DIR "/mlp/model.mlir",
                                         DLC_EXAMPLES_DIR "/cnn/model.mlir",
                                         DLC_EXAMPLES_DIR "/rnn/model.mlir",
                                         DLC_EXAMPLES_DIR "/gan/model.mlir",
                                         DLC_EXAMPLES_DIR
                                         "/autoencoder/model.mlir"),
                       ::testing::Values(dlc::test::Backend::Jit,
                                         dlc::test::Backend::GpuOnHost)),
    chapterOnBackendName);

} // namespace

namespace {

/// The hyperparameters of one of Keras' optimizers; the update rules are
/// written out in double precision in the test below.
struct ReferenceOptimizer {
  std::string kind;
  double lr, a = 0, b = 0, eps = 0; // momentum / beta1 / rho, beta2, epsilon
  bool nesterov = false;
};

/// A small f64 model for the optimizer tests.
constexpr const char *kLinearModel = R"mlir(
dlc.model @linear {
  dlc.param @w : tensor<3x2xf64> = #dlc.uniform<-1.0, 1.0>
  dlc.train @step(%x: tensor<?x3xf64>, %t: tensor<?x2xf64>) -> tensor<f64>
      optimizer OPTIMIZER params [@w] {
    %w = dlc.read @w : tensor<3x2xf64>
    %y = dlc.dense %x, %w : (tensor<?x3xf64>, tensor<3x2xf64>) -> tensor<?x2xf64>
    %p = dlc.mul %y, %t : tensor<?x2xf64>
    %loss = dlc.mean_squared_error %p, %t : (tensor<?x2xf64>, tensor<?x2xf64>) -> tensor<f64>
    dlc.minimize %loss : tensor<f64>
  }
}
)mlir";

struct OptimizerCase {
  const char *attr;
  ReferenceOptimizer reference;
};

class Optimizer : public ::testing::TestWithParam<OptimizerCase> {};

// Five steps of each optimizer on a model with a known, fixed gradient
// direction, against Keras' formulas applied in double precision to the
// compiled gradient (taken from the same model under SGD with lr 1).
TEST_P(Optimizer, MatchesKerasFormulas) {
  const OptimizerCase &c = GetParam();
  std::string source = kLinearModel;
  std::string withOptimizer = source;
  withOptimizer.replace(withOptimizer.find("OPTIMIZER"), 9, c.attr);
  std::string withSGD = source;
  withSGD.replace(withSGD.find("OPTIMIZER"), 9, "#dlc.sgd<lr = 1.0>");
  CompiledModel optimized(withOptimizer), plain(withSGD);
  ASSERT_TRUE(optimized.error.empty()) << optimized.error;
  ASSERT_TRUE(plain.error.empty()) << plain.error;

  Tensor w = Tensor::uniform({3, 2}, -1, 1, 3);
  Tensor x = Tensor::uniform({4, 3}, -1, 1, 4);
  Tensor t = Tensor::uniform({4, 2}, 0.5, 1.5, 5);
  auto step = [&](CompiledModel &model, const Tensor &params,
                  const std::vector<Tensor> &slots, int64_t counter) {
    std::map<std::string, Tensor> paramsByName{{"w", params}};
    CompiledModel::CallArgs call;
    call.inputs = {x, t};
    call.params = &paramsByName;
    call.slots = slots;
    call.step = counter;
    return model.callEntry("step", call);
  };
  int numSlots =
      int(optimized
              .stringsOf("step", dlc::DLCDialect::SlotsAttrHelper::getNameStr())
              .size());
  std::vector<Tensor> slots(numSlots, Tensor::zeros({3, 2}));
  Tensor compiled = w;
  ReferenceOptimizer reference = c.reference;
  std::vector<double> s1(6, 0), s2(6, 0);
  for (int k = 0; k < 5; ++k) {
    // Exact gradient at the current (compiled) parameters.
    std::vector<Tensor> sgd = step(plain, compiled, {}, 0);
    std::vector<double> g(6);
    for (int i = 0; i < 6; ++i)
      g[i] = compiled.data[i] - sgd[1].data[i];
    // The reference advances its own state by one step from the compiled
    // parameters.
    std::vector<double> next = compiled.data;
    for (int i = 0; i < 6; ++i) {
      int t1 = k + 1;
      const auto &r = reference;
      if (r.kind == "sgd") {
        if (r.a == 0) {
          next[i] -= r.lr * g[i];
        } else {
          s1[i] = r.a * s1[i] - r.lr * g[i];
          next[i] += r.nesterov ? r.a * s1[i] - r.lr * g[i] : s1[i];
        }
      } else if (r.kind == "adam") {
        s1[i] = r.a * s1[i] + (1 - r.a) * g[i];
        s2[i] = r.b * s2[i] + (1 - r.b) * g[i] * g[i];
        double alpha =
            r.lr * std::sqrt(1 - std::pow(r.b, t1)) / (1 - std::pow(r.a, t1));
        next[i] -= alpha * s1[i] / (std::sqrt(s2[i]) + r.eps);
      } else {
        s1[i] = r.a * s1[i] + (1 - r.a) * g[i] * g[i];
        double increment = r.lr * g[i] / std::sqrt(s1[i] + r.eps);
        if (r.b > 0) {
          s2[i] = r.b * s2[i] + increment;
          next[i] -= s2[i];
        } else {
          next[i] -= increment;
        }
      }
    }
    std::vector<Tensor> results = step(optimized, compiled, slots, k);
    for (int i = 0; i < 6; ++i)
      EXPECT_NEAR(results[1].data[i], next[i], 1e-12 + 1e-9 * std::abs(next[i]))
          << "step " << k << " element " << i;
    compiled = results[1];
    for (int s = 0; s < numSlots; ++s)
      slots[s] = results[2 + s];
    EXPECT_EQ(results.back().data[0], double(k + 1));
  }
}

INSTANTIATE_TEST_SUITE_P(
    KerasRules, Optimizer,
    ::testing::Values(
        OptimizerCase{"#dlc.sgd<lr = 0.1>", {"sgd", 0.1}},
        OptimizerCase{"#dlc.sgd<lr = 0.05, momentum = 0.9>",
                      {"sgd", 0.05, 0.9}},
        OptimizerCase{"#dlc.sgd<lr = 0.05, momentum = 0.9, nesterov = true>",
                      {"sgd", 0.05, 0.9, 0, 0, true}},
        OptimizerCase{"#dlc.adam", {"adam", 1e-3, 0.9, 0.999, 1e-7}},
        OptimizerCase{"#dlc.adam<lr = 0.01, beta1 = 0.5>",
                      {"adam", 0.01, 0.5, 0.999, 1e-7}},
        OptimizerCase{"#dlc.rmsprop", {"rmsprop", 1e-3, 0.9, 0, 1e-7}},
        OptimizerCase{"#dlc.rmsprop<lr = 0.01, momentum = 0.5>",
                      {"rmsprop", 0.01, 0.9, 0.5, 1e-7}}));

} // namespace
