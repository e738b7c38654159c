//===- Compilation.h - One model through dlc's stages ---------------------===//
//
// The compiler as a library: `dlc compile`, `dlc run`, `dlc train`, `dlc
// params`, `dlc check`, the numerical tests and anything else that compiles
// a model go through one Compilation, which owns the MLIR context and the
// module and runs the stages in order:
//
//   load (an input format) -> verify -> select the model
//   -> lower to linalg (training steps differentiated) -> bind parameters
//   -> bufferize and generate code for a target -> bind the scratch plan
//   -> emit (header, C++ source, LLVM IR, object, or a JIT).
//
// Adding an input format is one InputFormat and its importer in
// parseBuffer(); adding a code generator is one CodegenTarget and its
// pipelines in buildCodegenPipeline().
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DRIVER_COMPILATION_H
#define DLC_DRIVER_COMPILATION_H

#include "ABI/ModelInterface.h"
#include "Target/LLVM/Jit.h"
#include "Target/LLVM/Target.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <string>

namespace dlc {

/// The model formats dlc reads.
enum class InputFormat {
  /// The dlc dialect in MLIR's text form (`model.mlir`).
  mlir,
};

/// The code generators.
enum class CodegenTarget {
  /// Vector code for a CPU through LLVM.
  cpu,
  /// Kernels for NVIDIA GPUs through NVVM, launched by host code for the
  /// CPU (options.cpu) on the runtime's CUDA backend.
  cuda,
  /// The GPU schedule of `cuda` with its kernels run as loops on the CPU,
  /// one thread after another: host memory, no stream. Tests the GPU
  /// lowering against the numerical references where there is no GPU.
  gpuOnHost,
  /// gpuOnHost with the blocks and threads run from the last to the first:
  /// a kernel whose result depends on the order of its threads (a race on
  /// a GPU) is wrong in one of the two orders.
  gpuOnHostReversed,
};

/// For CodegenTarget::cuda: the GPUs and the toolkit.
struct GPUTarget {
  /// The GPUs, sm_80 and sm_90 when empty: one fatbin with a cubin each
  /// and the last one's PTX.
  std::vector<std::string> archs;
  /// The CUDA toolkit (ptxas, fatbinary, libdevice): CUDA_ROOT, CUDA_HOME
  /// or CUDA_PATH from the environment when empty, else /usr/local/cuda.
  std::string cudaPath;
};

struct CompileOptions {
  /// The dlc.model to compile; empty means the file's only one.
  std::string model;
  InputFormat input = InputFormat::mlir;
  CodegenTarget target = CodegenTarget::cpu;
  /// The CPU, its features and LLVM's level: of the whole code for
  /// CodegenTarget::cpu, of the host code for CodegenTarget::cuda.
  CPUTarget cpu;
  GPUTarget gpu;
  /// Tile and vectorize for vector registers of this many bits (128, 256
  /// or 512); 0 gives plain scalar loops. The object's code is for
  /// AVX-512's; --emit=cpp chooses (--cpp-vector-bits).
  int64_t vectorBits = 512;
  /// Also compile each training step's halves for data parallelism
  /// (`<step>_gradients`, `<step>_apply`).
  bool stepHalves = true;
  /// Apply MLIR's pass-manager command-line options (--mlir-print-ir-*,
  /// --mlir-timing) to the pipelines: for the dlc tool.
  bool passManagerCLOptions = false;
};

/// The stages a Compilation has gone through, in order.
enum class Stage {
  empty,
  parsed,
  loaded,
  linalg,
  buffers,
  /// Loops, memrefs and vectors: what --emit=cpp writes (a dead end).
  structured,
  llvmDialect
};

class Compilation {
public:
  /// Errors that are not about a place in the model (a missing file, no
  /// model to select) go to `errorHandler`; diagnostics with a location go
  /// through the context's handler. Without a handler of its own the
  /// Compilation prints diagnostics to stderr at their source lines.
  explicit Compilation(CompileOptions options = {});
  ~Compilation();

  mlir::MLIRContext &context() { return context_; }
  const CompileOptions &options() const { return options_; }
  Stage stage() const { return stage_; }

  /// The first error that was not a diagnostic ("" when none).
  const std::string &error() const { return error_; }

