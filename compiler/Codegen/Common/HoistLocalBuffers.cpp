//===- HoistLocalBuffers.cpp - Buffers of loop bodies to the entry --------===//
//
// Tiling leaves buffers inside loop nests: the padded tile of a convolution's
// input gradient, the partial tile of a reduction. Each one would be a heap
// allocation per iteration, or, once promoted to the stack, a stack frame
// that grows with every iteration (the CNN's training step overflowed an
// 8 MiB stack from batch 64). This pass gives each such buffer a static size
// (the constant upper bound of its dynamic sizes) and moves it to the entry
// block, where it is allocated once per call.
//
//===----------------------------------------------------------------------===//

#include "Codegen/Common/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_HOISTLOCALBUFFERS
#include "Codegen/Common/Passes.h.inc"
} // namespace dlc

namespace {

constexpr int64_t kAlignment = 64;

/// Iterations of these run concurrently: a buffer inside one must stay
/// private to its iteration.
bool isParallelLoop(Operation *op) {
  return isa<scf::ForallOp, scf::ParallelOp>(op);
}

/// The block `alloc` moves to: the function's entry block, or the body of
/// the innermost parallel loop around it.
Block *hoistTarget(Operation *alloc, Block *entry) {
  Operation *parent = alloc->getParentOp();
  while (parent && !isa<func::FuncOp>(parent) && !isParallelLoop(parent))
    parent = parent->getParentOp();
  if (!parent || isa<func::FuncOp>(parent))
    return entry;
  return &parent->getRegion(0).front();
}

/// Whether a buffer that aliases `alloc` is carried from one iteration of a
/// loop to the next, or leaves the function: then every iteration needs its
/// own buffer.
bool escapesIteration(Value alloc, BufferViewFlowAnalysis &aliases) {
  for (Value alias : aliases.resolve(alloc)) {
    if (auto arg = dyn_cast<BlockArgument>(alias))
      if (isa<LoopLikeOpInterface>(arg.getOwner()->getParentOp()))
        return true;
    if (auto result = dyn_cast<OpResult>(alias))
      if (isa<LoopLikeOpInterface>(result.getOwner()))
        return true;
    for (Operation *user : alias.getUsers())
      if (isa<func::ReturnOp, scf::ConditionOp>(user))
        return true;
  }
  return false;
}

/// A closed integer interval; a missing end is unbounded.
struct Interval {
  std::optional<int64_t> lo, hi;
  bool isConstant() const { return lo && hi && *lo == *hi; }
};

std::optional<int64_t> both(std::optional<int64_t> a, std::optional<int64_t> b,
                            int64_t (*f)(int64_t, int64_t)) {
  if (!a || !b)
    return std::nullopt;
  return f(*a, *b);
}

Interval intervalOf(AffineExpr expr, ArrayRef<Interval> dims,
                    ArrayRef<Interval> symbols) {
  if (auto constant = dyn_cast<AffineConstantExpr>(expr))
    return {constant.getValue(), constant.getValue()};
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return dims[dim.getPosition()];
  if (auto symbol = dyn_cast<AffineSymbolExpr>(expr))
    return symbols[symbol.getPosition()];
  auto binary = cast<AffineBinaryOpExpr>(expr);
  Interval lhs = intervalOf(binary.getLHS(), dims, symbols);
  Interval rhs = intervalOf(binary.getRHS(), dims, symbols);
  auto add = [](int64_t a, int64_t b) { return a + b; };
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return {both(lhs.lo, rhs.lo, add), both(lhs.hi, rhs.hi, add)};
  case AffineExprKind::Mul: {
    // Affine products have a constant factor (on the right).
    if (!rhs.isConstant())
      std::swap(lhs, rhs);
    if (!rhs.isConstant())
      return {};
    int64_t factor = *rhs.lo;
    auto scale = [&](std::optional<int64_t> v) -> std::optional<int64_t> {
      if (!v)
        return std::nullopt;
      return *v * factor;
    };
    if (factor >= 0)
      return {scale(lhs.lo), scale(lhs.hi)};
    return {scale(lhs.hi), scale(lhs.lo)};
  }
  case AffineExprKind::FloorDiv:
  case AffineExprKind::CeilDiv: {
    // Affine divisors are positive constants; division by one is monotone.
    if (!rhs.isConstant() || *rhs.lo <= 0)
      return {};
    bool floor = expr.getKind() == AffineExprKind::FloorDiv;
    auto divide = [&](std::optional<int64_t> n) -> std::optional<int64_t> {
      if (!n)
        return std::nullopt;
      return floor ? llvm::divideFloorSigned(*n, *rhs.lo)
                   : llvm::divideCeilSigned(*n, *rhs.lo);
    };
    return {divide(lhs.lo), divide(lhs.hi)};
  }
  case AffineExprKind::Mod:
    if (!rhs.isConstant() || *rhs.lo <= 0)
      return {};
    if (lhs.lo && *lhs.lo >= 0 && lhs.hi && *lhs.hi < *rhs.lo)
      return lhs;
    return {0, *rhs.lo - 1};
  default:
    return {};
  }
}

