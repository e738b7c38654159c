//===- Distribute.cpp - The linalg ops of an entry point as kernels -------===//
//
// The first GPU schedule, correct for every linalg op the middle end makes:
// a thread per point of an op's parallel loops, which runs the reduction
// loops with its outputs in registers. On top of that:
//  - a chain of ops that compute buffers of one shape element by element
//    (a bias broadcast, the convolution accumulating onto it, the
//    activation) is one kernel, each thread running the chain at its
//    element; where ops of two shapes pass rows to one another (a softmax),
//    a thread runs each op over a row;
//  - a contraction with enough outputs (a matmul, a convolution as an
//    implicit GEMM) runs tiles of outputs per block, staging slices of its
//    inputs in workgroup memory;
//  - a long sum with few outputs (a weight or bias gradient over the batch)
//    is split: each thread sums a slice of the reduction loops, a block
//    adds its threads' sums in workgroup memory where its threads cover
//    whole slices, and the sums are added to the output atomically;
//  - a long sum otherwise (a dense layer over many inputs) gets a warp per
//    output, its lanes' sums added by shuffles;
//  - a thread of a kernel with reduction loops runs several points of the
//    innermost dimension where they share loads (coarsening);
//  - independent kernels that follow one another (the optimizer's updates
//    of every parameter, the copies of the results) are one launch whose
//    blocks are divided between them.
// What this pass also establishes is the contract of GPU entry points:
// device buffers in, one stream, the host code only computing sizes and
// launching kernels.
//
//===----------------------------------------------------------------------===//

#include "Codegen/LLVMGPU/KernelConfig.h"
#include "Codegen/LLVMGPU/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_GPUDISTRIBUTE
#include "Codegen/LLVMGPU/Passes.h.inc"
} // namespace dlc

namespace {

//===----------------------------------------------------------------------===//
// Which buffers may share memory
//===----------------------------------------------------------------------===//

/// The buffers an op reads and writes.
struct Accesses {
  SmallVector<Value> reads, writes;

  void append(const Accesses &other) {
    llvm::append_range(reads, other.reads);
    llvm::append_range(writes, other.writes);
  }
};

/// Whether `op` reads the current value of its output `init`.
bool readsInit(linalg::LinalgOp op, OpOperand &init) {
  return op.getNumReductionLoops() > 0 ||
         !op.getMatchingBlockArgument(&init).use_empty();
}

Accesses accessesOf(linalg::LinalgOp op) {
  Accesses result;
  for (OpOperand *input : op.getDpsInputOperands())
    if (isa<MemRefType>(input->get().getType()))
      result.reads.push_back(input->get());
  for (OpOperand &init : op.getDpsInitsMutable()) {
    if (readsInit(op, init))
      result.reads.push_back(init.get());
    result.writes.push_back(init.get());
  }
  return result;
}

/// May-alias queries between the buffers of one entry point, from what the
/// ABI promises: the scratch arena (the argument that memref.views are made
/// of) shares no memory with any other argument; the arguments the entry
/// point writes (its results) share none with each other nor with its
/// inputs, except in a training step, whose new parameters, slots and step
/// count may be the buffers of the old ones (each only of its own:
/// dlc.shared_args, or any input where that is missing); views of the arena
/// are disjoint where the scratch plan says so; constant globals are apart
/// from everything else. Any other buffer (a loop's, a select's) is any of the
/// buffers it may come from (BufferViewFlowAnalysis), or anything.
class Aliasing {
public:
  explicit Aliasing(func::FuncOp func)
      : flow_(func), entry_(&func.getBody().front()),
        inPlace_(func->hasAttr(dlc::DLCDialect::TrainAttrHelper::getNameStr())),
        shared_(func->getAttrOfType<DenseI64ArrayAttr>(
            dlc::DLCDialect::SharedArgsAttrHelper::getNameStr())) {
    func.walk([&](linalg::LinalgOp op) {
      for (Value written : accessesOf(op).writes)
        for (Value source : sources(written))
          if (isArgument(root(source)))
            written_.insert(root(source));
    });
  }

  bool mayAlias(Value a, Value b) const {
    SmallVector<Value> as = sources(a), bs = sources(b);
    if (as.empty() || bs.empty())
      return true;
    return llvm::any_of(as, [&](Value sa) {
      return llvm::any_of(bs, [&](Value sb) { return mayAliasKnown(sa, sb); });
    });
  }

  bool conflict(const Accesses &first, const Accesses &second) const {
    auto any = [&](ArrayRef<Value> as, ArrayRef<Value> bs) {
      return llvm::any_of(as, [&](Value a) {
        return llvm::any_of(bs, [&](Value b) { return mayAlias(a, b); });
      });
    };
    return any(first.writes, second.reads) ||
           any(first.writes, second.writes) || any(first.reads, second.writes);
  }

private:
  /// Whether `value` is a buffer whose memory is known: an argument of the
  /// entry point, a view of the arena, a constant global.
  bool isKnown(Value value) const {
    return isa<BaseMemRefType>(value.getType()) &&
           (isArgument(value) || value.getDefiningOp<memref::ViewOp>() ||
            value.getDefiningOp<memref::GetGlobalOp>());
  }

  /// The known buffers `value` may be a view of; none if it may be another.
  SmallVector<Value> sources(Value value) const {
    Value direct = allocation(value);
    if (isKnown(direct))
      return {direct};
    // The analysis does not look through selects (no interface for them
    // is registered).
    if (auto select = direct.getDefiningOp<arith::SelectOp>()) {
      SmallVector<Value> result = sources(select.getTrueValue());
      SmallVector<Value> other = sources(select.getFalseValue());
      if (result.empty() || other.empty())
        return {};
      llvm::append_range(result, other);
      return result;
    }
    SmallVector<Value> result;
    bool unknown = false;
    for (Value origin : flow_.resolveReverse(direct)) {
      if (!isa<BaseMemRefType>(origin.getType()))
        continue;
      Value buffer = allocation(origin);
      if (isKnown(buffer))
        result.push_back(buffer);
      else if (!origin.getDefiningOp<arith::SelectOp>() &&
               !isa<BlockArgument>(origin) &&
               !origin.getDefiningOp<RegionBranchOpInterface>() &&
               !origin.getDefiningOp<ViewLikeOpInterface>())
        unknown = true;
    }
    if (unknown)
      return {};
    return result;
  }

  /// May-alias between two known buffers.
  bool mayAliasKnown(Value ua, Value ub) const {
    if (ua == ub)
      return true;
    auto va = ua.getDefiningOp<memref::ViewOp>();
    auto vb = ub.getDefiningOp<memref::ViewOp>();
    Value ra = root(ua), rb = root(ub);
    auto ga = ra.getDefiningOp<memref::GetGlobalOp>();
    auto gb = rb.getDefiningOp<memref::GetGlobalOp>();
    if (ga || gb)
      return ga && gb && ga.getName() == gb.getName();
    if (!isArgument(ra) || !isArgument(rb))
      return true;
    if (ra == rb)
      return !(va && vb && disjoint(va, vb));
    // Distinct arguments: the arena is apart from every other, and results
    // from each other and, but in a training step, from inputs.
    if (va || vb)
      return false;
    if (shared_) {
      unsigned a = cast<BlockArgument>(ra).getArgNumber();
      unsigned b = cast<BlockArgument>(rb).getArgNumber();
      return a < shared_.size() && shared_[a] == b;
    }
    bool writtenA = written_.contains(ra), writtenB = written_.contains(rb);
    if (writtenA && writtenB)
      return false;
    return inPlace_ && (writtenA || writtenB);
  }

  /// The buffer `value` is a view of: a memref.view of the arena, or what
  /// views and reshapes lead back to.
  static Value allocation(Value value) {
    while (Operation *def = value.getDefiningOp()) {
      if (isa<memref::ViewOp>(def))
        return value;
      auto view = dyn_cast<ViewLikeOpInterface>(def);
      if (!view)
        return value;
      value = view.getViewSource();
    }
    return value;
  }

  bool isArgument(Value value) const {
    auto arg = dyn_cast<BlockArgument>(value);
    return arg && arg.getOwner() == entry_;
  }

  /// The argument (or other value) the memory of `value` comes from.
  static Value root(Value value) {
    value = allocation(value);
    if (auto view = value.getDefiningOp<memref::ViewOp>())
      return allocation(view.getSource());
    return value;
  }

  /// Whether two views of the arena never overlap, from where the scratch
  /// plan put them (dlc.scratch_slot).
  static bool disjoint(memref::ViewOp a, memref::ViewOp b) {
    using Slot = dlc::DLCDialect::ScratchSlotAttrHelper;
    Slot helper(a.getContext());
    DenseI64ArrayAttr slotA = helper.getAttr(a), slotB = helper.getAttr(b);
    if (!slotA || !slotB)
      return false;
    return slotA[0] != slotB[0] || slotA[2] <= slotB[1] || slotB[2] <= slotA[1];
  }

