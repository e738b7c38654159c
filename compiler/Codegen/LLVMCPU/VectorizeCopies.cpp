//===- VectorizeCopies.cpp - memref.copy as vector loads and stores -------===//
//
// dlc-cpu-vectorize-copies: the copies bufferization leaves (a padded
// tensor's interior, a result computed in scratch, a training step's
// parameter updates) become loops over all but the innermost dimension
// around 64-byte vector loads and stores, and a scalar tail. As linalg.copy
// they became scalar loops that LLVM did not vectorize (it cannot rule out
// that the buffers overlap): the CNN's training step spent 7% of its time
// copying one float at a time.
//
//===----------------------------------------------------------------------===//

#include "Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_CPUVECTORIZECOPIES
#include "Codegen/LLVMCPU/Passes.h.inc"
} // namespace dlc

namespace {

/// Whether consecutive elements of `type`'s innermost dimension are
/// adjacent in memory.
bool innermostContiguous(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  return type.getRank() > 0 &&
         succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

struct VectorizeCopy : public OpRewritePattern<memref::CopyOp> {
  VectorizeCopy(MLIRContext *context, int64_t vectorBits)
      : OpRewritePattern(context), vectorBits(vectorBits) {}

  LogicalResult matchAndRewrite(memref::CopyOp copy,
                                PatternRewriter &rewriter) const override {
    Value source = copy.getSource(), target = copy.getTarget();
    auto sourceType = dyn_cast<MemRefType>(source.getType());
    auto targetType = dyn_cast<MemRefType>(target.getType());
    if (!sourceType || !targetType || !innermostContiguous(sourceType) ||
        !innermostContiguous(targetType))
      return rewriter.notifyMatchFailure(copy, "innermost dim not contiguous");
    // Elements of a power-of-two number of bytes, at most a vector's: a
    // vector of i24 is packed, a memref of them is not.
    Type element = sourceType.getElementType();
    if (!element.isIntOrFloat() ||
        !llvm::isPowerOf2_64(element.getIntOrFloatBitWidth()) ||
        element.getIntOrFloatBitWidth() < 8 ||
        element.getIntOrFloatBitWidth() > vectorBits)
      return rewriter.notifyMatchFailure(copy, "not a power-of-two byte size");
    // One vector (64 bytes: AVX-512's, by default).
    int64_t lanes = vectorBits / element.getIntOrFloatBitWidth();
    auto vectorType = VectorType::get({lanes}, element);

    Location loc = copy.getLoc();
    int64_t rank = sourceType.getRank();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> lbs(rank - 1, zero), ubs, steps(rank - 1, one);
    for (int64_t d = 0; d + 1 < rank; ++d)
      ubs.push_back(memref::DimOp::create(rewriter, loc, source, d));
    Value width = memref::DimOp::create(rewriter, loc, source, rank - 1);
    scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps,
        [&](OpBuilder &b, Location l, ValueRange outer) {
          auto indices = [&](Value inner) {
            SmallVector<Value> all(outer);
            all.push_back(inner);
            return all;
          };
          // [0, width - width % lanes) a vector at a time, then the rest.
          AffineExpr w = b.getAffineSymbolExpr(0);
          Value full = affine::AffineApplyOp::create(
              b, l, AffineMap::get(0, 1, w - w % lanes), ValueRange{width});
          Value step = arith::ConstantIndexOp::create(b, l, lanes);
          scf::ForOp::create(
              b, l, zero, full, step, ValueRange{},
              [&](OpBuilder &n, Location nl, Value j, ValueRange) {
                Value v = vector::LoadOp::create(n, nl, vectorType, source,
                                                 indices(j));
                vector::StoreOp::create(n, nl, v, target, indices(j));
                scf::YieldOp::create(n, nl);
              });
          scf::ForOp::create(
              b, l, full, width, one, ValueRange{},
              [&](OpBuilder &n, Location nl, Value j, ValueRange) {
                Value v = memref::LoadOp::create(n, nl, source, indices(j));
                memref::StoreOp::create(n, nl, v, target, indices(j));
                scf::YieldOp::create(n, nl);
              });
        });
    rewriter.eraseOp(copy);
    return success();
  }

private:
  int64_t vectorBits;
};

struct CPUVectorizeCopiesPass
    : public dlc::impl::CPUVectorizeCopiesBase<CPUVectorizeCopiesPass> {
  using CPUVectorizeCopiesBase::CPUVectorizeCopiesBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    if (vectorBits < 8 || !llvm::isPowerOf2_64(uint64_t(vectorBits))) {
      getOperation()->emitError("dlc-cpu-vectorize-copies: vector-bits must "
                                "be a power of two of at least 8, not ")
          << static_cast<int64_t>(vectorBits);
      return signalPassFailure();
    }
    patterns.add<VectorizeCopy>(&getContext(), vectorBits);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
