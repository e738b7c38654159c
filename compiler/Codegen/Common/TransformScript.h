//===- TransformScript.h - Transform-dialect scripts built as text --------===//
//
// MLIR 22 has no tiling or vectorization pass: both are driven by
// transform-dialect scripts. A target's tiling pass tags each op it
// schedules with an id, writes the script for all of them with this
// builder, and applies it with the transform interpreter.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_COMMON_TRANSFORMSCRIPT_H
#define DLC_CODEGEN_COMMON_TRANSFORMSCRIPT_H

#include "dlc/DLC.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <utility>
#include <vector>

namespace dlc {

/// The attribute that tags the ops of one schedule (`dlc.sid = <id> : i64`).
constexpr llvm::StringLiteral kScheduleId =
    DLCDialect::SidAttrHelper::getNameStr();

/// Registers the transform-dialect extensions the scripts use (linalg, scf,
/// tensor, vector, bufferization, memref and loop transforms).
void registerTransformExtensions(mlir::DialectRegistry &registry);

/// Parses `body` as the entry sequence of a transform script, with `%root`
/// bound to `module` and `%f` to its functions, and applies it to `module`.
/// On failure emits an error with the script.
mlir::LogicalResult applyTransformScript(mlir::ModuleOp module,
                                         llvm::StringRef body);

/// `[1, 2, 3]`.
std::string formatList(llvm::ArrayRef<int64_t> values);

/// Writes a transform script line by line with fresh value names. Every
/// handle is a `!transform.any_op`.
class TransformScript {
public:
  std::string fresh(llvm::StringRef prefix);
  void line(const std::string &text);
  /// The ops of schedule `id` in the module.
  std::string match(int64_t id);
  /// The ops of schedule `id` inside `scope`.
  std::string matchIn(int64_t id, const std::string &scope);
  /// Tiles `target` by `sizes` (0: not tiled) and fuses its producers;
  /// returns the tiled op and the loops, outermost first.
  std::pair<std::string, std::vector<std::string>>
  fuse(const std::string &target, llvm::ArrayRef<int64_t> sizes);
  /// Tiles `target` with scf.for loops; returns the tiled op and the loops.
  std::pair<std::string, std::vector<std::string>>
  tile(const std::string &target, llvm::ArrayRef<int64_t> sizes);
  /// Peels the last, partial iteration of an scf.for; returns the main and
  /// the partial loop.
  std::pair<std::string, std::string> peel(const std::string &loop);
  std::string producer(const std::string &target, int operand);
  /// Vectorizes `target` with the given vector sizes (none: its static
  /// shape).
  void vectorize(const std::string &target,
                 llvm::ArrayRef<int64_t> sizes = {});
  std::string decompose(const std::string &target);
  /// Canonicalization and CSE over every function.
  void cleanup();

  const std::string &text() const { return body; }

private:
  std::string loopTypes(int numLoops) const;

  std::string body;
  unsigned counter = 0;
};

} // namespace dlc

#endif // DLC_CODEGEN_COMMON_TRANSFORMSCRIPT_H