/// The values `value` can take, by interval arithmetic over constants, loop
/// induction variables and affine maps (the value-bounds interface cannot
/// bound `affine.max` from above, which tiles with halos produce).
Interval intervalOf(Value value, unsigned depth) {
  if (depth > 16)
    return {};
  APInt constant;
  if (matchPattern(value, m_ConstantInt(&constant)))
    return {constant.getSExtValue(), constant.getSExtValue()};
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (!loop || arg != loop.getInductionVar())
      return {};
    Interval lower = intervalOf(loop.getLowerBound(), depth + 1);
    Interval upper = intervalOf(loop.getUpperBound(), depth + 1);
    std::optional<int64_t> hi;
    if (upper.hi)
      hi = *upper.hi - 1;
    return {lower.lo, hi};
  }
  Operation *def = value.getDefiningOp();
  AffineMap map;
  ValueRange operands;
  if (auto apply = dyn_cast_or_null<affine::AffineApplyOp>(def))
    std::tie(map, operands) = std::pair(apply.getMap(), apply.getMapOperands());
  else if (auto min = dyn_cast_or_null<affine::AffineMinOp>(def))
    std::tie(map, operands) = std::pair(min.getMap(), min.getMapOperands());
  else if (auto max = dyn_cast_or_null<affine::AffineMaxOp>(def))
    std::tie(map, operands) = std::pair(max.getMap(), max.getMapOperands());
  if (!map || map.getNumResults() == 0)
    return {};
  SmallVector<Interval> dims, symbols;
  for (auto [i, operand] : llvm::enumerate(operands))
    (i < map.getNumDims() ? dims : symbols)
        .push_back(intervalOf(operand, depth + 1));
  SmallVector<Interval> results;
  for (AffineExpr expr : map.getResults())
    results.push_back(intervalOf(expr, dims, symbols));
  if (isa<affine::AffineApplyOp>(def))
    return results.front();
  // min: every result bounds it from above; max: from below.
  bool isMin = isa<affine::AffineMinOp>(def);
  Interval combined = results.front();
  for (const Interval &next : llvm::drop_begin(results)) {
    auto pick = [&](std::optional<int64_t> a, std::optional<int64_t> b,
                    bool tightensIfEither, bool takeMin) {
      if (a && b)
        return std::optional<int64_t>(takeMin ? std::min(*a, *b)
                                              : std::max(*a, *b));
      return tightensIfEither ? (a ? a : b) : std::nullopt;
    };
    combined = {pick(combined.lo, next.lo, !isMin, isMin),
                pick(combined.hi, next.hi, isMin, isMin)};
  }
  return combined;
}

