//===- Train.cpp - Training steps: forward, gradients, optimizer ----------===//
//
// A dlc.train becomes one function that runs the forward pass, takes the
// gradients of the loss with respect to the parameters the step updates by
// reverse-mode differentiation, and applies the optimizer. The backward pass
// is written directly as linalg on the forward pass's dlc values; the dlc
// ops themselves are lowered afterwards by the same patterns as inference,
// which rewires the backward pass onto their lowered results.
//
//===----------------------------------------------------------------------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// Keras' epsilon for clipping probabilities (as in the forward pass).
constexpr double kEpsilon = 1e-7;

RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// An elementwise op over `like`'s shape on `inputs` of that shape.
Value pointwise(OpBuilder &b, Location loc, Value like, ValueRange inputs,
                BodyBuilder body) {
  RankedTensorType type = tensorType(like);
  return elementwise(b, loc, type, dynamicSizesLike(b, loc, type, like),
                     inputs, body);
}

Value constant(OpBuilder &b, Location loc, Type type, double value) {
  return floatConstant(b, loc, type, value);
}

/// The derivative of an activation through its output `y`, times `g`.
Value activationGrad(OpBuilder &b, Location loc, Activation activation,
                     double slope, Value y, Value g) {
  Type elementType = tensorType(y).getElementType();
  switch (activation) {
  case Activation::identity:
    return g;
  case Activation::softmax: {
    // y * (g - sum(g * y)) along the last axis.
    Value gy = pointwise(b, loc, y, ValueRange{g, y},
                         [](OpBuilder &n, Location l, ValueRange a) -> Value {
                           return arith::MulFOp::create(n, l, a[0], a[1]);
                         });
    Value sums = reduceLastAxis(
        b, loc, gy, 0.0, [](OpBuilder &n, Location l, ValueRange a) {
          return arith::AddFOp::create(n, l, a[0], a[1]).getResult();
        });
    int64_t rank = tensorType(y).getRank();
    SmallVector<AffineExpr> rowExprs;
    for (int64_t i = 0; i < rank - 1; ++i)
      rowExprs.push_back(b.getAffineDimExpr(i));
    AffineMap identity = b.getMultiDimIdentityMap(rank);
    AffineMap row = AffineMap::get(rank, 0, rowExprs, b.getContext());
    return elementwise(
        b, loc, tensorType(y), dynamicSizesLike(b, loc, tensorType(y), y),
        ValueRange{y, g, sums}, {identity, identity, row},
        [](OpBuilder &n, Location l, ValueRange a) -> Value {
          return arith::MulFOp::create(
              n, l, a[0], arith::SubFOp::create(n, l, a[1], a[2]));
        });
  }
  default:
    break;
  }
  return pointwise(
      b, loc, y, ValueRange{y, g},
      [&](OpBuilder &n, Location l, ValueRange a) -> Value {
        Value yv = a[0], gv = a[1];
        Value zero = constant(n, l, elementType, 0.0);
        Value one = constant(n, l, elementType, 1.0);
        switch (activation) {
        case Activation::relu: {
          Value positive =
              arith::CmpFOp::create(n, l, arith::CmpFPredicate::OGT, yv, zero);
          return arith::SelectOp::create(n, l, positive, gv, zero);
        }
        case Activation::leaky_relu: {
          Value positive =
              arith::CmpFOp::create(n, l, arith::CmpFPredicate::OGT, yv, zero);
          Value scaled = arith::MulFOp::create(
              n, l, gv, constant(n, l, elementType, slope));
          return arith::SelectOp::create(n, l, positive, gv, scaled);
        }
        case Activation::sigmoid: {
          Value d = arith::MulFOp::create(
              n, l, yv, arith::SubFOp::create(n, l, one, yv));
          return arith::MulFOp::create(n, l, gv, d);
        }
        case Activation::tanh: {
          Value d = arith::SubFOp::create(
              n, l, one, arith::MulFOp::create(n, l, yv, yv));
          return arith::MulFOp::create(n, l, gv, d);
        }
        default:
          return gv;
        }
      });
}

/// Column sums of a [M, N] matrix: [N].
Value sumRows(OpBuilder &b, Location loc, Value matrix) {
  RankedTensorType type = tensorType(matrix);
  auto resultType =
      RankedTensorType::get({type.getDimSize(1)}, type.getElementType());
  Value init = filledTensor(b, loc, resultType, {}, 0.0);
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps{
      b.getMultiDimIdentityMap(2),
      AffineMap::get(2, 0, {getAffineDimExpr(1, context)}, context)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{matrix},
             ValueRange{init}, maps,
             SmallVector<utils::IteratorType>{utils::IteratorType::reduction,
                                              utils::IteratorType::parallel},
             [](OpBuilder &n, Location l, ValueRange a) {
               linalg::YieldOp::create(
                   n, l, arith::AddFOp::create(n, l, a[0], a[1]).getResult());
             })
      .getResult(0);
}

class Differentiator {
public:
  Differentiator(OpBuilder &builder, llvm::DenseSet<Value> active)
      : b(builder), active(std::move(active)) {}

  void accumulate(Value value, Value grad) {
    if (!grad || !active.contains(value))
      return;
    auto it = grads.find(value);
    if (it == grads.end()) {
      grads[value] = grad;
      return;
    }
    it->second = pointwise(b, value.getLoc(), value,
                           ValueRange{it->second, grad},
                           [](OpBuilder &n, Location l, ValueRange a) -> Value {
                             return arith::AddFOp::create(n, l, a[0], a[1]);
                           });
  }

  Value gradOf(Value value) { return grads.lookup(value); }

  LogicalResult backward(Operation *op);

  /// Why backward() failed: an op or form with no gradient yet.
  std::string unsupported;

private:
  LogicalResult backwardDense(DenseOp op);
  LogicalResult backwardSimpleRNN(SimpleRNNOp op);
  LogicalResult backwardLSTM(LSTMOp op);
  LogicalResult backwardGRU(GRUOp op);
  LogicalResult backwardLoss(Operation *op, Value prediction, Value target,
                             Reduction reduction, double scale, Value upstream);
  /// The softmax op whose output `prediction` is, when its gradient can be
  /// fused with a cross-entropy: every other user is a metric (or a shape
  /// query).
  Operation *fusableSoftmax(Value prediction, Operation *loss);
  void accumulatePreActivation(Operation *producer, Value dz);

  OpBuilder &b;
  llvm::DenseSet<Value> active;
  llvm::DenseMap<Value, Value> grads;
  llvm::DenseMap<Operation *, Value> preActivationGrads;
};

bool isMetric(Operation *op) {
  return isa<BinaryAccuracyOp, CategoricalAccuracyOp,
             SparseCategoricalAccuracyOp>(op);
}

Operation *Differentiator::fusableSoftmax(Value prediction, Operation *loss) {
  Operation *producer = prediction.getDefiningOp();
  bool softmax = false;
  if (auto dense = dyn_cast_or_null<DenseOp>(producer))
    softmax = dense.getActivation() == Activation::softmax;
  if (auto activation = dyn_cast_or_null<ActivationOp>(producer))
    softmax = activation.getKind() == Activation::softmax;
  if (!softmax)
    return nullptr;
  // Shape queries (the backward pass's own tensor.dim of the prediction)
  // do not need the probabilities.
  for (Operation *user : prediction.getUsers())
    if (user != loss && !isMetric(user) && !isa<tensor::DimOp>(user))
      return nullptr;
  return producer;
}