  BufferViewFlowAnalysis flow_;
  Block *entry_;
  llvm::SmallDenseSet<Value> written_;
  bool inPlace_;
  DenseI64ArrayAttr shared_;
};

//===----------------------------------------------------------------------===//
// Kernel plans
//===----------------------------------------------------------------------===//

/// How many points a dynamic size is assumed to have when choosing a
/// schedule (a batch).
constexpr int64_t kAssumedDynamicSize = 64;

/// The size of dimension `dim` of `buffer` if static, else an estimate from
/// the reshapes it comes from (a collapsed [batch, 26, 26] is 676 batches);
/// and whether it is exact.
std::pair<int64_t, bool> estimatedSize(Value buffer, int64_t dim) {
  auto type = cast<MemRefType>(buffer.getType());
  if (!type.isDynamicDim(dim))
    return {type.getDimSize(dim), true};
  if (auto collapse = buffer.getDefiningOp<memref::CollapseShapeOp>()) {
    int64_t size = 1;
    SmallVector<ReassociationIndices> groups =
        collapse.getReassociationIndices();
    for (int64_t inner : groups[dim])
      size *= estimatedSize(collapse.getSrc(), inner).first;
    return {size, false};
  }
  if (auto cast = buffer.getDefiningOp<memref::CastOp>())
    return estimatedSize(cast.getSource(), dim);
  return {kAssumedDynamicSize, false};
}

/// `op`'s loop sizes, dynamic ones estimated (estimatedSize).
SmallVector<int64_t> estimatedLoopSizes(linalg::LinalgOp op) {
  SmallVector<std::pair<int64_t, bool>> sizes(op.getNumLoops(),
                                              {kAssumedDynamicSize, false});
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    for (auto [index, expr] :
         llvm::enumerate(op.getMatchingIndexingMap(&operand).getResults())) {
      auto dim = dyn_cast<AffineDimExpr>(expr);
      if (!dim || sizes[dim.getPosition()].second)
        continue;
      std::pair<int64_t, bool> size = estimatedSize(operand.get(), index);
      if (size.second || size.first > sizes[dim.getPosition()].first)
        sizes[dim.getPosition()] = size;
    }
  }
  return llvm::map_to_vector(sizes, [](auto size) { return size.first; });
}

/// The loops of `op` of one kind.
SmallVector<unsigned> loopsOf(linalg::LinalgOp op, utils::IteratorType kind) {
  SmallVector<unsigned> loops;
  for (auto [dim, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (iterator == kind)
      loops.push_back(dim);
  return loops;
}

/// The product of `op`'s estimated sizes of `loops`.
int64_t estimatedPoints(linalg::LinalgOp op, ArrayRef<unsigned> loops) {
  SmallVector<int64_t> sizes = estimatedLoopSizes(op);
  int64_t points = 1;
  for (unsigned dim : loops)
    points *= sizes[dim];
  return points;
}

int64_t estimatedPoints(linalg::LinalgOp op, utils::IteratorType kind) {
  return estimatedPoints(op, loopsOf(op, kind));
}

/// Whether every output of `op` is a floating-point sum, `out + x` with `x`
/// not depending on `out`: partial sums can then be added up in any order.
bool isSum(linalg::LinalgOp op) {
  if (op.getNumReductionLoops() == 0)
    return false;
  Operation *yield = op.getBlock()->getTerminator();
  for (OpOperand &init : op.getDpsInitsMutable()) {
    if (!isa<Float32Type, Float64Type>(getElementTypeOrSelf(init.get())))
      return false;
    BlockArgument arg = op.getMatchingBlockArgument(&init);
    if (!arg.hasOneUse())
      return false;
    auto add = dyn_cast<arith::AddFOp>(*arg.getUsers().begin());
    unsigned index = init.getOperandNumber() - op.getNumDpsInputs();
    if (!add || yield->getOperand(index) != add.getResult() ||
        !add->hasOneUse())
      return false;
  }
  return true;
}

/// The kernel-config step's limits, and whether to fuse and tile.
struct Options : dlc::gpu::Limits {
  bool fuse = true, tile = true;
};

/// Whether `op` is a sum that the kernel config splits into partial sums.
bool shouldSplit(linalg::LinalgOp op, const Options &options) {
  return isSum(op) &&
         dlc::gpu::splitsSum(
             estimatedPoints(op, utils::IteratorType::parallel),
             estimatedPoints(op, utils::IteratorType::reduction), options);
}

/// For an output `init` of `op` indexed by each parallel loop once (and so
/// written once per point), the loop that indexes each of its dimensions.
std::optional<SmallVector<unsigned>> elementLoops(linalg::LinalgOp op,
                                                  OpOperand &init) {
  AffineMap map = op.getMatchingIndexingMap(&init);
  if (map.getNumResults() != op.getNumParallelLoops())
    return std::nullopt;
  SmallVector<unsigned> loops;
  for (AffineExpr expr : map.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(expr);
    if (!dim || llvm::is_contained(loops, dim.getPosition()))
      return std::nullopt;
    loops.push_back(dim.getPosition());
  }
  return loops;
}

/// A sum of products of two inputs, `out + a * b`, whose parallel loops
/// each index one input only: M loops the first (`lhs`), N loops the
/// second (`rhs`); the K loops are its reduction loops. A matmul, and a
/// convolution as an implicit GEMM (M the batch and output positions, N
/// the output channels, K the window and input channels).
struct Contraction {
  unsigned lhs, rhs;
  SmallVector<unsigned> m, n, k;
};

std::optional<Contraction> matchContraction(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 || !op.hasPureBufferSemantics())
    return std::nullopt;
  Block *body = op.getBlock();
  if (!llvm::all_of(body->getArgumentTypes(),
                    [](Type type) { return type.isF32(); }))
    return std::nullopt;
  auto add =
      body->getTerminator()->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add || body->getOperations().size() != 3)
    return std::nullopt;
  Value out = body->getArgument(2);
  Value product = add.getLhs() == out ? add.getRhs() : add.getLhs();
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if (!mul || (add.getLhs() != out && add.getRhs() != out))
    return std::nullopt;
  Contraction contraction;
  if (mul.getLhs() == body->getArgument(0) &&
      mul.getRhs() == body->getArgument(1)) {
    contraction.lhs = 0;
    contraction.rhs = 1;
  } else if (mul.getLhs() == body->getArgument(1) &&
             mul.getRhs() == body->getArgument(0)) {
    contraction.lhs = 1;
    contraction.rhs = 0;
  } else {
    return std::nullopt;
  }
  AffineMap lhs = op.getIndexingMapsArray()[contraction.lhs];
  AffineMap rhs = op.getIndexingMapsArray()[contraction.rhs];
  for (auto [dim, iterator] : llvm::enumerate(op.getIteratorTypesArray())) {
    if (iterator == utils::IteratorType::reduction) {
      contraction.k.push_back(dim);
      continue;
    }
    bool inLhs = lhs.isFunctionOfDim(dim), inRhs = rhs.isFunctionOfDim(dim);
    if (inLhs == inRhs)
      return std::nullopt;
    (inLhs ? contraction.m : contraction.n).push_back(dim);
  }
  if (contraction.m.empty() || contraction.n.empty())
    return std::nullopt;
  return contraction;
}

/// One op of a chain and how it reaches the chain's buffers.
struct Link {
  mutable linalg::LinalgOp op;
  /// The loop that indexes each dimension of the chain's buffers; empty for
  /// an op alone.
  SmallVector<unsigned> elementLoops;
  /// In a chain of rows: the loop that indexes the first dimension of the
  /// chain's buffers (the row).
  std::optional<unsigned> rowLoop;
  /// The op's accesses other than to the chain's buffers at the element.
  Accesses other;
};

/// Ops that one thread runs one after another, at one point each.
struct Chain {
  SmallVector<Link> links;
  /// The buffers the ops write element by element, all of one shape: a
  /// thread per element, which it computes in each. Empty for one op over
  /// its parallel loops.
  SmallVector<Value> elements;
  /// The op is a sum split into partial sums added atomically.
  bool split = false;
  /// How many points of the innermost dimension each thread runs: the
  /// thread at j of the `size / coarsen` runs j, j + size / coarsen, ...
  int64_t coarsen = 1;
  /// For a chain run by the tiled schedule: its contraction (the op with
  /// reduction loops; the others run at each element before or after it)
  /// and its tiles.
  std::optional<Contraction> tiled;
  unsigned tiledLink = 0;
  dlc::GPUTileConfig tile;
  /// For a chain whose sum `warpLink` a warp computes per point.
  std::optional<unsigned> warpLink;
  /// A chain of rows: its buffers (`elements`) have one first dimension,
  /// the rows, and a thread per row runs each op over the whole row (a
  /// softmax and its loss over 10 classes: a row's maximum, exponentials,
  /// sum, quotients).
  bool rows = false;

  /// Whether the threads are the elements of the chain's buffers (else the
  /// points of the one op's parallel loops, the same but for the order of
  /// a permuted output, or the rows).
  bool byElement() const {
    return !elements.empty() && links.size() > 1 && !rows;
  }

  Accesses accesses() const {
    Accesses all;
    for (const Link &link : links)
      all.append(accessesOf(link.op));
    return all;
  }
};

/// Sorts the buffers `op` reads into `link`: those of the chain (`chain`)
/// and the op's own outputs (`mine`, which include them) must each be read
/// where `inPlace` accepts their indexing map (at the element, in the
/// row); anything else must share no memory with them and goes to
/// `link.other`. False where that does not hold; `reached` is set where
/// the op reads one of `chain`.
bool sortReads(linalg::LinalgOp op, ArrayRef<Value> chain, ArrayRef<Value> mine,
               const Aliasing &aliasing, function_ref<bool(AffineMap)> inPlace,
               Link &link, bool &reached) {
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value value = input->get();
    if (!isa<MemRefType>(value.getType()))
      continue;
    if (llvm::is_contained(mine, value)) {
      if (!inPlace(op.getMatchingIndexingMap(input)))
        return false;
      reached |= llvm::is_contained(chain, value);
      continue;
    }
    if (llvm::any_of(mine, [&](Value buffer) {
          return aliasing.mayAlias(value, buffer);
        }))
      return false;
    link.other.reads.push_back(value);
  }
  return true;
}

