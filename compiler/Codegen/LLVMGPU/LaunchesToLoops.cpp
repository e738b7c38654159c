//===- LaunchesToLoops.cpp - GPU kernels as loops on the host -------------===//
//
// Each gpu.launch becomes loops over its blocks and threads on the host. A
// kernel whose threads work together (gpu.barrier, gpu.shuffle, workgroup
// memory) is split at each collective into phases, each a loop over the
// threads of the block: a value that one phase computes and a later one
// uses goes through a per-thread slot in between, and the control flow
// around collectives (loops over tiles, say) runs once per block.
//
//===----------------------------------------------------------------------===//

#include "Codegen/LLVMGPU/Passes.h"
#include "dlc/DLC.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_GPULAUNCHESTOLOOPS
#include "Codegen/LLVMGPU/Passes.h.inc"
} // namespace dlc

namespace {

bool isCollective(Operation *op) {
  return isa<gpu::BarrierOp, gpu::ShuffleOp>(op);
}

bool containsCollective(Operation *op) {
  return op
      ->walk([](Operation *inner) {
        return isCollective(inner) ? WalkResult::interrupt()
                                   : WalkResult::advance();
      })
      .wasInterrupted();
}

/// A block of a kernel with collectives, run by loops over its threads
/// split at the collectives.
class BlockEmulator {
public:
  /// `slots` inserts the per-thread slots (before the loops over blocks);
  /// `uniform` maps the values that are the same for the whole block.
  BlockEmulator(gpu::LaunchOp launch, OpBuilder slots, Value threads,
                bool reverse, IRMapping uniform)
      : launch_(launch), slotBuilder_(slots), threads_(threads),
        reverse_(reverse), uniform_(std::move(uniform)) {}

  /// Emits the ops of `source` but its terminator at `b`, a point run once
  /// per block.
  LogicalResult lower(Block &source, OpBuilder &b) {
    SmallVector<Operation *> phase;
    for (Operation &op : source.without_terminator()) {
      if (isUniform(&op)) {
        b.clone(op, uniform_);
        continue;
      }
      if (!isCollective(&op) && !containsCollective(&op)) {
        phase.push_back(&op);
        continue;
      }
      emitPhase(b, source, phase);
      phase.clear();
      if (isa<gpu::BarrierOp>(op))
        continue;
      if (auto shuffle = dyn_cast<gpu::ShuffleOp>(op)) {
        emitShuffle(b, shuffle);
        continue;
      }
      if (failed(emitShell(b, &op)))
        return failure();
    }
    emitPhase(b, source, phase);
    return success();
  }

private:
  /// Whether `value` is the same for every thread of the block.
  bool isUniformValue(Value value) const {
    return uniform_.contains(value) ||
           !launch_.getBody().isAncestor(value.getParentRegion());
  }

  /// Whether `op` can run once per block: pure, without a body, on uniform
  /// values only (and not an id, which the gpu dialect's ops are).
  bool isUniform(Operation *op) const {
    return op->getNumRegions() == 0 && isPure(op) &&
           !isa<gpu::GPUDialect>(op->getDialect()) &&
           llvm::all_of(op->getOperands(),
                        [&](Value value) { return isUniformValue(value); });
  }

  /// The per-thread slot of `value`, a buffer of one element per thread.
  Value slot(Value value) {
    if (Value existing = slots_.lookup(value))
      return existing;
    Value created = memref::AllocaOp::create(
        slotBuilder_, value.getLoc(),
        MemRefType::get({ShapedType::kDynamic}, value.getType()),
        ValueRange{threads_});
    slots_[value] = created;
    return created;
  }

  /// A loop over the threads of the block at `b`; `body` gets the thread.
  void forThreads(OpBuilder &b, Location loc,
                  function_ref<void(OpBuilder &, Value)> body) {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    scf::ForOp::create(b, loc, zero, threads_, one, ValueRange{},
                       [&](OpBuilder &inner, Location, Value iv, ValueRange) {
                         Value thread = iv;
                         if (reverse_)
                           thread = arith::SubIOp::create(
                               inner, loc,
                               arith::SubIOp::create(inner, loc, threads_, one),
                               iv);
                         body(inner, thread);
                         scf::YieldOp::create(inner, loc);
                       });
  }

