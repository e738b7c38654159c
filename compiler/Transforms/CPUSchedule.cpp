//===- CPUSchedule.cpp - Transform-dialect schedules for the CPU ----------===//
//
// MLIR 22 has no tiling or vectorization pass: both are driven by
// transform-dialect scripts. dlc-cpu-tile-and-vectorize writes one script per
// module, with a schedule per linalg op chosen from its kind and shape, and
// applies it with the transform interpreter; dlc-cpu-lower-vectors does the
// same for the vector lowering after bufferization.
//
//===----------------------------------------------------------------------===//

#include "Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/TransformOps/BufferizationTransformOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/TransformOps/DialectExtension.h"
#include "mlir/Dialect/MemRef/TransformOps/MemRefTransformOps.h"
#include "mlir/Dialect/SCF/TransformOps/SCFTransformOps.h"
#include "mlir/Dialect/Tensor/TransformOps/TensorTransformOps.h"
#include "mlir/Dialect/Transform/IR/TransformOps.h"
#include "mlir/Dialect/Transform/LoopExtension/LoopExtension.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/Dialect/Vector/TransformOps/VectorTransformOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_CPUTILEANDVECTORIZE
#define GEN_PASS_DEF_CPULOWERVECTORS
#include "Transforms/Passes.h.inc"
} // namespace dlc