/// How `op` runs in a chain over the buffers `elements` (none for a new
/// chain), if it can: its one output indexed by its parallel loops once
/// each, the chain's buffers read only at the element of that output (the
/// same indexing map), at least one of them read or written (unless the
/// chain is new), and nothing else it reads sharing memory with them.
std::optional<Link> linkFor(linalg::LinalgOp op, ArrayRef<Value> elements,
                            const Aliasing &aliasing) {
  if (op.getNumDpsInits() != 1)
    return std::nullopt;
  OpOperand &init = op.getDpsInitsMutable()[0];
  std::optional<SmallVector<unsigned>> loops = elementLoops(op, init);
  if (!loops)
    return std::nullopt;
  AffineMap map = op.getMatchingIndexingMap(&init);
  bool reached = elements.empty() || llvm::is_contained(elements, init.get());
  SmallVector<Value> mine(elements);
  if (!llvm::is_contained(mine, init.get()))
    mine.push_back(init.get());
  Link link{op, std::move(*loops), std::nullopt, {}};
  if (!sortReads(
          op, elements, mine, aliasing,
          [&](AffineMap read) { return read == map; }, link, reached) ||
      !reached)
    return std::nullopt;
  return link;
}

/// Whether the first dimensions of two buffers are known to have one size:
/// both static and equal, or views made with one size value.
bool sameRowCount(Value a, Value b) {
  auto type = cast<MemRefType>(a.getType());
  auto other = cast<MemRefType>(b.getType());
  if (type.getRank() == 0 || other.getRank() == 0)
    return false;
  if (!type.isDynamicDim(0) || !other.isDynamicDim(0))
    return type.getDimSize(0) == other.getDimSize(0);
  auto viewA = a.getDefiningOp<memref::ViewOp>();
  auto viewB = b.getDefiningOp<memref::ViewOp>();
  return a == b || (viewA && viewB &&
                    viewA.getSizes().front() == viewB.getSizes().front());
}

/// How `op` runs in a chain of rows over the buffers `rows` (none for a
/// new chain), if it can: each output's first dimension indexed by one
/// parallel loop, the row loop, and few enough points of its other loops
/// for a thread (the kernel config's fitsRow, a batch taken as 64); the chain's
/// buffers read only in the row (their first index the row loop), at least one
/// of them read or written (unless the chain is new) or, with `apart`, its
/// outputs known to have as many rows; and nothing else it reads sharing memory
/// with them.
std::optional<Link> rowLinkFor(linalg::LinalgOp op, ArrayRef<Value> rows,
                               const Aliasing &aliasing, bool apart) {
  std::optional<unsigned> row;
  auto rowOf = [](AffineMap map) -> std::optional<unsigned> {
    if (map.getNumResults() == 0)
      return std::nullopt;
    if (auto dim = dyn_cast<AffineDimExpr>(map.getResult(0)))
      return dim.getPosition();
    return std::nullopt;
  };
  SmallVector<Value> mine(rows);
  bool reached = rows.empty();
  for (OpOperand &init : op.getDpsInitsMutable()) {
    std::optional<unsigned> loop = rowOf(op.getMatchingIndexingMap(&init));
    if (!loop || (row && *row != *loop) ||
        !isa<MemRefType>(init.get().getType()))
      return std::nullopt;
    row = loop;
    reached |= llvm::is_contained(rows, init.get());
    if (!llvm::is_contained(mine, init.get()))
      mine.push_back(init.get());
  }
  if (!row || op.getIteratorTypesArray()[*row] != utils::IteratorType::parallel)
    return std::nullopt;
  SmallVector<int64_t> sizes = estimatedLoopSizes(op);
  int64_t points = 1;
  for (auto [dim, size] : llvm::enumerate(sizes))
    if (dim != *row)
      points *= size;
  if (!dlc::gpu::fitsRow(points))
    return std::nullopt;
  Link link{op, {}, *row, {}};
  if (!sortReads(
          op, rows, mine, aliasing,
          [&](AffineMap read) { return rowOf(read) == row; }, link, reached))
    return std::nullopt;
  // An op apart from the chain (the fill of the next sum) joins it where
  // its rows are the chain's.
  if (!reached && (!apart || !llvm::all_of(op.getDpsInits(), [&](Value init) {
        return sameRowCount(init, rows.front());
      })))
    return std::nullopt;
  return link;
}

/// Starts a chain at `op`.
Chain startChain(linalg::LinalgOp op, const Aliasing &aliasing,
                 const Options &options) {
  Chain chain;
  if (shouldSplit(op, options)) {
    chain.split = true;
  } else if (options.fuse) {
    if (std::optional<Link> link = linkFor(op, {}, aliasing)) {
      chain.links.push_back(std::move(*link));
      chain.elements.push_back(op.getDpsInits().front());
      return chain;
    }
  }
  chain.links.push_back({op, {}, std::nullopt, accessesOf(op)});
  return chain;
}

/// Adds `op` to `chain` if each thread can run it at its element after the
/// chain's ops: `op` reads or writes the chain's buffers element by
/// element, and touches nothing else that the chain writes, nor writes
/// anything else that the chain touches.
bool extendChain(Chain &chain, linalg::LinalgOp op, const Aliasing &aliasing,
                 const Options &options) {
  if (chain.elements.empty() || shouldSplit(op, options))
    return false;
  std::optional<Link> link =
      chain.rows ? rowLinkFor(op, chain.elements, aliasing, /*apart=*/true)
                 : linkFor(op, chain.elements, aliasing);
  if (!link)
    return false;
  SmallVector<Value> fresh;
  for (Value output : op.getDpsInits()) {
    if (llvm::is_contained(chain.elements, output) ||
        llvm::is_contained(fresh, output))
      continue;
    Accesses writesOutput{{}, {output}};
    // (`other` holds reads only: what the chain writes is its buffers.)
    for (const Link &earlier : chain.links)
      if (aliasing.conflict(earlier.other, writesOutput))
        return false;
    if (llvm::any_of(chain.elements, [&](Value element) {
          return aliasing.mayAlias(output, element);
        }))
      return false;
    fresh.push_back(output);
  }
  llvm::append_range(chain.elements, fresh);
  chain.links.push_back(std::move(*link));
  return true;
}

/// Extends `chain` by `op` as a chain of rows, which it becomes, if each of
/// its ops and `op` can run a row at a time (rowLinkFor) and `op` reads or
/// writes the chain's buffers: where ops of different shapes pass rows to
/// one another (a row's maximum to its elements) and no chain of elements
/// takes them all. (Independent ops are left to launch groups, which keep
/// a thread per element.)
bool extendAsRows(Chain &chain, linalg::LinalgOp op, const Aliasing &aliasing,
                  const Options &options) {
  if (chain.rows || chain.split || shouldSplit(op, options))
    return false;
  Chain rows;
  rows.rows = true;
  for (const Link &link : chain.links) {
    if (rows.links.empty()) {
      std::optional<Link> first =
          rowLinkFor(link.op, {}, aliasing, /*apart=*/false);
      if (!first)
        return false;
      rows.elements.append(link.op.getDpsInits().begin(),
                           link.op.getDpsInits().end());
      rows.links.push_back(std::move(*first));
    } else if (!extendChain(rows, link.op, aliasing, options)) {
      return false;
    }
  }
  if (!rowLinkFor(op, rows.elements, aliasing, /*apart=*/false) ||
      !extendChain(rows, op, aliasing, options))
    return false;
  chain = std::move(rows);
  return true;
}

/// Estimated bytes of kernel parameters that `chain` adds: a memref
/// descriptor per buffer, a word per size.
int64_t parameterBytes(const Chain &chain) {
  llvm::SmallDenseSet<Value> buffers;
  int64_t bytes = 0;
  for (const Link &link : chain.links) {
    for (Value operand : link.op->getOperands())
      if (auto type = dyn_cast<MemRefType>(operand.getType());
          type && buffers.insert(operand).second)
        bytes += 8 * (3 + 2 * type.getRank()) + 8 * type.getNumDynamicDims();
    bytes += 8 * link.op.getNumLoops();
  }
  return bytes;
}

/// The one op of `chain` with reduction loops, if it has exactly one.
std::optional<unsigned> onlyReduction(const Chain &chain) {
  std::optional<unsigned> main;
  for (auto [index, link] : llvm::enumerate(chain.links)) {
    if (link.op.getNumReductionLoops() == 0)
      continue;
    if (main)
      return std::nullopt;
    main = index;
  }
  return main;
}

/// Sets `chain` up for the tiled schedule if it suits: one contraction
/// among ops without reduction loops, with static N, that the kernel config
/// tiles (a batch taken as 64).
void planTiling(Chain &chain, const Options &options) {
  if (!options.tile || chain.split || chain.rows || chain.elements.empty())
    return;
  std::optional<unsigned> main = onlyReduction(chain);
  if (!main)
    return;
  linalg::LinalgOp op = chain.links[*main].op;
  std::optional<Contraction> contraction = matchContraction(op);
  if (!contraction)
    return;
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t n = 1;
  for (unsigned dim : contraction->n) {
    if (ShapedType::isDynamic(loops[dim]))
      return;
    n *= loops[dim];
  }
  std::optional<dlc::GPUTileConfig> config = dlc::gpu::getContractionConfig(
      estimatedPoints(op, contraction->m), n,
      estimatedPoints(op, contraction->k), options);
  if (!config)
    return;
  chain.tiled = std::move(contraction);
  chain.tiledLink = *main;
  chain.tile = *config;
}

/// Sets `chain` up for a warp per point if its one op with reduction loops
/// is a sum that the kernel config gives a warp (a batch taken as 64) and
/// reads none of the chain's buffers but its output.
void planWarp(Chain &chain, const Options &options) {
  if (chain.split || chain.tiled || chain.rows)
    return;
  std::optional<unsigned> main = onlyReduction(chain);
  if (!main)
    return;
  linalg::LinalgOp op = chain.links[*main].op;
  if (!isSum(op) ||
      !dlc::gpu::takesWarp(estimatedPoints(op, utils::IteratorType::reduction),
                           options))
    return;
  for (Value input : op.getDpsInputs())
    if (llvm::is_contained(chain.elements, input))
      return;
  chain.warpLink = *main;
}