/// A constant upper bound of the index `size`, if one can be proved.
std::optional<int64_t> upperBound(Value size) {
  if (std::optional<int64_t> hi = intervalOf(size, 0).hi)
    return hi;
  FailureOr<int64_t> bound = ValueBoundsConstraintSet::computeConstantBound(
      presburger::BoundType::UB, size, /*stopCondition=*/nullptr,
      /*closedUB=*/true);
  if (failed(bound))
    return std::nullopt;
  return *bound;
}

/// Replaces an allocation with dynamic sizes that have constant upper bounds
/// by a static byte buffer of the largest size and a view of the actual
/// sizes. Returns the static allocation, or null.
memref::AllocOp boundSizes(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  if (!type.getLayout().isIdentity() || !type.getElementType().isIntOrFloat())
    return nullptr;
  int64_t bytes = (type.getElementTypeBitWidth() + 7) / 8;
  for (int64_t dim : type.getShape())
    if (!ShapedType::isDynamic(dim))
      bytes *= dim;
  for (Value size : alloc.getDynamicSizes()) {
    std::optional<int64_t> bound = upperBound(size);
    if (!bound || *bound < 0)
      return nullptr;
    bytes *= std::max<int64_t>(*bound, 1);
  }
  OpBuilder builder(alloc);
  Location loc = alloc.getLoc();
  auto byteType =
      MemRefType::get({int64_t(llvm::alignTo(bytes, kAlignment))},
                      builder.getI8Type());
  auto storage = memref::AllocOp::create(builder, loc, byteType,
                                         builder.getI64IntegerAttr(kAlignment));
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value view = memref::ViewOp::create(builder, loc, type, storage, zero,
                                      alloc.getDynamicSizes());
  alloc.replaceAllUsesWith(view);
  alloc.erase();
  return storage;
}

/// Moves `alloc` (whose sizes may depend on values defined in the
/// function) above the loops and branches around it whose bodies do not
/// define those sizes, stopping at a parallel loop.
void hoistAboveLoops(memref::AllocOp alloc) {
  Operation *point = nullptr;
  for (Operation *parent = alloc->getParentOp();
       parent && !isa<func::FuncOp>(parent) && !isParallelLoop(parent);
       parent = parent->getParentOp()) {
    if (llvm::any_of(alloc->getOperands(), [&](Value size) {
          return parent->isAncestor(size.getParentRegion()->getParentOp());
        }))
      break;
    point = parent;
  }
  if (point)
    alloc->moveBefore(point);
}

/// For a size `memref.dim %iter_arg, axis` of a loop whose every iteration
/// carries a buffer of its initial buffer's size (it passes the iter_arg
/// on, or a buffer allocated before the loop with the initial buffer's
/// size, or a select of such: the buffers alternateCarriedBuffer makes),
/// the same size read from the initial buffer before the loop. Null
/// otherwise.
Value invariantCarriedSize(Value size) {
  auto dim = size.getDefiningOp<memref::DimOp>();
  auto arg = dim ? dyn_cast<BlockArgument>(dim.getSource()) : nullptr;
  auto loop = arg ? dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp())
                  : nullptr;
  std::optional<int64_t> axis = dim ? dim.getConstantIndex() : std::nullopt;
  if (!loop || arg.getArgNumber() == 0 || !axis)
    return nullptr;
  unsigned index = arg.getArgNumber() - 1;
  Value init = loop.getInitArgs()[index];
  auto sameSize = [&](Value buffer) {
    if (buffer == arg)
      return true;
    auto alloc = buffer.getDefiningOp<memref::AllocOp>();
    if (!alloc || !loop.isDefinedOutsideOfLoop(alloc))
      return false;
    MemRefType type = alloc.getType();
    if (!type.isDynamicDim(*axis))
      return false;
    Value allocSize = alloc.getDynamicSizes()[type.getDynamicDimIndex(*axis)];
    // The initial buffer's size: read from it, or the value it was
    // allocated with.
    auto readFromInit = allocSize.getDefiningOp<memref::DimOp>();
    if (readFromInit && readFromInit.getSource() == init &&
        readFromInit.getConstantIndex() == axis)
      return true;
    auto initAlloc = init.getDefiningOp<memref::AllocOp>();
    return initAlloc && initAlloc.getType().isDynamicDim(*axis) &&
           initAlloc.getDynamicSizes()[initAlloc.getType().getDynamicDimIndex(
               *axis)] == allocSize;
  };
  Value yielded = loop.getYieldedValues()[index];
  if (auto select = yielded.getDefiningOp<arith::SelectOp>()) {
    if (!sameSize(select.getTrueValue()) || !sameSize(select.getFalseValue()))
      return nullptr;
  } else if (!sameSize(yielded)) {
    return nullptr;
  }
  OpBuilder before(loop);
  return memref::DimOp::create(before, dim.getLoc(), init, *axis);
}

