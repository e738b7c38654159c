//===- Distribute.cpp - Every linalg op of an entry point as a kernel -----===//
//
// The first GPU schedule, correct for every linalg op the middle end makes:
// a thread per point of the op's parallel loops, which runs the reduction
// loops with its outputs in registers. Matmuls and convolutions get tiled
// schedules with shared memory on top of this; what this pass establishes
// is the contract of GPU entry points: device buffers in, one stream, the
// host code only computing sizes and launching kernels.
//
//===----------------------------------------------------------------------===//

#include "Codegen/LLVMGPU/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_GPUDISTRIBUTE
#include "Codegen/LLVMGPU/Passes.h.inc"
} // namespace dlc

namespace {

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

  /// Emits the point `ivs` (reduction loops' entries are set here).
  void emit(OpBuilder &b, Location loc, SmallVector<Value> ivs) {
    ivs_ = std::move(ivs);
    SmallVector<Value> accumulators;
    for (OpOperand &init : op_.getDpsInitsMutable()) {
      bool read = !reduction_.empty() ||
                  !op_.getMatchingBlockArgument(&init).use_empty();
      accumulators.push_back(read ? load(b, loc, init) : Value());
    }
    SmallVector<Value> results = nest(b, loc, 0, accumulators);
    for (auto [init, result] :
         llvm::zip_equal(op_.getDpsInitsMutable(), results))
      memref::StoreOp::create(b, loc, result, init.get(),
                              indices(b, loc, init));
  }

private:
  SmallVector<Value> indices(OpBuilder &b, Location loc, OpOperand &operand) {
    AffineMap map = op_.getMatchingIndexingMap(&operand);
    SmallVector<Value> result;
    for (AffineExpr expr : map.getResults())
      result.push_back(affine::expandAffineExpr(b, loc, expr, ivs_, {}));
    return result;
  }

  Value load(OpBuilder &b, Location loc, OpOperand &operand) {
    Value source = operand.get();
    if (!isa<MemRefType>(source.getType()))
      return source;
    return memref::LoadOp::create(b, loc, source, indices(b, loc, operand));
  }

  /// The reduction loops from `level` in, carrying the outputs.
  SmallVector<Value> nest(OpBuilder &b, Location loc, unsigned level,
                          ValueRange accumulators) {
    if (level == reduction_.size())
      return payload(b, loc, accumulators);
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
};

LogicalResult distribute(linalg::LinalgOp op, Value stream,
                         int64_t maxThreads) {
  if (!op.hasPureBufferSemantics())
    return op.emitOpError("is on tensors; the GPU lowering runs after "
                          "bufferization");
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (OpOperand &init : op.getDpsInitsMutable()) {
    AffineMap map = op.getMatchingIndexingMap(&init);
    for (auto [dim, iterator] : llvm::enumerate(iterators))
      if (iterator != utils::IteratorType::parallel && map.isFunctionOfDim(dim))
        return op.emitOpError("indexes its output by a reduction loop; "
                              "the GPU lowering needs outputs indexed by "
                              "parallel loops only");
  }

  OpBuilder b(op);
  Location loc = op.getLoc();
  SmallVector<Value> sizes;
  for (Range range : op.createLoopRanges(b, loc))
    sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, range.size));

  // One thread per point of the parallel loops.
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value points = one;
  SmallVector<unsigned> parallel;
  for (auto [dim, iterator] : llvm::enumerate(iterators)) {
    if (iterator != utils::IteratorType::parallel)
      continue;
    parallel.push_back(dim);
    points = b.createOrFold<arith::MulIOp>(loc, points, sizes[dim]);
  }
  int64_t threads = maxThreads;
  if (std::optional<int64_t> known = getConstantIntValue(points))
    threads = std::min<int64_t>(
        maxThreads, llvm::alignTo(std::max<int64_t>(*known, 1), 32));
  Value blockSize = arith::ConstantIndexOp::create(b, loc, threads);
  // At least one block: a launch of no blocks is an error in CUDA (an empty
  // batch launches one block whose threads all stop at the guard).
  Value blocks = b.createOrFold<arith::MaxUIOp>(
      loc, b.createOrFold<arith::CeilDivUIOp>(loc, points, blockSize), one);
  auto launch = gpu::LaunchOp::create(
      b, loc, blocks, one, one, blockSize, one, one,
      /*dynamicSharedMemorySize=*/nullptr, b.getType<gpu::AsyncTokenType>(),
      ValueRange{stream});

  Block &body = launch.getBody().front();
  OpBuilder kernel = OpBuilder::atBlockEnd(&body);
  gpu::TerminatorOp::create(kernel, loc);
  kernel.setInsertionPointToStart(&body);
  Value point = arith::AddIOp::create(
      kernel, loc,
      arith::MulIOp::create(kernel, loc, launch.getBlockIds().x,
                            launch.getBlockSize().x),
      launch.getThreadIds().x);
  Value inside = arith::CmpIOp::create(kernel, loc, arith::CmpIPredicate::ult,
                                       point, points);
  auto guard = scf::IfOp::create(kernel, loc, inside, /*withElseRegion=*/false);
  OpBuilder then = guard.getThenBodyBuilder();

  // The innermost parallel loop varies fastest from thread to thread.
  SmallVector<Value> ivs(iterators.size(), zero);
  Value rest = point;
  for (auto [position, dim] : llvm::enumerate(llvm::reverse(parallel))) {
    if (position + 1 == parallel.size()) {
      ivs[dim] = rest;
      break;
    }
    ivs[dim] = arith::RemUIOp::create(then, loc, rest, sizes[dim]);
    rest = arith::DivUIOp::create(then, loc, rest, sizes[dim]);
  }
  PointEmitter(op, sizes).emit(then, loc, std::move(ivs));
  op->erase();
  return success();
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

    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops)
      if (failed(distribute(op, stream, threadsPerBlock)))
        return failure();

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
};

} // namespace