/// How many points of its innermost dimension each thread of `chain` runs:
/// where an op of the chain has reduction loops whose loads some points
/// share (a convolution's input window for several output channels), and
/// the innermost dimension is static, what the kernel config says (a
/// batch taken as 64).
int64_t coarsening(const Chain &chain, const Options &options) {
  if (chain.split || chain.rows)
    return 1;
  linalg::LinalgOp first = chain.links.front().op;
  int64_t size, points;
  if (chain.byElement()) {
    auto type = cast<MemRefType>(chain.elements.front().getType());
    if (type.getRank() == 0)
      return 1;
    size = type.getShape().back();
    points = 1;
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      points *= estimatedSize(chain.elements.front(), dim).first;
  } else {
    SmallVector<int64_t> loops = first.getStaticLoopRanges();
    SmallVector<utils::IteratorType> iterators = first.getIteratorTypesArray();
    auto innermost =
        llvm::find(llvm::reverse(iterators), utils::IteratorType::parallel);
    if (innermost == iterators.rend())
      return 1;
    size = loops[std::distance(innermost, iterators.rend()) - 1];
    points = estimatedPoints(first, utils::IteratorType::parallel);
  }
  bool reduces = llvm::any_of(chain.links, [](const Link &link) {
    return link.op.getNumReductionLoops() > 0;
  });
  if (!reduces || ShapedType::isDynamic(size))
    return 1;
  return dlc::gpu::getCoarsening(size, points, options);
}

/// Kernel parameters are at most 32764 bytes from PTX 8.1 (4 KiB before),
/// which the estimate stays well under.
constexpr int64_t kMaxParameterBytes = 16384;

/// Independent chains that one launch runs, each on its own blocks.
struct Group {
  std::vector<Chain> chains;
  Accesses accesses;
  int64_t parameterBytes = 0;
};

/// The chains and launch groups of the ops of `block`, in order.
std::vector<Group> planBlock(Block &block, const Aliasing &aliasing,
                             const Options &options) {
  std::vector<Group> groups;
  std::optional<Chain> chain;
  bool groupOpen = false;
  auto closeChain = [&] {
    if (!chain)
      return;
    planTiling(*chain, options);
    planWarp(*chain, options);
    if (!chain->tiled && !chain->warpLink)
      chain->coarsen = coarsening(*chain, options);
    Accesses accesses = chain->accesses();
    int64_t bytes = parameterBytes(*chain);
    // A tiled chain, with its workgroup memory and barriers, has its own
    // launch.
    if (!groupOpen || !options.fuse || chain->tiled ||
        groups.back().chains.back().tiled ||
        aliasing.conflict(groups.back().accesses, accesses) ||
        groups.back().parameterBytes + bytes > kMaxParameterBytes) {
      groups.emplace_back();
      groupOpen = true;
    }
    Group &group = groups.back();
    group.accesses.append(accesses);
    group.parameterBytes += bytes;
    group.chains.push_back(std::move(*chain));
    chain.reset();
  };
  for (Operation &op : block) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (linalgOp) {
      if (chain &&
          (extendChain(*chain, linalgOp, aliasing, options) ||
           (options.fuse && extendAsRows(*chain, linalgOp, aliasing, options))))
        continue;
      closeChain();
      chain = startChain(linalgOp, aliasing, options);
      continue;
    }
    // Host code between kernels computes sizes and views; anything with a
    // body (a loop of kernels) ends what can be fused across it.
    if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op)) {
      closeChain();
      groupOpen = false;
    }
  }
  closeChain();
  return groups;
}

//===----------------------------------------------------------------------===//
// Kernel code
//===----------------------------------------------------------------------===//

/// The row-major indices of `linear` in `sizes`, the first taking what is
/// left. A size of zero divides as one: no index of it is ever used, but
/// the division runs (outside the guards, on the host too).
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<Value> sizes) {
  SmallVector<Value> index(sizes.size());
  for (int64_t dim = sizes.size() - 1; dim > 0; --dim) {
    Value size = sizes[dim];
    std::optional<int64_t> known = getConstantIntValue(size);
    if (!known || *known == 0)
      size = arith::MaxUIOp::create(b, loc, size,
                                    arith::ConstantIndexOp::create(b, loc, 1));
    index[dim] = arith::RemUIOp::create(b, loc, linear, size);
    linear = arith::DivUIOp::create(b, loc, linear, size);
  }
  if (!index.empty())
    index.front() = linear;
  return index;
}

/// The results of `map` at the loop indices `ivs`.
SmallVector<Value> indicesAt(OpBuilder &b, Location loc, AffineMap map,
                             ArrayRef<Value> ivs) {
  return llvm::map_to_vector(map.getResults(), [&](AffineExpr expr) {
    return affine::expandAffineExpr(b, loc, expr, ivs, {});
  });
}

