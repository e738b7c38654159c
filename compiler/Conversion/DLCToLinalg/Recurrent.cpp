//===- Recurrent.cpp - Lower dlc.simple_rnn, dlc.lstm and dlc.gru ---------===//
//
// All three share one structure: a single matmul projects the inputs of all
// time steps at once (plus the input bias), then an scf.for over time does
// one matmul with the recurrent kernel per step, accumulating onto that
// step's projection, and elementwise ops for the gates. Each gate is its own
// elementwise op; elementwise fusion merges them into the state update when
// nothing else reads them (inference), and the backward pass's run of the
// same cell saves them.
//
//===----------------------------------------------------------------------===//

#include "Conversion/DLCToLinalg/RecurrentCell.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {

/// Columns [offset, offset + width) of a 2-D tensor.
Value columns(OpBuilder &b, Location loc, Value matrix, int64_t offset,
              int64_t width) {
  auto type = cast<RankedTensorType>(matrix.getType());
  auto sliceType =
      RankedTensorType::get({type.getDimSize(0), width}, type.getElementType());
  SmallVector<OpFoldResult> offsets{b.getIndexAttr(0), b.getIndexAttr(offset)};
  SmallVector<OpFoldResult> sizes{tensor::getMixedSize(b, loc, matrix, 0),
                                  b.getIndexAttr(width)};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, sliceType, matrix, offsets,
                                        sizes, strides);
}

/// Step `t` of a [B, T, X] tensor as [B, X].
Value stepOf(OpBuilder &b, Location loc, Value sequence, Value t) {
  auto type = cast<RankedTensorType>(sequence.getType());
  auto stepType = RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(2)}, type.getElementType());
  SmallVector<OpFoldResult> offsets{b.getIndexAttr(0), t, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes{tensor::getMixedSize(b, loc, sequence, 0),
                                  b.getIndexAttr(1),
                                  b.getIndexAttr(type.getDimSize(2))};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, stepType, sequence, offsets,
                                        sizes, strides);
}

/// Writes [B, U] `value` as step `t` of the [B, T, U] `sequence`.
Value insertStep(OpBuilder &b, Location loc, Value value, Value sequence,
                 Value t) {
  auto type = cast<RankedTensorType>(sequence.getType());
  SmallVector<OpFoldResult> offsets{b.getIndexAttr(0), t, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes{tensor::getMixedSize(b, loc, value, 0),
                                  b.getIndexAttr(1),
                                  b.getIndexAttr(type.getDimSize(2))};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, value, sequence, offsets, sizes,
                                       strides);
}

namespace {

/// Row `row` of a 2-D tensor as a rank-1 tensor.
Value rowOf(OpBuilder &b, Location loc, Value matrix, int64_t row) {
  auto type = cast<RankedTensorType>(matrix.getType());
  auto rowType =
      RankedTensorType::get({type.getDimSize(1)}, type.getElementType());
  SmallVector<OpFoldResult> offsets{b.getIndexAttr(row), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes{b.getIndexAttr(1),
                                  b.getIndexAttr(type.getDimSize(1))};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, rowType, matrix, offsets, sizes,
                                        strides);
}

/// `activation` of the sum of `inputs`, elementwise over the shape of the
/// state `h` ([B, U], sized from the state so that buffer hoisting sees a
/// temporary shaped like the state it replaces).
Value activate(OpBuilder &b, Location loc, Value h, Activation activation,
               ValueRange inputs) {
  auto type = cast<RankedTensorType>(h.getType());
  return elementwise(b, loc, type, dynamicSizesLike(b, loc, type, h), inputs,
                     [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                       Value sum = a[0];
                       for (Value v : a.drop_front())
                         sum = arith::AddFOp::create(n, l, sum, v);
                       return scalarActivation(n, l, activation, sum,
                                               kDefaultLeakyReluSlope);
                     });
}

/// An elementwise op of `inputs` over the shape of the state `h`.
Value combine(OpBuilder &b, Location loc, Value h, ValueRange inputs,
              BodyBuilder body) {
  auto type = cast<RankedTensorType>(h.getType());
  return elementwise(b, loc, type, dynamicSizesLike(b, loc, type, h), inputs,
                     body);
}

} // namespace

