//===- Interpreter.cpp - Runs dlc functions on the reference kernels -----===//

#include "Interpreter.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace dlc::reference {

namespace {

[[noreturn]] void fatal(Operation *op, const Twine &message) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "dlc reference interpreter: " << op->getLoc() << ": '" << op->getName()
     << "' " << message;
  llvm::reportFatalUsageError(llvm::StringRef(text));
}

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(shape, os, [&](int64_t dim) {
    if (ShapedType::isDynamic(dim))
      os << '?';
    else
      os << dim;
  });
  os << ']';
  return text;
}

/// Whether `tensor` can be a value of `type`: same rank, same static sizes.
bool fits(const Tensor &tensor, Type type) {
  auto ranked = cast<RankedTensorType>(type);
  if (tensor.rank() != ranked.getRank())
    return false;
  for (auto [size, dim] : llvm::zip_equal(tensor.shape, ranked.getShape()))
    if (!ShapedType::isDynamic(dim) && size != dim)
      return false;
  return true;
}

void expectFits(Operation *op, const Tensor &tensor, Type type,
                const Twine &what) {
  if (fits(tensor, type))
    return;
  fatal(op, what + " of type " +
                formatShape(cast<RankedTensorType>(type).getShape()) +
                " got a tensor of shape " + formatShape(tensor.shape));
}

Activation convert(::dlc::Activation kind) {
  switch (kind) {
  case ::dlc::Activation::identity:
    return Activation::identity;
  case ::dlc::Activation::relu:
    return Activation::relu;
  case ::dlc::Activation::sigmoid:
    return Activation::sigmoid;
  case ::dlc::Activation::tanh:
    return Activation::tanh;
  case ::dlc::Activation::softmax:
    return Activation::softmax;
  case ::dlc::Activation::leaky_relu:
    return Activation::leaky_relu;
  }
  llvm_unreachable("unknown dlc activation");
}

Pair pair(llvm::ArrayRef<int64_t> values) { return {values[0], values[1]}; }

class Evaluator {
public:
  explicit Evaluator(const ParamMap &params) : params(params) {}

  std::vector<Tensor> run(FunctionOpInterface function,
                          const std::vector<Tensor> &inputs);

private:
  const Tensor &get(Value value) const;
  /// The value of an optional operand, or the "absent" tensor.
  Tensor getOptional(Value value) const {
    return value ? get(value) : Tensor{};
  }
  std::vector<Tensor> getAll(ValueRange values) const;
  /// Evaluates a single-result op other than read and call.
  Tensor evaluateLayer(Operation *op);

  const ParamMap &params;
  llvm::DenseMap<Value, Tensor> values;
};

const Tensor &Evaluator::get(Value value) const {
  auto it = values.find(value);
  if (it == values.end())
    llvm::reportFatalInternalError(
        "dlc reference interpreter: use of a value it did not evaluate");
  return it->second;
}

std::vector<Tensor> Evaluator::getAll(ValueRange range) const {
  std::vector<Tensor> result;
  for (Value value : range)
    result.push_back(get(value));
  return result;
}

std::vector<Tensor> Evaluator::run(FunctionOpInterface function,
                                   const std::vector<Tensor> &inputs) {
  Operation *funcOp = function.getOperation();
  if (function.isExternal())
    fatal(funcOp, "has no body to evaluate");
  Block &body = function.getFunctionBody().front();
  if (inputs.size() != body.getNumArguments())
    fatal(funcOp, "takes " + Twine(body.getNumArguments()) + " inputs, got " +
                      Twine(inputs.size()));
  for (auto [index, arg, input] :
       llvm::enumerate(body.getArguments(), inputs)) {
    expectFits(funcOp, input, arg.getType(), "argument #" + Twine(index));
    values[arg] = input;
  }

  for (Operation &op : body) {
    if (isa<ReturnOp, MinimizeOp>(op))
      return getAll(op.getOperands());

    if (auto read = dyn_cast<ReadOp>(op)) {
      auto it = params.find(read.getParam().str());
      if (it == params.end())
        fatal(&op, "reads parameter @" + read.getParam() +
                       ", which the parameter map lacks");
      expectFits(&op, it->second, read.getType(), "result");
      values[read.getResult()] = it->second;
      continue;
    }

    if (auto call = dyn_cast<CallOp>(op)) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<FunctionOpInterface>(
          &op, call.getCalleeAttr());
      if (!callee)
        fatal(&op, "calls an unknown function @" + call.getCallee());
      std::vector<Tensor> results =
          Evaluator(params).run(callee, getAll(call.getOperands()));
      if (results.size() != op.getNumResults())
        fatal(&op, "expects " + Twine(op.getNumResults()) +
                       " results from its callee, got " +
                       Twine(results.size()));
      for (auto [index, result, tensor] :
           llvm::enumerate(op.getResults(), results)) {
        expectFits(&op, tensor, result.getType(), "result #" + Twine(index));
        values[result] = std::move(tensor);
      }
      continue;
    }

    if (op.getNumResults() != 1)
      fatal(&op, "is not supported by the reference interpreter");
    Tensor result = evaluateLayer(&op);
    expectFits(&op, result, op.getResult(0).getType(), "result");
    values[op.getResult(0)] = std::move(result);
  }
  fatal(funcOp, "has a body without a dlc.return or dlc.minimize");
}

