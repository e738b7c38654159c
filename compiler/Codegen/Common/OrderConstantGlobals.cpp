//===- OrderConstantGlobals.cpp - Deterministic constant globals ----------===//

#include "Codegen/Common/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_ORDERCONSTANTGLOBALS
#include "Codegen/Common/Passes.h.inc"
} // namespace dlc

namespace {

/// What a global holds: equal keys mean interchangeable globals.
std::string contentKey(memref::GlobalOp global) {
  std::string key;
  llvm::raw_string_ostream os(key);
  os << global.getType() << (global.getConstant() ? " constant " : " ")
     << global.getAlignment().value_or(0) << ' ';
  if (std::optional<Attribute> value = global.getInitialValue())
    os << *value;
  return key;
}

struct OrderConstantGlobalsPass
    : public dlc::impl::OrderConstantGlobalsBase<OrderConstantGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<std::string, memref::GlobalOp>> globals;
    for (auto global : module.getOps<memref::GlobalOp>())
      if (global.isPrivate())
        globals.push_back({contentKey(global), global});
    llvm::stable_sort(globals, [](const auto &a, const auto &b) {
      return a.first < b.first;
    });
    SymbolTable symbols(module);
    // Through temporary names, so that globals already called
    // dlc_constant_<n> (a second run) can trade names.
    for (auto [index, entry] : llvm::enumerate(globals))
      if (failed(symbols.rename(entry.second,
                                "dlc_constant_unordered_" +
                                    std::to_string(index))))
        return signalPassFailure();
    Operation *insertionPoint = nullptr;
    for (auto [index, entry] : llvm::enumerate(globals)) {
      memref::GlobalOp global = entry.second;
      std::string name = "dlc_constant_" + std::to_string(index);
      if (Operation *other = symbols.lookup(name); other && other != global) {
        other->emitError("dlc: symbol '")
            << name << "' is reserved for constant globals";
        return signalPassFailure();
      }
      if (failed(symbols.rename(global, name)))
        return signalPassFailure();
      // In sorted order at the top of the module.
      if (insertionPoint)
        global->moveAfter(insertionPoint);
      else
        global->moveBefore(&module.getBody()->front());
      insertionPoint = global;
    }
  }
};

} // namespace
