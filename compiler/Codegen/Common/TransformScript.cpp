//===- TransformScript.cpp - Transform-dialect scripts built as text ------===//

#include "Codegen/Common/TransformScript.h"

#include "mlir/Dialect/Bufferization/TransformOps/BufferizationTransformOps.h"
#include "mlir/Dialect/Linalg/TransformOps/DialectExtension.h"
#include "mlir/Dialect/MemRef/TransformOps/MemRefTransformOps.h"
#include "mlir/Dialect/SCF/TransformOps/SCFTransformOps.h"
#include "mlir/Dialect/Tensor/TransformOps/TensorTransformOps.h"
#include "mlir/Dialect/Transform/IR/TransformOps.h"
#include "mlir/Dialect/Transform/LoopExtension/LoopExtension.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/Dialect/Vector/TransformOps/VectorTransformOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace dlc {

void registerTransformExtensions(DialectRegistry &registry) {
  linalg::registerTransformDialectExtension(registry);
  scf::registerTransformDialectExtension(registry);
  tensor::registerTransformDialectExtension(registry);
  vector::registerTransformDialectExtension(registry);
  bufferization::registerTransformDialectExtension(registry);
  memref::registerTransformDialectExtension(registry);
  transform::registerLoopExtension(registry);
}

LogicalResult applyTransformScript(ModuleOp module, llvm::StringRef body) {
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
    return module.emitError("dlc: applying the schedule failed; script:\n")
           << text;
  return success();
}

std::string formatList(llvm::ArrayRef<int64_t> values) {
  std::string text = "[";
  for (auto [i, v] : llvm::enumerate(values))
    text += (i ? ", " : "") + std::to_string(v);
  return text + "]";
}

std::string TransformScript::fresh(llvm::StringRef prefix) {
  return ("%" + prefix + std::to_string(counter++)).str();
}

void TransformScript::line(const std::string &text) { body += text + "\n"; }

std::string TransformScript::match(int64_t id) { return matchIn(id, "%root"); }

std::string TransformScript::matchIn(int64_t id, const std::string &scope) {
  std::string v = fresh("r");
  line(llvm::formatv("{0} = transform.structured.match attributes{{{1} = "
                     "{2} : i64} in {3} : (!transform.any_op) -> "
                     "!transform.any_op",
                     v, kScheduleId, id, scope));
  return v;
}

std::string TransformScript::loopTypes(int numLoops) const {
  std::string types = "!transform.any_op";
  for (int i = 0; i < numLoops; ++i)
    types += ", !transform.any_op";
  return types;
}

/// The names of the `numLoops` results of a multi-result handle `loops`.
static std::vector<std::string> loopNames(const std::string &loops,
                                          int numLoops) {
  std::vector<std::string> names;
  for (int i = 0; i < numLoops; ++i)
    names.push_back(loops + "#" + std::to_string(i));
  return names;
}

std::pair<std::string, std::vector<std::string>>
TransformScript::fuse(const std::string &target,
                      llvm::ArrayRef<int64_t> sizes) {
  int numLoops = llvm::count_if(sizes, [](int64_t s) { return s != 0; });
  std::string tiled = fresh("t");
  std::string loops = fresh("l");
  line(llvm::formatv("{0}, {1}:{2} = transform.structured.fuse {3} "
                     "tile_sizes {4} : (!transform.any_op) -> ({5})",
                     tiled, loops, numLoops, target, formatList(sizes),
                     loopTypes(numLoops)));
  return {tiled, loopNames(loops, numLoops)};
}

std::pair<std::string, std::vector<std::string>>
TransformScript::tile(const std::string &target,
                      llvm::ArrayRef<int64_t> sizes) {
  int numLoops = llvm::count_if(sizes, [](int64_t s) { return s != 0; });
  std::string tiled = fresh("t");
  std::string loops = fresh("l");
  std::string results = tiled;
  if (numLoops)
    results += ", " + loops + ":" + std::to_string(numLoops);
  line(llvm::formatv("{0} = transform.structured.tile_using_for {1} "
                     "tile_sizes {2} : (!transform.any_op) -> ({3})",
                     results, target, formatList(sizes),
                     loopTypes(numLoops)));
  return {tiled, loopNames(loops, numLoops)};
}

std::pair<std::string, std::string>
TransformScript::peel(const std::string &loop) {
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

std::string TransformScript::producer(const std::string &target,
                                      int operand) {
  std::string v = fresh("q");
  line(llvm::formatv("{0} = transform.get_producer_of_operand {1}[{2}] : "
                     "(!transform.any_op) -> !transform.any_op",
                     v, target, operand));
  return v;
}

void TransformScript::vectorize(const std::string &target,
                                llvm::ArrayRef<int64_t> sizes) {
  if (sizes.empty()) {
    line("transform.structured.vectorize " + target + " : !transform.any_op");
    return;
  }
  line(llvm::formatv("transform.structured.vectorize {0} vector_sizes {1} : "
                     "!transform.any_op",
                     target, formatList(sizes)));
}

std::string TransformScript::decompose(const std::string &target) {
  std::string v = fresh("d");
  line(llvm::formatv("{0} = transform.structured.decompose {1} : "
                     "(!transform.any_op) -> !transform.any_op",
                     v, target));
  return v;
}

void TransformScript::cleanup() {
  line("transform.apply_patterns to %f { "
       "transform.apply_patterns.canonicalization } : !transform.any_op");
  line("transform.apply_cse to %f : !transform.any_op");
}

} // namespace dlc