ValueRange overSteps(
    OpBuilder &b, Location loc, Value sequence, ValueRange init, bool reverse,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value steps = tensor::DimOp::create(b, loc, sequence, 1);
  auto loop = scf::ForOp::create(
      b, loc, zero, steps, one, init,
      [&](OpBuilder &n, Location l, Value i, ValueRange acc) {
        Value t = i;
        if (reverse)
          t = arith::SubIOp::create(n, l,
                                    arith::SubIOp::create(n, l, steps, one), i);
        scf::YieldOp::create(n, l, body(n, l, t, acc));
      });
  return loop.getResults();
}

FailureOr<RecurrentCell> RecurrentCell::get(Operation *op) {
  RecurrentCell cell;
  cell.op = op;
  auto fill = [&](auto layer, CellKind kind) {
    cell.kind = kind;
    cell.input = layer.getInput();
    cell.kernel = layer.getKernel();
    cell.recurrentKernel = layer.getRecurrentKernel();
    cell.bias = layer.getBias();
    cell.initialStates = layer.getInitialState();
    cell.activation = layer.getActivation();
    cell.returnSequences = layer.getReturnSequences();
    cell.units = layer.getRecurrentKernel().getType().getDimSize(0);
    cell.numGates = decltype(layer)::kNumGates;
  };
  cell.recurrentActivation = Activation::sigmoid;
  if (auto rnn = dyn_cast<SimpleRNNOp>(op)) {
    fill(rnn, CellKind::simpleRNN);
  } else if (auto lstm = dyn_cast<LSTMOp>(op)) {
    fill(lstm, CellKind::lstm);
    cell.recurrentActivation = lstm.getRecurrentActivation();
  } else if (auto gru = dyn_cast<GRUOp>(op)) {
    fill(gru, CellKind::gru);
    cell.recurrentActivation = gru.getRecurrentActivation();
    cell.resetAfter = gru.getResetAfter();
  } else {
    return failure();
  }
  if (cell.activation == Activation::softmax ||
      cell.recurrentActivation == Activation::softmax)
    return failure();
  return cell;
}

unsigned RecurrentCell::numSaved() const {
  switch (kind) {
  case CellKind::simpleRNN:
    return 2;
  case CellKind::lstm:
    return 7;
  case CellKind::gru:
    return 5;
  }
  llvm_unreachable("unknown cell");
}

Value RecurrentCell::inputBias(OpBuilder &b, Location loc) const {
  if (!bias || !resetAfter)
    return bias;
  return rowOf(b, loc, bias, 0);
}

Value RecurrentCell::recurrentBias(OpBuilder &b, Location loc) const {
  if (!bias || !resetAfter)
    return {};
  return rowOf(b, loc, bias, 1);
}

Value RecurrentCell::project(OpBuilder &b, Location loc) const {
  auto xType = cast<RankedTensorType>(input.getType());
  Type elementType = xType.getElementType();
  Value projBias = inputBias(b, loc);
  auto projType = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), packed()}, elementType);
  if (!canCollapseLeadingAxes(xType)) {
    SmallVector<Value> sizes = dynamicSizesLike(b, loc, projType, input);
    Value init = projBias ? broadcastLastAxis(b, loc, projBias, projType, sizes)
                          : filledTensor(b, loc, projType, sizes, 0.0);
    return contractLastAxis(b, loc, input, kernel, init);
  }
  // [B*T, F] . [F, G*U] as one matmul.
  Value flat = tensor::CollapseShapeOp::create(
      b, loc, input, SmallVector<ReassociationIndices>{{0, 1}, {2}});
  auto flatType = RankedTensorType::get(
      {cast<RankedTensorType>(flat.getType()).getDimSize(0), packed()},
      elementType);
  Value init;
  if (projBias)
    init = broadcastLastAxis(b, loc, projBias, flatType,
                             dynamicSizesLike(b, loc, flatType, flat));
  Value projFlat = matmul(b, loc, flat, kernel, init);
  SmallVector<OpFoldResult> shape{tensor::getMixedSize(b, loc, input, 0),
                                  tensor::getMixedSize(b, loc, input, 1),
                                  b.getIndexAttr(packed())};
  return tensor::ExpandShapeOp::create(
      b, loc, projType, projFlat,
      SmallVector<ReassociationIndices>{{0, 1}, {2}}, shape);
}

