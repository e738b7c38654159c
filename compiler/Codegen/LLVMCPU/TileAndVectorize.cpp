//===- TileAndVectorize.cpp - CPU schedules: tile, fuse, vectorize --------===//
//
// dlc-cpu-tile-and-vectorize: tags every linalg op of the entry points with a
// schedule, takes its tile sizes from the CPU's kernel config
// (KernelConfig.cpp) and writes one transform script for the module that
// tiles, fuses, peels and vectorizes with them.
//
//===----------------------------------------------------------------------===//

#include "Codegen/Common/TransformScript.h"
#include "Codegen/LLVMCPU/KernelConfig.h"
#include "Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/FormatVariadic.h"

#include <functional>

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_CPUTILEANDVECTORIZE
#include "Codegen/LLVMCPU/Passes.h.inc"
} // namespace dlc

using dlc::TransformScript;

namespace {

/// The elementwise consumer that a producer's tile can feed directly: the
/// only user, an all-parallel linalg.generic of the same iteration space
/// reading the producer's result with an identity map.
linalg::GenericOp fusableConsumer(linalg::LinalgOp producer) {
  Value result = producer->getResult(0);
  if (!result.hasOneUse())
    return {};
  auto consumer = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!consumer || consumer.getNumDpsInits() != 1 ||
      consumer.getNumReductionLoops() != 0 ||
      consumer->getResult(0).getType() != result.getType())
    return {};
  for (OpOperand *input : consumer.getDpsInputOperands())
    if (input->get() == result &&
        !consumer.getMatchingIndexingMap(input).isIdentity())
      return {};
  return consumer;
}

/// Which operand of `consumer` reads `producer`'s result.
int operandOf(linalg::GenericOp consumer, Operation *producer) {
  for (OpOperand &operand : consumer->getOpOperands())
    if (operand.get().getDefiningOp() == producer)
      return operand.getOperandNumber();
  return 0;
}

/// A matmul [M, K] x [K, N] and its fused consumer: cache tiles fused with
/// the consumer, register tiles whose reduction loop keeps the accumulator
/// in registers, vectorized as contractions. Every loop whose size the tile
/// does not divide is peeled, so that each tile has a static shape and
/// vectorizes without masks: a masked contraction keeps its accumulator in
/// memory (SimpleRNN(50)'s 50x50 step ran at 6% of peak with its last 18
/// columns masked and a batch of 32 in one-row tiles). A long reduction is
/// cut into blocks first (the init is then not fused: it would be applied
/// again in every block).
void scheduleMatmul(TransformScript &script, linalg::MatmulOp matmul,
                    int64_t id, const dlc::MatmulConfig &config,
                    linalg::GenericOp consumer, bool initIsLinalg,
                    const dlc::cpu::VectorShape &vectors) {
  bool hasConsumer = bool(consumer);
  auto type = cast<RankedTensorType>(matmul->getResult(0).getType());
  int64_t m = type.getDimSize(0), n = type.getDimSize(1);
  int64_t nc = config.panelCols;
  int64_t mr = config.innerRows, nr = config.innerCols;
  if (config.reductionTile)
    script.tile(script.match(id), {0, 0, config.reductionTile});

  auto tileSizes = [&](int64_t rows, int64_t cols) {
    SmallVector<int64_t> sizes{rows, cols};
    if (!hasConsumer)
      sizes.push_back(0);
    return sizes;
  };
  // Tiles of `rows` rows by `cols` columns of ops `width` columns wide, in
  // powers of two from a vector (16 columns on AVX-512) up and the exact
  // width of what is left: LLVM widens a vector of fewer than 16 floats to
  // one register, but
  // builds one of 18 from single-element inserts and spills (an 8x18 tile
  // ran at a fifth of an 8x32 one's speed), and a one-row tile of 48
  // columns ran 15x slower than tiles of 32 and 16.
  std::function<void(const std::string &, int64_t, int64_t, int64_t)>
      registerTiles = [&](const std::string &tiles, int64_t rows, int64_t cols,
                          int64_t width) {
        cols = std::min(cols, width);
        if (cols > vectors.lanes)
          cols = int64_t(llvm::bit_floor(uint64_t(cols)));
        auto [tiled, loops] = script.fuse(tiles, tileSizes(rows, cols));
        int64_t rest = width % cols;
        if (rest == 0)
          return;
        std::string restLoop = script.peel(loops[1]).second;
        if (rest > vectors.lanes)
          registerTiles(script.matchIn(id, restLoop), rows, rest, rest);
      };
  // Column panels of `nc` (a multiple of `nr`) and the rest when there are
  // at least two: a panel loop of one iteration, once inlined, would leave
  // a tile read straight from an empty tensor, which canonicalization
  // turns into a buffer of its own and a copy. In each panel, rows in
  // register tiles of `mr` and the rest one row at a time (as wide as the
  // panel: several accumulators, so that the FMAs do not wait on each
  // other). Handles are matched right after each peeling, before a cleanup
  // may inline a loop of one iteration.
  SmallVector<std::pair<std::string, int64_t>> columnGroups;
  if (n < 2 * nc) {
    columnGroups = {{script.match(id), n}};
  } else {
    auto [panels, panelLoops] = script.fuse(script.match(id), tileSizes(0, nc));
    if (n % nc == 0) {
      columnGroups = {{panels, nc}};
    } else {
      auto [mainLoop, restLoop] = script.peel(panelLoops[0]);
      columnGroups = {{script.matchIn(id, mainLoop), nc},
                      {script.matchIn(id, restLoop), n % nc}};
    }
  }
  script.cleanup();
  for (auto [group, width] : columnGroups) {
    auto [rowTiles, rowLoops] = script.fuse(group, tileSizes(mr, 0));
    std::string fullRows = rowTiles;
    if (ShapedType::isDynamic(m) || m % mr != 0) {
      auto [mainLoop, restLoop] = script.peel(rowLoops[0]);
      fullRows = script.matchIn(id, mainLoop);
      std::string restRows = script.matchIn(id, restLoop);
      script.cleanup();
      registerTiles(restRows, config.remainderRows, width, width);
    }
    registerTiles(fullRows, mr, nr, width);
    script.cleanup();
  }
  script.cleanup();
  // Every register tile now has a static shape: vectorize them all at
  // their own sizes, the contraction as vector.contract (outer products
  // and FMAs) one step of the reduction at a time.
  std::string tiles = script.match(id);
  std::string mm =
      hasConsumer ? script.producer(tiles, operandOf(consumer, matmul)) : tiles;
  if (initIsLinalg)
    script.vectorize(script.producer(mm, 2));
  std::string reduction = script.tile(mm, {0, 0, 1}).first;
  script.line(llvm::formatv("transform.structured.vectorize {0} "
                            "{{create_named_contraction} : !transform.any_op",
                            reduction));
  if (hasConsumer)
    script.vectorize(tiles);
  script.cleanup();
}