void Differentiator::accumulatePreActivation(Operation *producer, Value dz) {
  if (auto activation = dyn_cast<ActivationOp>(producer)) {
    accumulate(activation.getInput(), dz);
    return;
  }
  auto it = preActivationGrads.find(producer);
  if (it == preActivationGrads.end()) {
    preActivationGrads[producer] = dz;
    return;
  }
  it->second = pointwise(b, producer->getLoc(), dz,
                         ValueRange{it->second, dz},
                         [](OpBuilder &n, Location l, ValueRange a) -> Value {
                           return arith::AddFOp::create(n, l, a[0], a[1]);
                         });
}

LogicalResult Differentiator::backwardDense(DenseOp op) {
  Location loc = op.getLoc();
  Value y = op.getResult();
  Value dz;
  if (Value g = gradOf(y))
    dz = activationGrad(b, loc, op.getActivation(), 0.2, y, g);
  if (Value fused = preActivationGrads.lookup(op))
    dz = dz ? pointwise(b, loc, y, ValueRange{dz, fused},
                        [](OpBuilder &n, Location l, ValueRange a) -> Value {
                          return arith::AddFOp::create(n, l, a[0], a[1]);
                        })
            : fused;
  if (!dz)
    return success();
  if (!canCollapseLeadingAxes(op.getInput().getType())) {
    unsupported = "training through a dense layer whose input has several "
                  "dynamic axes is not supported yet";
    return failure();
  }
  Value x2 = collapseLeadingAxes(b, loc, op.getInput());
  Value dz2 = collapseLeadingAxes(b, loc, dz);
  if (active.contains(op.getInput())) {
    Value dx2 = matmul(b, loc, dz2, transpose2D(b, loc, op.getKernel()));
    accumulate(op.getInput(),
               expandLeadingAxes(b, loc, dx2, op.getInput().getType(),
                                 op.getInput()));
  }
  if (active.contains(op.getKernel()))
    accumulate(op.getKernel(), matmulTransposedA(b, loc, x2, dz2));
  if (op.getBias() && active.contains(op.getBias()))
    accumulate(op.getBias(), sumRows(b, loc, dz2));
  return success();
}

/// Backpropagation through time. The forward states are recomputed as a
/// sequence (a copy of the layer with return_sequences); the loop walks the
/// steps backwards carrying the gradient of the state and accumulating the
/// kernels' and bias's gradients.
LogicalResult Differentiator::backwardSimpleRNN(SimpleRNNOp op) {
  Location loc = op.getLoc();
  Value g = gradOf(op.getResult());
  Value x = op.getInput(), kernel = op.getKernel();
  Value recurrent = op.getRecurrentKernel();
  RankedTensorType xType = op.getInput().getType();
  Type elementType = xType.getElementType();
  int64_t units = op.getRecurrentKernel().getType().getDimSize(0);
  int64_t features = xType.getDimSize(2);
  auto seqType = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), units}, elementType);
  auto stateType =
      RankedTensorType::get({xType.getDimSize(0), units}, elementType);

  Value states = op.getResult();
  if (!op.getReturnSequences()) {
    auto sequence = cast<SimpleRNNOp>(b.clone(*op));
    sequence.setReturnSequences(true);
    sequence.getResult().setType(seqType);
    states = sequence.getResult();
  }
  // The previous state of every step: [h0, h_0, ..., h_{T-2}].
  Value h0 = op.getInitialState().empty()
                 ? filledTensor(b, loc, stateType,
                                dynamicSizesLike(b, loc, stateType, x), 0.0)
                 : op.getInitialState()[0];
  Value previous = emptyTensor(b, loc, seqType,
                               dynamicSizesLike(b, loc, seqType, x));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value steps = tensor::DimOp::create(b, loc, x, 1);
  previous = insertStep(b, loc, h0, previous, zero);
  Value lastStep = arith::SubIOp::create(b, loc, steps, one);
  previous = scf::ForOp::create(
                 b, loc, zero, lastStep, one, ValueRange{previous},
                 [&](OpBuilder &n, Location l, Value t, ValueRange acc) {
                   Value next = arith::AddIOp::create(n, l, t, one);
                   scf::YieldOp::create(
                       n, l,
                       insertStep(n, l, stepOf(n, l, states, t), acc[0],
                                  next));
                 })
                 .getResult(0);

  bool wantInput = active.contains(x);
  Value dhInit = op.getReturnSequences()
                     ? filledTensor(b, loc, stateType,
                                    dynamicSizesLike(b, loc, stateType, x), 0.0)
                     : g;
  SmallVector<Value> init{
      dhInit,
      filledTensor(b, loc,
                   RankedTensorType::get({features, units}, elementType), {},
                   0.0),
      filledTensor(b, loc, RankedTensorType::get({units, units}, elementType),
                   {}, 0.0),
      filledTensor(b, loc, RankedTensorType::get({units}, elementType), {},
                   0.0),
      filledTensor(b, loc, xType, dynamicSizesLike(b, loc, xType, x), 0.0)};
  Value kernelT = transpose2D(b, loc, kernel);
  Value recurrentT = transpose2D(b, loc, recurrent);
  Activation activation = op.getActivation();
  bool sequences = op.getReturnSequences();
  auto loop = scf::ForOp::create(
      b, loc, zero, steps, one, init,
      [&](OpBuilder &n, Location l, Value i, ValueRange acc) {
        Value t = arith::SubIOp::create(
            n, l, arith::SubIOp::create(n, l, steps, one), i);
        Value dh = acc[0];
        if (sequences)
          dh = pointwise(n, l, dh, ValueRange{dh, stepOf(n, l, g, t)},
                         [](OpBuilder &nn, Location ll, ValueRange a) -> Value {
                           return arith::AddFOp::create(nn, ll, a[0], a[1]);
                         });
        Value ht = stepOf(n, l, states, t);
        Value dz = activationGrad(n, l, activation, 0.2, ht, dh);
        Value xt = stepOf(n, l, x, t);
        Value hPrev = stepOf(n, l, previous, t);
        Value dW = matmulTransposedA(n, l, xt, dz, acc[1]);
        Value dU = matmulTransposedA(n, l, hPrev, dz, acc[2]);
        Value dbStep = sumRows(n, l, dz);
        Value db = pointwise(n, l, acc[3], ValueRange{acc[3], dbStep},
                             [](OpBuilder &nn, Location ll,
                                ValueRange a) -> Value {
                               return arith::AddFOp::create(nn, ll, a[0], a[1]);
                             });
        Value dx = acc[4];
        if (wantInput)
          dx = insertStep(n, l, matmul(n, l, dz, kernelT), dx, t);
        Value dhPrev = matmul(n, l, dz, recurrentT);
        scf::YieldOp::create(n, l, ValueRange{dhPrev, dW, dU, db, dx});
      });
  if (wantInput)
    accumulate(x, loop.getResult(4));
  accumulate(kernel, loop.getResult(1));
  accumulate(recurrent, loop.getResult(2));
  if (op.getBias())
    accumulate(op.getBias(), loop.getResult(3));
  if (!op.getInitialState().empty())
    accumulate(op.getInitialState()[0], loop.getResult(0));
  return success();
}

/// x . W (+ b) for every step at once: [B, T, G*U].
Value projectSteps(OpBuilder &b, Location loc, Value x, Value kernel,
                   Value bias, int64_t packed) {
  RankedTensorType xType = cast<RankedTensorType>(x.getType());
  auto type = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), packed},
      xType.getElementType());
  SmallVector<Value> sizes = dynamicSizesLike(b, loc, type, x);
  Value init = bias ? broadcastLastAxis(b, loc, bias, type, sizes)
                    : filledTensor(b, loc, type, sizes, 0.0);
  return contractLastAxis(b, loc, x, kernel, init);
}

