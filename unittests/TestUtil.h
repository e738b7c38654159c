//===- TestUtil.h - Parsing helpers for dlc unit tests --------------------===//

#ifndef DLC_UNITTESTS_TESTUTIL_H
#define DLC_UNITTESTS_TESTUTIL_H

#include "dlc/DLC.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <string>

namespace dlc::test {

/// Parses `source`, collecting diagnostics into `diagnostics` instead of
/// printing them.
inline mlir::OwningOpRef<mlir::ModuleOp>
parse(mlir::MLIRContext &context, llvm::StringRef source,
      std::string *diagnostics = nullptr) {
  context.loadDialect<DLCDialect>();
  mlir::ScopedDiagnosticHandler handler(
      &context, [&](mlir::Diagnostic &diag) {
        if (diagnostics)
          *diagnostics += diag.str() + "\n";
        return mlir::success();
      });
  return mlir::parseSourceString<mlir::ModuleOp>(source, &context);
}

inline ModelOp firstModel(mlir::ModuleOp module) {
  auto models = module.getOps<ModelOp>();
  return models.empty() ? ModelOp() : *models.begin();
}

} // namespace dlc::test

#endif // DLC_UNITTESTS_TESTUTIL_H