SmallVector<Value> RecurrentCell::step(OpBuilder &b, Location loc, Value xp,
                                       ValueRange states, Value recBias,
                                       SmallVectorImpl<Value> *saved) const {
  auto save = [&](ValueRange values) {
    if (saved)
      saved->append(values.begin(), values.end());
  };
  Value h = states[0];
  Activation act = activation, gateAct = recurrentActivation;
  switch (kind) {
  case CellKind::simpleRNN: {
    Value hNew =
        activate(b, loc, h, act, matmul(b, loc, h, recurrentKernel, xp));
    save({h, hNew});
    return {hNew};
  }
  case CellKind::lstm: {
    Value c = states[1];
    Value z = matmul(b, loc, h, recurrentKernel, xp);
    Value i = activate(b, loc, h, gateAct, columns(b, loc, z, 0, units));
    Value f = activate(b, loc, h, gateAct, columns(b, loc, z, units, units));
    Value g = activate(b, loc, h, act, columns(b, loc, z, 2 * units, units));
    Value o =
        activate(b, loc, h, gateAct, columns(b, loc, z, 3 * units, units));
    // c' = f c + i g; h' = o act(c').
    Value cNew = combine(b, loc, h, ValueRange{i, f, g, c},
                         [](OpBuilder &n, Location l, ValueRange a) -> Value {
                           return arith::AddFOp::create(
                               n, l, arith::MulFOp::create(n, l, a[1], a[3]),
                               arith::MulFOp::create(n, l, a[0], a[2]));
                         });
    Value hNew = combine(
        b, loc, h, ValueRange{o, cNew},
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          return arith::MulFOp::create(
              n, l, a[0],
              scalarActivation(n, l, act, a[1], kDefaultLeakyReluSlope));
        });
    save({i, f, g, o, h, c, cNew});
    return {hNew, cNew};
  }
  case CellKind::gru: {
    Value xz = columns(b, loc, xp, 0, units);
    Value xr = columns(b, loc, xp, units, units);
    Value xh = columns(b, loc, xp, 2 * units, units);
    Value z, r, term, candidate;
    if (resetAfter) {
      // The reset gate scales the candidate's recurrent term h . U_h + b_h.
      Value init;
      if (recBias) {
        auto packedType = RankedTensorType::get(
            {cast<RankedTensorType>(h.getType()).getDimSize(0), packed()},
            cast<RankedTensorType>(h.getType()).getElementType());
        init = broadcastLastAxis(b, loc, recBias, packedType,
                                 dynamicSizesLike(b, loc, packedType, h));
      }
      Value hu = matmul(b, loc, h, recurrentKernel, init);
      z = activate(b, loc, h, gateAct, {xz, columns(b, loc, hu, 0, units)});
      r = activate(b, loc, h, gateAct, {xr, columns(b, loc, hu, units, units)});
      term = columns(b, loc, hu, 2 * units, units);
      candidate = combine(
          b, loc, h, ValueRange{xh, r, term},
          [&](OpBuilder &n, Location l, ValueRange a) -> Value {
            Value pre = arith::AddFOp::create(
                n, l, a[0], arith::MulFOp::create(n, l, a[1], a[2]));
            return scalarActivation(n, l, act, pre, kDefaultLeakyReluSlope);
          });
    } else {
      // The reset gate scales h before the candidate's matmul.
      Value hzr =
          matmul(b, loc, h, columns(b, loc, recurrentKernel, 0, 2 * units));
      z = activate(b, loc, h, gateAct, {xz, columns(b, loc, hzr, 0, units)});
      r = activate(b, loc, h, gateAct,
                   {xr, columns(b, loc, hzr, units, units)});
      term = combine(b, loc, h, ValueRange{r, h},
                     [](OpBuilder &n, Location l, ValueRange a) -> Value {
                       return arith::MulFOp::create(n, l, a[0], a[1]);
                     });
      Value candidateKernel =
          columns(b, loc, recurrentKernel, 2 * units, units);
      candidate =
          activate(b, loc, h, act, matmul(b, loc, term, candidateKernel, xh));
    }
    // h' = z h + (1 - z) candidate.
    Value hNew =
        combine(b, loc, h, ValueRange{z, h, candidate},
                [](OpBuilder &n, Location l, ValueRange a) -> Value {
                  Value one = floatConstant(n, l, a[0].getType(), 1.0);
                  Value keep = arith::MulFOp::create(n, l, a[0], a[1]);
                  Value rest = arith::SubFOp::create(n, l, one, a[0]);
                  return arith::AddFOp::create(
                      n, l, keep, arith::MulFOp::create(n, l, rest, a[2]));
                });
    save({z, r, candidate, term, h});
    return {hNew};
  }
  }
  llvm_unreachable("unknown cell");
}