Value add(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return pointwise(b, loc, lhs, ValueRange{lhs, rhs},
                   [](OpBuilder &n, Location l, ValueRange a) -> Value {
                     return arith::AddFOp::create(n, l, a[0], a[1]);
                   });
}

Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return pointwise(b, loc, lhs, ValueRange{lhs, rhs},
                   [](OpBuilder &n, Location l, ValueRange a) -> Value {
                     return arith::MulFOp::create(n, l, a[0], a[1]);
                   });
}

/// Backpropagation through time for an LSTM: a forward loop recomputes the
/// gate activations and cell states of every step, then a backward loop
/// carries the gradients of h and c.
LogicalResult Differentiator::backwardLSTM(LSTMOp op) {
  Location loc = op.getLoc();
  Value g = gradOf(op.getResult());
  Value x = op.getInput(), kernel = op.getKernel();
  Value recurrent = op.getRecurrentKernel();
  RankedTensorType xType = op.getInput().getType();
  Type elementType = xType.getElementType();
  int64_t units = op.getRecurrentKernel().getType().getDimSize(0);
  int64_t features = xType.getDimSize(2), packed = 4 * units;
  Activation act = op.getActivation();
  Activation gate = op.getRecurrentActivation();
  auto seqType = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), units}, elementType);
  auto gatesType = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), packed}, elementType);
  auto stateType =
      RankedTensorType::get({xType.getDimSize(0), units}, elementType);
  auto zeros = [&](RankedTensorType type) {
    return filledTensor(b, loc, type, dynamicSizesLike(b, loc, type, x), 0.0);
  };
  ValueRange initial = op.getInitialState();
  Value h0 = initial.empty() ? zeros(stateType) : initial[0];
  Value c0 = initial.empty() ? zeros(stateType) : initial[1];
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value steps = tensor::DimOp::create(b, loc, x, 1);
  Value projection = projectSteps(b, loc, x, kernel, op.getBias(), packed);

  // Forward: gate activations A, previous states Hp and Cp, cell states C.
  auto act1 = [&](OpBuilder &n, Location l, Activation a, Value v) {
    return scalarActivation(n, l, a, v, 0.2);
  };
  auto forward = scf::ForOp::create(
      b, loc, zero, steps, one,
      ValueRange{h0, c0, emptyTensor(b, loc, gatesType,
                                     dynamicSizesLike(b, loc, gatesType, x)),
                 zeros(seqType), zeros(seqType), zeros(seqType)},
      [&](OpBuilder &n, Location l, Value t, ValueRange acc) {
        Value h = acc[0], c = acc[1];
        Value z = matmul(n, l, h, recurrent, stepOf(n, l, projection, t));
        Value i = pointwise(n, l, h, columns(n, l, z, 0, units),
                            [&](OpBuilder &nn, Location ll, ValueRange a) {
                              return act1(nn, ll, gate, a[0]);
                            });
        Value f = pointwise(n, l, h, columns(n, l, z, units, units),
                            [&](OpBuilder &nn, Location ll, ValueRange a) {
                              return act1(nn, ll, gate, a[0]);
                            });
        Value gg = pointwise(n, l, h, columns(n, l, z, 2 * units, units),
                             [&](OpBuilder &nn, Location ll, ValueRange a) {
                               return act1(nn, ll, act, a[0]);
                             });
        Value o = pointwise(n, l, h, columns(n, l, z, 3 * units, units),
                            [&](OpBuilder &nn, Location ll, ValueRange a) {
                              return act1(nn, ll, gate, a[0]);
                            });
        Value cNew = add(n, l, mul(n, l, f, c), mul(n, l, i, gg));
        Value hNew = pointwise(n, l, h, ValueRange{o, cNew},
                               [&](OpBuilder &nn, Location ll, ValueRange a) {
                                 return arith::MulFOp::create(
                                            nn, ll, a[0],
                                            act1(nn, ll, act, a[1]))
                                     .getResult();
                               });
        // Gates of the step, packed back in Keras' order.
        auto gatesStep = RankedTensorType::get(
            {xType.getDimSize(0), packed}, elementType);
        Value gates = emptyTensor(n, l, gatesStep,
                                  dynamicSizesLike(n, l, gatesStep, h));
        SmallVector<Value, 4> parts{i, f, gg, o};
        for (auto [k, value] : llvm::enumerate(parts)) {
          SmallVector<OpFoldResult> offsets{n.getIndexAttr(0),
                                            n.getIndexAttr(k * units)};
          SmallVector<OpFoldResult> sizes{tensor::getMixedSize(n, l, h, 0),
                                          n.getIndexAttr(units)};
          SmallVector<OpFoldResult> strides(2, n.getIndexAttr(1));
          gates = tensor::InsertSliceOp::create(n, l, value, gates, offsets,
                                                sizes, strides);
        }
        scf::YieldOp::create(
            n, l,
            ValueRange{hNew, cNew, insertStep(n, l, gates, acc[2], t),
                       insertStep(n, l, h, acc[3], t),
                       insertStep(n, l, c, acc[4], t),
                       insertStep(n, l, cNew, acc[5], t)});
      });
  Value gatesSeq = forward.getResult(2), hPrevSeq = forward.getResult(3);
  Value cPrevSeq = forward.getResult(4), cSeq = forward.getResult(5);

  bool wantInput = active.contains(x);
  bool sequences = op.getReturnSequences();
  Value kernelT = transpose2D(b, loc, kernel);
  Value recurrentT = transpose2D(b, loc, recurrent);
  SmallVector<Value> init{
      sequences ? zeros(stateType) : g, zeros(stateType),
      filledTensor(b, loc,
                   RankedTensorType::get({features, packed}, elementType), {},
                   0.0),
      filledTensor(b, loc,
                   RankedTensorType::get({units, packed}, elementType), {},
                   0.0),
      filledTensor(b, loc, RankedTensorType::get({packed}, elementType), {},
                   0.0),
      zeros(xType)};
  auto backwardLoop = scf::ForOp::create(
      b, loc, zero, steps, one, init,
      [&](OpBuilder &n, Location l, Value s, ValueRange acc) {
        Value t = arith::SubIOp::create(
            n, l, arith::SubIOp::create(n, l, steps, one), s);
        Value dh = acc[0];
        if (sequences)
          dh = add(n, l, dh, stepOf(n, l, g, t));
        Value gates = stepOf(n, l, gatesSeq, t);
        Value i = columns(n, l, gates, 0, units);
        Value f = columns(n, l, gates, units, units);
        Value gg = columns(n, l, gates, 2 * units, units);
        Value o = columns(n, l, gates, 3 * units, units);
        Value c = stepOf(n, l, cSeq, t), cPrev = stepOf(n, l, cPrevSeq, t);
        Value tc = pointwise(n, l, c, ValueRange{c},
                             [&](OpBuilder &nn, Location ll, ValueRange a) {
                               return act1(nn, ll, act, a[0]);
                             });
        Value dzo = activationGrad(n, l, gate, 0.2, o, mul(n, l, dh, tc));
        Value dc = add(n, l, acc[1],
                       activationGrad(n, l, act, 0.2, tc, mul(n, l, dh, o)));
        Value dzi = activationGrad(n, l, gate, 0.2, i, mul(n, l, dc, gg));
        Value dzg = activationGrad(n, l, act, 0.2, gg, mul(n, l, dc, i));
        Value dzf = activationGrad(n, l, gate, 0.2, f, mul(n, l, dc, cPrev));
        Value dcPrev = mul(n, l, dc, f);
        auto dzType = RankedTensorType::get({xType.getDimSize(0), packed},
                                            elementType);
        Value dz = emptyTensor(n, l, dzType, dynamicSizesLike(n, l, dzType, dh));
        SmallVector<Value, 4> parts{dzi, dzf, dzg, dzo};
        for (auto [k, value] : llvm::enumerate(parts)) {
          SmallVector<OpFoldResult> offsets{n.getIndexAttr(0),
                                            n.getIndexAttr(k * units)};
          SmallVector<OpFoldResult> sizes{tensor::getMixedSize(n, l, dh, 0),
                                          n.getIndexAttr(units)};
          SmallVector<OpFoldResult> strides(2, n.getIndexAttr(1));
          dz = tensor::InsertSliceOp::create(n, l, value, dz, offsets, sizes,
                                             strides);
        }
        Value xt = stepOf(n, l, x, t), hPrev = stepOf(n, l, hPrevSeq, t);
        Value dW = matmulTransposedA(n, l, xt, dz, acc[2]);
        Value dU = matmulTransposedA(n, l, hPrev, dz, acc[3]);
        Value db = add(n, l, acc[4], sumRows(n, l, dz));
        Value dx = acc[5];
        if (wantInput)
          dx = insertStep(n, l, matmul(n, l, dz, kernelT), dx, t);
        scf::YieldOp::create(
            n, l,
            ValueRange{matmul(n, l, dz, recurrentT), dcPrev, dW, dU, db, dx});
      });
  if (wantInput)
    accumulate(x, backwardLoop.getResult(5));
  accumulate(kernel, backwardLoop.getResult(2));
  accumulate(recurrent, backwardLoop.getResult(3));
  if (op.getBias())
    accumulate(op.getBias(), backwardLoop.getResult(4));
  if (!initial.empty()) {
    accumulate(initial[0], backwardLoop.getResult(0));
    accumulate(initial[1], backwardLoop.getResult(1));
  }
  return success();
}