  /// Reads the model file at `path` and verifies it (Stage::parsed: every
  /// model of the file is there).
  mlir::LogicalResult parse(llvm::StringRef path);
  /// Reads, verifies and selects the model (options().model, or the only
  /// one), dropping the others; `verb` says what the caller will do with it
  /// in the error when there is none to select ("compile", "run", ...).
  mlir::LogicalResult load(llvm::StringRef path, llvm::StringRef verb);
  /// The same from text in memory (tests); `name` stands for the file.
  mlir::LogicalResult loadSource(llvm::StringRef source,
                                 llvm::StringRef name = "<source>",
                                 llvm::StringRef verb = "compile");

  /// The selected model (valid from Stage::loaded until lowering).
  ModelOp model() const { return model_; }
  /// What the compiled model exposes. Entry parameters are bound after
  /// lowerToLinalg() (which drops training steps it could not
  /// differentiate), scratch plans after lowerToLLVMDialect().
  ModelInterface &interface() { return interface_; }
  mlir::ModuleOp module() { return *module_; }
  /// The input file's name, for banners.
  llvm::StringRef sourceName() const { return sourceName_; }

  /// Each lowering runs the stages before it that have not run.
  /// dlc -> linalg on tensors, training steps differentiated.
  mlir::LogicalResult lowerToLinalg();
  /// -> buffers: tiled for the target, bufferized, the scratch planned.
  mlir::LogicalResult lowerToBuffers();
  /// -> the LLVM dialect for the target.
  mlir::LogicalResult lowerToLLVMDialect();

  /// The C/C++ header (needs Stage::llvmDialect for the scratch sizes).
  mlir::LogicalResult writeHeader(llvm::raw_ostream &os);
  /// -> loops, memrefs and vectors (the CPU target only); the LLVM dialect
  /// is not reached from there.
  mlir::LogicalResult lowerToStructured();
  /// Portable C++ source from Stage::structured (scalar loops, or with
  /// `vectorize` the vector schedules as GCC/Clang vector extensions), with
  /// every entry point's C forms; `packed` adds
  /// `dlc_<function>_packed(void **descriptors)` per entry point, for tests
  /// that call any entry point through one pointer type.
  mlir::LogicalResult writeCpp(llvm::raw_ostream &os, bool packed = false);
  /// LLVM IR for the target machine, optimised at the target's level.
  std::unique_ptr<llvm::Module> translateToLLVMIR(llvm::LLVMContext &context,
                                                  llvm::TargetMachine &machine);
  /// An object file or assembly for the target.
  mlir::LogicalResult emitMachineCode(bool assembly, llvm::raw_ostream &os);
  /// LLVM IR as text.
  mlir::LogicalResult emitLLVMIR(llvm::raw_ostream &os);
  /// Compiles everything (from any stage) and loads it into a JIT.
  std::unique_ptr<JitModule> jit();

private:
  mlir::LogicalResult fail(const llvm::Twine &message);
  mlir::LogicalResult parseBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer);
  mlir::LogicalResult selectModel(llvm::StringRef verb);
  /// The code generator's passes that reach `stage` (Stage::buffers or
  /// Stage::llvmDialect) from the one before: the place a target is added.
  void buildCodegenPipeline(mlir::OpPassManager &pm, Stage stage);
  mlir::LogicalResult
  runPipeline(llvm::function_ref<void(mlir::OpPassManager &)> build);
  std::unique_ptr<llvm::TargetMachine> createMachine();
  /// The CUDA toolkit to compile kernels with (GPUTarget::cudaPath).
  std::string cudaPath() const;
  /// Translates the module to LLVM IR for the target machine and hands
  /// both to `use`.
  mlir::LogicalResult
  withLLVMModule(llvm::function_ref<mlir::LogicalResult(llvm::Module &,
                                                        llvm::TargetMachine &)>
                     use);

  CompileOptions options_;
  mlir::MLIRContext context_;
  llvm::SourceMgr sourceMgr_;
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> diagnostics_;
  mlir::OwningOpRef<mlir::ModuleOp> module_;
  ModelOp model_;
  ModelInterface interface_;
  /// The input as the caller named it (for errors) and its file name (for
  /// banners).
  std::string path_, sourceName_;
  std::string error_;
  Stage stage_ = Stage::empty;
};

/// The extensions and translations that compile GPU kernels and the host
/// code that launches them.
void registerGPUTranslations(mlir::DialectRegistry &registry);

/// The dialects and translations a compilation needs.
mlir::DialectRegistry compilerRegistry();

} // namespace dlc

#endif // DLC_DRIVER_COMPILATION_H
