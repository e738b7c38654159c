//===- FuseElementwise.cpp - Elementwise fusion that keeps kernels --------===//
//
// MLIR's linalg-fuse-elementwise-ops fuses every single-use elementwise
// producer into its consumer and folds reshapes into any linalg op by
// expanding its iteration space. Both undo lowering decisions: an im2col
// gather fused into its matmul (after the matmul has been turned into a
// generic to fold the reshapes around it) gives back the seven-loop
// convolution weight gradient that no fast kernel matches. This pass applies
// the same patterns with a control function that keeps named ops (matmul,
// convolution, pooling) and gathers (producers whose inputs are not read
// through projected permutations) out of fusion.
//
//===----------------------------------------------------------------------===//

#include "Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "Transforms/Passes.h.inc"
} // namespace dlc

namespace {

/// Whether `op` is a linalg.generic that only reads its inputs through
/// projected permutations (no windows, no gathers).
bool isPlainGeneric(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic)
    return false;
  for (OpOperand *input : generic.getDpsInputOperands())
    if (!generic.getMatchingIndexingMap(input).isProjectedPermutation())
      return false;
  return true;
}

bool shouldFuse(OpOperand *fused) {
  Operation *producer = fused->get().getDefiningOp();
  Operation *consumer = fused->getOwner();
  if (!producer || !producer->hasOneUse())
    return false;
  // Reshape folding: the linalg op on either side must be a plain generic.
  if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(producer))
    return isPlainGeneric(consumer);
  if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(consumer))
    return isPlainGeneric(producer);
  return isPlainGeneric(producer) && isPlainGeneric(consumer);
}

struct FuseElementwisePass
    : public dlc::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, shouldFuse);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