/// Concatenates 2-D tensors with the same rows along the columns.
Value concatColumns(OpBuilder &b, Location loc, ArrayRef<Value> parts) {
  auto first = cast<RankedTensorType>(parts.front().getType());
  int64_t total = 0;
  for (Value part : parts)
    total += cast<RankedTensorType>(part.getType()).getDimSize(1);
  auto type = RankedTensorType::get({first.getDimSize(0), total},
                                    first.getElementType());
  Value result = emptyTensor(b, loc, type,
                             dynamicSizesLike(b, loc, type, parts.front()));
  int64_t offset = 0;
  for (Value part : parts) {
    int64_t width = cast<RankedTensorType>(part.getType()).getDimSize(1);
    SmallVector<OpFoldResult> offsets{b.getIndexAttr(0),
                                      b.getIndexAttr(offset)};
    SmallVector<OpFoldResult> sizes{tensor::getMixedSize(b, loc, part, 0),
                                    b.getIndexAttr(width)};
    SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
    result = tensor::InsertSliceOp::create(b, loc, part, result, offsets,
                                           sizes, strides);
    offset += width;
  }
  return result;
}

/// Backpropagation through time for a GRU (both reset_after forms): a
/// forward loop recomputes each step's gates, candidate and recurrent
/// candidate term; the backward loop carries the gradient of h.
LogicalResult Differentiator::backwardGRU(GRUOp op) {
  Location loc = op.getLoc();
  Value g = gradOf(op.getResult());
  Value x = op.getInput(), kernel = op.getKernel();
  Value recurrent = op.getRecurrentKernel();
  RankedTensorType xType = op.getInput().getType();
  Type elementType = xType.getElementType();
  int64_t units = op.getRecurrentKernel().getType().getDimSize(0);
  int64_t features = xType.getDimSize(2), packed = 3 * units;
  Activation act = op.getActivation();
  Activation gate = op.getRecurrentActivation();
  bool resetAfter = op.getResetAfter();
  auto seqType = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), units}, elementType);
  auto stateType =
      RankedTensorType::get({xType.getDimSize(0), units}, elementType);
  auto zeros = [&](RankedTensorType type) {
    return filledTensor(b, loc, type, dynamicSizesLike(b, loc, type, x), 0.0);
  };
  auto act1 = [&](OpBuilder &n, Location l, Activation a, Value v) {
    return scalarActivation(n, l, a, v, 0.2);
  };
  auto apply = [&](OpBuilder &n, Location l, Activation a, Value v) {
    return pointwise(n, l, v, ValueRange{v},
                     [&](OpBuilder &nn, Location ll, ValueRange args) {
                       return act1(nn, ll, a, args[0]);
                     });
  };
  Value bias = op.getBias();
  Value inputBias, recurrentBias;
  if (bias) {
    if (resetAfter) {
      auto rowType = RankedTensorType::get({packed}, elementType);
      auto row = [&](int64_t index) -> Value {
        SmallVector<OpFoldResult> offsets{b.getIndexAttr(index),
                                          b.getIndexAttr(0)};
        SmallVector<OpFoldResult> sizes{b.getIndexAttr(1),
                                        b.getIndexAttr(packed)};
        SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
        return tensor::ExtractSliceOp::create(b, loc, rowType, bias, offsets,
                                              sizes, strides);
      };
      inputBias = row(0);
      recurrentBias = row(1);
    } else {
      inputBias = bias;
    }
  }
  Value h0 = op.getInitialState().empty() ? zeros(stateType)
                                          : op.getInitialState()[0];
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value steps = tensor::DimOp::create(b, loc, x, 1);
  Value projection = projectSteps(b, loc, x, kernel, inputBias, packed);
  Value gatesKernel = columns(b, loc, recurrent, 0, 2 * units);
  Value candidateKernel = columns(b, loc, recurrent, 2 * units, units);
  auto packedState =
      RankedTensorType::get({xType.getDimSize(0), packed}, elementType);

  // Forward: z, r, n and the candidate's recurrent term (hh, with
  // reset_after; r * h without), and the previous state, per step.
  auto forward = scf::ForOp::create(
      b, loc, zero, steps, one,
      ValueRange{h0, zeros(seqType), zeros(seqType), zeros(seqType),
                 zeros(seqType), zeros(seqType)},
      [&](OpBuilder &n, Location l, Value t, ValueRange acc) {
        Value h = acc[0];
        Value xp = stepOf(n, l, projection, t);
        Value xz = columns(n, l, xp, 0, units);
        Value xr = columns(n, l, xp, units, units);
        Value xh = columns(n, l, xp, 2 * units, units);
        Value z, r, term, candidate;
        if (resetAfter) {
          Value hInit = recurrentBias
                            ? broadcastLastAxis(n, l, recurrentBias,
                                                packedState,
                                                dynamicSizesLike(n, l,
                                                                 packedState,
                                                                 h))
                            : Value();
          Value hu = matmul(n, l, h, recurrent, hInit);
          z = apply(n, l, gate, add(n, l, xz, columns(n, l, hu, 0, units)));
          r = apply(n, l, gate,
                    add(n, l, xr, columns(n, l, hu, units, units)));
          term = columns(n, l, hu, 2 * units, units);
          candidate = apply(n, l, act, add(n, l, xh, mul(n, l, r, term)));
        } else {
          Value hzr = matmul(n, l, h, gatesKernel);
          z = apply(n, l, gate, add(n, l, xz, columns(n, l, hzr, 0, units)));
          r = apply(n, l, gate,
                    add(n, l, xr, columns(n, l, hzr, units, units)));
          term = mul(n, l, r, h);
          candidate = apply(n, l, act,
                            matmul(n, l, term, candidateKernel, xh));
        }
        // h' = z h + (1 - z) candidate = candidate + z (h - candidate).
        Value hNew = add(n, l, candidate,
                         mul(n, l, z,
                             pointwise(n, l, h, ValueRange{h, candidate},
                                       [](OpBuilder &nn, Location ll,
                                          ValueRange a) -> Value {
                                         return arith::SubFOp::create(
                                             nn, ll, a[0], a[1]);
                                       })));
        scf::YieldOp::create(
            n, l,
            ValueRange{hNew, insertStep(n, l, z, acc[1], t),
                       insertStep(n, l, r, acc[2], t),
                       insertStep(n, l, candidate, acc[3], t),
                       insertStep(n, l, term, acc[4], t),
                       insertStep(n, l, h, acc[5], t)});
      });
  Value zSeq = forward.getResult(1), rSeq = forward.getResult(2);
  Value nSeq = forward.getResult(3), termSeq = forward.getResult(4);
  Value hPrevSeq = forward.getResult(5);

  bool wantInput = active.contains(x);
  bool sequences = op.getReturnSequences();
  Value kernelT = transpose2D(b, loc, kernel);
  Value recurrentT = transpose2D(b, loc, recurrent);
  Value gatesKernelT = transpose2D(b, loc, gatesKernel);
  Value candidateKernelT = transpose2D(b, loc, candidateKernel);
  auto matrix = [&](int64_t rows, int64_t cols) {
    return filledTensor(b, loc,
                        RankedTensorType::get({rows, cols}, elementType), {},
                        0.0);
  };
  SmallVector<Value> init{sequences ? zeros(stateType) : g,
                          matrix(features, packed), matrix(units, packed),
                          matrix(2, packed), zeros(xType)};
  auto subtract = [](OpBuilder &nn, Location ll, ValueRange a) -> Value {
    return arith::SubFOp::create(nn, ll, a[0], a[1]);
  };
  auto backwardLoop = scf::ForOp::create(
      b, loc, zero, steps, one, init,
      [&](OpBuilder &n, Location l, Value s, ValueRange acc) {
        Value t = arith::SubIOp::create(
            n, l, arith::SubIOp::create(n, l, steps, one), s);
        Value dh = acc[0];
        if (sequences)
          dh = add(n, l, dh, stepOf(n, l, g, t));
        Value z = stepOf(n, l, zSeq, t), r = stepOf(n, l, rSeq, t);
        Value cand = stepOf(n, l, nSeq, t), term = stepOf(n, l, termSeq, t);
        Value hPrev = stepOf(n, l, hPrevSeq, t);
        // Adds the column sums of `grads` to row `row` of the [2, 3U]
        // bias-gradient accumulator.
        auto rowAdd = [&](Value grads, int64_t row, Value into) {
          auto rowType = RankedTensorType::get({1, packed}, elementType);
          SmallVector<OpFoldResult> offsets{n.getIndexAttr(row),
                                            n.getIndexAttr(0)};
          SmallVector<OpFoldResult> sizes{n.getIndexAttr(1),
                                          n.getIndexAttr(packed)};
          SmallVector<OpFoldResult> strides(2, n.getIndexAttr(1));
          Value old = tensor::ExtractSliceOp::create(n, l, rowType, into,
                                                     offsets, sizes, strides);
          Value expanded = tensor::ExpandShapeOp::create(
              n, l, rowType, sumRows(n, l, grads),
              SmallVector<ReassociationIndices>{{0, 1}});
          return tensor::InsertSliceOp::create(n, l, add(n, l, old, expanded),
                                               into, offsets, sizes, strides)
              .getResult();
        };
        // dz = dh (h - n), dn = dh (1 - z) = dh - dh z, dh_direct = dh z.
        Value dhz = mul(n, l, dh, z);
        Value dzPre = activationGrad(
            n, l, gate, 0.2, z,
            mul(n, l, dh,
                pointwise(n, l, hPrev, ValueRange{hPrev, cand}, subtract)));
        Value dnPre = activationGrad(
            n, l, act, 0.2, cand,
            pointwise(n, l, dh, ValueRange{dh, dhz}, subtract));
        Value dxp, dU, dhPrev;
        if (resetAfter) {
          Value drPre =
              activationGrad(n, l, gate, 0.2, r, mul(n, l, dnPre, term));
          dxp = concatColumns(n, l, {dzPre, drPre, dnPre});
          Value dhu = concatColumns(n, l, {dzPre, drPre, mul(n, l, dnPre, r)});
          dU = matmulTransposedA(n, l, hPrev, dhu, acc[2]);
          dhPrev = add(n, l, dhz, matmul(n, l, dhu, recurrentT));
          // Bias rows: input, recurrent.
          Value db = acc[3];
          db = rowAdd(dxp, 0, db);
          db = rowAdd(dhu, 1, db);
          Value dx = acc[4];
          if (wantInput)
            dx = insertStep(n, l, matmul(n, l, dxp, kernelT), dx, t);
          Value dW = matmulTransposedA(n, l, stepOf(n, l, x, t), dxp,
                            acc[1]);
          scf::YieldOp::create(n, l, ValueRange{dhPrev, dW, dU, db, dx});
          return;
        }
        // reset_after = false: the candidate reads (r h) . U_h.
        Value dterm = matmul(n, l, dnPre, candidateKernelT);
        Value drPre =
            activationGrad(n, l, gate, 0.2, r, mul(n, l, dterm, hPrev));
        dxp = concatColumns(n, l, {dzPre, drPre, dnPre});
        Value dzr = concatColumns(n, l, {dzPre, drPre});
        Value dUzr = matmulTransposedA(n, l, hPrev, dzr);
        Value dUh = matmulTransposedA(n, l, term, dnPre);
        dU = add(n, l, acc[2], concatColumns(n, l, {dUzr, dUh}));
        dhPrev = add(n, l, add(n, l, dhz, mul(n, l, dterm, r)),
                     matmul(n, l, dzr, gatesKernelT));
        Value db = rowAdd(dxp, 0, acc[3]);
        Value dx = acc[4];
        if (wantInput)
          dx = insertStep(n, l, matmul(n, l, dxp, kernelT), dx, t);
        Value dW =
            matmulTransposedA(n, l, stepOf(n, l, x, t), dxp, acc[1]);
        scf::YieldOp::create(n, l, ValueRange{dhPrev, dW, dU, db, dx});
      });
  if (wantInput)
    accumulate(x, backwardLoop.getResult(4));
  accumulate(kernel, backwardLoop.getResult(1));
  accumulate(recurrent, backwardLoop.getResult(2));
  if (bias) {
    Value db = backwardLoop.getResult(3);
    if (!resetAfter) {
      auto rowType = RankedTensorType::get({packed}, elementType);
      SmallVector<OpFoldResult> offsets{b.getIndexAttr(0), b.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes{b.getIndexAttr(1),
                                      b.getIndexAttr(packed)};
      SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
      db = tensor::ExtractSliceOp::create(b, loc, rowType, db, offsets, sizes,
                                          strides);
    }
    accumulate(bias, db);
  }
  if (!op.getInitialState().empty())
    accumulate(op.getInitialState()[0], backwardLoop.getResult(0));
  return success();
}

