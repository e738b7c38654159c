//===- Recurrent.cpp - Lower dlc.simple_rnn, dlc.lstm and dlc.gru ---------===//
//
// All three share one structure: a single matmul projects the inputs of all
// time steps at once (plus the input bias), then an scf.for over time does
// one matmul with the recurrent kernel per step, accumulating onto that
// step's projection, and an elementwise op for the gates.
//
//===----------------------------------------------------------------------===//

#include "Conversion/DLCToLinalg/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace dlc::lowering {

/// Columns [offset, offset + width) of a 2-D tensor.
Value columns(OpBuilder &b, Location loc, Value matrix, int64_t offset,
              int64_t width) {
  auto type = cast<RankedTensorType>(matrix.getType());
  auto sliceType = RankedTensorType::get({type.getDimSize(0), width},
                                         type.getElementType());
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
  return tensor::ExtractSliceOp::create(b, loc, rowType, matrix, offsets,
                                        sizes, strides);
}

/// The activation of a gate; softmax is not pointwise and is rejected below.
Value act(OpBuilder &b, Location loc, Activation activation, Value x) {
  return scalarActivation(b, loc, activation, x, 0.2);
}

template <typename OpTy>
struct LowerRecurrent : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isLSTM = std::is_same_v<OpTy, LSTMOp>;
    constexpr bool isGRU = std::is_same_v<OpTy, GRUOp>;
    Activation activation = op.getActivation();
    Activation recurrentActivation = Activation::sigmoid;
    if constexpr (isLSTM || isGRU)
      recurrentActivation = op.getRecurrentActivation();
    if (activation == Activation::softmax ||
        recurrentActivation == Activation::softmax)
      return rewriter.notifyMatchFailure(op, "softmax is not a cell activation");
    bool resetAfter = false;
    if constexpr (isGRU)
      resetAfter = op.getResetAfter();

    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    Type elementType = xType.getElementType();
    Value kernel = op.getKernel();
    Value recurrent = op.getRecurrentKernel();
    int64_t units = op.getRecurrentKernel().getType().getDimSize(0);
    int64_t packed = OpTy::kNumGates * units;

    // Input projection of every step: [B*T, F] . [F, G*U] (+ input bias).
    Value inputBias, recurrentBias;
    if (Value bias = op.getBias()) {
      if (resetAfter) {
        inputBias = rowOf(rewriter, loc, bias, 0);
        recurrentBias = rowOf(rewriter, loc, bias, 1);
      } else {
        inputBias = bias;
      }
    }
    auto projType = RankedTensorType::get(
        {xType.getDimSize(0), xType.getDimSize(1), packed}, elementType);
    Value projection;
    if (canCollapseLeadingAxes(xType)) {
      Value flat = tensor::CollapseShapeOp::create(
          rewriter, loc, x, SmallVector<ReassociationIndices>{{0, 1}, {2}});
      auto projFlatType = RankedTensorType::get(
          {cast<RankedTensorType>(flat.getType()).getDimSize(0), packed},
          elementType);
      Value projInit;
      if (inputBias)
        projInit = broadcastLastAxis(
            rewriter, loc, inputBias, projFlatType,
            dynamicSizesLike(rewriter, loc, projFlatType, flat));
      Value projFlat = matmul(rewriter, loc, flat, kernel, projInit);
      SmallVector<OpFoldResult> projShape{
          tensor::getMixedSize(rewriter, loc, x, 0),
          tensor::getMixedSize(rewriter, loc, x, 1),
          rewriter.getIndexAttr(packed)};
      projection = tensor::ExpandShapeOp::create(
          rewriter, loc, projType, projFlat,
          SmallVector<ReassociationIndices>{{0, 1}, {2}}, projShape);
    } else {
      SmallVector<Value> sizes = dynamicSizesLike(rewriter, loc, projType, x);
      Value projInit =
          inputBias
              ? broadcastLastAxis(rewriter, loc, inputBias, projType, sizes)
              : filledTensor(rewriter, loc, projType, sizes, 0.0);
      projection = contractLastAxis(rewriter, loc, x, kernel, projInit);
    }

    // Initial state and the loop over time.
    auto stateType =
        RankedTensorType::get({xType.getDimSize(0), units}, elementType);
    SmallVector<Value> stateSizes =
        dynamicSizesLike(rewriter, loc, stateType, x);
    ValueRange initial = op.getInitialState();
    SmallVector<Value> iterArgs;
    iterArgs.push_back(initial.empty() ? filledTensor(rewriter, loc, stateType,
                                                      stateSizes, 0.0)
                                       : initial[0]);
    if constexpr (isLSTM)
      iterArgs.push_back(initial.empty() ? filledTensor(rewriter, loc,
                                                        stateType, stateSizes,
                                                        0.0)
                                         : initial[1]);
    auto resultType = cast<RankedTensorType>(op.getType());
    bool sequences = op.getReturnSequences();
    if (sequences)
      iterArgs.push_back(emptyTensor(
          rewriter, loc, resultType,
          dynamicSizesLike(rewriter, loc, resultType, x)));

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value steps = tensor::DimOp::create(rewriter, loc, x, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, steps, one, iterArgs,
        [&](OpBuilder &b, Location l, Value t, ValueRange state) {
          Value h = state[0];
          Value xt = stepOf(b, l, projection, t);
          SmallVector<Value> next;
          if constexpr (isLSTM) {
            Value c = state[1];
            Value z = matmul(b, l, h, recurrent, xt);
            Value i = columns(b, l, z, 0, units);
            Value f = columns(b, l, z, units, units);
            Value g = columns(b, l, z, 2 * units, units);
            Value o = columns(b, l, z, 3 * units, units);
            Value cNext = elementwise(
                b, l, stateType, dynamicSizesLike(b, l, stateType, h),
                ValueRange{i, f, g, c},
                [&](OpBuilder &bb, Location ll, ValueRange a) -> Value {
                  Value keep = arith::MulFOp::create(
                      bb, ll, act(bb, ll, recurrentActivation, a[1]), a[3]);
                  Value write = arith::MulFOp::create(
                      bb, ll, act(bb, ll, recurrentActivation, a[0]),
                      act(bb, ll, activation, a[2]));
                  return arith::AddFOp::create(bb, ll, keep, write);
                });
            Value hNext = elementwise(
                b, l, stateType, dynamicSizesLike(b, l, stateType, h),
                ValueRange{o, cNext},
                [&](OpBuilder &bb, Location ll, ValueRange a) -> Value {
                  return arith::MulFOp::create(
                      bb, ll, act(bb, ll, recurrentActivation, a[0]),
                      act(bb, ll, activation, a[1]));
                });
            next = {hNext, cNext};
          } else if constexpr (isGRU) {
            Value xz = columns(b, l, xt, 0, units);
            Value xr = columns(b, l, xt, units, units);
            Value xh = columns(b, l, xt, 2 * units, units);
            SmallVector<Value> sizes = dynamicSizesLike(b, l, stateType, h);
            // z * h + (1 - z) * candidate
            auto blend = [&](OpBuilder &bb, Location ll, Value z, Value hPrev,
                             Value candidate) -> Value {
              Value one = floatConstant(bb, ll, elementType, 1.0);
              Value keep = arith::MulFOp::create(bb, ll, z, hPrev);
              Value rest = arith::SubFOp::create(bb, ll, one, z);
              return arith::AddFOp::create(
                  bb, ll, keep, arith::MulFOp::create(bb, ll, rest, candidate));
            };
            Value hNext;
            if (resetAfter) {
              Value hInit;
              auto packedType = RankedTensorType::get(
                  {xType.getDimSize(0), packed}, elementType);
              if (recurrentBias)
                hInit = broadcastLastAxis(
                    b, l, recurrentBias, packedType,
                    dynamicSizesLike(b, l, packedType, h));
              Value hu = matmul(b, l, h, recurrent, hInit);
              Value hz = columns(b, l, hu, 0, units);
              Value hr = columns(b, l, hu, units, units);
              Value hh = columns(b, l, hu, 2 * units, units);
              hNext = elementwise(
                  b, l, stateType, sizes, ValueRange{xz, xr, xh, hz, hr, hh, h},
                  [&](OpBuilder &bb, Location ll, ValueRange a) -> Value {
                    Value z = act(bb, ll, recurrentActivation,
                                  arith::AddFOp::create(bb, ll, a[0], a[3]));
                    Value r = act(bb, ll, recurrentActivation,
                                  arith::AddFOp::create(bb, ll, a[1], a[4]));
                    Value candidate = act(
                        bb, ll, activation,
                        arith::AddFOp::create(
                            bb, ll, a[2], arith::MulFOp::create(bb, ll, r, a[5])));
                    return blend(bb, ll, z, a[6], candidate);
                  });
            } else {
              // The reset gate scales h before the candidate's matmul.
              Value gatesKernel = columns(b, l, recurrent, 0, 2 * units);
              Value candidateKernel =
                  columns(b, l, recurrent, 2 * units, units);
              Value hzr = matmul(b, l, h, gatesKernel);
              Value hz = columns(b, l, hzr, 0, units);
              Value hr = columns(b, l, hzr, units, units);
              Value z = elementwise(
                  b, l, stateType, sizes, ValueRange{xz, hz},
                  [&](OpBuilder &bb, Location ll, ValueRange a) -> Value {
                    return act(bb, ll, recurrentActivation,
                               arith::AddFOp::create(bb, ll, a[0], a[1]));
                  });
              Value resetH = elementwise(
                  b, l, stateType, sizes, ValueRange{xr, hr, h},
                  [&](OpBuilder &bb, Location ll, ValueRange a) -> Value {
                    Value r = act(bb, ll, recurrentActivation,
                                  arith::AddFOp::create(bb, ll, a[0], a[1]));
                    return arith::MulFOp::create(bb, ll, r, a[2]);
                  });
              Value candidatePre = matmul(b, l, resetH, candidateKernel, xh);
              hNext = elementwise(
                  b, l, stateType, sizes, ValueRange{z, h, candidatePre},
                  [&](OpBuilder &bb, Location ll, ValueRange a) -> Value {
                    return blend(bb, ll, a[0], a[1],
                                 act(bb, ll, activation, a[2]));
                  });
            }
            next = {hNext};
          } else {
            Value pre = matmul(b, l, h, recurrent, xt);
            next = {elementwise(
                b, l, stateType, dynamicSizesLike(b, l, stateType, h),
                ValueRange{pre},
                [&](OpBuilder &bb, Location ll, ValueRange a) -> Value {
                  return act(bb, ll, activation, a[0]);
                })};
          }
          if (sequences)
            next.push_back(insertStep(b, l, next[0], state.back(), t));
          scf::YieldOp::create(b, l, next);
        });
    rewriter.replaceOp(op, sequences ? loop.getResults().back()
                                     : loop.getResult(0));
    return success();
  }
};

} // namespace

void populateRecurrentLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerRecurrent<SimpleRNNOp>, LowerRecurrent<LSTMOp>,
               LowerRecurrent<GRUOp>>(patterns.getContext());
}

} // namespace dlc::lowering