  /// `value` in the thread `thread`'s phase at `b`, given what the phase
  /// has computed so far (`mapping`).
  Value resolve(OpBuilder &b, Value value, Value thread, IRMapping &mapping) {
    if (Value mapped = mapping.lookupOrNull(value))
      return mapped;
    if (Value mapped = uniform_.lookupOrNull(value)) {
      mapping.map(value, mapped);
      return mapped;
    }
    if (isUniformValue(value))
      return value;
    Value loaded =
        memref::LoadOp::create(b, value.getLoc(), slot(value), thread);
    mapping.map(value, loaded);
    return loaded;
  }

  /// The mapping for one thread's phase: the thread ids.
  IRMapping threadMapping(Value thread, OpBuilder &b, Location loc) {
    IRMapping mapping;
    gpu::KernelDim3 ids = launch_.getThreadIds();
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    mapping.map(ids.x, thread);
    mapping.map(ids.y, zero);
    mapping.map(ids.z, zero);
    return mapping;
  }

  /// The ops of `phase` (consecutive ops of `source` without collectives)
  /// as a loop over the threads; results used after the phase go to their
  /// slots.
  void emitPhase(OpBuilder &b, Block &source, ArrayRef<Operation *> phase) {
    if (phase.empty())
      return;
    llvm::SmallPtrSet<Operation *, 16> members(phase.begin(), phase.end());
    Location loc = phase.front()->getLoc();
    forThreads(b, loc, [&](OpBuilder &inner, Value thread) {
      IRMapping mapping = threadMapping(thread, inner, loc);
      for (Operation *op : phase) {
        // Values from before the phase, in the op or its regions.
        SetVector<Value> used;
        for (Region &region : op->getRegions())
          getUsedValuesDefinedAbove(region, used);
        used.insert(op->operand_begin(), op->operand_end());
        for (Value value : used)
          resolve(inner, value, thread, mapping);
        Operation *clone = inner.clone(*op, mapping);
        for (auto [result, cloned] :
             llvm::zip_equal(op->getResults(), clone->getResults())) {
          bool usedAfter = llvm::any_of(result.getUsers(), [&](Operation *u) {
            Operation *ancestor = source.findAncestorOpInBlock(*u);
            return !ancestor || !members.contains(ancestor);
          });
          if (usedAfter)
            memref::StoreOp::create(inner, loc, cloned, slot(result), thread);
        }
      }
    });
  }

  /// `values` (per thread or uniform) stored into the slots of `targets`,
  /// all read before any is written.
  void storeAll(OpBuilder &b, Location loc, ValueRange values,
                ValueRange targets) {
    if (values.empty())
      return;
    forThreads(b, loc, [&](OpBuilder &inner, Value thread) {
      IRMapping mapping = threadMapping(thread, inner, loc);
      SmallVector<Value> resolved = llvm::map_to_vector(
          values, [&](Value v) { return resolve(inner, v, thread, mapping); });
      for (auto [value, target] : llvm::zip_equal(resolved, targets))
        memref::StoreOp::create(inner, loc, value, slot(target), thread);
    });
  }

  /// A shuffle: each thread reads the value of another lane of its warp.
  void emitShuffle(OpBuilder &b, gpu::ShuffleOp shuffle) {
    Location loc = shuffle.getLoc();
    Value source = shuffle.getValue();
    if (isUniformValue(source))
      storeAll(b, loc, source, source);
    Value values = slot(source);
    forThreads(b, loc, [&](OpBuilder &inner, Value thread) {
      IRMapping mapping = threadMapping(thread, inner, loc);
      Value offset = arith::IndexCastOp::create(
          inner, loc, inner.getIndexType(),
          resolve(inner, shuffle.getOffset(), thread, mapping));
      Value width = arith::IndexCastOp::create(
          inner, loc, inner.getIndexType(),
          resolve(inner, shuffle.getWidth(), thread, mapping));
      Value warp = arith::ConstantIndexOp::create(inner, loc, dlc::kWarpSize);
      Value lane = arith::RemUIOp::create(inner, loc, thread, warp);
      Value first = arith::SubIOp::create(inner, loc, thread, lane);
      Value from;
      Value valid = arith::ConstantIntOp::create(inner, loc, 1, 1);
      switch (shuffle.getMode()) {
      case gpu::ShuffleMode::XOR:
        from = arith::XOrIOp::create(inner, loc, lane, offset);
        break;
      case gpu::ShuffleMode::DOWN:
        from = arith::AddIOp::create(inner, loc, lane, offset);
        break;
      case gpu::ShuffleMode::UP:
        valid = arith::CmpIOp::create(inner, loc, arith::CmpIPredicate::uge,
                                      lane, offset);
        from = arith::SubIOp::create(inner, loc, lane, offset);
        break;
      case gpu::ShuffleMode::IDX:
        from = offset;
        break;
      }
      valid = arith::AndIOp::create(
          inner, loc, valid,
          arith::CmpIOp::create(inner, loc, arith::CmpIPredicate::ult, from,
                                width));
      Value other = arith::SelectOp::create(
          inner, loc, valid, arith::AddIOp::create(inner, loc, first, from),
          thread);
      Value value = memref::LoadOp::create(inner, loc, values, other);
      memref::StoreOp::create(inner, loc, value,
                              slot(shuffle.getShuffleResult()), thread);
      memref::StoreOp::create(inner, loc, valid, slot(shuffle.getValid()),
                              thread);
    });
  }