/// Number of values each sample averages over, for a loss's reduction.
int64_t perSample(RankedTensorType type, bool classAxis) {
  int64_t n = 1;
  ArrayRef<int64_t> shape = type.getShape().drop_front();
  if (classAxis)
    shape = shape.drop_back();
  for (int64_t dim : shape)
    n *= dim;
  return n;
}

LogicalResult Differentiator::backwardLoss(Operation *op, Value prediction,
                                           Value target, Reduction reduction,
                                           double scale, Value upstream) {
  Location loc = op->getLoc();
  RankedTensorType type = tensorType(prediction);
  Type elementType = type.getElementType();
  bool categorical =
      isa<CategoricalCrossentropyOp, SparseCategoricalCrossentropyOp>(op);
  // coefficient = upstream * scale / (values per sample [* batch]).
  Value divisor = constant(b, loc, elementType,
                           double(perSample(type, categorical)));
  if (reduction == Reduction::mean)
    divisor = arith::MulFOp::create(b, loc, divisor,
                                    dimAsFloat(b, loc, prediction, 0,
                                               elementType));
  Value g = tensor::ExtractOp::create(b, loc, upstream, ValueRange{});
  Value coefficient = arith::DivFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, g, constant(b, loc, elementType, scale)),
      divisor);
  int64_t rank = type.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineExpr> rowExprs;
  for (int64_t i = 0; i < rank - 1; ++i)
    rowExprs.push_back(b.getAffineDimExpr(i));
  AffineMap row = AffineMap::get(rank, 0, rowExprs, b.getContext());
  SmallVector<Value> sizes = dynamicSizesLike(b, loc, type, prediction);
  auto scaled = [&](OpBuilder &n, Location l, Value v) -> Value {
    return arith::MulFOp::create(n, l, coefficient, v);
  };
  auto clipped = [&](OpBuilder &n, Location l, Value p, Value &inRange) {
    Value lo = constant(n, l, elementType, kEpsilon);
    Value hi = constant(n, l, elementType, 1.0 - kEpsilon);
    inRange = arith::AndIOp::create(
        n, l, arith::CmpFOp::create(n, l, arith::CmpFPredicate::OGT, p, lo),
        arith::CmpFOp::create(n, l, arith::CmpFPredicate::OLT, p, hi));
    return arith::MinimumFOp::create(n, l, arith::MaximumFOp::create(n, l, p, lo),
                                     hi)
        .getResult();
  };
  auto softmaxOf = [&](Value logits) {
    return applyActivation(b, loc, logits, Activation::softmax, 0);
  };
  auto onehot = [&](OpBuilder &n, Location l, Value label) -> Value {
    Value index = linalg::IndexOp::create(n, l, rank - 1);
    Value asIndex = arith::IndexCastOp::create(n, l, n.getIndexType(), label);
    Value hit = arith::CmpIOp::create(n, l, arith::CmpIPredicate::eq, index,
                                      asIndex);
    return arith::SelectOp::create(n, l, hit, constant(n, l, elementType, 1),
                                   constant(n, l, elementType, 0));
  };

  if (isa<MeanSquaredErrorOp>(op)) {
    accumulate(prediction,
               elementwise(b, loc, type, sizes, ValueRange{prediction, target},
                           [&](OpBuilder &n, Location l, ValueRange a) {
                             Value d = arith::SubFOp::create(n, l, a[0], a[1]);
                             Value twice = arith::AddFOp::create(n, l, d, d);
                             return scaled(n, l, twice);
                           }));
    return success();
  }
  if (auto bce = dyn_cast<BinaryCrossentropyOp>(op)) {
    bool logits = bce.getFromLogits();
    accumulate(prediction,
               elementwise(
                   b, loc, type, sizes, ValueRange{prediction, target},
                   [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                     Value one = constant(n, l, elementType, 1);
                     if (logits) {
                       Value sigmoid = scalarActivation(
                           n, l, Activation::sigmoid, a[0], 0);
                       return scaled(n, l,
                                     arith::SubFOp::create(n, l, sigmoid, a[1]));
                     }
                     Value inRange;
                     Value p = clipped(n, l, a[0], inRange);
                     Value d = arith::DivFOp::create(
                         n, l, arith::SubFOp::create(n, l, p, a[1]),
                         arith::MulFOp::create(
                             n, l, p, arith::SubFOp::create(n, l, one, p)));
                     return arith::SelectOp::create(
                         n, l, inRange, scaled(n, l, d),
                         constant(n, l, elementType, 0));
                   }));
    return success();
  }

  bool sparse = isa<SparseCategoricalCrossentropyOp>(op);
  bool fromLogits =
      sparse ? cast<SparseCategoricalCrossentropyOp>(op).getFromLogits()
             : cast<CategoricalCrossentropyOp>(op).getFromLogits();
  Operation *softmax = fromLogits ? nullptr : fusableSoftmax(prediction, op);
  if (fromLogits || softmax) {
    // d/dz of the cross-entropy of softmax(z): p * sum(t) - t.
    Value p = fromLogits ? softmaxOf(prediction) : prediction;
    Value dz;
    if (sparse) {
      dz = elementwise(b, loc, type, sizes, ValueRange{p, target},
                       {identity, row},
                       [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                         return scaled(n, l,
                                       arith::SubFOp::create(
                                           n, l, a[0], onehot(n, l, a[1])));
                       });
    } else {
      Value targetSums = reduceLastAxis(
          b, loc, target, 0.0, [](OpBuilder &n, Location l, ValueRange a) {
            return arith::AddFOp::create(n, l, a[0], a[1]).getResult();
          });
      dz = elementwise(b, loc, type, sizes, ValueRange{p, target, targetSums},
                       {identity, identity, row},
                       [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                         Value pt = arith::MulFOp::create(n, l, a[0], a[2]);
                         return scaled(n, l,
                                       arith::SubFOp::create(n, l, pt, a[1]));
                       });
    }
    if (fromLogits)
      accumulate(prediction, dz);
    else
      accumulatePreActivation(softmax, dz);
    return success();
  }
  // Probabilities from elsewhere: -t / p where p was not clipped.
  accumulate(prediction,
             elementwise(b, loc, type, sizes, ValueRange{prediction, target},
                         {identity, sparse ? row : identity},
                         [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                           Value inRange;
                           Value p = clipped(n, l, a[0], inRange);
                           Value t = sparse ? onehot(n, l, a[1]) : a[1];
                           Value d = arith::NegFOp::create(
                               n, l, arith::DivFOp::create(n, l, t, p));
                           return arith::SelectOp::create(
                               n, l, inRange, scaled(n, l, d),
                               constant(n, l, elementType, 0));
                         }));
  return success();
}