/// A buffer that an scf.for creates in every iteration and carries to the
/// next one (a recurrent layer's state) needs only two buffers in turn: the
/// iteration reads the one it was given and writes the other. Replaces
/// `alloc` by two buffers allocated before the loop and a select on the
/// iteration's parity, when the buffer is only carried through one
/// iter_arg, which is never passed on unchanged (that would keep a buffer
/// alive for two iterations). Returns whether it did.
bool alternateCarriedBuffer(memref::AllocOp alloc,
                            BufferViewFlowAnalysis &aliases) {
  auto loop = dyn_cast<scf::ForOp>(alloc->getParentOp());
  if (!loop || !alloc.getSymbolOperands().empty())
    return false;
  // A size read from another carried buffer that keeps its size (an LSTM's
  // cell state sized like its hidden state) is read before the loop.
  for (OpOperand &size : alloc.getDynamicSizesMutable())
    if (!loop.isDefinedOutsideOfLoop(size.get()))
      if (Value outside = invariantCarriedSize(size.get()))
        size.set(outside);
  // A size read from a carried buffer (memref.dim of an iter_arg) is the
  // size of the loop's initial buffer when the buffer carried through that
  // iter_arg is this one: checked below, used when rewriting.
  SmallVector<std::pair<unsigned, memref::DimOp>> carriedSizes;
  for (auto [index, size] : llvm::enumerate(alloc.getDynamicSizes())) {
    if (loop.isDefinedOutsideOfLoop(size))
      continue;
    auto dim = size.getDefiningOp<memref::DimOp>();
    auto arg = dim ? dyn_cast<BlockArgument>(dim.getSource()) : nullptr;
    if (!arg || arg.getOwner() != loop.getBody() || arg.getArgNumber() == 0 ||
        !dim.getConstantIndex())
      return false;
    carriedSizes.push_back({unsigned(index), dim});
  }
  std::optional<unsigned> carried;
  auto carry = [&](unsigned index) {
    if (carried && *carried != index)
      return false;
    carried = index;
    return true;
  };
  for (Value alias : aliases.resolve(alloc.getResult())) {
    if (auto arg = dyn_cast<BlockArgument>(alias)) {
      Operation *owner = arg.getOwner()->getParentOp();
      if (isa<LoopLikeOpInterface>(owner) &&
          (owner != loop || arg.getArgNumber() == 0 ||
           !carry(arg.getArgNumber() - 1)))
        return false;
    }
    if (auto result = dyn_cast<OpResult>(alias)) {
      Operation *owner = result.getOwner();
      if (isa<LoopLikeOpInterface>(owner) &&
          (owner != loop || !carry(result.getResultNumber())))
        return false;
    }
    for (OpOperand &use : alias.getUses()) {
      Operation *user = use.getOwner();
      if (isa<func::ReturnOp, scf::ConditionOp>(user))
        return false;
      if (isa<scf::YieldOp>(user) &&
          isa<LoopLikeOpInterface>(user->getParentOp()) &&
          (user->getParentOp() != loop || !carry(use.getOperandNumber())))
        return false;
    }
  }
  if (!carried)
    return false;
  for (auto [index, dim] : carriedSizes)
    if (cast<BlockArgument>(dim.getSource()).getArgNumber() - 1 != *carried)
      return false;
  // The buffer received must not be yielded again.
  Value received = loop.getRegionIterArgs()[*carried];
  for (Value alias : aliases.resolve(received))
    for (Operation *user : alias.getUsers())
      if (isa<scf::YieldOp>(user) && user->getParentOp() == loop)
        return false;

  OpBuilder before(loop);
  IRMapping sizes;
  for (auto [index, dim] : carriedSizes)
    sizes.map(dim.getResult(),
              memref::DimOp::create(before, dim.getLoc(),
                                    loop.getInitArgs()[*carried],
                                    *dim.getConstantIndex())
                  .getResult());
  Operation *even = before.clone(*alloc, sizes);
  Operation *odd = before.clone(*alloc, sizes);
  OpBuilder at(alloc);
  Location loc = alloc.getLoc();
  Value iteration = arith::DivSIOp::create(
      at, loc,
      arith::SubIOp::create(at, loc, loop.getInductionVar(),
                            loop.getLowerBound()),
      loop.getStep());
  Value parity = arith::RemSIOp::create(
      at, loc, iteration, arith::ConstantIndexOp::create(at, loc, 2));
  Value isEven = arith::CmpIOp::create(
      at, loc, arith::CmpIPredicate::eq, parity,
      arith::ConstantIndexOp::create(at, loc, 0));
  Value chosen = arith::SelectOp::create(at, loc, isEven, even->getResult(0),
                                         odd->getResult(0));
  alloc.replaceAllUsesWith(chosen);
  alloc.erase();
  hoistAboveLoops(cast<memref::AllocOp>(even));
  hoistAboveLoops(cast<memref::AllocOp>(odd));
  return true;
}