  /// Control flow around collectives, run once per block: a loop or an if
  /// on values uniform over the block; the values it carries per thread go
  /// through slots.
  LogicalResult emitShell(OpBuilder &b, Operation *op) {
    auto mapped = [&](ValueRange values) -> std::optional<SmallVector<Value>> {
      SmallVector<Value> result;
      for (Value value : values) {
        if (!isUniformValue(value))
          return std::nullopt;
        result.push_back(uniform_.lookupOrDefault(value));
      }
      return result;
    };
    Location loc = op->getLoc();
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      std::optional<SmallVector<Value>> bounds =
          mapped({loop.getLowerBound(), loop.getUpperBound(), loop.getStep()});
      if (!bounds)
        return loop.emitOpError("around a collective has bounds that depend "
                                "on the thread");
      // Iteration values live in the slots of the loop's block arguments;
      // the results are their last values.
      for (auto [arg, result] :
           llvm::zip_equal(loop.getRegionIterArgs(), loop.getResults())) {
        Value shared = slot(arg);
        slots_[result] = shared;
      }
      storeAll(b, loc, loop.getInitArgs(), loop.getRegionIterArgs());
      auto shell =
          scf::ForOp::create(b, loc, (*bounds)[0], (*bounds)[1], (*bounds)[2]);
      uniform_.map(loop.getInductionVar(), shell.getInductionVar());
      OpBuilder body = OpBuilder::atBlockBegin(shell.getBody());
      body.setInsertionPoint(shell.getBody()->getTerminator());
      if (failed(lower(*loop.getBody(), body)))
        return failure();
      storeAll(body, loc, loop.getBody()->getTerminator()->getOperands(),
               loop.getRegionIterArgs());
      return success();
    }
    if (auto branch = dyn_cast<scf::IfOp>(op)) {
      std::optional<SmallVector<Value>> condition =
          mapped(branch.getCondition());
      if (!condition)
        return branch.emitOpError("around a collective has a condition that "
                                  "depends on the thread");
      auto shell = scf::IfOp::create(b, loc, (*condition)[0],
                                     /*withElseRegion=*/true);
      for (auto [region, target] :
           llvm::zip_equal(branch->getRegions(), shell->getRegions())) {
        if (region.empty())
          continue;
        OpBuilder body = OpBuilder::atBlockBegin(&target.front());
        body.setInsertionPoint(target.front().getTerminator());
        if (failed(lower(region.front(), body)))
          return failure();
        storeAll(body, loc, region.front().getTerminator()->getOperands(),
                 branch.getResults());
      }
      return success();
    }
    return op->emitOpError("contains a collective that cannot run on the "
                           "host");
  }

  mutable gpu::LaunchOp launch_;
  OpBuilder slotBuilder_;
  Value threads_;
  bool reverse_;
  IRMapping uniform_;
  llvm::DenseMap<Value, Value> slots_;
};

