//===- Target.h - From the LLVM dialect to LLVM IR, assembly and objects --===//

#ifndef DLC_TARGET_LLVM_TARGET_H
#define DLC_TARGET_LLVM_TARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace dlc {

/// Which CPU to generate code for.
struct CPUTarget {
  /// LLVM target triple; empty means the host's.
  std::string triple;
  /// CPU name as LLVM spells it; "native" is the host CPU with all its
  /// features, "portable" is the baseline of the triple's architecture.
  std::string cpu = "native";
  /// Extra features, LLVM style: "+avx2,-avx512f".
  std::string features;
  /// LLVM optimisation level, 0 to 3.
  unsigned optLevel = 3;
};

/// Creates a target machine emitting position-independent code for
/// `target`; on failure returns null and sets `error`.
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const CPUTarget &target, std::string &error);

/// Translates a module in the LLVM dialect to LLVM IR for `machine`
/// (triple and data layout set) and optimises it at the target's level.
std::unique_ptr<llvm::Module> translateAndOptimize(mlir::ModuleOp module,
                                                   llvm::LLVMContext &context,
                                                   llvm::TargetMachine &machine,
                                                   unsigned optLevel);

/// Runs LLVM's optimisation pipeline at `optLevel` for `machine`.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    unsigned optLevel);

/// Emits `module` as an object file or assembly. Returns false and sets
/// `error` on failure.
bool emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                     bool assembly, llvm::raw_pwrite_stream &os,
                     std::string &error);

} // namespace dlc

#endif // DLC_TARGET_LLVM_TARGET_H
