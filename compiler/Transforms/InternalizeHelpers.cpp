//===- InternalizeHelpers.cpp - Only entry points are exported ------------===//

#include "Transforms/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_INTERNALIZEHELPERS
#include "Transforms/Passes.h.inc"
} // namespace dlc

namespace {
struct InternalizeHelpersPass
    : public dlc::impl::InternalizeHelpersBase<InternalizeHelpersPass> {
  void runOnOperation() override {
    auto internal = LLVM::LinkageAttr::get(&getContext(),
                                           LLVM::Linkage::Internal);
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isExternal() && !func->hasAttr(dlc::DLCDialect::EntryAttrHelper::getNameStr()))
        func->setAttr("llvm.linkage", internal);
  }
};
} // namespace