/// The computation of one linalg op at one point of its parallel loops,
/// emitted inside a kernel.
class PointEmitter {
public:
  PointEmitter(linalg::LinalgOp op, ArrayRef<Value> sizes)
      : op_(op), sizes_(sizes) {
    for (auto [dim, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
      if (iterator == utils::IteratorType::reduction)
        reduction_.push_back(dim);
  }

  /// Emits the points `points` (their reduction loops' entries are set
  /// here), which share one nest of reduction loops: what each iteration
  /// loads for several of them is loaded once.
  void emit(OpBuilder &b, Location loc, ArrayRef<SmallVector<Value>> points) {
    points_.assign(points.begin(), points.end());
    SmallVector<Value> accumulators;
    for (size_t point = 0; point < points.size(); ++point) {
      ivs_ = points[point];
      for (OpOperand &init : op_.getDpsInitsMutable())
        accumulators.push_back(readsInit(op_, init) ? load(b, loc, init)
                                                    : Value());
    }
    SmallVector<Value> results = nest(b, loc, 0, accumulators);
    unsigned outputs = op_.getNumDpsInits();
    for (size_t point = 0; point < points.size(); ++point) {
      ivs_ = points[point];
      for (auto [init, result] :
           llvm::zip_equal(op_.getDpsInitsMutable(),
                           ArrayRef(results).slice(point * outputs, outputs)))
        memref::StoreOp::create(b, loc, result, init.get(),
                                indices(b, loc, init));
    }
  }

  /// Emits the partial sum of the point `ivs` over the reduction loops'
  /// points `begin` to `end` in row-major order, added to the outputs
  /// atomically (an isSum op).
  void emitPartialSum(OpBuilder &b, Location loc, SmallVector<Value> ivs,
                      Value begin, Value end) {
    addAtomically(b, loc, partialSums(b, loc, std::move(ivs), begin, end));
  }

  /// The sums of the point `ivs` over the reduction loops' points `begin`
  /// to `end` in row-major order, each from 0 (an isSum op).
  SmallVector<Value> partialSums(OpBuilder &b, Location loc,
                                 SmallVector<Value> ivs, Value begin,
                                 Value end) {
    ivs_ = std::move(ivs);
    SmallVector<Value> carried;
    for (OpOperand &init : op_.getDpsInitsMutable())
      carried.push_back(arith::ConstantOp::create(
          b, loc, b.getZeroAttr(getElementTypeOrSelf(init.get()))));
    size_t sums = carried.size();
    // The reduction loops' indices at `begin`, then stepped like an
    // odometer.
    llvm::append_range(carried, delinearize(b, loc, begin, reductionSizes()));
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto loop = scf::ForOp::create(
        b, loc, begin, end, one, carried,
        [&](OpBuilder &body, Location, Value, ValueRange iter) {
          for (auto [level, dim] : llvm::enumerate(reduction_))
            ivs_[dim] = iter[sums + level];
          SmallVector<Value> next = payload(body, loc, iter.take_front(sums));
          Value carry = arith::ConstantIntOp::create(body, loc, 1, 1);
          Value zero = arith::ConstantIndexOp::create(body, loc, 0);
          SmallVector<Value> stepped(reduction_.size());
          for (int64_t level = reduction_.size() - 1; level >= 0; --level) {
            Value index = iter[sums + level];
            Value plus = arith::AddIOp::create(body, loc, index, one);
            Value wraps =
                arith::CmpIOp::create(body, loc, arith::CmpIPredicate::eq, plus,
                                      sizes_[reduction_[level]]);
            stepped[level] = arith::SelectOp::create(
                body, loc, carry,
                arith::SelectOp::create(body, loc, wraps, zero, plus), index);
            carry = arith::AndIOp::create(body, loc, carry, wraps);
          }
          llvm::append_range(next, stepped);
          scf::YieldOp::create(body, loc, next);
        });
    return SmallVector<Value>(loop.getResults().take_front(sums));
  }

  /// Adds `sums` to the outputs at the current point atomically.
  void addAtomically(OpBuilder &b, Location loc, ValueRange sums) {
    for (auto [init, sum] : llvm::zip_equal(op_.getDpsInitsMutable(), sums))
      memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addf, sum,
                                  init.get(), indices(b, loc, init));
  }

  /// The sums of the point `ivs` over the reduction points begin,
  /// begin + step, ... below end (row-major), each from 0 (an isSum op).
  SmallVector<Value> stridedSums(OpBuilder &b, Location loc,
                                 SmallVector<Value> ivs, Value begin,
                                 Value step, Value end) {
    ivs_ = std::move(ivs);
    SmallVector<Value> zeros;
    for (OpOperand &init : op_.getDpsInitsMutable())
      zeros.push_back(arith::ConstantOp::create(
          b, loc, b.getZeroAttr(getElementTypeOrSelf(init.get()))));
    auto loop = scf::ForOp::create(
        b, loc, begin, end, step, zeros,
        [&](OpBuilder &body, Location, Value linear, ValueRange carried) {
          for (auto [dim, index] :
               llvm::zip_equal(reduction_, delinearize(body, loc, linear,
                                                       reductionSizes())))
            ivs_[dim] = index;
          scf::YieldOp::create(body, loc, payload(body, loc, carried));
        });
    return SmallVector<Value>(loop.getResults());
  }

  /// Adds `sums` to the outputs at the point `ivs` (an isSum op).
  void storeSums(OpBuilder &b, Location loc, SmallVector<Value> ivs,
                 ValueRange sums) {
    ivs_ = std::move(ivs);
    for (auto [init, sum] : llvm::zip_equal(op_.getDpsInitsMutable(), sums)) {
      Value total = arith::AddFOp::create(b, loc, load(b, loc, init), sum);
      memref::StoreOp::create(b, loc, total, init.get(), indices(b, loc, init));
    }
  }

private:
  SmallVector<Value> reductionSizes() const {
    return llvm::map_to_vector(reduction_,
                               [&](unsigned dim) { return sizes_[dim]; });
  }

  SmallVector<Value> indices(OpBuilder &b, Location loc, OpOperand &operand) {
    return indicesAt(b, loc, op_.getMatchingIndexingMap(&operand), ivs_);
  }

  Value load(OpBuilder &b, Location loc, OpOperand &operand) {
    Value source = operand.get();
    if (!isa<MemRefType>(source.getType()))
      return source;
    return memref::LoadOp::create(b, loc, source, indices(b, loc, operand));
  }

  /// The reduction loops from `level` in, carrying every point's outputs.
  SmallVector<Value> nest(OpBuilder &b, Location loc, unsigned level,
                          ValueRange accumulators) {
    if (level == reduction_.size()) {
      SmallVector<Value> results;
      unsigned outputs = op_.getNumDpsInits();
      for (size_t point = 0; point < points_.size(); ++point) {
        for (unsigned dim : reduction_)
          points_[point][dim] = ivs_[dim];
        SmallVector<Value> reduced = ivs_;
        ivs_ = points_[point];
        llvm::append_range(
            results,
            payload(b, loc, accumulators.slice(point * outputs, outputs)));
        ivs_ = std::move(reduced);
      }
      return results;
    }
    unsigned dim = reduction_[level];
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto loop = scf::ForOp::create(
        b, loc, zero, sizes_[dim], one, accumulators,
        [&](OpBuilder &body, Location, Value iv, ValueRange carried) {
          ivs_[dim] = iv;
          scf::YieldOp::create(body, loc, nest(body, loc, level + 1, carried));
        });
    return SmallVector<Value>(loop.getResults());
  }

  SmallVector<Value> payload(OpBuilder &b, Location loc,
                             ValueRange accumulators) {
    IRMapping mapping;
    for (OpOperand *input : op_.getDpsInputOperands()) {
      BlockArgument arg = op_.getMatchingBlockArgument(input);
      if (!arg.use_empty())
        mapping.map(arg, load(b, loc, *input));
    }
    for (auto [init, accumulator] :
         llvm::zip_equal(op_.getDpsInitsMutable(), accumulators))
      if (accumulator)
        mapping.map(op_.getMatchingBlockArgument(&init), accumulator);
    Block *block = op_.getBlock();
    for (Operation &inner : block->without_terminator()) {
      if (auto index = dyn_cast<linalg::IndexOp>(inner))
        mapping.map(index.getResult(), ivs_[index.getDim()]);
      else
        b.clone(inner, mapping);
    }
    return llvm::map_to_vector(
        block->getTerminator()->getOperands(),
        [&](Value value) { return mapping.lookupOrDefault(value); });
  }

  linalg::LinalgOp op_;
  ArrayRef<Value> sizes_;
  SmallVector<unsigned> reduction_;
  SmallVector<Value> ivs_;
  SmallVector<SmallVector<Value>> points_;
};

/// A chain's sizes, computed on the host before its launch.
struct ChainSizes {
  /// Each op's loop sizes.
  SmallVector<SmallVector<Value>> loops;
  /// The thread's point is a row-major index into these.
  SmallVector<Value> domain;
  Value points;
  /// For a split sum: the reduction points and how many each thread sums.
  Value reductionPoints, chunk;
  /// For a tiled chain: the contraction's M and K sizes.
  Value m, k;
  /// Threads per point: a warp's for a warp chain.
  int64_t lanes = 1;
  /// The block size the chain would have alone.
  int64_t threads;
};

ChainSizes computeSizes(OpBuilder &b, Location loc, const Chain &chain,
                        const Options &options) {
  ChainSizes sizes;
  for (const Link &link : chain.links)
    sizes.loops.push_back(
        llvm::map_to_vector(link.op.createLoopRanges(b, loc), [&](Range range) {
          return getValueOrCreateConstantIndexOp(b, loc, range.size);
        }));
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  // The product of the sizes of `loops` of the chain's op `link`.
  auto product = [&](unsigned link, ArrayRef<unsigned> loops) {
    Value result = one;
    for (unsigned dim : loops)
      result =
          b.createOrFold<arith::MulIOp>(loc, result, sizes.loops[link][dim]);
    return result;
  };
  linalg::LinalgOp first = chain.links.front().op;
  SmallVector<unsigned> parallelLoops =
      loopsOf(first, utils::IteratorType::parallel);
  if (chain.rows) {
    sizes.domain.push_back(sizes.loops.front()[*chain.links.front().rowLoop]);
  } else if (chain.byElement()) {
    for (OpFoldResult size :
         memref::getMixedSizes(b, loc, chain.elements.front()))
      sizes.domain.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
  } else {
    for (unsigned dim : parallelLoops)
      sizes.domain.push_back(sizes.loops.front()[dim]);
  }
  if (chain.split) {
    // S slices of the reduction per output: enough threads to fill the
    // GPU, each summing at least `splitChunk` points.
    Value parallel = product(0, parallelLoops);
    Value reduction =
        product(0, loopsOf(first, utils::IteratorType::reduction));
    auto constant = [&](int64_t value) {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    Value slices = b.createOrFold<arith::MaxUIOp>(
        loc, one,
        b.createOrFold<arith::MinUIOp>(
            loc,
            b.createOrFold<arith::CeilDivUIOp>(
                loc, constant(options.splitThreads),
                b.createOrFold<arith::MaxUIOp>(loc, parallel, one)),
            b.createOrFold<arith::CeilDivUIOp>(loc, reduction,
                                               constant(options.splitChunk))));
    sizes.domain.insert(sizes.domain.begin(), slices);
    sizes.reductionPoints = reduction;
    sizes.chunk = b.createOrFold<arith::CeilDivUIOp>(loc, reduction, slices);
  }
  if (chain.tiled) {
    // A block per tile: `points` counts their threads.
    sizes.m = product(chain.tiledLink, chain.tiled->m);
    sizes.k = product(chain.tiledLink, chain.tiled->k);
    int64_t n = *getConstantIntValue(product(chain.tiledLink, chain.tiled->n));
    Value tiles = b.createOrFold<arith::MulIOp>(
        loc,
        b.createOrFold<arith::CeilDivUIOp>(
            loc, sizes.m,
            arith::ConstantIndexOp::create(b, loc, chain.tile.tileM)),
        arith::ConstantIndexOp::create(b, loc,
                                       llvm::divideCeil(n, chain.tile.tileN)));
    sizes.points = b.createOrFold<arith::MulIOp>(
        loc, tiles, arith::ConstantIndexOp::create(b, loc, chain.tile.threads));
    sizes.threads = chain.tile.threads;
    return sizes;
  }
  if (chain.warpLink) {
    sizes.lanes = dlc::kWarpSize;
    sizes.reductionPoints =
        product(*chain.warpLink, loopsOf(chain.links[*chain.warpLink].op,
                                         utils::IteratorType::reduction));
  }
  if (chain.coarsen > 1) {
    std::optional<int64_t> innermost = getConstantIntValue(sizes.domain.back());
    assert(innermost && *innermost % chain.coarsen == 0 &&
           "coarsening a dimension it does not divide");
    sizes.domain.back() =
        arith::ConstantIndexOp::create(b, loc, *innermost / chain.coarsen);
  }
  sizes.points = one;
  for (Value size : sizes.domain)
    sizes.points = b.createOrFold<arith::MulIOp>(loc, sizes.points, size);
  sizes.threads = options.threadsPerBlock;
  if (std::optional<int64_t> known = getConstantIntValue(sizes.points))
    sizes.threads = std::min<int64_t>(
        options.threadsPerBlock,
        llvm::alignTo(std::max<int64_t>(*known * sizes.lanes, 1), 32));
  return sizes;
}

/// The loop indices of `link` at the point `index` of a chain's domain
/// (its buffers' elements, or the one op's parallel loops); reduction
/// loops' entries are left to the emitter.
SmallVector<Value> linkIvs(const Chain &chain, const Link &link,
                           ArrayRef<Value> index, Value zero) {
  SmallVector<Value> ivs(link.op.getNumLoops(), zero);
  if (chain.rows) {
    ivs[*link.rowLoop] = index.front();
    return ivs;
  }
  if (chain.byElement()) {
    for (auto [dim, loop] : llvm::enumerate(link.elementLoops))
      ivs[loop] = index[dim];
    return ivs;
  }
  unsigned next = 0;
  for (auto [dim, iterator] : llvm::enumerate(link.op.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::parallel)
      ivs[dim] = index[next++];
  return ivs;
}

/// A warp chain at the thread `thread`: the warp's point computes the sum
/// (each lane the points lane, lane + 32, ... of the reduction loops, then
/// a butterfly of shuffles), and lane 0 runs the chain's ops at the point.
/// The shuffles are outside any condition on the thread: a warp past the
/// last point sums nothing.
void emitWarpChain(OpBuilder &b, Location loc, const Chain &chain,
                   const ChainSizes &sizes, Value thread) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value warpSize = arith::ConstantIndexOp::create(b, loc, dlc::kWarpSize);
  Value point = arith::DivUIOp::create(b, loc, thread, warpSize);
  Value lane = arith::RemUIOp::create(b, loc, thread, warpSize);
  Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, point,
                                       sizes.points);
  SmallVector<Value> index = delinearize(b, loc, point, sizes.domain);
  unsigned main = *chain.warpLink;
  const Link &sum = chain.links[main];
  PointEmitter emitter(sum.op, sizes.loops[main]);
  SmallVector<Value> ivs = linkIvs(chain, sum, index, zero);
  SmallVector<Type> types =
      llvm::map_to_vector(sum.op.getDpsInits(), [](Value init) {
        return getElementTypeOrSelf(init.getType());
      });
  auto partial = scf::IfOp::create(b, loc, types, inside, /*withElse=*/true);
  {
    OpBuilder then = partial.getThenBodyBuilder();
    scf::YieldOp::create(then, loc,
                         emitter.stridedSums(then, loc, ivs, lane, warpSize,
                                             sizes.reductionPoints));
    OpBuilder otherwise = partial.getElseBodyBuilder();
    scf::YieldOp::create(otherwise, loc,
                         llvm::map_to_vector(types, [&](Type type) -> Value {
                           return arith::ConstantOp::create(
                               otherwise, loc, otherwise.getZeroAttr(type));
                         }));
  }
  SmallVector<Value> totals(partial.getResults());
  Value width = arith::ConstantIntOp::create(b, loc, dlc::kWarpSize, 32);
  for (Value &total : totals)
    for (int64_t offset = dlc::kWarpSize / 2; offset > 0; offset /= 2) {
      auto shuffle = gpu::ShuffleOp::create(
          b, loc, total, arith::ConstantIntOp::create(b, loc, offset, 32),
          width, gpu::ShuffleMode::XOR);
      total = arith::AddFOp::create(b, loc, total, shuffle.getShuffleResult());
    }
  Value first =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane, zero);
  auto guard = scf::IfOp::create(
      b, loc, arith::AndIOp::create(b, loc, inside, first), /*withElse=*/false);
  OpBuilder then = guard.getThenBodyBuilder();
  for (auto [position, link] : llvm::enumerate(chain.links)) {
    SmallVector<Value> linkIndex = linkIvs(chain, link, index, zero);
    if (position == main)
      emitter.storeSums(then, loc, std::move(linkIndex), totals);
    else
      PointEmitter(link.op, sizes.loops[position]).emit(then, loc, {linkIndex});
  }
}

