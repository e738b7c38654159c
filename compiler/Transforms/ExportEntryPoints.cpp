//===- ExportEntryPoints.cpp - dlc_<model>_<entry> symbols ----------------===//

#include "Transforms/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_EXPORTENTRYPOINTS
#include "Transforms/Passes.h.inc"
} // namespace dlc

namespace {
struct ExportEntryPointsPass
    : public dlc::impl::ExportEntryPointsBase<ExportEntryPointsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    auto internal =
        LLVM::LinkageAttr::get(&getContext(), LLVM::Linkage::Internal);
    // The wrappers carry the entry points' attributes too: pick the entry
    // points before renaming any wrapper.
    SmallVector<LLVM::LLVMFuncOp> entries;
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (!func.isExternal() && func->hasAttr(dlc::DLCDialect::EntryAttrHelper::getNameStr()) &&
          !func.getSymName().starts_with("_mlir_ciface_"))
        entries.push_back(func);
    for (LLVM::LLVMFuncOp func : entries) {
      auto wrapper = symbols.lookup<LLVM::LLVMFuncOp>(
          ("_mlir_ciface_" + func.getSymName()).str());
      if (!wrapper) {
        func.emitError("entry point without its C interface wrapper");
        return signalPassFailure();
      }
      if (failed(symbols.rename(wrapper, ("dlc_" + func.getSymName() + "_strided").str())))
        return signalPassFailure();
      func.setLinkageAttr(internal);
    }
  }
};
} // namespace