RecurrentCell::Run RecurrentCell::run(OpBuilder &b, Location loc,
                                      bool sequences, bool save) const {
  auto xType = cast<RankedTensorType>(input.getType());
  Type elementType = xType.getElementType();
  Value projection = project(b, loc);
  Value recBias = recurrentBias(b, loc);
  auto stateType =
      RankedTensorType::get({xType.getDimSize(0), units}, elementType);
  auto seqType = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), units}, elementType);
  SmallVector<Value> stateSizes = dynamicSizesLike(b, loc, stateType, input);
  SmallVector<Value> seqSizes = dynamicSizesLike(b, loc, seqType, input);

  // Iteration arguments: states, then the outputs, then the saved values.
  SmallVector<Value> iterArgs;
  for (unsigned s = 0; s < numStates(); ++s)
    iterArgs.push_back(initialStates.empty()
                           ? filledTensor(b, loc, stateType, stateSizes, 0.0)
                           : initialStates[s]);
  unsigned numSequences = (sequences ? 1 : 0) + (save ? numSaved() : 0);
  for (unsigned s = 0; s < numSequences; ++s)
    iterArgs.push_back(emptyTensor(b, loc, seqType, seqSizes));

  ValueRange results = overSteps(
      b, loc, input, iterArgs, /*reverse=*/false,
      [&](OpBuilder &n, Location l, Value t, ValueRange acc) {
        SmallVector<Value> saved;
        SmallVector<Value> next =
            step(n, l, stepOf(n, l, projection, t), acc.take_front(numStates()),
                 recBias, save ? &saved : nullptr);
        ValueRange sequenceArgs = acc.drop_front(numStates());
        if (sequences) {
          next.push_back(insertStep(n, l, next[0], sequenceArgs[0], t));
          sequenceArgs = sequenceArgs.drop_front();
        }
        for (auto [value, sequence] : llvm::zip_equal(saved, sequenceArgs))
          next.push_back(insertStep(n, l, value, sequence, t));
        return next;
      });
  Run result;
  result.states.assign(results.begin(), results.begin() + numStates());
  results = results.drop_front(numStates());
  if (sequences) {
    result.outputs = results.front();
    results = results.drop_front();
  }
  result.saved.assign(results.begin(), results.end());
  return result;
}

namespace {

template <typename OpTy> struct LowerRecurrent : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    FailureOr<RecurrentCell> cell = RecurrentCell::get(op);
    if (failed(cell))
      return rewriter.notifyMatchFailure(op,
                                         "softmax is not a cell activation");
    RecurrentCell::Run run =
        cell->run(rewriter, op.getLoc(), cell->returnSequences, /*save=*/false);
    rewriter.replaceOp(op, cell->returnSequences ? run.outputs
                                                 : run.states.front());
    return success();
  }
};

} // namespace

void populateRecurrentLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerRecurrent<SimpleRNNOp>, LowerRecurrent<LSTMOp>,
               LowerRecurrent<GRUOp>>(patterns.getContext());
}

} // namespace dlc::lowering