/// `link`'s op over its row (the row loop's entry of `ivs`): its other
/// parallel loops in order, outermost first, and at each point its
/// reduction loops.
void emitRow(OpBuilder &b, Location loc, const Link &link,
             ArrayRef<Value> loops, SmallVector<Value> ivs) {
  SmallVector<unsigned> parallel;
  for (unsigned dim : loopsOf(link.op, utils::IteratorType::parallel))
    if (dim != *link.rowLoop)
      parallel.push_back(dim);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  std::function<void(OpBuilder &, unsigned)> nest = [&](OpBuilder &at,
                                                        unsigned level) {
    if (level == parallel.size()) {
      PointEmitter(link.op, loops).emit(at, loc, {ivs});
      return;
    }
    scf::ForOp::create(at, loc, zero, loops[parallel[level]], one, ValueRange{},
                       [&](OpBuilder &body, Location, Value iv, ValueRange) {
                         ivs[parallel[level]] = iv;
                         nest(body, level + 1);
                         scf::YieldOp::create(body, loc);
                       });
  };
  nest(b, 0);
}

/// The chain's ops at the thread's `point`, a row-major index into the
/// chain's domain.
void emitChain(OpBuilder &b, Location loc, const Chain &chain,
               const ChainSizes &sizes, Value point) {
  // The innermost dimension varies fastest from thread to thread.
  SmallVector<Value> index = delinearize(b, loc, point, sizes.domain);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  ArrayRef<Value> pointIndex = index;
  if (chain.split)
    pointIndex = pointIndex.drop_front();
  for (auto [link, loops] : llvm::zip_equal(chain.links, sizes.loops)) {
    linalg::LinalgOp op = link.op;
    SmallVector<Value> ivs = linkIvs(chain, link, pointIndex, zero);
    if (chain.rows) {
      emitRow(b, loc, link, loops, std::move(ivs));
      continue;
    }
    if (chain.split) {
      Value begin = arith::MulIOp::create(b, loc, index.front(), sizes.chunk);
      Value end = arith::MinUIOp::create(
          b, loc, arith::AddIOp::create(b, loc, begin, sizes.chunk),
          sizes.reductionPoints);
      PointEmitter(op, loops).emitPartialSum(b, loc, std::move(ivs), begin,
                                             end);
      continue;
    }
    SmallVector<SmallVector<Value>> points{ivs};
    if (chain.coarsen > 1) {
      // A coarsened thread's other points along the innermost dimension
      // (coarsening needs one).
      unsigned innermost = 0;
      if (chain.byElement())
        innermost = link.elementLoops.back();
      else
        for (auto [dim, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
          if (iterator == utils::IteratorType::parallel)
            innermost = dim;
      for (int64_t k = 1; k < chain.coarsen; ++k) {
        ivs[innermost] = arith::AddIOp::create(
            b, loc, index.back(),
            arith::MulIOp::create(b, loc, sizes.domain.back(),
                                  arith::ConstantIndexOp::create(b, loc, k)));
        points.push_back(ivs);
      }
    }
    PointEmitter(op, loops).emit(b, loc, points);
  }
}

/// For a split sum whose block of `threads` threads covers whole slices of
/// its outputs (one f32 output, a static number of points dividing
/// `threads`): that number, else 0. Such a block adds its threads' partial
/// sums in workgroup memory first, and one thread per output adds the
/// block's sum atomically.
int64_t blockReducedPoints(const Chain &chain, int64_t threads) {
  if (!chain.split)
    return 0;
  linalg::LinalgOp op = chain.links.front().op;
  if (op.getNumDpsInits() != 1 ||
      !getElementTypeOrSelf(op.getDpsInits().front()).isF32())
    return 0;
  int64_t points = 1;
  for (auto [size, iterator] :
       llvm::zip_equal(op.getStaticLoopRanges(), op.getIteratorTypesArray())) {
    if (iterator != utils::IteratorType::parallel)
      continue;
    if (ShapedType::isDynamic(size))
      return 0;
    points *= size;
  }
  return points < threads && threads % points == 0 ? points : 0;
}

/// A block-reduced split chain at the thread `point` (`thread` in its
/// block); `partials` is the workgroup buffer of one float per thread. The
/// barriers are outside any condition on the thread: a thread past the
/// last point adds 0.
void emitBlockReducedChain(OpBuilder &b, Location loc, const Chain &chain,
                           const ChainSizes &sizes, Value point, Value thread,
                           Value partials, int64_t threads, int64_t outputs) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, point,
                                       sizes.points);
  SmallVector<Value> index = delinearize(b, loc, point, sizes.domain);
  const Link &link = chain.links.front();
  SmallVector<Value> ivs =
      linkIvs(chain, link, ArrayRef<Value>(index).drop_front(), zero);
  PointEmitter emitter(link.op, sizes.loops.front());
  Value begin = arith::MulIOp::create(b, loc, index.front(), sizes.chunk);
  Value end = arith::MinUIOp::create(
      b, loc, arith::AddIOp::create(b, loc, begin, sizes.chunk),
      sizes.reductionPoints);
  auto partial = scf::IfOp::create(b, loc, TypeRange{b.getF32Type()}, inside,
                                   /*withElse=*/true);
  {
    OpBuilder then = partial.getThenBodyBuilder();
    scf::YieldOp::create(then, loc,
                         emitter.partialSums(then, loc, ivs, begin, end));
    OpBuilder otherwise = partial.getElseBodyBuilder();
    scf::YieldOp::create(otherwise, loc,
                         ValueRange{arith::ConstantOp::create(
                             otherwise, loc, otherwise.getF32FloatAttr(0))});
  }
  memref::StoreOp::create(b, loc, partial.getResult(0), partials, thread);
  gpu::BarrierOp::create(b, loc);
  // Thread t holds output t mod `outputs`: halving strides that are
  // multiples of `outputs` add the slices of each output.
  for (int64_t stride = threads / 2; stride >= outputs; stride /= 2) {
    Value strideValue = arith::ConstantIndexOp::create(b, loc, stride);
    auto active = scf::IfOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, thread,
                              strideValue),
        /*withElse=*/false);
    OpBuilder then = active.getThenBodyBuilder();
    Value mine = memref::LoadOp::create(then, loc, partials, thread);
    Value other = memref::LoadOp::create(
        then, loc, partials,
        ValueRange{arith::AddIOp::create(then, loc, thread, strideValue)});
    memref::StoreOp::create(then, loc,
                            arith::AddFOp::create(then, loc, mine, other),
                            partials, thread);
    gpu::BarrierOp::create(b, loc);
  }
  // The block's first `outputs` threads are its first slice, one per
  // output; if that slice is past the end, so is the whole block.
  Value first =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, thread,
                            arith::ConstantIndexOp::create(b, loc, outputs));
  auto guard = scf::IfOp::create(
      b, loc, arith::AndIOp::create(b, loc, first, inside), /*withElse=*/false);
  OpBuilder then = guard.getThenBodyBuilder();
  // The emitter's point is still this thread's.
  emitter.addAtomically(
      then, loc,
      ValueRange{memref::LoadOp::create(then, loc, partials, thread)});
}