LogicalResult Differentiator::backward(Operation *op) {
  if (isMetric(op))
    return success();
  bool anyActiveResult = llvm::any_of(op->getResults(), [&](Value result) {
    return active.contains(result);
  });
  if (!anyActiveResult)
    return success();
  bool hasGrad = llvm::any_of(op->getResults(), [&](Value result) {
                   return bool(gradOf(result));
                 }) ||
                 preActivationGrads.count(op);
  if (!hasGrad)
    return success();
  Location loc = op->getLoc();

  if (auto dense = dyn_cast<DenseOp>(op))
    return backwardDense(dense);
  if (auto rnn = dyn_cast<SimpleRNNOp>(op))
    return backwardSimpleRNN(rnn);
  if (auto lstm = dyn_cast<LSTMOp>(op))
    return backwardLSTM(lstm);
  if (auto gru = dyn_cast<GRUOp>(op))
    return backwardGRU(gru);
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    Value y = conv.getResult();
    Value dz = activationGrad(b, loc, conv.getActivation(), 0.2, y,
                              gradOf(y));
    ConvGrads convGrads = conv2DBackward(
        b, loc, conv, dz, active.contains(conv.getInput()),
        active.contains(conv.getKernel()),
        conv.getBias() && active.contains(conv.getBias()));
    accumulate(conv.getInput(), convGrads.input);
    accumulate(conv.getKernel(), convGrads.kernel);
    if (conv.getBias())
      accumulate(conv.getBias(), convGrads.bias);
    return success();
  }
  if (isa<MaxPool2DOp, AvgPool2DOp>(op)) {
    accumulate(op->getOperand(0),
               poolBackward(b, loc, op, gradOf(op->getResult(0))));
    return success();
  }
  if (auto activation = dyn_cast<ActivationOp>(op)) {
    accumulate(activation.getInput(),
               activationGrad(b, loc, activation.getKind(),
                              activation.getLeakyReluSlope(),
                              activation.getResult(),
                              gradOf(activation.getResult())));
    return success();
  }
  if (auto add = dyn_cast<AddOp>(op)) {
    Value g = gradOf(add.getResult());
    accumulate(add.getLhs(), g);
    accumulate(add.getRhs(), g);
    return success();
  }
  if (auto mul = dyn_cast<MulOp>(op)) {
    Value g = gradOf(mul.getResult());
    auto times = [&](Value other) {
      return pointwise(b, loc, g, ValueRange{g, other},
                       [](OpBuilder &n, Location l, ValueRange a) -> Value {
                         return arith::MulFOp::create(n, l, a[0], a[1]);
                       });
    };
    if (active.contains(mul.getLhs()))
      accumulate(mul.getLhs(), times(mul.getRhs()));
    if (active.contains(mul.getRhs()))
      accumulate(mul.getRhs(), times(mul.getLhs()));
    return success();
  }
  if (isa<FlattenOp, ReshapeOp>(op)) {
    Value input = op->getOperand(0);
    Value matrix = toBatchMatrix(b, loc, gradOf(op->getResult(0)));
    accumulate(input, fromBatchMatrix(b, loc, matrix, tensorType(input)));
    return success();
  }
  if (auto concat = dyn_cast<ConcatOp>(op)) {
    Value g = gradOf(concat.getResult());
    int64_t offset = 0, axis = concat.getAxis();
    for (Value input : concat.getInputs()) {
      RankedTensorType type = tensorType(input);
      SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
      offsets[axis] = b.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
      SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
      accumulate(input, tensor::ExtractSliceOp::create(b, loc, type, g,
                                                       offsets, sizes,
                                                       strides));
      offset += type.getDimSize(axis);
    }
    return success();
  }
  if (auto mse = dyn_cast<MeanSquaredErrorOp>(op))
    return backwardLoss(op, mse.getPrediction(), mse.getTarget(),
                        mse.getReduction(), mse.getScale().convertToDouble(),
                        gradOf(mse.getResult()));
  if (auto bce = dyn_cast<BinaryCrossentropyOp>(op))
    return backwardLoss(op, bce.getPrediction(), bce.getTarget(),
                        bce.getReduction(), bce.getScale().convertToDouble(),
                        gradOf(bce.getResult()));
  if (auto cce = dyn_cast<CategoricalCrossentropyOp>(op))
    return backwardLoss(op, cce.getPrediction(), cce.getTarget(),
                        cce.getReduction(), cce.getScale().convertToDouble(),
                        gradOf(cce.getResult()));
  if (auto scce = dyn_cast<SparseCategoricalCrossentropyOp>(op))
    return backwardLoss(op, scce.getPrediction(), scce.getTarget(),
                        scce.getReduction(), scce.getScale().convertToDouble(),
                        gradOf(scce.getResult()));
  unsupported = "training through '" + op->getName().getStringRef().str() +
                "' is not supported yet (gradients exist for dense, conv2d, "
                "pooling, simple_rnn, lstm, gru, activation, add, mul, flatten, reshape, "
                "concat and every loss)";
  return failure();
}