struct HoistLocalBuffersPass
    : public dlc::impl::HoistLocalBuffersBase<HoistLocalBuffersPass> {
  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp func) {
      if (!func.isExternal())
        hoist(func);
    });
  }

  void hoist(func::FuncOp func) {
    Block *entry = &func.getBody().front();
    SmallVector<memref::AllocOp> nested;
    func.walk([&](memref::AllocOp alloc) {
      if (alloc->getBlock() != entry)
        nested.push_back(alloc);
    });
    // Carried buffers first: a temporary sized like a carried state can
    // leave the loop once the state's size is known not to change.
    SmallVector<memref::AllocOp> local, carried;
    for (memref::AllocOp alloc : nested) {
      if (!alloc.getDynamicSizes().empty())
        if (memref::AllocOp bounded = boundSizes(alloc))
          alloc = bounded;
      if (!alloc.getSymbolOperands().empty())
        continue;
      BufferViewFlowAnalysis aliases(func);
      (escapesIteration(alloc.getResult(), aliases) ? carried : local)
          .push_back(alloc);
    }
    // One carried buffer's size may be read from another (an LSTM's cell
    // state from its hidden state): repeat while buffers are replaced.
    for (bool changed = true; changed;) {
      changed = false;
      for (memref::AllocOp &alloc : carried) {
        if (!alloc)
          continue;
        // The analysis is rebuilt per buffer: the rewrites add views.
        BufferViewFlowAnalysis aliases(func);
        if (alternateCarriedBuffer(alloc, aliases)) {
          alloc = nullptr;
          changed = true;
        }
      }
    }
    for (memref::AllocOp alloc : local) {
      if (!alloc.getDynamicSizes().empty()) {
        // Sized by the batch, say: as high as its sizes are defined.
        for (OpOperand &size : alloc.getDynamicSizesMutable())
          if (Value outside = invariantCarriedSize(size.get()))
            size.set(outside);
        hoistAboveLoops(alloc);
        continue;
      }
      Block *target = hoistTarget(alloc, entry);
      if (alloc->getBlock() != target)
        alloc->moveBefore(target, target->begin());
    }
  }
};

} // namespace