/// The workgroup buffers of a tiled chain: a tileK x tileM slice of the
/// first input (a column of padding against bank conflicts) and a
/// tileK x tileN slice of the second.
SmallVector<Type> tileBufferTypes(MLIRContext *context, const Chain &chain) {
  auto workgroup = gpu::AddressSpaceAttr::get(
      context, gpu::GPUDialect::getWorkgroupAddressSpace());
  Type f32 = Float32Type::get(context);
  const dlc::GPUTileConfig &tile = chain.tile;
  return {
      MemRefType::get({tile.tileK, tile.tileM + 1}, f32, AffineMap(),
                      workgroup),
      MemRefType::get({tile.tileK, tile.tileN}, f32, AffineMap(), workgroup)};
}

/// The tiled schedule of `chain` for the block `tile` (row-major over the
/// tiles of M x N) and its thread `thread`; `lhsTile` and `rhsTile` are the
/// workgroup buffers. The thread computes the outputs (m0 + 16 r, n0 + 16 c)
/// of the tile, m0 and n0 from its position in 16 x 16.
void emitTiledChain(OpBuilder &b, Location loc, const Chain &chain,
                    const ChainSizes &sizes, Value tile, Value thread,
                    Value lhsTile, Value rhsTile) {
  const Contraction &contraction = *chain.tiled;
  const Link &mainLink = chain.links[chain.tiledLink];
  linalg::LinalgOp op = mainLink.op;
  ArrayRef<Value> loops = sizes.loops[chain.tiledLink];
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value zero = constant(0);
  Value zeroF = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  int64_t n = 1;
  for (unsigned dim : contraction.n)
    n *= *getConstantIntValue(loops[dim]);
  const int64_t tileM = chain.tile.tileM, tileN = chain.tile.tileN,
                tileK = chain.tile.tileK, blockThreads = chain.tile.threads,
                rowsPerThread = tileM / 16, colsPerThread = tileN / 16;
  Value nSize = constant(n);

  // Sets the entries of `ivs` for `dims` from their row-major `linear`.
  auto setIvs = [&](OpBuilder &at, Value linear, ArrayRef<unsigned> dims,
                    SmallVector<Value> &ivs) {
    SmallVector<Value> sizes =
        llvm::map_to_vector(dims, [&](unsigned dim) { return loops[dim]; });
    for (auto [dim, index] :
         llvm::zip_equal(dims, delinearize(at, loc, linear, sizes)))
      ivs[dim] = index;
  };
  auto less = [&](OpBuilder &at, Value a, Value bound) -> Value {
    return arith::CmpIOp::create(at, loc, arith::CmpIPredicate::ult, a, bound);
  };
  // `value` if `condition`, else 0.
  auto loadIf = [&](OpBuilder &at, Value condition,
                    function_ref<Value(OpBuilder &)> load) -> Value {
    auto choice = scf::IfOp::create(at, loc, TypeRange{at.getF32Type()},
                                    condition, /*withElse=*/true);
    OpBuilder then = choice.getThenBodyBuilder();
    scf::YieldOp::create(then, loc, load(then));
    OpBuilder otherwise = choice.getElseBodyBuilder();
    scf::YieldOp::create(otherwise, loc, zeroF);
    return choice.getResult(0);
  };

  Value tilesN = constant(llvm::divideCeil(n, tileN));
  Value mBase = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, tile, tilesN), constant(tileM));
  Value nBase = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, tile, tilesN), constant(tileN));
  Value row = arith::DivUIOp::create(b, loc, thread, constant(16));
  Value col = arith::RemUIOp::create(b, loc, thread, constant(16));

  // The thread's outputs: the op's loop indices at each and whether it is
  // inside the sizes.
  struct Output {
    SmallVector<Value> ivs;
    Value inside;
  };
  SmallVector<Output> outputs;
  for (int64_t r = 0; r < rowsPerThread; ++r) {
    Value m = arith::AddIOp::create(
        b, loc, mBase, arith::AddIOp::create(b, loc, row, constant(16 * r)));
    for (int64_t c = 0; c < colsPerThread; ++c) {
      Value nIndex = arith::AddIOp::create(
          b, loc, nBase, arith::AddIOp::create(b, loc, col, constant(16 * c)));
      Value inside = arith::AndIOp::create(b, loc, less(b, m, sizes.m),
                                           less(b, nIndex, nSize));
      // Indices past the sizes are only used under `inside`.
      SmallVector<Value> ivs(op.getNumLoops(), zero);
      setIvs(b, m, contraction.m, ivs);
      setIvs(b, nIndex, contraction.n, ivs);
      outputs.push_back({std::move(ivs), inside});
    }
  }

  // The other ops of the chain at an output, the element the contraction
  // writes there.
  auto runLinks = [&](OpBuilder &at, const Output &output, unsigned begin,
                      unsigned end) {
    for (unsigned index = begin; index < end; ++index) {
      const Link &link = chain.links[index];
      SmallVector<Value> ivs(link.op.getNumLoops(), zero);
      for (auto [dim, loop] : llvm::enumerate(link.elementLoops))
        ivs[loop] = output.ivs[mainLink.elementLoops[dim]];
      PointEmitter(link.op, sizes.loops[index]).emit(at, loc, {ivs});
    }
  };
  OpOperand &init = op.getDpsInitsMutable()[0];
  AffineMap outputMap = op.getMatchingIndexingMap(&init);
  SmallVector<Value> accumulators;
  for (const Output &output : outputs) {
    auto guard = scf::IfOp::create(b, loc, TypeRange{b.getF32Type()},
                                   output.inside, /*withElse=*/true);
    OpBuilder then = guard.getThenBodyBuilder();
    runLinks(then, output, 0, chain.tiledLink);
    scf::YieldOp::create(then, loc,
                         ValueRange{memref::LoadOp::create(
                             then, loc, init.get(),
                             indicesAt(then, loc, outputMap, output.ivs))});
    OpBuilder otherwise = guard.getElseBodyBuilder();
    scf::YieldOp::create(otherwise, loc, ValueRange{zeroF});
    accumulators.push_back(guard.getResult(0));
  }

  // Stores the slice of `input` (indexed by `dims` from `base`, below
  // `bound`, and by the K loops from `k0`) into `tile`[kk][j], j below
  // `extent`; zeros past the sizes.
  auto stage = [&](OpBuilder &body, Value k0, Value input, AffineMap map,
                   ArrayRef<unsigned> dims, Value base, Value bound,
                   int64_t extent, bool kFastest, Value tile) {
    int64_t fastSize = kFastest ? tileK : extent;
    for (int64_t q = 0; q < extent * tileK / blockThreads; ++q) {
      Value e =
          arith::AddIOp::create(body, loc, thread, constant(blockThreads * q));
      Value fast = arith::RemUIOp::create(body, loc, e, constant(fastSize));
      Value slow = arith::DivUIOp::create(body, loc, e, constant(fastSize));
      Value kk = kFastest ? fast : slow, j = kFastest ? slow : fast;
      Value index = arith::AddIOp::create(body, loc, base, j);
      Value k = arith::AddIOp::create(body, loc, k0, kk);
      Value inside = arith::AndIOp::create(body, loc, less(body, index, bound),
                                           less(body, k, sizes.k));
      Value value = loadIf(body, inside, [&](OpBuilder &at) {
        SmallVector<Value> ivs(op.getNumLoops(), zero);
        setIvs(at, index, dims, ivs);
        setIvs(at, k, contraction.k, ivs);
        return memref::LoadOp::create(at, loc, input,
                                      indicesAt(at, loc, map, ivs));
      });
      memref::StoreOp::create(body, loc, value, tile, ValueRange{kk, j});
    }
  };
  AffineMap lhsMap = op.getIndexingMapsArray()[contraction.lhs];
  AffineMap rhsMap = op.getIndexingMapsArray()[contraction.rhs];
  Value lhs = op.getDpsInputs()[contraction.lhs];
  Value rhs = op.getDpsInputs()[contraction.rhs];
  auto loop = scf::ForOp::create(
      b, loc, zero, sizes.k, constant(tileK), accumulators,
      [&](OpBuilder &body, Location, Value k0, ValueRange carried) {
        // Stage the slices: element e of the tile is thread + 256 q; along
        // K fastest for the first input, along N for the second, as they
        // lie in memory (a convolution's input channels, a weight's
        // output channels).
        stage(body, k0, lhs, lhsMap, contraction.m, mBase, sizes.m, tileM,
              /*kFastest=*/true, lhsTile);
        stage(body, k0, rhs, rhsMap, contraction.n, nBase, nSize, tileN,
              /*kFastest=*/false, rhsTile);
        gpu::BarrierOp::create(body, loc);
        // The products, in the order of the reduction loops (what a thread
        // alone would compute; past the end, zeros are added).
        SmallVector<Value> sums(carried);
        for (int64_t kk = 0; kk < tileK; ++kk) {
          SmallVector<Value> a, bv;
          for (int64_t r = 0; r < rowsPerThread; ++r)
            a.push_back(memref::LoadOp::create(
                body, loc, lhsTile,
                ValueRange{
                    constant(kk),
                    arith::AddIOp::create(body, loc, row, constant(16 * r))}));
          for (int64_t c = 0; c < colsPerThread; ++c)
            bv.push_back(memref::LoadOp::create(
                body, loc, rhsTile,
                ValueRange{
                    constant(kk),
                    arith::AddIOp::create(body, loc, col, constant(16 * c))}));
          for (int64_t r = 0; r < rowsPerThread; ++r)
            for (int64_t c = 0; c < colsPerThread; ++c) {
              Value &sum = sums[r * colsPerThread + c];
              sum = arith::AddFOp::create(
                  body, loc, sum,
                  arith::MulFOp::create(body, loc, a[r], bv[c]));
            }
        }
        gpu::BarrierOp::create(body, loc);
        scf::YieldOp::create(body, loc, sums);
      });

  for (auto [output, sum] : llvm::zip_equal(outputs, loop.getResults())) {
    auto guard = scf::IfOp::create(b, loc, output.inside, /*withElse=*/false);
    OpBuilder then = guard.getThenBodyBuilder();
    memref::StoreOp::create(then, loc, sum, init.get(),
                            indicesAt(then, loc, outputMap, output.ivs));
    runLinks(then, output, chain.tiledLink + 1, chain.links.size());
  }
}