Tensor Evaluator::evaluateLayer(Operation *operation) {
  return llvm::TypeSwitch<Operation *, Tensor>(operation)
      .Case([&](DenseOp op) {
        return dense(get(op.getInput()), get(op.getKernel()),
                     getOptional(op.getBias()), convert(op.getActivation()));
      })
      .Case([&](Conv2DOp op) {
        return conv2d(get(op.getInput()), get(op.getKernel()),
                      getOptional(op.getBias()), pair(op.getStrides()),
                      pair(op.getDilations()), op.getPadding() == Padding::same,
                      convert(op.getActivation()));
      })
      .Case([&](MaxPool2DOp op) {
        return maxPool2d(get(op.getInput()), pair(op.getSize()),
                         pair(op.getEffectiveStrides()),
                         op.getPadding() == Padding::same);
      })
      .Case([&](AvgPool2DOp op) {
        return avgPool2d(get(op.getInput()), pair(op.getSize()),
                         pair(op.getEffectiveStrides()),
                         op.getPadding() == Padding::same);
      })
      .Case([&](FlattenOp op) { return flatten(get(op.getInput())); })
      .Case([&](ReshapeOp op) {
        llvm::ArrayRef<int64_t> shape = op.getResult().getType().getShape();
        return reshape(get(op.getInput()),
                       std::vector<int64_t>(shape.begin() + 1, shape.end()));
      })
      .Case([&](ConcatOp op) {
        return concat(getAll(op.getInputs()),
                      static_cast<int64_t>(op.getAxis()));
      })
      .Case([&](AddOp op) { return add(get(op.getLhs()), get(op.getRhs())); })
      .Case([&](MulOp op) { return mul(get(op.getLhs()), get(op.getRhs())); })
      .Case([&](ActivationOp op) {
        return activation(get(op.getInput()), convert(op.getKind()),
                          op.getLeakyReluSlope());
      })
      .Case([&](SimpleRNNOp op) {
        ValueRange states = op.getInitialState();
        return simpleRnn(get(op.getInput()), get(op.getKernel()),
                         get(op.getRecurrentKernel()),
                         getOptional(op.getBias()),
                         states.empty() ? Tensor{} : get(states[0]),
                         convert(op.getActivation()), op.getReturnSequences());
      })
      .Case([&](LSTMOp op) {
        // Keras' order of LSTM states: [h, c].
        ValueRange states = op.getInitialState();
        return lstm(get(op.getInput()), get(op.getKernel()),
                    get(op.getRecurrentKernel()), getOptional(op.getBias()),
                    states.empty() ? Tensor{} : get(states[0]),
                    states.empty() ? Tensor{} : get(states[1]),
                    convert(op.getActivation()),
                    convert(op.getRecurrentActivation()),
                    op.getReturnSequences());
      })
      .Case([&](GRUOp op) {
        ValueRange states = op.getInitialState();
        return gru(get(op.getInput()), get(op.getKernel()),
                   get(op.getRecurrentKernel()), getOptional(op.getBias()),
                   states.empty() ? Tensor{} : get(states[0]),
                   convert(op.getActivation()),
                   convert(op.getRecurrentActivation()), op.getResetAfter(),
                   op.getReturnSequences());
      })
      .Case([&](MeanSquaredErrorOp op) {
        return Tensor::scalar(
            meanSquaredError(get(op.getPrediction()), get(op.getTarget()),
                             op.getReduction() == Reduction::sum,
                             op.getScale().convertToDouble()));
      })
      .Case([&](BinaryCrossentropyOp op) {
        return Tensor::scalar(binaryCrossentropy(
            get(op.getPrediction()), get(op.getTarget()), op.getFromLogits(),
            op.getReduction() == Reduction::sum,
            op.getScale().convertToDouble()));
      })
      .Case([&](CategoricalCrossentropyOp op) {
        return Tensor::scalar(categoricalCrossentropy(
            get(op.getPrediction()), get(op.getTarget()), op.getFromLogits(),
            op.getReduction() == Reduction::sum,
            op.getScale().convertToDouble()));
      })
      .Case([&](SparseCategoricalCrossentropyOp op) {
        return Tensor::scalar(sparseCategoricalCrossentropy(
            get(op.getPrediction()), get(op.getTarget()), op.getFromLogits(),
            op.getReduction() == Reduction::sum,
            op.getScale().convertToDouble()));
      })
      .Case([&](BinaryAccuracyOp op) {
        return Tensor::scalar(
            binaryAccuracy(get(op.getPrediction()), get(op.getTarget()),
                           op.getThreshold().convertToDouble()));
      })
      .Case([&](CategoricalAccuracyOp op) {
        return Tensor::scalar(
            categoricalAccuracy(get(op.getPrediction()), get(op.getTarget())));
      })
      .Case([&](SparseCategoricalAccuracyOp op) {
        return Tensor::scalar(sparseCategoricalAccuracy(get(op.getPrediction()),
                                                        get(op.getTarget())));
      })
      .Default([&](Operation *op) -> Tensor {
        fatal(op, "is not supported by the reference interpreter");
      });
}

} // namespace

std::vector<Tensor> evaluate(FunctionOpInterface function,
                             const ParamMap &params,
                             const std::vector<Tensor> &inputs) {
  return Evaluator(params).run(function, inputs);
}

std::vector<Tensor> evaluate(ModelOp model, llvm::StringRef name,
                             const ParamMap &params,
                             const std::vector<Tensor> &inputs) {
  auto function = dyn_cast_or_null<FunctionOpInterface>(
      SymbolTable::lookupSymbolIn(model, name));
  if (!function)
    fatal(model, "has no function or training step @" + name);
  return evaluate(function, params, inputs);
}

} // namespace dlc::reference
