//===- Jit.h - Run compiled entry points in-process -----------------------===//
//
// For `dlc run`, `dlc train` and the numerical tests: the same pipeline as
// `dlc compile`, with the object loaded by MLIR's ExecutionEngine instead of
// written to a file.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TARGET_LLVM_JIT_H
#define DLC_TARGET_LLVM_JIT_H

#include "Target/LLVM/Target.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace dlc {

class JitModule {
public:
  /// JIT-compiles `module`, already lowered to the LLVM dialect.
  static llvm::Expected<std::unique_ptr<JitModule>>
  create(mlir::ModuleOp module, const CPUTarget &target);

  /// Calls the C interface of the entry point `<model>_<entry>` with one
  /// descriptor pointer per input, parameter and output, in that order.
  llvm::Error call(llvm::StringRef function,
                   llvm::ArrayRef<void *> descriptors);

  /// The packed C interface of `function` (its arguments as an array of
  /// pointers to the descriptor pointers), for callers that call it often
  /// or from several threads: calls need no lookup then.
  using Packed = void (*)(void **);
  llvm::Expected<Packed> lookup(llvm::StringRef function);

private:
  explicit JitModule(std::unique_ptr<mlir::ExecutionEngine> engine)
      : engine(std::move(engine)) {}
  std::unique_ptr<mlir::ExecutionEngine> engine;
};

} // namespace dlc

#endif // DLC_TARGET_LLVM_JIT_H
