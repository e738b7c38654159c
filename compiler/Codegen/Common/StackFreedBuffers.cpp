//===- StackFreedBuffers.cpp - Small alloc/dealloc pairs on the stack -----===//

#include "Codegen/Common/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_STACKFREEDBUFFERS
#include "Codegen/Common/Passes.h.inc"
} // namespace dlc

namespace {

/// Bytes of a static memref (index elements count as 8 bytes).
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape())
    return std::nullopt;
  Type element = type.getElementType();
  int64_t bits = element.isIndex() ? 64
                 : element.isIntOrFloat() ? element.getIntOrFloatBitWidth()
                                          : 0;
  if (!bits)
    return std::nullopt;
  return type.getNumElements() * ((bits + 7) / 8);
}

struct StackFreedBuffersPass
    : public dlc::impl::StackFreedBuffersBase<StackFreedBuffersPass> {
  using StackFreedBuffersBase::StackFreedBuffersBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &entry = func.getBody().front();
    IRRewriter rewriter(&getContext());
    for (auto alloc :
         llvm::make_early_inc_range(entry.getOps<memref::AllocOp>())) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (!bytes || *bytes > maxBytes || !alloc.getSymbolOperands().empty())
        continue;
      // Exactly one dealloc, of the buffer itself, in this block.
      memref::DeallocOp dealloc;
      bool ok = true;
      for (Operation *user : alloc->getUsers()) {
        auto free = dyn_cast<memref::DeallocOp>(user);
        if (!free)
          continue;
        if (dealloc || free->getBlock() != &entry)
          ok = false;
        dealloc = free;
      }
      if (!ok || !dealloc)
        continue;
      rewriter.setInsertionPoint(alloc);
      rewriter.replaceOpWithNewOp<memref::AllocaOp>(
          alloc, alloc.getType(), alloc.getAlignmentAttr());
      rewriter.eraseOp(dealloc);
    }
  }
};

} // namespace
