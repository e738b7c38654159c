//===- Compile.cpp - dlc compile: a model to an object and a header -------===//

#include "Commands.h"

#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace dlc::tool {

cl::SubCommand compileCommand(
    "compile", "Compile a model's entry points to an object file (and a C++ "
               "header with --header)");

namespace {

cl::opt<int64_t> compileCppVectorBits(
    "cpp-vector-bits",
    cl::desc("--emit=cpp: the vector registers the code's schedules are for, "
             "in bits: 512 (AVX-512, the default), 256 (AVX2), 128 (NEON, "
             "SVE at 128 bits), or 0 for plain scalar loops"),
    cl::init(512), cl::sub(compileCommand));
cl::opt<std::string> compileInput(cl::Positional, cl::desc("<model.mlir>"),
                                  cl::Required, cl::sub(compileCommand));
cl::opt<std::string> compileOutput(
    "o", cl::desc("Output file (default: <model>.o, or stdout for text)"),
    cl::value_desc("file"), cl::sub(compileCommand));
cl::opt<std::string>
    compileHeader("header",
                  cl::desc("Also write the C/C++ header of the compiled model"),
                  cl::value_desc("file"), cl::sub(compileCommand));
cl::opt<std::string>
    compileModel("model",
                 cl::desc("The dlc.model to compile when the file "
                          "has several"),
                 cl::value_desc("name"), cl::sub(compileCommand));

enum class Emit { linalg, mlir, llvm, assembly, object, header, cpp };
cl::opt<Emit> compileEmit(
    "emit", cl::desc("Stop after this stage and write it"),
    cl::values(
        clEnumValN(Emit::linalg, "linalg",
                   "entry points on linalg and tensors (dlc-lower-to-linalg)"),
        clEnumValN(Emit::mlir, "mlir",
                   "the end of the MLIR pipeline (LLVM dialect)"),
        clEnumValN(Emit::llvm, "llvm", "optimised LLVM IR"),
        clEnumValN(Emit::assembly, "asm", "assembly"),
        clEnumValN(Emit::object, "obj", "an object file (default)"),
        clEnumValN(Emit::header, "header", "the C/C++ header only"),
        clEnumValN(Emit::cpp, "cpp",
                   "portable C++ source with the object's symbols (for "
                   "machines without LLVM; pair it with --header)")),
    cl::init(Emit::object), cl::sub(compileCommand));
cl::opt<CodegenTarget> compileTarget(
    "target", cl::desc("What the code runs on"),
    cl::values(clEnumValN(CodegenTarget::cpu, "cpu",
                          "the CPU (default; --mcpu chooses which)"),
               clEnumValN(CodegenTarget::cuda, "cuda",
                          "an NVIDIA GPU (--gpu-arch chooses which), "
                          "launched from host code for the CPU")),
    cl::init(CodegenTarget::cpu), cl::sub(compileCommand));
cl::list<std::string> compileGPUArchs(
    "gpu-arch",
    cl::desc("The GPUs to compile for, --target=cuda: a cubin each in one "
             "fatbin, with the last one's PTX (default: sm_80,sm_90)"),
    cl::value_desc("sm_XX"), cl::CommaSeparated, cl::sub(compileCommand));
cl::opt<std::string> compileCPU(
    "mcpu",
    cl::desc("Target CPU: native (the host, default), portable (the "
             "architecture's baseline), or an LLVM CPU name like skylake"),
    cl::value_desc("cpu"), cl::init("native"), cl::sub(compileCommand));
cl::opt<std::string> compileFeatures(
    "mattr", cl::desc("Target features to add or remove: +avx2,-avx512f"),
    cl::value_desc("features"), cl::sub(compileCommand));
cl::opt<std::string> compileTriple("mtriple",
                                   cl::desc("Target triple (default: host)"),
                                   cl::value_desc("triple"),
                                   cl::sub(compileCommand));
cl::opt<unsigned> compileOptLevel("O", cl::desc("LLVM optimisation level"),
                                  cl::Prefix, cl::init(3),
                                  cl::sub(compileCommand));
cl::opt<bool> compileStepHalves(
    "step-halves",
    cl::desc("Also compile each training step's halves for data parallelism, "
             "<step>_gradients and <step>_apply (default; =false saves their "
             "compile time)"),
    cl::init(true), cl::sub(compileCommand));

/// Writes what `emit` produces into `path` (into memory first: a failed
/// stage leaves no file behind).
int emitTo(StringRef path,
           function_ref<mlir::LogicalResult(raw_ostream &)> emit,
           const Compilation &compilation) {
  std::string text;
  raw_string_ostream os(text);
  if (mlir::failed(emit(os)))
    return failed(compilation);
  return writeFile(path, [&](raw_ostream &out) { out << text; }) ? 0 : 1;
}

} // namespace

