//===- LowerVectors.cpp - CPU vector lowering after bufferization ---------===//

#include "Codegen/Common/TransformScript.h"
#include "Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_CPULOWERVECTORS
#include "Codegen/LLVMCPU/Passes.h.inc"
} // namespace dlc

namespace {

/// A tile whose initial value is written to a stack buffer and read back at
/// once (the bias broadcast that starts a convolution's accumulator, read
/// back with the unit dimension of the 1-D decomposition dropped):
/// forwards the written vector to the read and deletes the buffer. Besides
/// the store and reload per tile, the buffer made the speed depend on where
/// the stack lands: stores to it 4 KiB-aliased the loads of the tile's
/// inputs on some stack placements (CNN inference 1.6x slower when the
/// binary's path changed length).
struct ForwardStackTile : public OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  static bool isPlainWholeTransfer(VectorTransferOpInterface op) {
    return !op.getMask() && llvm::all_of(op.getInBoundsValues(), [](bool b) {
      return b;
    }) && llvm::all_of(op.getIndices(), [](Value index) {
      return isConstantIntValue(index, 0);
    }) && op.getPermutationMap().isMinorIdentity();
  }

  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto alloca = read.getBase().getDefiningOp<memref::AllocaOp>();
    if (!alloca || !isPlainWholeTransfer(read))
      return failure();
    vector::TransferWriteOp write;
    for (Operation *user : alloca->getUsers()) {
      if (auto other = dyn_cast<vector::TransferWriteOp>(user)) {
        if (write)
          return failure();
        write = other;
      } else if (!isa<vector::TransferReadOp>(user)) {
        return failure();
      }
    }
    // The write covers the whole buffer and comes first in the read's block.
    if (!write || !isPlainWholeTransfer(write) ||
        write->getBlock() != read->getBlock() ||
        !write->isBeforeInBlock(read) ||
        write.getVectorType().getShape() != alloca.getType().getShape() ||
        write.getVectorType().getNumElements() !=
            read.getVectorType().getNumElements())
      return failure();
    Value forwarded = write.getVector();
    if (forwarded.getType() != read.getType())
      forwarded = vector::ShapeCastOp::create(rewriter, read.getLoc(),
                                              read.getVectorType(), forwarded);
    rewriter.replaceOp(read, forwarded);
    if (llvm::hasSingleElement(alloca->getUsers())) {
      rewriter.eraseOp(write);
      rewriter.eraseOp(alloca);
    }
    return success();
  }
};

/// A float sum of one row (a loss over a sample's pixels: the innermost
/// dimension, the others unit) as a vector.reduction, which LLVM adds as a
/// tree (the vector-to-LLVM conversion reassociates reductions). As a
/// multi-reduction lowered with the reduced dimension outermost (what sums
/// of many rows need: one transpose, then whole-vector adds), one row
/// became a chain of dependent scalar adds, one per element: half of an
/// autoencoder layer's training step. A mask (a partial tile) zeroes the
/// lanes it leaves out first.
struct RowSumToReduction
    : public OpRewritePattern<vector::MultiDimReductionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::MultiDimReductionOp op,
                                PatternRewriter &rewriter) const override {
    VectorType type = op.getSourceVectorType();
    int64_t rank = type.getRank();
    if (op.getKind() != vector::CombiningKind::ADD ||
        !isa<FloatType>(type.getElementType()) || type.isScalable() ||
        !op.isReducedDim(rank - 1) ||
        type.getNumElements() != type.getShape().back())
      return failure();
    Operation *root = op;
    Value source = op.getSource();
    Location loc = op.getLoc();
    if (auto mask = dyn_cast<vector::MaskOp>(op->getParentOp())) {
      if (mask.hasPassthru())
        return failure();
      root = mask;
      rewriter.setInsertionPoint(mask);
      Value zero = arith::ConstantOp::create(rewriter, loc, type,
                                             rewriter.getZeroAttr(type));
      source =
          arith::SelectOp::create(rewriter, loc, mask.getMask(), source, zero);
    }
    Type element = type.getElementType();
    Value row = vector::ShapeCastOp::create(
        rewriter, loc, VectorType::get({type.getShape().back()}, element),
        source);
    // The accumulator: a scalar, or a vector of one element.
    Value acc = op.getAcc();
    auto accType = dyn_cast<VectorType>(acc.getType());
    if (accType)
      acc = vector::ExtractOp::create(
          rewriter, loc, acc, SmallVector<int64_t>(accType.getRank(), 0));
    Value sum = vector::ReductionOp::create(
        rewriter, loc, vector::CombiningKind::ADD, row, acc);
    if (accType)
      sum = vector::BroadcastOp::create(rewriter, loc, accType, sum);
    rewriter.replaceOp(root, sum);
    return success();
  }
};

struct CPULowerVectorsPass
    : public dlc::impl::CPULowerVectorsBase<CPULowerVectorsPass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    CPULowerVectorsBase::getDependentDialects(registry);
    dlc::registerTransformExtensions(registry);
  }

  void runOnOperation() override {
    RewritePatternSet forwarding(&getContext());
    forwarding.add<ForwardStackTile, RowSumToReduction>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(forwarding))))
      return signalPassFailure();
    // Separate apply_patterns groups: shape-cast lowering and
    // canonicalization together never terminate.
    const char *script = R"(
transform.apply_patterns to %f {
  transform.apply_patterns.canonicalization
} : !transform.any_op
%g = transform.structured.hoist_redundant_vector_transfers %f : (!transform.any_op) -> !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_masked_transfers
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_masks
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
  transform.apply_patterns.vector.transfer_permutation_patterns
  transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = "innerparallel"
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.split_transfer_full_partial split_transfer_strategy = "vector-transfer"
  transform.apply_patterns.vector.transfer_to_scf max_transfer_rank = 1 full_unroll = true
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_shape_cast
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_transpose lowering_strategy = "shuffle_1d"
  transform.apply_patterns.vector.lower_broadcast
  transform.apply_patterns.vector.lower_outerproduct
} : !transform.any_op
)";
    if (failed(dlc::applyTransformScript(getOperation(), script)))
      signalPassFailure();
  }
};

} // namespace