namespace {

constexpr llvm::StringLiteral kScheduleId = "dlc.sid";

void registerTransformExtensions(DialectRegistry &registry) {
  linalg::registerTransformDialectExtension(registry);
  scf::registerTransformDialectExtension(registry);
  tensor::registerTransformDialectExtension(registry);
  vector::registerTransformDialectExtension(registry);
  bufferization::registerTransformDialectExtension(registry);
  memref::registerTransformDialectExtension(registry);
  transform::registerLoopExtension(registry);
}

/// Parses `body` as the entry sequence of a transform script (with `%f`
/// bound to each function) and applies it to `module`.
LogicalResult applyScript(ModuleOp module, llvm::StringRef body) {
  std::string text =
      "module attributes {transform.with_named_sequence} {\n"
      "transform.named_sequence @__transform_main(%root: !transform.any_op "
      "{transform.readonly}) {\n"
      "%f = transform.structured.match ops{[\"func.func\"]} in %root : "
      "(!transform.any_op) -> !transform.any_op\n" +
      body.str() + "transform.yield\n}\n}\n";
  ParserConfig config(module.getContext());
  OwningOpRef<ModuleOp> script = parseSourceString<ModuleOp>(text, config);
  if (!script)
    return module.emitError("dlc: invalid generated transform script:\n")
           << text;
  auto entry = script->lookupSymbol<transform::NamedSequenceOp>(
      "__transform_main");
  transform::TransformOptions options;
  if (failed(transform::applyTransformNamedSequence(module, entry, *script,
                                                    options)))
    return module.emitError("dlc: applying the CPU schedule failed; script:\n")
           << text;
  return success();
}

std::string list(llvm::ArrayRef<int64_t> values) {
  std::string text = "[";
  for (auto [i, v] : llvm::enumerate(values))
    text += (i ? ", " : "") + std::to_string(v);
  return text + "]";
}

/// Writes the transform script line by line with fresh value names.
class Script {
public:
  std::string fresh(llvm::StringRef prefix) {
    return ("%" + prefix + std::to_string(counter++)).str();
  }
  void line(const std::string &text) { body += text + "\n"; }
  std::string match(int64_t id) {
    std::string v = fresh("r");
    line(llvm::formatv("{0} = transform.structured.match attributes{{{1} = "
                       "{2} : i64} in %root : (!transform.any_op) -> "
                       "!transform.any_op",
                       v, kScheduleId, id));
    return v;
  }
  /// Tiles and fuses producers; returns the tiled op and the loops.
  std::pair<std::string, std::vector<std::string>>
  fuse(const std::string &target, llvm::ArrayRef<int64_t> sizes) {
    int numLoops = llvm::count_if(sizes, [](int64_t s) { return s != 0; });
    std::string tiled = fresh("t");
    std::string loops = fresh("l");
    std::string types = "!transform.any_op";
    for (int i = 0; i < numLoops; ++i)
      types += ", !transform.any_op";
    line(llvm::formatv("{0}, {1}:{2} = transform.structured.fuse {3} "
                       "tile_sizes {4} : (!transform.any_op) -> ({5})",
                       tiled, loops, numLoops, target, list(sizes), types));
    std::vector<std::string> loopNames;
    for (int i = 0; i < numLoops; ++i)
      loopNames.push_back(loops + "#" + std::to_string(i));
    return {tiled, loopNames};
  }
  std::string tile(const std::string &target, llvm::ArrayRef<int64_t> sizes) {
    int numLoops = llvm::count_if(sizes, [](int64_t s) { return s != 0; });
    std::string tiled = fresh("t");
    std::string types = "!transform.any_op";
    for (int i = 0; i < numLoops; ++i)
      types += ", !transform.any_op";
    std::string results = tiled;
    if (numLoops)
      results += ", " + fresh("l") + ":" + std::to_string(numLoops);
    line(llvm::formatv("{0} = transform.structured.tile_using_for {1} "
                       "tile_sizes {2} : (!transform.any_op) -> ({3})",
                       results, target, list(sizes), types));
    return tiled;
  }
  /// Peels the last, partial iteration; returns the main and the partial
  /// loop.
  std::pair<std::string, std::string> peel(const std::string &loop) {
    std::string cast = fresh("c");
    line(llvm::formatv("{0} = transform.cast {1} : !transform.any_op to "
                       "!transform.op<\"scf.for\">",
                       cast, loop));
    std::string main = fresh("p"), rest = fresh("p");
    line(llvm::formatv("{0}, {1} = transform.loop.peel {2} : "
                       "(!transform.op<\"scf.for\">) -> (!transform.any_op, "
                       "!transform.any_op)",
                       main, rest, cast));
    return {main, rest};
  }
  /// The ops of schedule `id` inside `scope`.
  std::string matchIn(int64_t id, const std::string &scope) {
    std::string v = fresh("r");
    line(llvm::formatv("{0} = transform.structured.match attributes{{{1} = "
                       "{2} : i64} in {3} : (!transform.any_op) -> "
                       "!transform.any_op",
                       v, kScheduleId, id, scope));
    return v;
  }
  std::string producer(const std::string &target, int operand) {
    std::string v = fresh("q");
    line(llvm::formatv("{0} = transform.get_producer_of_operand {1}[{2}] : "
                       "(!transform.any_op) -> !transform.any_op",
                       v, target, operand));
    return v;
  }
  void vectorize(const std::string &target, llvm::ArrayRef<int64_t> sizes) {
    line(llvm::formatv("transform.structured.vectorize {0} vector_sizes {1} : "
                       "!transform.any_op",
                       target, list(sizes)));
  }
  std::string decompose(const std::string &target) {
    std::string v = fresh("d");
    line(llvm::formatv("{0} = transform.structured.decompose {1} : "
                       "(!transform.any_op) -> !transform.any_op",
                       v, target));
    return v;
  }
  void cleanup() {
    line("transform.apply_patterns to %f { "
         "transform.apply_patterns.canonicalization } : !transform.any_op");
    line("transform.apply_cse to %f : !transform.any_op");
  }