/// conv_2d_nhwc_hwcf (and its consumer) to 1-D convolutions over a row of
/// pixels by a vector of filters.
void scheduleConv(TransformScript &script, linalg::Conv2DNhwcHwcfOp conv,
                  int64_t id, linalg::GenericOp consumer, bool initIsLinalg,
                  const dlc::cpu::VectorShape &vectors) {
  bool hasConsumer = bool(consumer);
  auto type = cast<RankedTensorType>(conv->getResult(0).getType());
  int64_t ow = type.getDimSize(2);
  dlc::ConvConfig config =
      dlc::cpu::getConvConfig(ow, type.getDimSize(3), vectors);
  std::string root = script.match(id);
  SmallVector<int64_t> sizes{1, 1, config.pixels, config.filters};
  if (!hasConsumer)
    sizes.append({0, 0, 0});
  auto [tiled, loops] = script.fuse(root, sizes);
  if (ow % config.pixels != 0)
    script.peel(loops[2]);
  script.cleanup();
  // Peeling cloned the nest: match every tile of this root again.
  std::string all = script.match(id);
  std::string convTiles =
      hasConsumer ? script.producer(all, operandOf(consumer, conv)) : all;
  if (initIsLinalg)
    script.vectorize(script.producer(convTiles, 2));
  // Kernel rows and input channels one at a time: each step is then three
  // rank-1 updates of the accumulator tile. Vectorizing the whole channel
  // reduction made vectors of 3x32x32 kernel values that LLVM spilled
  // (the CNN's conv2 ran at 131 GFLOP/s, now about 190).
  std::string rows = script.tile(convTiles, {0, 0, 0, 0, 1, 0, 1}).first;
  script.vectorize(script.decompose(rows));
  if (hasConsumer)
    script.vectorize(all);
  script.cleanup();
}