/// The optimizer's update of one parameter: new parameter and new slots.
struct Update {
  Value param;
  SmallVector<Value> slots;
};

Update applyOptimizer(OpBuilder &b, Location loc, OptimizerAttr optimizer,
                      Value w, Value g, ValueRange slots, Value stepFloat) {
  Type elementType = tensorType(w).getElementType();
  auto c = [&](OpBuilder &n, Location l, double v) {
    return constant(n, l, elementType, v);
  };
  auto map = [&](ValueRange inputs, auto body) {
    return pointwise(b, loc, w, inputs, body);
  };
  if (auto sgd = dyn_cast<SGDAttr>(optimizer)) {
    double lr = sgd.getLr().convertToDouble();
    double momentum = sgd.getMomentum().convertToDouble();
    if (momentum <= 0)
      return {map(ValueRange{w, g},
                  [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                    return arith::SubFOp::create(
                        n, l, a[0], arith::MulFOp::create(n, l, c(n, l, lr), a[1]));
                  }),
              {}};
    // v = momentum v - lr g; w += v (Nesterov: w += momentum v - lr g).
    Value v = map(ValueRange{slots[0], g},
                  [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                    return arith::SubFOp::create(
                        n, l, arith::MulFOp::create(n, l, c(n, l, momentum), a[0]),
                        arith::MulFOp::create(n, l, c(n, l, lr), a[1]));
                  });
    bool nesterov = sgd.getNesterov();
    Value newW = map(ValueRange{w, v, g},
                     [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                       if (!nesterov)
                         return arith::AddFOp::create(n, l, a[0], a[1]);
                       Value step = arith::SubFOp::create(
                           n, l,
                           arith::MulFOp::create(n, l, c(n, l, momentum), a[1]),
                           arith::MulFOp::create(n, l, c(n, l, lr), a[2]));
                       return arith::AddFOp::create(n, l, a[0], step);
                     });
    return {newW, {v}};
  }
  if (auto adam = dyn_cast<AdamAttr>(optimizer)) {
    double lr = adam.getLr().convertToDouble();
    double beta1 = adam.getBeta1().convertToDouble();
    double beta2 = adam.getBeta2().convertToDouble();
    double epsilon = adam.getEpsilon().convertToDouble();
    Value m = map(ValueRange{slots[0], g},
                  [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                    return arith::AddFOp::create(
                        n, l, arith::MulFOp::create(n, l, c(n, l, beta1), a[0]),
                        arith::MulFOp::create(n, l, c(n, l, 1 - beta1), a[1]));
                  });
    Value v = map(ValueRange{slots[1], g},
                  [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                    Value g2 = arith::MulFOp::create(n, l, a[1], a[1]);
                    return arith::AddFOp::create(
                        n, l, arith::MulFOp::create(n, l, c(n, l, beta2), a[0]),
                        arith::MulFOp::create(n, l, c(n, l, 1 - beta2), g2));
                  });
    // alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t), t the new step count.
    Value one = c(b, loc, 1.0);
    Value b1t = math::PowFOp::create(b, loc, c(b, loc, beta1), stepFloat);
    Value b2t = math::PowFOp::create(b, loc, c(b, loc, beta2), stepFloat);
    Value alpha = arith::DivFOp::create(
        b, loc,
        arith::MulFOp::create(
            b, loc, c(b, loc, lr),
            math::SqrtOp::create(b, loc, arith::SubFOp::create(b, loc, one, b2t))),
        arith::SubFOp::create(b, loc, one, b1t));
    Value newW = map(ValueRange{w, m, v},
                     [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                       Value denominator = arith::AddFOp::create(
                           n, l, math::SqrtOp::create(n, l, a[2]),
                           c(n, l, epsilon));
                       Value step = arith::DivFOp::create(
                           n, l, arith::MulFOp::create(n, l, alpha, a[1]),
                           denominator);
                       return arith::SubFOp::create(n, l, a[0], step);
                     });
    return {newW, {m, v}};
  }
  auto rmsprop = cast<RMSpropAttr>(optimizer);
  double lr = rmsprop.getLr().convertToDouble();
  double rho = rmsprop.getRho().convertToDouble();
  double momentum = rmsprop.getMomentum().convertToDouble();
  double epsilon = rmsprop.getEpsilon().convertToDouble();
  Value ms = map(ValueRange{slots[0], g},
                 [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                   Value g2 = arith::MulFOp::create(n, l, a[1], a[1]);
                   return arith::AddFOp::create(
                       n, l, arith::MulFOp::create(n, l, c(n, l, rho), a[0]),
                       arith::MulFOp::create(n, l, c(n, l, 1 - rho), g2));
                 });
  // increment = lr g / sqrt(ms + epsilon) (Keras).
  Value increment = map(ValueRange{ms, g},
                        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                          Value denominator = math::SqrtOp::create(
                              n, l, arith::AddFOp::create(n, l, a[0],
                                                          c(n, l, epsilon)));
                          return arith::DivFOp::create(
                              n, l, arith::MulFOp::create(n, l, c(n, l, lr), a[1]),
                              denominator);
                        });
  if (momentum <= 0)
    return {map(ValueRange{w, increment},
                [](OpBuilder &n, Location l, ValueRange a) -> Value {
                  return arith::SubFOp::create(n, l, a[0], a[1]);
                }),
            {ms}};
  Value mom = map(ValueRange{slots[1], increment},
                  [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                    return arith::AddFOp::create(
                        n, l, arith::MulFOp::create(n, l, c(n, l, momentum), a[0]),
                        a[1]);
                  });
  return {map(ValueRange{w, mom},
              [](OpBuilder &n, Location l, ValueRange a) -> Value {
                return arith::SubFOp::create(n, l, a[0], a[1]);
              }),
          {ms, mom}};
}

} // namespace