  std::string body;

private:
  unsigned counter = 0;
};

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

/// A matmul [M, K] x [K, N] and its fused consumer.
/// Which operand of `consumer` reads `producer`'s result.
int operandOf(linalg::GenericOp consumer, Operation *producer) {
  for (OpOperand &operand : consumer->getOpOperands())
    if (operand.get().getDefiningOp() == producer)
      return operand.getOperandNumber();
  return 0;
}

void scheduleMatmul(Script &script, linalg::MatmulOp matmul, int64_t id,
                    linalg::GenericOp consumer, bool initIsLinalg) {
  bool hasConsumer = bool(consumer);
  auto type = cast<RankedTensorType>(matmul->getResult(0).getType());
  int64_t m = type.getDimSize(0), n = type.getDimSize(1);
  // Narrow layers take their exact width as one (odd-sized) vector.
  int64_t nr = n >= 32 ? 32 : n >= 16 ? 16 : n;
  int64_t nc = std::min<int64_t>(n, 128);
  if (nc > nr)
    nc = nc / nr * nr;
  int64_t mc = ShapedType::isDynamic(m) ? 64 : std::min<int64_t>(m, 64);
  int64_t mr = std::min<int64_t>(8, mc);

  std::string root = script.match(id);
  auto tileSizes = [&](int64_t rows, int64_t cols) {
    SmallVector<int64_t> sizes{rows, cols};
    if (!hasConsumer)
      sizes.push_back(0);
    return sizes;
  };
  auto [tiled, loops] = script.fuse(root, tileSizes(mc, nc));
  // Register tiles, vectorized group by group: a tile with fewer rows than
  // the vectors is masked, and a masked contraction keeps its accumulator
  // in memory (about 5x slower than a full tile).
  auto vectorizeTiles = [&](const std::string &tiles, int64_t rows,
                            int64_t cols) {
    std::string mm = hasConsumer
                         ? script.producer(tiles, operandOf(consumer, matmul))
                         : tiles;
    if (initIsLinalg)
      script.vectorize(script.producer(mm, 2), {rows, cols});
    std::string reduction = script.tile(mm, {0, 0, 1});
    // As a vector.contract, which lowers to outer products and FMAs.
    script.line(llvm::formatv("transform.structured.vectorize {0} "
                              "vector_sizes {1} {{create_named_contraction} "
                              ": !transform.any_op",
                              reduction, list({rows, cols, 1})));
    if (hasConsumer)
      script.vectorize(tiles, {rows, cols});
  };
  if (ShapedType::isDynamic(m)) {
    // Full cache tiles take 8-row register tiles; the last, partial cache
    // tile of a dynamic batch takes one-row tiles as wide as the cache tile
    // (several accumulators, so that the FMAs do not wait on each other),
    // which need no row mask. (Peeling its 8-row loop leaves tile sizes the
    // peeling cannot prove full: they stayed masked.)
    auto [mainLoop, restLoop] = script.peel(loops[0]);
    script.cleanup();
    script.fuse(script.matchIn(id, mainLoop), tileSizes(mr, nr));
    script.fuse(script.matchIn(id, restLoop), tileSizes(1, nc));
    script.cleanup();
    vectorizeTiles(script.matchIn(id, mainLoop), mr, nr);
    vectorizeTiles(script.matchIn(id, restLoop), 1, nc);
  } else if (m % mc != 0) {
    // Static sizes: the partial cache tile's register loop has static
    // bounds, so peeling it leaves full tiles and one static, smaller one
    // (masked: fewer than 8 rows).
    // (Ops are matched before the cleanup, which may inline a loop of one
    // iteration and so invalidate a handle to it.)
    auto [mainLoop, restLoop] = script.peel(loops[0]);
    std::string mainTiles = script.matchIn(id, mainLoop);
    std::string restTiles = script.matchIn(id, restLoop);
    script.cleanup();
    script.fuse(mainTiles, tileSizes(mr, nr));
    auto [restInner, restLoops] = script.fuse(restTiles, tileSizes(mr, nr));
    if ((m % mc) % mr != 0)
      script.peel(restLoops[0]);
    script.cleanup();
    vectorizeTiles(script.match(id), mr, nr);
  } else {
    script.cleanup();
    auto [allInner, innerLoops] =
        script.fuse(script.match(id), tileSizes(mr, nr));
    if (m % mr != 0)
      script.peel(innerLoops[0]);
    script.cleanup();
    vectorizeTiles(script.match(id), mr, nr);
  }
  script.cleanup();
}

/// The output pixels and filters of a convolution tile: one vector of 16
/// filters (or all of them when they are not a multiple of 16) by up to 14
/// accumulator vectors of pixels, the row cut into tiles of nearly equal
/// size. A tile of few pixels waits on its FMAs' latency: the CNN's conv2
/// (11-pixel rows, 64 filters) ran its last 3 pixels of each row at a
/// fraction of the speed of the first 8 as 8x32 tiles (187 GFLOP/s); as
/// 11x16 tiles it runs at about 207, and conv1's 26-pixel rows as 13x16.
std::pair<int64_t, int64_t> convTile(int64_t ow, int64_t f) {
  int64_t fTile = f % 16 == 0 ? 16 : f;
  int64_t vectorsPerPixel = llvm::divideCeil(fTile, 16);
  int64_t maxPixels = std::max<int64_t>(1, 14 / vectorsPerPixel);
  int64_t tiles = llvm::divideCeil(ow, maxPixels);
  return {llvm::divideCeil(ow, tiles), fTile};
}

/// conv_2d_nhwc_hwcf (and its consumer) to 1-D convolutions over a row of
/// pixels by 16 filters (convTile).
void scheduleConv(Script &script, linalg::Conv2DNhwcHwcfOp conv, int64_t id,
                  linalg::GenericOp consumer, bool initIsLinalg) {
  bool hasConsumer = bool(consumer);
  auto type = cast<RankedTensorType>(conv->getResult(0).getType());
  int64_t ow = type.getDimSize(2), f = type.getDimSize(3);
  auto [owTile, fTile] = convTile(ow, f);
  std::string root = script.match(id);
  SmallVector<int64_t> sizes{1, 1, owTile, fTile};
  if (!hasConsumer)
    sizes.append({0, 0, 0});
  auto [tiled, loops] = script.fuse(root, sizes);
  if (ow % owTile != 0)
    script.peel(loops[2]);
  script.cleanup();
  // Peeling cloned the nest: match every tile of this root again.
  std::string all = script.match(id);
  std::string convTiles =
      hasConsumer ? script.producer(all, operandOf(consumer, conv)) : all;
  if (initIsLinalg)
    script.line("transform.structured.vectorize " +
                script.producer(convTiles, 2) + " : !transform.any_op");
  // Kernel rows and input channels one at a time: each step is then three
  // rank-1 updates of the accumulator tile. Vectorizing the whole channel
  // reduction made vectors of 3x32x32 kernel values that LLVM spilled
  // (the CNN's conv2 ran at 131 GFLOP/s, now about 190).
  std::string rows = script.tile(convTiles, {0, 0, 0, 0, 1, 0, 1});
  std::string conv1d = script.decompose(rows);
  script.line("transform.structured.vectorize " + conv1d +
              " : !transform.any_op");
  if (hasConsumer)
    script.line("transform.structured.vectorize " + all +
                " : !transform.any_op");
  script.cleanup();
}

/// Pooling to 1-D pooling over 8 pixels by up to 32 channels.
void schedulePool(Script &script, linalg::LinalgOp pool, int64_t id) {
  auto type = cast<RankedTensorType>(pool->getResult(0).getType());
  int64_t ow = type.getDimSize(2), c = type.getDimSize(3);
  int64_t owTile = std::min<int64_t>(ow, 8);
  int64_t cTile = c % 32 == 0 ? 32 : c;
  std::string root = script.match(id);
  SmallVector<int64_t> sizes{1, 1, owTile, cTile, 1, 0};
  int numLoops = 5;
  std::string loops = script.fresh("l");
  script.line(llvm::formatv(
      "{0}, {1}:{2} = transform.structured.tile_using_for {3} tile_sizes {4} "
      ": (!transform.any_op) -> (!transform.any_op{5})",
      script.fresh("t"), loops, numLoops, root, list(sizes),
      ", !transform.any_op, !transform.any_op, !transform.any_op, "
      "!transform.any_op, !transform.any_op"));
  if (ow % owTile != 0)
    script.peel(loops + "#2");
  script.cleanup();
  std::string all = script.match(id);
  std::string pool1d = script.decompose(all);
  script.line("transform.structured.vectorize " + pool1d +
              " : !transform.any_op");
  script.cleanup();
}

/// Everything else: one vector along the innermost loop, masked when needed.
/// An op the vectorizer does not handle (an arg-max with two results, say)
/// stays a tiled scalar loop nest: the nested sequence suppresses that
/// failure and leaves the op correct.
void scheduleGeneric(Script &script, linalg::LinalgOp op, int64_t id) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty())
    return;
  // A transpose with a dynamic size vectorizes to masked, permuted
  // transfers whose lowering reads past the end of the tile (the CNN's
  // training step crashed for batches above 16): leave it to scalar loops.
  if (isa<linalg::TransposeOp>(op) &&
      llvm::any_of(ranges, ShapedType::isDynamic))
    return;
  SmallVector<int64_t> sizes(ranges.size(), 1);
  int64_t last = ranges.back();
  sizes.back() = ShapedType::isDynamic(last) ? 64 : std::min<int64_t>(last, 64);
  std::string root = script.match(id);
  script.line("transform.sequence " + root +
              " : !transform.any_op failures(suppress) {\n^bb0(%op: "
              "!transform.any_op):");
  std::string tiled = script.tile("%op", sizes);
  script.vectorize(tiled, sizes);
  script.line("}");
}

