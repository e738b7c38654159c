//===- ApproximateMath.cpp - Polynomial approximations of math ops --------===//

#include "Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "Codegen/LLVMCPU/Passes.h.inc"
} // namespace dlc

namespace {

struct ApproximateMathPass
    : public dlc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // The f32 approximations are accurate to a few ulp; f64 keeps libm.
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      // The patterns are keyed by full op names ("math.exp").
      name.consume_front("math.");
      return name == "exp" || name == "expm1" || name == "log" ||
             name == "log1p" || name == "log2" || name == "tanh" ||
             name == "erf";
    });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