/// Replaces `launch` by loops over its grid and blocks (z, y, x, outermost
/// first) that run its body; a kernel with collectives runs its threads
/// phase by phase (BlockEmulator).
LogicalResult launchToLoops(gpu::LaunchOp launch, bool reverse) {
  if (launch.hasClusterSize())
    return launch.emitOpError("with clusters cannot run on the host");
  if (!launch.getPrivateAttributions().empty() ||
      launch.getDynamicSharedMemorySize())
    return launch.emitOpError("with private or dynamic shared memory cannot "
                              "run on the host");
  if (Value token = launch.getAsyncToken())
    if (!token.use_empty())
      return launch.emitOpError("has an async token that is used");
  for (BlockArgument buffer : launch.getWorkgroupAttributions())
    for (Operation *user : buffer.getUsers())
      if (!isa<memref::LoadOp, memref::StoreOp>(user))
        return user->emitOpError("uses workgroup memory other than by a load "
                                 "or a store; it cannot run on the host");
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  bool collective = containsCollective(launch);
  if (collective &&
      !(matchPattern(block.y, m_One()) && matchPattern(block.z, m_One())))
    return launch.emitOpError("with collectives runs on the host only with "
                              "blocks of one dimension");
  Block &body = launch.getBody().front();
  Location loc = launch.getLoc();
  // The buffers made here (workgroup memory, per-thread slots) go in the
  // function's entry block where their sizes allow: a launch in a loop
  // then does not grow the stack.
  OpBuilder b(launch);
  OpBuilder entry =
      OpBuilder::atBlockBegin(&launch->getParentOfType<FunctionOpInterface>()
                                   .getFunctionBody()
                                   .front());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  gpu::KernelDim3 blockIds = launch.getBlockIds();
  gpu::KernelDim3 threadIds = launch.getThreadIds();
  gpu::KernelDim3 gridArgs = launch.getGridSize();
  gpu::KernelDim3 blockArgs = launch.getBlockSize();
  IRMapping mapping;
  for (auto [arg, size] : llvm::zip_equal(
           SmallVector<Value>{gridArgs.x, gridArgs.y, gridArgs.z, blockArgs.x,
                              blockArgs.y, blockArgs.z},
           SmallVector<Value>{grid.x, grid.y, grid.z, block.x, block.y,
                              block.z}))
    mapping.map(arg, size);
  // Workgroup memory: one buffer that the blocks, run one after another,
  // share. Only loads and stores use it (its type loses its memory space).
  for (BlockArgument buffer : launch.getWorkgroupAttributions()) {
    auto type = cast<MemRefType>(buffer.getType());
    mapping.map(buffer,
                memref::AllocaOp::create(
                    entry, loc,
                    MemRefType::get(type.getShape(), type.getElementType())));
  }
  // Per-thread slots go before the loops over blocks.
  OpBuilder slots = b;
  SmallVector<std::pair<Value, Value>> loops{
      {blockIds.z, grid.z}, {blockIds.y, grid.y}, {blockIds.x, grid.x}};
  if (!collective)
    loops.append({{threadIds.z, block.z},
                  {threadIds.y, block.y},
                  {threadIds.x, block.x}});
  SmallVector<Operation *> emitted;
  for (auto [id, size] : loops) {
    auto loop = scf::ForOp::create(b, loc, zero, size, one);
    if (id == blockIds.z) {
      slots.setInsertionPoint(loop);
      emitted.push_back(loop);
    }
    b.setInsertionPoint(loop.getBody()->getTerminator());
    Value iv = loop.getInductionVar();
    if (reverse)
      iv = arith::SubIOp::create(b, loc,
                                 arith::SubIOp::create(b, loc, size, one), iv);
    mapping.map(id, iv);
  }
  if (collective) {
    Value threads = block.x;
    if (std::optional<int64_t> known = getConstantIntValue(threads)) {
      slots = entry;
      threads = arith::ConstantIndexOp::create(entry, loc, *known);
    }
    BlockEmulator emulator(launch, slots, threads, reverse, mapping);
    if (failed(emulator.lower(body, b))) {
      // What was emitted uses values of the kernel: it goes first.
      for (Operation *op : emitted)
        op->erase();
      return failure();
    }
  } else {
    for (Operation &op : body.without_terminator())
      b.clone(op, mapping);
  }
  launch.erase();
  return success();
}

struct GPULaunchesToLoopsPass
    : public dlc::impl::GPULaunchesToLoopsBase<GPULaunchesToLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation().walk(
        [&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches)
      if (failed(launchToLoops(launch, reverse)))
        return signalPassFailure();
    // The stream argument of each entry point goes.
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      Block &entry = func.getBody().front();
      llvm::BitVector streams(entry.getNumArguments());
      for (BlockArgument arg : entry.getArguments())
        if (isa<gpu::AsyncTokenType>(arg.getType())) {
          if (!arg.use_empty()) {
            func.emitOpError("uses its stream after its kernels are loops");
            return signalPassFailure();
          }
          streams.set(arg.getArgNumber());
        }
      if (streams.any() && failed(func.eraseArguments(streams)))
        return signalPassFailure();
    }
  }
};

} // namespace
