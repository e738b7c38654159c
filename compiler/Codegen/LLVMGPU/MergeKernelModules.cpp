//===- MergeKernelModules.cpp - One gpu.module for all the kernels --------===//

#include "Codegen/LLVMGPU/Passes.h"

#include "mlir/IR/SymbolTable.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_GPUMERGEKERNELMODULES
#include "Codegen/LLVMGPU/Passes.h.inc"
} // namespace dlc

namespace {

struct GPUMergeKernelModulesPass
    : public dlc::impl::GPUMergeKernelModulesBase<GPUMergeKernelModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto modules = llvm::to_vector(module.getOps<gpu::GPUModuleOp>());
    if (modules.size() < 2)
      return;
    gpu::GPUModuleOp target = modules.front();
    SymbolTable targetSymbols(target);
    // The new reference of each moved kernel, by its old one.
    DenseMap<Attribute, SymbolRefAttr> moved;
    for (gpu::GPUModuleOp source : llvm::drop_begin(modules)) {
      for (Operation &op :
           llvm::make_early_inc_range(source.getBody()->getOperations())) {
        auto symbol = dyn_cast<SymbolOpInterface>(op);
        StringAttr oldName = symbol ? symbol.getNameAttr() : StringAttr();
        op.remove();
        if (!symbol) {
          target.getBody()->push_back(&op);
          continue;
        }
        StringAttr newName = targetSymbols.insert(&op);
        moved[SymbolRefAttr::get(source.getNameAttr(),
                                 {FlatSymbolRefAttr::get(oldName)})] =
            SymbolRefAttr::get(target.getNameAttr(),
                               {FlatSymbolRefAttr::get(newName)});
      }
      source.erase();
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      if (SymbolRefAttr kernel = moved.lookup(launch.getKernel()))
        launch.setKernelAttr(kernel);
    });
  }
};

} // namespace