struct CPUTileAndVectorizePass
    : public dlc::impl::CPUTileAndVectorizeBase<CPUTileAndVectorizePass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    CPUTileAndVectorizeBase::getDependentDialects(registry);
    registerTransformExtensions(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    Builder builder(&getContext());
    Script script;
    int64_t nextId = 0;
    llvm::DenseSet<Operation *> scheduled;
    auto tag = [&](Operation *op) {
      int64_t id = nextId++;
      op->setAttr(kScheduleId, builder.getI64IntegerAttr(id));
      return id;
    };

    // Matmuls and convolutions first, with their consumers; then pooling;
    // then whatever is left.
    module.walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::MatmulOp, linalg::Conv2DNhwcHwcfOp>(op) ||
          !op.hasPureTensorSemantics())
        return;
      linalg::GenericOp consumer = fusableConsumer(op);
      Operation *root = consumer ? consumer.getOperation() : op.getOperation();
      int64_t id = tag(root);
      scheduled.insert(op);
      if (consumer)
        scheduled.insert(consumer);
      // The init's producer is fused and vectorized with the root.
      Operation *init = op.getDpsInitOperand(0)->get().getDefiningOp();
      bool initIsLinalg = init && isa<linalg::LinalgOp>(init);
      if (initIsLinalg)
        scheduled.insert(init);
      if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
        scheduleMatmul(script, matmul, id, consumer, initIsLinalg);
      else
        scheduleConv(script, cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation()),
                     id, consumer, initIsLinalg);
    });
    module.walk([&](linalg::LinalgOp op) {
      if (scheduled.contains(op) || !op.hasPureTensorSemantics())
        return;
      if (isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op)) {
        schedulePool(script, op, tag(op));
        scheduled.insert(op);
        if (Operation *init = op.getDpsInitOperand(0)->get().getDefiningOp())
          if (isa<linalg::FillOp>(init)) {
            scheduleGeneric(script, cast<linalg::LinalgOp>(init), tag(init));
            scheduled.insert(init);
          }
      }
    });
    module.walk([&](linalg::LinalgOp op) {
      if (scheduled.contains(op) || !op.hasPureTensorSemantics())
        return;
      scheduleGeneric(script, op, tag(op));
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

    if (nextId > 0 && failed(applyScript(module, script.body)))
      return signalPassFailure();
    module.walk([](Operation *op) { op->removeAttr(kScheduleId); });
  }
};

