//===- PlanScratch.cpp - One scratch arena per entry point ----------------===//

#include "Codegen/Common/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"

#include <map>

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_PLANSCRATCH
#include "Codegen/Common/Passes.h.inc"
} // namespace dlc

namespace {

constexpr int64_t kAlignment = 64;

/// An input dimension: axis `axis` of function argument `arg`.
using Dim = std::pair<unsigned, unsigned>;

struct Buffer {
  memref::AllocOp alloc;
  /// Bytes per unit of the product of `dims`, rounded up to kAlignment.
  int64_t bytes = 0;
  /// The input dimensions the size scales with, sorted.
  SmallVector<Dim> dims;
  unsigned start = 0, end = 0;
  int64_t offset = 0;
};

/// A size that is an input dimension times a static factor (a collapsed
/// [batch, 50] is 50 x batch).
struct ScaledDim {
  int64_t factor;
  Dim dim;
};

std::optional<ScaledDim> resolveDimOf(Value source, int64_t axis,
                                      func::FuncOp func);

/// The input dimension `value` is, looking through dims of other buffers.
std::optional<ScaledDim> resolveDim(Value value, func::FuncOp func) {
  auto dim = value.getDefiningOp<memref::DimOp>();
  if (!dim)
    return std::nullopt;
  std::optional<int64_t> axis = dim.getConstantIndex();
  if (!axis)
    return std::nullopt;
  return resolveDimOf(dim.getSource(), *axis, func);
}

/// The input dimension that axis `axis` of the buffer `source` has.
std::optional<ScaledDim> resolveDimOf(Value source, int64_t axis,
                                      func::FuncOp func) {
  if (auto arg = dyn_cast<BlockArgument>(source)) {
    if (arg.getOwner() != &func.getBody().front())
      return std::nullopt;
    return ScaledDim{1, Dim{arg.getArgNumber(), unsigned(axis)}};
  }
  auto type = dyn_cast<MemRefType>(source.getType());
  if (!type || !type.isDynamicDim(axis))
    return std::nullopt;
  Operation *def = source.getDefiningOp();
  if (auto alloc = dyn_cast_or_null<memref::AllocOp>(def))
    return resolveDim(alloc.getDynamicSizes()[type.getDynamicDimIndex(axis)],
                      func);
  if (auto view = dyn_cast_or_null<memref::ViewOp>(def))
    return resolveDim(view.getSizes()[type.getDynamicDimIndex(axis)], func);
  if (auto cast = dyn_cast_or_null<memref::CastOp>(def))
    return resolveDimOf(cast.getSource(), axis, func);
  // A loop result has the type, and so the sizes, of its initial value.
  if (auto loop = dyn_cast_or_null<scf::ForOp>(def))
    return resolveDimOf(
        loop.getInitArgs()[cast<OpResult>(source).getResultNumber()], axis,
        func);
  if (auto collapse = dyn_cast_or_null<memref::CollapseShapeOp>(def)) {
    ReassociationIndices group = collapse.getReassociationIndices()[axis];
    SmallVector<int64_t> dynamic;
    for (int64_t i : group)
      if (collapse.getSrcType().isDynamicDim(i))
        dynamic.push_back(i);
    if (dynamic.size() != 1)
      return std::nullopt;
    int64_t staticProduct = 1;
    for (int64_t i : group)
      if (!collapse.getSrcType().isDynamicDim(i))
        staticProduct *= collapse.getSrcType().getDimSize(i);
    std::optional<ScaledDim> inner =
        resolveDimOf(collapse.getSrc(), dynamic.front(), func);
    if (inner)
      inner->factor *= staticProduct;
    return inner;
  }
  if (auto expand = dyn_cast_or_null<memref::ExpandShapeOp>(def)) {
    OpFoldResult size = expand.getMixedOutputShape()[axis];
    if (auto value = dyn_cast<Value>(size))
      return resolveDim(value, func);
  }
  return std::nullopt;
}

/// The op of `func`'s top-level block that contains `op`.
Operation *topLevelAncestor(Operation *op, Block *body) {
  while (op && op->getBlock() != body)
    op = op->getParentOp();
  return op;
}

struct PlanScratchPass : public dlc::impl::PlanScratchBase<PlanScratchPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func->hasAttr(dlc::DLCDialect::EntryAttrHelper::getNameStr()) &&
          !func.isExternal())
        plan(func);
  }

  void plan(func::FuncOp func) {
    Block &body = func.getBody().front();
    llvm::DenseMap<Operation *, unsigned> position;
    for (auto [index, op] : llvm::enumerate(body))
      position[&op] = index;
    BufferViewFlowAnalysis aliases(func);

    std::vector<Buffer> buffers;
    int64_t heapAllocs = 0;
    func.walk([&](memref::AllocOp alloc) {
      Buffer buffer;
      buffer.alloc = alloc;
      bool plannable = alloc->getBlock() == &body;
      MemRefType type = alloc.getType();
      int64_t elementBytes = (type.getElementTypeBitWidth() + 7) / 8;
      int64_t bytes = elementBytes;
      for (int64_t dim : type.getShape())
        if (!ShapedType::isDynamic(dim))
          bytes *= dim;
      for (Value size : alloc.getDynamicSizes()) {
        std::optional<ScaledDim> dim = resolveDim(size, func);
        if (!dim) {
          plannable = false;
        } else {
          buffer.dims.push_back(dim->dim);
          bytes *= dim->factor;
        }
      }
      if (plannable) {
        buffer.start = position[alloc];
        buffer.end = buffer.start;
        for (Value alias : aliases.resolve(alloc.getResult())) {
          for (Operation *user : alias.getUsers()) {
            if (isa<func::ReturnOp>(user))
              plannable = false;
            if (Operation *top = topLevelAncestor(user, &body))
              buffer.end = std::max(buffer.end, position[top]);
          }
        }
      }
      if (!plannable) {
        ++heapAllocs;
        return;
      }
      llvm::sort(buffer.dims);
      buffer.bytes = llvm::alignTo(bytes, kAlignment);
      buffers.push_back(std::move(buffer));
    });

    // First fit by decreasing size, within each group of buffers that scale
    // with the same input dimensions.
    std::map<SmallVector<Dim>, std::vector<Buffer *>> groups;
    for (Buffer &buffer : buffers)
      groups[buffer.dims].push_back(&buffer);
    std::map<SmallVector<Dim>, int64_t> groupBytes;
    for (auto &[dims, members] : groups) {
      // Ties keep program order: stable sort through the start position.
      llvm::sort(members, [](Buffer *a, Buffer *b) {
        return a->bytes != b->bytes ? a->bytes > b->bytes : a->start < b->start;
      });
      std::vector<Buffer *> placed;
      int64_t total = 0;
      for (Buffer *buffer : members) {
        int64_t offset = 0;
        bool moved = true;
        while (moved) {
          moved = false;
          for (Buffer *other : placed) {
            bool liveTogether =
                buffer->start <= other->end && other->start <= buffer->end;
            bool overlap = offset < other->offset + other->bytes &&
                           other->offset < offset + buffer->bytes;
            if (liveTogether && overlap) {
              offset = other->offset + other->bytes;
              moved = true;
            }
          }
        }
        buffer->offset = offset;
        total = std::max(total, offset + buffer->bytes);
        placed.push_back(buffer);
      }
      groupBytes[dims] = total;
    }

    // The arena argument, the group bases, and a view per buffer.
    MLIRContext *context = func.getContext();
    OpBuilder builder = OpBuilder::atBlockBegin(&body);
    Location loc = func.getLoc();
    auto arenaType =
        MemRefType::get({ShapedType::kDynamic}, IntegerType::get(context, 8));
    Value arena = body.addArgument(arenaType, loc);
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(builder, loc, value);
    };
    struct GroupPlace {
      Value base, scale;
      int64_t term;
    };
    std::map<SmallVector<Dim>, GroupPlace> groupPlaces;
    Value base = index(0);
    SmallVector<Attribute> terms;
    for (auto &[dims, total] : groupBytes) {
      Value scale = index(1);
      SmallVector<int64_t> term{total};
      for (auto [arg, axis] : dims) {
        Value size = memref::DimOp::create(builder, loc, body.getArgument(arg),
                                           int64_t(axis));
        scale = arith::MulIOp::create(builder, loc, scale, size);
        term.append({int64_t(arg), int64_t(axis)});
      }
      groupPlaces[dims] = {base, scale, int64_t(terms.size())};
      base = arith::AddIOp::create(
          builder, loc, base,
          arith::MulIOp::create(builder, loc, index(total), scale));
      terms.push_back(builder.getDenseI64ArrayAttr(term));
    }
    for (Buffer &buffer : buffers) {
      OpBuilder at(buffer.alloc);
      auto [groupBase, scale, term] = groupPlaces[buffer.dims];
      Value offset = arith::AddIOp::create(
          at, loc, groupBase,
          arith::MulIOp::create(
              at, loc, arith::ConstantIndexOp::create(at, loc, buffer.offset),
              scale));
      auto view = memref::ViewOp::create(at, buffer.alloc.getLoc(),
                                         buffer.alloc.getType(), arena, offset,
                                         buffer.alloc.getDynamicSizes());
      dlc::DLCDialect::ScratchSlotAttrHelper(context).setAttr(
          view, builder.getDenseI64ArrayAttr(
                    {term, buffer.offset, buffer.offset + buffer.bytes}));
      // Deallocations of planned buffers go with them.
      for (Operation *user :
           llvm::make_early_inc_range(buffer.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      buffer.alloc.replaceAllUsesWith(view.getResult());
      buffer.alloc.erase();
    }
    func.setFunctionType(FunctionType::get(context, body.getArgumentTypes(),
                                           func.getResultTypes()));
    func->setAttr(dlc::DLCDialect::ScratchAttrHelper::getNameStr(),
                  ArrayAttr::get(context, terms));
    func->setAttr(dlc::DLCDialect::HeapAllocsAttrHelper::getNameStr(),
                  builder.getI64IntegerAttr(heapAllocs));
  }
};

} // namespace