/// Pooling to 1-D pooling over a row of pixels by a vector of channels.
void schedulePool(TransformScript &script, linalg::LinalgOp pool, int64_t id,
                  const dlc::cpu::VectorShape &vectors) {
  auto type = cast<RankedTensorType>(pool->getResult(0).getType());
  int64_t ow = type.getDimSize(2);
  dlc::PoolConfig config =
      dlc::cpu::getPoolConfig(ow, type.getDimSize(3), vectors);
  auto [tiled, loops] = script.tile(
      script.match(id), {1, 1, config.pixels, config.channels, 1, 0});
  if (ow % config.pixels != 0)
    script.peel(loops[2]);
  script.cleanup();
  script.vectorize(script.decompose(script.match(id)));
  script.cleanup();
}

/// Everything else: one vector along the innermost loop, masked when needed.
/// An op the vectorizer does not handle (an arg-max with two results, say)
/// stays a tiled scalar loop nest: the nested sequence suppresses that
/// failure and leaves the op correct. An op the config leaves alone stays a
/// linalg op (lowered to loops after bufferization) unless `mustTile`: then
/// it becomes a scalar loop nest now.
void scheduleGeneric(TransformScript &script, linalg::LinalgOp op, int64_t id,
                     const dlc::cpu::VectorShape &vectors,
                     bool mustTile = false) {
  dlc::GenericConfig config = dlc::cpu::getGenericConfig(op, vectors);
  std::string root = script.match(id);
  if (config.tileSizes.empty()) {
    if (mustTile && op.getNumLoops() > 0)
      script.tile(root, SmallVector<int64_t>(op.getNumLoops(), 1));
    return;
  }
  script.line("transform.sequence " + root +
              " : !transform.any_op failures(suppress) {\n^bb0(%op: "
              "!transform.any_op):");
  auto [tiled, loops] = script.tile("%op", config.tileSizes);
  // An input read through a map that is not a permutation (a convolution's
  // im2col, (n, oh + kh, ow + kw, c)) stops the vectorizer; the tile has
  // unit sizes but for its last loop, and without them the map is one (the
  // CNN's im2col copied its 32-float rows one float at a time). Folded
  // within the tile's loop alone: folding them everywhere turned other
  // ops into gathers.
  bool permutedInputs = llvm::all_of(op.getDpsInputOperands(), [&](auto *in) {
    return op.getMatchingIndexingMap(in).isProjectedPermutation(
        /*allowZeroInResults=*/true);
  });
  if (permutedInputs || loops.empty()) {
    script.vectorize(tiled, config.tileSizes);
  } else {
    script.line("transform.apply_patterns to " + loops.back() +
                " { transform.apply_patterns.linalg."
                "fold_unit_extent_dims_via_slices } : !transform.any_op");
    script.line("%folded = transform.structured.match "
                "ops{[\"linalg.generic\"]} in " +
                loops.back() + " : (!transform.any_op) -> !transform.any_op");
    script.vectorize("%folded");
  }
  script.line("}");
}