/// A tile whose initial value is written to a stack buffer and read back at
/// once (the bias broadcast that starts a convolution's accumulator, read
/// back with the unit dimension of the 1-D decomposition dropped):
/// forwards the written vector to the read and deletes the buffer. Besides
/// the store and reload per tile, the buffer made the speed depend on where
/// the stack lands: stores to it 4 KiB-aliased the loads of the tile's
/// inputs on some stack placements (CNN inference 1.6x slower when the
/// binary's path changed length).
struct ForwardStackTile : public OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  static bool isPlainWholeTransfer(VectorTransferOpInterface op) {
    return !op.getMask() &&
           llvm::all_of(op.getInBoundsValues(), [](bool b) { return b; }) &&
           llvm::all_of(op.getIndices(), [](Value index) {
             return isConstantIntValue(index, 0);
           }) &&
           op.getPermutationMap().isMinorIdentity();
  }

  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto alloca = read.getBase().getDefiningOp<memref::AllocaOp>();
    if (!alloca || !isPlainWholeTransfer(read))
      return failure();
    vector::TransferWriteOp write;
    for (Operation *user : alloca->getUsers()) {
      if (auto other = dyn_cast<vector::TransferWriteOp>(user)) {
        if (write)
          return failure();
        write = other;
      } else if (!isa<vector::TransferReadOp>(user)) {
        return failure();
      }
    }
    // The write covers the whole buffer and comes first in the read's block.
    if (!write || !isPlainWholeTransfer(write) ||
        write->getBlock() != read->getBlock() ||
        !write->isBeforeInBlock(read) ||
        write.getVectorType().getShape() != alloca.getType().getShape() ||
        write.getVectorType().getNumElements() !=
            read.getVectorType().getNumElements())
      return failure();
    Value forwarded = write.getVector();
    if (forwarded.getType() != read.getType())
      forwarded = vector::ShapeCastOp::create(rewriter, read.getLoc(),
                                              read.getVectorType(), forwarded);
    rewriter.replaceOp(read, forwarded);
    if (llvm::hasSingleElement(alloca->getUsers())) {
      rewriter.eraseOp(write);
      rewriter.eraseOp(alloca);
    }
    return success();
  }
};

