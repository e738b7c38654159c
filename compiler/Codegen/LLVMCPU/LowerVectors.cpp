//===- LowerVectors.cpp - CPU vector lowering after bufferization ---------===//

#include "Codegen/Common/TransformScript.h"
#include "Codegen/LLVMCPU/Passes.h"

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

struct CPULowerVectorsPass
    : public dlc::impl::CPULowerVectorsBase<CPULowerVectorsPass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    CPULowerVectorsBase::getDependentDialects(registry);
    dlc::registerTransformExtensions(registry);
  }

  void runOnOperation() override {
    RewritePatternSet forwarding(&getContext());
    forwarding.add<ForwardStackTile>(&getContext());
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