struct CPUTileAndVectorizePass
    : public dlc::impl::CPUTileAndVectorizeBase<CPUTileAndVectorizePass> {
  using CPUTileAndVectorizeBase::CPUTileAndVectorizeBase;

  void getDependentDialects(DialectRegistry &registry) const override {
    CPUTileAndVectorizeBase::getDependentDialects(registry);
    dlc::registerTransformExtensions(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // A padded tensor becomes a fill and an insert of the original: fused
    // into a convolution's tiles, a tensor.pad was filled and copied again
    // for every tile that reads it (three input rows per output row); this
    // way the padded tensor is zero-filled once (interior included) and the
    // insert bufferizes to one copy.
    {
      RewritePatternSet patterns(&getContext());
      patterns.add<linalg::DecomposePadOpPattern>(&getContext());
      walkAndApplyPatterns(module, std::move(patterns));
    }
    if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      module.emitError("dlc-cpu-tile-and-vectorize: vector-bits must be "
                       "128, 256 or 512, not ")
          << static_cast<int64_t>(vectorBits);
      return signalPassFailure();
    }
    auto vectors = dlc::cpu::VectorShape::forBits(vectorBits);
    Builder builder(&getContext());
    TransformScript script;
    int64_t nextId = 0;
    llvm::DenseSet<Operation *> scheduled;
    auto tag = [&](Operation *op) {
      int64_t id = nextId++;
      op->setAttr(dlc::kScheduleId, builder.getI64IntegerAttr(id));
      return id;
    };

    // Pooling (with its -inf fill) and everything else.
    auto scheduleOther = [&](linalg::LinalgOp op, bool mustTile) {
      scheduled.insert(op);
      if (!isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op)) {
        scheduleGeneric(script, op, tag(op), vectors, mustTile);
        return;
      }
      schedulePool(script, op, tag(op), vectors);
      if (auto fill =
              op.getDpsInitOperand(0)->get().getDefiningOp<linalg::FillOp>()) {
        scheduleGeneric(script, fill, tag(fill), vectors);
        scheduled.insert(fill);
      }
    };

    // Matmuls and convolutions first, with their consumers; then pooling;
    // then whatever is left. What a matmul or convolution reads is computed
    // before it, once: fused into its tiles it would be computed again for
    // every tile that reads it (the CNN's flipped kernel, transposed for
    // every tile of its input gradient, took 13% of a training step).
    module.walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::MatmulOp, linalg::Conv2DNhwcHwcfOp>(op) ||
          !op.hasPureTensorSemantics())
        return;
      for (OpOperand *input : op.getDpsInputOperands()) {
        auto producer = input->get().getDefiningOp<linalg::LinalgOp>();
        if (producer && !scheduled.contains(producer) &&
            producer.hasPureTensorSemantics() &&
            !isa<linalg::MatmulOp, linalg::Conv2DNhwcHwcfOp>(producer))
          scheduleOther(producer, /*mustTile=*/true);
      }
      linalg::GenericOp consumer = fusableConsumer(op);
      Operation *root = consumer ? consumer.getOperation() : op.getOperation();
      int64_t id = tag(root);
      scheduled.insert(op);
      if (consumer)
        scheduled.insert(consumer);
      auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation());
      dlc::MatmulConfig config;
      if (matmul) {
        auto type = cast<RankedTensorType>(matmul->getResult(0).getType());
        config = dlc::cpu::getMatmulConfig(
            type.getDimSize(0), type.getDimSize(1),
            matmul.getStaticLoopRanges()[2], bool(consumer), vectors);
      }
      // The init's producer is fused and vectorized with the root, unless
      // the reduction is cut into blocks.
      Operation *init = op.getDpsInitOperand(0)->get().getDefiningOp();
      bool initIsLinalg =
          init && isa<linalg::LinalgOp>(init) && !config.reductionTile;
      if (initIsLinalg)
        scheduled.insert(init);
      if (matmul)
        scheduleMatmul(script, matmul, id, config, consumer, initIsLinalg,
                       vectors);
      else
        scheduleConv(script, cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation()),
                     id, consumer, initIsLinalg, vectors);
    });
    module.walk([&](linalg::LinalgOp op) {
      if (!scheduled.contains(op) && op.hasPureTensorSemantics() &&
          isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op))
        scheduleOther(op, /*mustTile=*/false);
    });
    module.walk([&](linalg::LinalgOp op) {
      if (scheduled.contains(op) || !op.hasPureTensorSemantics())
        return;
      scheduleGeneric(script, op, tag(op), vectors);
    });
    script.cleanup();
    // Fold tile slices into the vector transfers, so that a tile written
    // (bias) and read back (accumulate, activation) forwards in registers.
    script.line("transform.apply_patterns to %f { "
                "transform.apply_patterns.tensor."
                "fold_tensor_subset_ops_into_vector_transfers } : "
                "!transform.any_op");
    script.cleanup();
    // Keep accumulators in registers across reduction loops: hoist the
    // loop-invariant reads and writes of output tiles out of the loops.
    script.line("%loops = transform.structured.match ops{[\"scf.for\"]} in "
                "%root : (!transform.any_op) -> !transform.any_op");
    script.line("transform.apply_licm to %loops : !transform.any_op");
    script.line("transform.loop.hoist_loop_invariant_subsets %loops : "
                "!transform.any_op");
    script.cleanup();
    // Masked transfers on tensors do not bufferize: fold the masks into the
    // transfers now.
    script.line("transform.apply_patterns to %f { "
                "transform.apply_patterns.vector.lower_masked_transfers } : "
                "!transform.any_op");
    script.line("transform.apply_patterns to %f { "
                "transform.apply_patterns.vector.lower_masks } : "
                "!transform.any_op");

    if (nextId > 0 && failed(dlc::applyTransformScript(module, script.text())))
      return signalPassFailure();
    module.walk([](Operation *op) { op->removeAttr(dlc::kScheduleId); });
  }
};

} // namespace