struct CPULowerVectorsPass
    : public dlc::impl::CPULowerVectorsBase<CPULowerVectorsPass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    CPULowerVectorsBase::getDependentDialects(registry);
    registerTransformExtensions(registry);
  }

  void runOnOperation() override {
    RewritePatternSet forwarding(&getContext());
    forwarding.add<ForwardStackTile>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(forwarding))))
      return signalPassFailure();
    // Separate apply_patterns groups: shape-cast lowering and
    // canonicalization together never terminate.
    const char *script = R"(
transform.apply_patterns to %f {
  transform.apply_patterns.canonicalization
} : !transform.any_op
%g = transform.structured.hoist_redundant_vector_transfers %f : (!transform.any_op) -> !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_masked_transfers
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_masks
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
  transform.apply_patterns.vector.transfer_permutation_patterns
  transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = "innerparallel"
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.split_transfer_full_partial split_transfer_strategy = "vector-transfer"
  transform.apply_patterns.vector.transfer_to_scf max_transfer_rank = 1 full_unroll = true
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_shape_cast
} : !transform.any_op
transform.apply_patterns to %g {
  transform.apply_patterns.vector.lower_transpose lowering_strategy = "shuffle_1d"
  transform.apply_patterns.vector.lower_broadcast
  transform.apply_patterns.vector.lower_outerproduct
} : !transform.any_op
)";
    if (failed(applyScript(getOperation(), script)))
      signalPassFailure();
  }
};

} // namespace