/// One launch for the group, in place of its last op: each chain gets
/// consecutive blocks.
void emitGroup(const Group &group, Value stream, const Options &options) {
  Operation *last = group.chains.back().links.back().op;
  OpBuilder b(last);
  Location loc = group.chains.size() == 1
                     ? group.chains.front().links.front().op.getLoc()
                     : b.getFusedLoc(llvm::map_to_vector(
                           group.chains, [](const Chain &chain) {
                             return chain.links.front().op.getLoc();
                           }));
  SmallVector<ChainSizes> sizes;
  int64_t threads = 0;
  for (const Chain &chain : group.chains) {
    sizes.push_back(computeSizes(b, loc, chain, options));
    threads = std::max(threads, sizes.back().threads);
  }
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value blockSize = arith::ConstantIndexOp::create(b, loc, threads);
  // Each chain gets at least one block: a launch of no blocks is an error
  // in CUDA (an empty batch launches one block whose threads all stop at
  // the guard).
  SmallVector<Value> firstBlocks;
  Value blocks = arith::ConstantIndexOp::create(b, loc, 0);
  for (const ChainSizes &chain : sizes) {
    firstBlocks.push_back(blocks);
    blocks = b.createOrFold<arith::AddIOp>(
        loc, blocks,
        b.createOrFold<arith::MaxUIOp>(
            loc,
            b.createOrFold<arith::CeilDivUIOp>(
                loc,
                b.createOrFold<arith::MulIOp>(
                    loc, chain.points,
                    arith::ConstantIndexOp::create(b, loc, chain.lanes)),
                blockSize),
            one));
  }
  const Chain *tiled =
      group.chains.front().tiled ? &group.chains.front() : nullptr;
  SmallVector<Type> workgroup;
  if (tiled)
    workgroup = tileBufferTypes(b.getContext(), *tiled);
  // One buffer of partial sums for the block-reduced split chains (a block
  // runs one chain).
  bool blockReduced = llvm::any_of(group.chains, [&](const Chain &chain) {
    return blockReducedPoints(chain, threads) != 0;
  });
  if (blockReduced)
    workgroup.push_back(MemRefType::get(
        {threads}, b.getF32Type(), AffineMap(),
        gpu::AddressSpaceAttr::get(
            b.getContext(), gpu::GPUDialect::getWorkgroupAddressSpace())));
  auto launch = gpu::LaunchOp::create(
      b, loc, blocks, one, one, blockSize, one, one,
      /*dynamicSharedMemorySize=*/nullptr, b.getType<gpu::AsyncTokenType>(),
      ValueRange{stream}, workgroup);

  Block &body = launch.getBody().front();
  OpBuilder kernel = OpBuilder::atBlockEnd(&body);
  gpu::TerminatorOp::create(kernel, loc);
  kernel.setInsertionPointToStart(&body);
  Value blockId = launch.getBlockIds().x;
  // The chains from the last: block ids from firstBlocks[i] on are chain i.
  for (int64_t i = group.chains.size() - 1; i >= 0; --i) {
    OpBuilder here = kernel;
    if (i > 0) {
      Value mine = arith::CmpIOp::create(kernel, loc, arith::CmpIPredicate::uge,
                                         blockId, firstBlocks[i]);
      auto choice = scf::IfOp::create(kernel, loc, mine, /*withElse=*/true);
      here = choice.getThenBodyBuilder();
      kernel = choice.getElseBodyBuilder();
    }
    Value local =
        here.createOrFold<arith::SubIOp>(loc, blockId, firstBlocks[i]);
    if (group.chains[i].tiled) {
      // Every thread of the block reaches the barriers: no guard.
      emitTiledChain(here, loc, group.chains[i], sizes[i], local,
                     launch.getThreadIds().x,
                     launch.getWorkgroupAttributions()[0],
                     launch.getWorkgroupAttributions()[1]);
      continue;
    }
    Value point = arith::AddIOp::create(
        here, loc,
        arith::MulIOp::create(here, loc, local, launch.getBlockSize().x),
        launch.getThreadIds().x);
    if (group.chains[i].warpLink) {
      emitWarpChain(here, loc, group.chains[i], sizes[i], point);
      continue;
    }
    if (int64_t outputs = blockReducedPoints(group.chains[i], threads)) {
      emitBlockReducedChain(
          here, loc, group.chains[i], sizes[i], point, launch.getThreadIds().x,
          launch.getWorkgroupAttributions().back(), threads, outputs);
      continue;
    }
    Value inside = arith::CmpIOp::create(here, loc, arith::CmpIPredicate::ult,
                                         point, sizes[i].points);
    auto guard = scf::IfOp::create(here, loc, inside, /*withElse=*/false);
    OpBuilder then = guard.getThenBodyBuilder();
    emitChain(then, loc, group.chains[i], sizes[i], point);
  }
  for (const Chain &chain : group.chains)
    for (const Link &link : chain.links)
      link.op->erase();
}

/// Whether `op`, left on the host, reads or writes memory.
bool accessesMemory(Operation *op) {
  if (isa<memref::AllocOp, memref::AllocaOp>(op))
    return true;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return !op->hasTrait<OpTrait::HasRecursiveMemoryEffects>() &&
           op->getNumRegions() == 0;
  return effects.hasEffect<MemoryEffects::Read>() ||
         effects.hasEffect<MemoryEffects::Write>();
}

struct GPUDistributePass
    : public dlc::impl::GPUDistributeBase<GPUDistributePass> {
  using Base::Base;

  void runOnOperation() override {
    if (threadsPerBlock <= 0 || threadsPerBlock % 32 != 0 ||
        threadsPerBlock > 1024) {
      getOperation().emitError("dlc-gpu-distribute: threads-per-block must "
                               "be a multiple of 32 up to 1024, not ")
          << threadsPerBlock.getValue();
      return signalPassFailure();
    }
    if (splitThreads <= 0 || splitChunk <= 0 || coarsen <= 0) {
      getOperation().emitError("dlc-gpu-distribute: split-threads, "
                               "split-chunk and coarsen must be positive");
      return signalPassFailure();
    }
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() ||
          !func->hasAttr(dlc::DLCDialect::EntryAttrHelper::getNameStr()))
        continue;
      if (failed(distributeEntry(func)))
        return signalPassFailure();
    }
  }

  LogicalResult distributeEntry(func::FuncOp func) {
    Block &entry = func.getBody().front();
    Value stream = entry.addArgument(gpu::AsyncTokenType::get(&getContext()),
                                     func.getLoc());
    func.setFunctionType(FunctionType::get(
        &getContext(), entry.getArgumentTypes(), func.getResultTypes()));

    WalkResult checked = func.walk([&](linalg::LinalgOp op) {
      return failed(check(op)) ? WalkResult::interrupt()
                               : WalkResult::advance();
    });
    if (checked.wasInterrupted())
      return failure();

    Options options;
    options.threadsPerBlock = threadsPerBlock;
    options.splitMinReduction = splitMinReduction;
    options.splitThreads = splitThreads;
    options.splitChunk = splitChunk;
    options.warpMinReduction = warpMinReduction;
    options.coarsen = coarsen;
    options.fuse = fuse;
    options.tile = tile;
    Aliasing aliasing(func);
    func->removeAttr(dlc::DLCDialect::SharedArgsAttrHelper::getNameStr());
    SmallVector<Block *> blocks;
    func.walk([&](Block *block) {
      if (llvm::any_of(*block,
                       [](Operation &op) { return isa<linalg::LinalgOp>(op); }))
        blocks.push_back(block);
    });
    for (Block *block : blocks)
      for (const Group &group : planBlock(*block, aliasing, options))
        emitGroup(group, stream, options);

    WalkResult host = func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (!accessesMemory(op))
        return WalkResult::advance();
      op->emitOpError("accesses memory on the host; in a GPU entry point "
                      "every buffer is device memory that only kernels "
                      "read and write");
      return WalkResult::interrupt();
    });
    return failure(host.wasInterrupted());
  }

  static LogicalResult check(linalg::LinalgOp op) {
    if (!op.hasPureBufferSemantics())
      return op.emitOpError("is on tensors; the GPU lowering runs after "
                            "bufferization");
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    for (OpOperand &init : op.getDpsInitsMutable()) {
      AffineMap map = op.getMatchingIndexingMap(&init);
      for (auto [dim, iterator] : llvm::enumerate(iterators))
        if (iterator != utils::IteratorType::parallel &&
            map.isFunctionOfDim(dim))
          return op.emitOpError("indexes its output by a reduction loop; "
                                "the GPU lowering needs outputs indexed by "
                                "parallel loops only");
    }
    return success();
  }
};

} // namespace