int runCompile() {
  CompileOptions options;
  options.model = compileModel;
  options.cpu.triple = compileTriple;
  options.cpu.cpu = compileCPU;
  options.cpu.features = compileFeatures;
  options.cpu.optLevel = compileOptLevel;
  options.target = compileTarget;
  options.gpu.archs.assign(compileGPUArchs.begin(), compileGPUArchs.end());
  for (const std::string &arch : options.gpu.archs)
    if (!StringRef(arch).starts_with("sm_") ||
        !all_of(StringRef(arch).drop_front(3).rtrim('a'), isDigit)) {
      errs() << "dlc compile: --gpu-arch takes names like sm_80 or sm_90a, "
                "not '"
             << arch << "'\n";
      return 1;
    }
  // C++ source is written for the vectors --cpp-vector-bits names (as
  // GCC/Clang vector extensions, with a scalar fallback). Its scratch plan
  // may differ from the object's, so its header comes from this run.
  if (compileEmit == Emit::cpp) {
    if (!is_contained({0, 128, 256, 512}, compileCppVectorBits)) {
      errs() << "dlc compile: --cpp-vector-bits takes 0, 128, 256 or 512, "
                "not "
             << compileCppVectorBits << "\n";
      return 1;
    }
    options.vectorBits = compileCppVectorBits;
  }
  options.passManagerCLOptions = true;
  options.stepHalves = compileStepHalves;
  Compilation compilation(options);
  if (mlir::failed(compilation.load(compileInput, "compile")))
    return failed(compilation);

  std::string output = compileOutput;
  if (output.empty())
    output =
        compileEmit == Emit::object ? compilation.interface().name + ".o" : "-";

  if (compileEmit == Emit::linalg)
    return emitTo(
        output,
        [&](raw_ostream &os) {
          if (mlir::failed(compilation.lowerToLinalg()))
            return mlir::failure();
          compilation.module().print(os);
          return mlir::success();
        },
        compilation);

  std::string headerPath = compileEmit == Emit::header ? output : compileHeader;
  if (!headerPath.empty() &&
      emitTo(
          headerPath,
          [&](raw_ostream &os) {
            // The header needs the scratch plan of the code it goes with
            // (C++ source is written before the LLVM dialect).
            if (compileEmit == Emit::cpp
                    ? mlir::failed(compilation.lowerToStructured())
                    : mlir::failed(compilation.lowerToLLVMDialect()))
              return mlir::failure();
            return compilation.writeHeader(os);
          },
          compilation))
    return 1;

  switch (compileEmit) {
  case Emit::linalg:
  case Emit::header:
    return 0;
  case Emit::mlir:
    return emitTo(
        output,
        [&](raw_ostream &os) {
          if (mlir::failed(compilation.lowerToLLVMDialect()))
            return mlir::failure();
          compilation.module().print(os);
          return mlir::success();
        },
        compilation);
  case Emit::cpp:
    return emitTo(
        output, [&](raw_ostream &os) { return compilation.writeCpp(os); },
        compilation);
  case Emit::llvm:
    return emitTo(
        output, [&](raw_ostream &os) { return compilation.emitLLVMIR(os); },
        compilation);
  case Emit::assembly:
  case Emit::object:
    return emitTo(
        output,
        [&](raw_ostream &os) {
          return compilation.emitMachineCode(compileEmit == Emit::assembly, os);
        },
        compilation);
  }
  return 0;
}

} // namespace dlc::tool
