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

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using dlc::reference::Tensor;
using dlc::test::CompiledModel;

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

std::vector<Tensor> randomInputs(FunctionOpInterface function, int64_t batch,
                                 uint32_t seed) {
  std::vector<Tensor> inputs;
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto tensor = cast<RankedTensorType>(type);
    std::vector<int64_t> shape;
    for (int64_t dim : tensor.getShape())
      shape.push_back(ShapedType::isDynamic(dim) ? batch : dim);
    if (tensor.getElementType().isInteger()) {
      int64_t classes = 2;
      for (Type other : function.getArgumentTypes())
        if (isa<FloatType>(cast<RankedTensorType>(other).getElementType()))
          classes = cast<RankedTensorType>(other).getShape().back();
      // The sparse labels index the 3 classes of the test models.
      inputs.push_back(Tensor::labels(shape, std::min<int64_t>(classes, 3),
                                      seed + index));
    } else {
      inputs.push_back(Tensor::uniform(shape, -1.0, 1.0, seed + index));
    }
  }
  return inputs;
}

void checkTrainSteps(StringRef source, int64_t batch) {
  CompiledModel compiled(withUnitSGD(source));
  ASSERT_TRUE(compiled.error.empty()) << compiled.error;
  dlc::ModelOp model = compiled.model();
  std::map<std::string, Tensor> params;
  uint32_t seed = 17;
  // Scaled by the fan-in (like Keras' initializers) so that activations stay
  // O(1) and sigmoids do not saturate into the clipped region, where f32
  // and f64 disagree about which side of the clip a probability falls.
  for (dlc::ParamOp param : model.getParams()) {
    ArrayRef<int64_t> shape = param.getTensorType().getShape();
    double limit = shape.size() >= 2 ? 1.0 / std::sqrt(double(shape[0])) : 0.5;
    params[param.getSymName().str()] = Tensor::uniform(
        std::vector<int64_t>(shape), -limit, limit, seed += 101);
  }

  for (dlc::TrainOp step : model.getTrainSteps()) {
    SCOPED_TRACE(("@" + step.getSymName()).str());
    std::vector<Tensor> inputs = randomInputs(step, batch, 5);
    std::vector<Tensor> expected =
        dlc::reference::evaluate(step, params, inputs);

    std::vector<std::pair<Tensor, Type>> args;
    for (auto [tensor, type] : llvm::zip(inputs, step.getArgumentTypes()))
      args.push_back({tensor, cast<RankedTensorType>(type).getElementType()});
    for (const std::string &name : compiled.paramOrder(step.getSymName()))
      args.push_back({params.at(name), compiled.paramType(name)});
    Tensor counter = Tensor::scalar(0);
    args.push_back({counter, IntegerType::get(model.getContext(), 64)});

    std::vector<std::pair<std::vector<int64_t>, Type>> outputs;
    for (Type type : step.getResultTypes())
      outputs.push_back({{}, cast<RankedTensorType>(type).getElementType()});
    SmallVector<std::string> updates =
        compiled.stringsOf(step.getSymName(), "dlc.updates");
    for (const std::string &name : updates)
      outputs.push_back({params.at(name).shape, compiled.paramType(name)});
    outputs.push_back({{}, IntegerType::get(model.getContext(), 64)});
    std::vector<Tensor> results =
        compiled.call(step.getSymName(), args, outputs);
    ASSERT_EQ(results.size(), outputs.size());

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
      int64_t stride = std::max<int64_t>(1, count / 16);
      std::vector<std::pair<double, double>> pairs;
      double scale = 1e-6;
      for (int64_t i = 0; i < count; i += stride) {
        double compiledGrad = w.data[i] - updated.data[i];
        const double h = 1e-5;
        auto perturbed = params;
        perturbed[name].data[i] += h;
        double up = dlc::reference::evaluate(step, perturbed, inputs)[0]
                        .data[0];
        perturbed[name].data[i] -= 2 * h;
        double down = dlc::reference::evaluate(step, perturbed, inputs)[0]
                          .data[0];
        double numeric = (up - down) / (2 * h);
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

class TrainModel : public ::testing::TestWithParam<const char *> {};

TEST_P(TrainModel, GradientsMatchFiniteDifferences) {
  std::string path = GetParam();
  std::string source = readFile(path);
  ASSERT_FALSE(source.empty()) << path;
  for (int64_t batch : {1, 3, 17})
    checkTrainSteps(source, batch);
}

INSTANTIATE_TEST_SUITE_P(
    Models, TrainModel,
    ::testing::Values(DLC_NUMERICAL_DIR "/train/ops.mlir",
                      DLC_NUMERICAL_DIR "/train/conv.mlir",
                      DLC_EXAMPLES_DIR "/perceptron/model.mlir",
                      DLC_EXAMPLES_DIR "/mlp/model.mlir",
                      DLC_EXAMPLES_DIR "/gan/model.mlir",
                      DLC_EXAMPLES_DIR "/autoencoder/model.mlir"));

} // namespace
