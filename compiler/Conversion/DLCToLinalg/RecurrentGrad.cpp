//===- RecurrentGrad.cpp - Gradients of simple_rnn, lstm and gru ----------===//
//
// Backpropagation through time: the cell runs forward once more, saving
// what the reverse loop reads (RecurrentCell::run with `save`); the reverse
// loop walks the steps backwards carrying the gradients of the states and
// accumulating the kernels' and biases' gradients. Only the step's local
// derivative differs between the cells (backwardStep).
//
//===----------------------------------------------------------------------===//

#include "Conversion/DLCToLinalg/Gradients.h"
#include "Conversion/DLCToLinalg/RecurrentCell.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {
namespace {

/// Concatenates 2-D tensors with the same rows along the columns.
Value concatColumns(OpBuilder &b, Location loc, ArrayRef<Value> parts) {
  RankedTensorType first = tensorType(parts.front());
  int64_t total = 0;
  for (Value part : parts)
    total += tensorType(part).getDimSize(1);
  auto type = RankedTensorType::get({first.getDimSize(0), total},
                                    first.getElementType());
  Value result =
      emptyTensor(b, loc, type, dynamicSizesLike(b, loc, type, parts.front()));
  int64_t offset = 0;
  for (Value part : parts) {
    int64_t width = tensorType(part).getDimSize(1);
    SmallVector<OpFoldResult> offsets{b.getIndexAttr(0),
                                      b.getIndexAttr(offset)};
    SmallVector<OpFoldResult> sizes{tensor::getMixedSize(b, loc, part, 0),
                                    b.getIndexAttr(width)};
    result = tensor::InsertSliceOp::create(b, loc, part, result, offsets, sizes,
                                           indexAttrs(b, {1, 1}));
    offset += width;
  }
  return result;
}

/// Stacks rank-1 tensors of one size as the rows of a matrix.
Value stackRows(OpBuilder &b, Location loc, ArrayRef<Value> rows) {
  RankedTensorType rowType = tensorType(rows.front());
  int64_t width = rowType.getDimSize(0);
  auto type = RankedTensorType::get({int64_t(rows.size()), width},
                                    rowType.getElementType());
  Value result = emptyTensor(b, loc, type, {});
  for (auto [index, row] : llvm::enumerate(rows))
    result = tensor::InsertSliceOp::create(
        b, loc, row, result, indexAttrs(b, {int64_t(index), 0}),
        indexAttrs(b, {1, width}), indexAttrs(b, {1, 1}));
  return result;
}

Value subTensors(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return pointwise(b, loc, lhs, ValueRange{lhs, rhs},
                   [](OpBuilder &n, Location l, ValueRange a) -> Value {
                     return arith::SubFOp::create(n, l, a[0], a[1]);
                   });
}

/// Loop-invariant transposed kernels the reverse steps multiply by.
struct Transposed {
  Value kernel, recurrent, gatesKernel, candidateKernel;
};

/// The reverse of one step, given the gradients of its new states.
struct StepGrads {
  /// Gradients of the step's previous states.
  SmallVector<Value> states;
  /// Gradient of the step's input projection x_t . W + b_in: [B, G*U].
  Value projection;
  /// The recurrent kernel's gradient accumulator, updated.
  Value recurrentKernel;
  /// Gradient of the recurrent projection h . U + b_h, whose column sums
  /// are the recurrent bias's gradient (GRU with reset_after); else null.
  Value recurrentProjection;
};

StepGrads backwardStep(OpBuilder &b, Location loc, const RecurrentCell &cell,
                       ArrayRef<Value> saved, ArrayRef<Value> dStates, Value dU,
                       const Transposed &transposed) {
  using S = RecurrentCell;
  Activation act = cell.activation, gate = cell.recurrentActivation;
  auto grad = [&](Activation activation, Value y, Value g) {
    return activationGrad(b, loc, activation, kDefaultLeakyReluSlope, y, g);
  };
  auto mul = [&](Value lhs, Value rhs) { return mulTensors(b, loc, lhs, rhs); };
  auto add = [&](Value lhs, Value rhs) { return addTensors(b, loc, lhs, rhs); };
  Value dh = dStates[0];
  StepGrads result;
  switch (cell.kind) {
  case CellKind::simpleRNN: {
    Value dz = grad(act, saved[S::rnnH], dh);
    result.projection = dz;
    result.recurrentKernel =
        matmulTransposedA(b, loc, saved[S::rnnHPrev], dz, dU);
    result.states = {matmul(b, loc, dz, transposed.recurrent)};
    return result;
  }
  case CellKind::lstm: {
    Value i = saved[S::lstmI], f = saved[S::lstmF], g = saved[S::lstmG];
    Value o = saved[S::lstmO], c = saved[S::lstmC];
    Value tc = pointwise(
        b, loc, c, ValueRange{c}, [&](OpBuilder &n, Location l, ValueRange a) {
          return scalarActivation(n, l, act, a[0], kDefaultLeakyReluSlope);
        });
    Value dzo = grad(gate, o, mul(dh, tc));
    Value dc = add(dStates[1], grad(act, tc, mul(dh, o)));
    Value dzi = grad(gate, i, mul(dc, g));
    Value dzg = grad(act, g, mul(dc, i));
    Value dzf = grad(gate, f, mul(dc, saved[S::lstmCPrev]));
    Value dz = concatColumns(b, loc, {dzi, dzf, dzg, dzo});
    result.projection = dz;
    result.recurrentKernel =
        matmulTransposedA(b, loc, saved[S::lstmHPrev], dz, dU);
    result.states = {matmul(b, loc, dz, transposed.recurrent), mul(dc, f)};
    return result;
  }
  case CellKind::gru: {
    Value z = saved[S::gruZ], r = saved[S::gruR];
    Value candidate = saved[S::gruCandidate], term = saved[S::gruTerm];
    Value hPrev = saved[S::gruHPrev];
    // h' = z h + (1 - z) n: dz = dh (h - n), dn = dh - dh z, dh = dh z.
    Value dhz = mul(dh, z);
    Value dzPre = grad(gate, z, mul(dh, subTensors(b, loc, hPrev, candidate)));
    Value dnPre = grad(act, candidate, subTensors(b, loc, dh, dhz));
    if (cell.resetAfter) {
      // n = act(x_n + r (h . U_n + b_hn)).
      Value drPre = grad(gate, r, mul(dnPre, term));
      Value dhu = concatColumns(b, loc, {dzPre, drPre, mul(dnPre, r)});
      result.projection = concatColumns(b, loc, {dzPre, drPre, dnPre});
      result.recurrentProjection = dhu;
      result.recurrentKernel = matmulTransposedA(b, loc, hPrev, dhu, dU);
      result.states = {add(dhz, matmul(b, loc, dhu, transposed.recurrent))};
      return result;
    }
    // n = act(x_n + (r h) . U_n).
    Value dterm = matmul(b, loc, dnPre, transposed.candidateKernel);
    Value drPre = grad(gate, r, mul(dterm, hPrev));
    Value dzr = concatColumns(b, loc, {dzPre, drPre});
    result.projection = concatColumns(b, loc, {dzPre, drPre, dnPre});
    result.recurrentKernel =
        add(dU, concatColumns(b, loc,
                              {matmulTransposedA(b, loc, hPrev, dzr),
                               matmulTransposedA(b, loc, term, dnPre)}));
    result.states = {add(add(dhz, mul(dterm, r)),
                         matmul(b, loc, dzr, transposed.gatesKernel))};
    return result;
  }
  }
  llvm_unreachable("unknown cell");
}

LogicalResult differentiateRecurrent(Operation *op, OpBuilder &b,
                                     AdjointState &state) {
  FailureOr<RecurrentCell> maybeCell = RecurrentCell::get(op);
  if (failed(maybeCell))
    return state.unsupported(op, "softmax is not a cell activation");
  const RecurrentCell &cell = *maybeCell;
  Location loc = op->getLoc();
  Value g = state.gradOf(op->getResult(0));
  Value x = cell.input;
  RankedTensorType xType = tensorType(x);
  Type elementType = xType.getElementType();
  int64_t units = cell.units, packed = cell.packed();
  int64_t features = xType.getDimSize(2);
  unsigned numStates = cell.numStates();
  bool sequences = cell.returnSequences;
  bool wantInput = state.isActive(x);
  auto stateType =
      RankedTensorType::get({xType.getDimSize(0), units}, elementType);
  auto zeros = [&](RankedTensorType type) {
    return filledTensor(b, loc, type, dynamicSizesLike(b, loc, type, x), 0.0);
  };
  auto staticZeros = [&](ArrayRef<int64_t> shape) {
    return filledTensor(b, loc, RankedTensorType::get(shape, elementType), {},
                        0.0);
  };

  RecurrentCell::Run forward =
      cell.run(b, loc, /*sequences=*/false, /*save=*/true);
  Transposed transposed;
  transposed.kernel = transpose2D(b, loc, cell.kernel);
  transposed.recurrent = transpose2D(b, loc, cell.recurrentKernel);
  if (cell.kind == CellKind::gru && !cell.resetAfter) {
    transposed.gatesKernel = transpose2D(
        b, loc, columns(b, loc, cell.recurrentKernel, 0, 2 * units));
    transposed.candidateKernel = transpose2D(
        b, loc, columns(b, loc, cell.recurrentKernel, 2 * units, units));
  }

  // Carried: the states' gradients, then dW, dU, the input and recurrent
  // bias gradients and (when wanted) dx.
  SmallVector<Value> init;
  init.push_back(sequences ? zeros(stateType) : g);
  for (unsigned s = 1; s < numStates; ++s)
    init.push_back(zeros(stateType));
  init.append({staticZeros({features, packed}), staticZeros({units, packed}),
               staticZeros({packed}), staticZeros({packed})});
  if (wantInput)
    init.push_back(zeros(xType));
  enum { kW, kU, kBiasIn, kBiasRec, kX };

  ValueRange results = overSteps(
      b, loc, x, init, /*reverse=*/true,
      [&](OpBuilder &n, Location l, Value t, ValueRange acc) {
        SmallVector<Value> dStates(acc.take_front(numStates));
        ValueRange sums = acc.drop_front(numStates);
        if (sequences)
          dStates[0] = addTensors(n, l, dStates[0], stepOf(n, l, g, t));
        SmallVector<Value> saved;
        for (Value sequence : forward.saved)
          saved.push_back(stepOf(n, l, sequence, t));
        StepGrads step =
            backwardStep(n, l, cell, saved, dStates, sums[kU], transposed);
        SmallVector<Value> next = step.states;
        next.push_back(matmulTransposedA(n, l, stepOf(n, l, x, t),
                                         step.projection, sums[kW]));
        next.push_back(step.recurrentKernel);
        next.push_back(
            addTensors(n, l, sums[kBiasIn], sumRows(n, l, step.projection)));
        next.push_back(step.recurrentProjection
                           ? addTensors(n, l, sums[kBiasRec],
                                        sumRows(n, l, step.recurrentProjection))
                           : sums[kBiasRec]);
        if (wantInput)
          next.push_back(
              insertStep(n, l, matmul(n, l, step.projection, transposed.kernel),
                         sums[kX], t));
        return next;
      });
  ValueRange sums = results.drop_front(numStates);
  if (wantInput)
    state.accumulate(x, sums[kX]);
  state.accumulate(cell.kernel, sums[kW]);
  state.accumulate(cell.recurrentKernel, sums[kU]);
  if (cell.bias)
    state.accumulate(cell.bias,
                     cell.resetAfter
                         ? stackRows(b, loc, {sums[kBiasIn], sums[kBiasRec]})
                         : sums[kBiasIn]);
  for (auto [initial, dState] :
       llvm::zip(cell.initialStates, results.take_front(numStates)))
    state.accumulate(initial, dState);
  return success();
}

template <typename OpTy> struct RecurrentGradient {
  static LogicalResult apply(OpTy op, OpBuilder &b, AdjointState &state) {
    return differentiateRecurrent(op, b, state);
  }
};

} // namespace

void registerRecurrentGradients(MLIRContext *context) {
  SimpleRNNOp::attachInterface<
      GradientModel<SimpleRNNOp, RecurrentGradient<SimpleRNNOp>>>(*context);
  LSTMOp::attachInterface<GradientModel<LSTMOp, RecurrentGradient<LSTMOp>>>(
      *context);
  GRUOp::attachInterface<GradientModel<GRUOp, RecurrentGradient<GRUOp>>>(
      *context);
}

} // namespace dlc::lowering