LogicalResult outlineTrainStep(ModelOp model, TrainOp step,
                               OpBuilder &builder) {
  std::string name = (model.getSymName() + "_" + step.getSymName()).str();
  auto func = func::FuncOp::create(builder, step.getLoc(), name,
                                   step.getFunctionType());
  Block *block = func.addEntryBlock();
  IRMapping mapping;
  mapping.map(step.getBody().front().getArguments(), block->getArguments());
  OpBuilder body = OpBuilder::atBlockEnd(block);
  for (Operation &op : step.getBody().front())
    body.clone(op, mapping);
  inlineCalls(func, model);
  unsigned numInputs = block->getNumArguments();
  SmallVector<Attribute> params = paramsToArguments(func);

  // Values that depend on an updated parameter carry gradients.
  llvm::DenseSet<Value> active;
  SmallVector<std::pair<StringRef, Value>> updated;
  for (auto [index, param] : llvm::enumerate(params)) {
    StringRef paramName = cast<FlatSymbolRefAttr>(param).getValue();
    if (!step.updates(paramName))
      continue;
    Value arg = block->getArgument(numInputs + index);
    active.insert(arg);
    updated.push_back({paramName, arg});
  }
  auto minimize = cast<MinimizeOp>(block->getTerminator());
  for (Operation &op : block->without_terminator())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return active.contains(v); }))
      for (Value result : op.getResults())
        active.insert(result);
  if (!active.contains(minimize.getLoss()))
    return step.emitOpError("the loss does not depend on any parameter the "
                            "step updates");

  // Reverse mode, seeded with d loss / d loss = 1.
  OpBuilder b = OpBuilder::atBlockEnd(block);
  b.setInsertionPoint(minimize);
  Location loc = step.getLoc();
  Differentiator differentiator(b, active);
  auto lossType = cast<RankedTensorType>(minimize.getLoss().getType());
  differentiator.accumulate(minimize.getLoss(),
                            filledTensor(b, loc, lossType, {}, 1.0));
  SmallVector<Operation *> ops;
  for (Operation &op : block->without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops)) {
    if (failed(differentiator.backward(op))) {
      func.erase();
      step.emitWarning() << "training step @" << step.getSymName()
                         << " is not compiled: "
                         << differentiator.unsupported;
      return success();
    }
  }

  // Optimizer state and step counter follow the parameters.
  auto optimizer = cast<OptimizerAttr>(step.getOptimizer());
  unsigned numSlots = optimizer.getNumSlotsPerParam();
  SmallVector<SmallVector<Value>> slots;
  for (auto &[paramName, arg] : updated) {
    SmallVector<Value> paramSlots;
    for (unsigned s = 0; s < numSlots; ++s)
      paramSlots.push_back(block->addArgument(arg.getType(), loc));
    slots.push_back(paramSlots);
  }
  auto stepType = RankedTensorType::get({}, b.getI64Type());
  Value stepArg = block->addArgument(stepType, loc);
  Value oldStep = tensor::ExtractOp::create(b, loc, stepArg, ValueRange{});
  Value newStepScalar = arith::AddIOp::create(
      b, loc, oldStep, arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(1)));
  Value newStep = tensor::FromElementsOp::create(b, loc, stepType,
                                                 ValueRange{newStepScalar});

  SmallVector<Value> results(minimize.getOperands());
  SmallVector<Value> newSlots;
  for (auto [index, entry] : llvm::enumerate(updated)) {
    auto [paramName, arg] = entry;
    Value grad = differentiator.gradOf(arg);
    if (!grad)
      return step.emitOpError() << "the loss does not depend on parameter @"
                                << paramName;
    Type elementType = cast<RankedTensorType>(arg.getType()).getElementType();
    Value stepFloat = arith::SIToFPOp::create(b, loc, elementType,
                                              newStepScalar);
    Update update = applyOptimizer(b, loc, optimizer, arg, grad,
                                   slots[index], stepFloat);
    results.push_back(update.param);
    newSlots.append(update.slots);
  }
  results.append(newSlots);
  results.push_back(newStep);
  func::ReturnOp::create(b, loc, results);
  minimize.erase();

  SmallVector<Attribute> updatedNames;
  for (auto &[paramName, arg] : updated)
    updatedNames.push_back(FlatSymbolRefAttr::get(b.getContext(), paramName));
  SmallVector<Attribute> slotNames;
  for (StringRef slot : optimizer.getSlotNames())
    slotNames.push_back(b.getStringAttr(slot));
  func.setFunctionType(b.getFunctionType(block->getArgumentTypes(),
                                         ValueRange(results).getTypes()));
  func->setAttr("dlc.params", b.getArrayAttr(params));
  func->setAttr("dlc.updates", b.getArrayAttr(updatedNames));
  func->setAttr("dlc.slots", b.getArrayAttr(slotNames));
  func->setAttr("dlc.model", model.getSymNameAttr());
  func->setAttr("dlc.entry", step.getSymNameAttr());
  func->setAttr("dlc.train", b.getUnitAttr());
  func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  return success();
}

} // namespace dlc::lowering
