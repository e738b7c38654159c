//===- Compilation.cpp - One model through dlc's stages -------------------===//

#include "Driver/Compilation.h"

#include "Pipelines/Pipelines.h"
#include "Translation/Cpp/StructuredCpp.h"
#include "dlc/DLC.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

using namespace mlir;

namespace dlc {

void registerGPUTranslations(DialectRegistry &registry) {
  // The conversions to LLVM that gpu-to-llvm applies to the host code, the
  // NVVM target that compiles kernels, and the translations of kernels and
  // of the launches and embedded binaries of the host code.
  registerAllExtensions(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
}

DialectRegistry compilerRegistry() {
  DialectRegistry registry;
  registerAllDialects(registry);
  registry.insert<DLCDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerGPUTranslations(registry);
  return registry;
}

Compilation::Compilation(CompileOptions options)
    : options_(std::move(options)), context_(compilerRegistry()) {
  context_.loadDialect<DLCDialect>();
  // Diagnostics point at the source line; the op's IR is noise there.
  context_.printOpOnDiagnostic(false);
  diagnostics_ =
      std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr_, &context_);
}

Compilation::~Compilation() = default;

LogicalResult Compilation::fail(const llvm::Twine &message) {
  if (error_.empty())
    error_ = message.str();
  return failure();
}

LogicalResult Compilation::parse(llvm::StringRef path) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file)
    return fail(error);
  path_ = path.str();
  sourceName_ = llvm::sys::path::filename(path).str();
  return parseBuffer(std::move(file));
}

LogicalResult Compilation::load(llvm::StringRef path, llvm::StringRef verb) {
  if (failed(parse(path)))
    return failure();
  return selectModel(verb);
}

LogicalResult Compilation::loadSource(llvm::StringRef source,
                                      llvm::StringRef name,
                                      llvm::StringRef verb) {
  path_ = sourceName_ = name.str();
  if (failed(parseBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, name))))
    return failure();
  return selectModel(verb);
}

LogicalResult
Compilation::parseBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  switch (options_.input) {
  case InputFormat::mlir:
    sourceMgr_.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    module_ = parseSourceFile<ModuleOp>(sourceMgr_, &context_);
    break;
  }
  if (!module_)
    return failure();
  stage_ = Stage::parsed;
  return success();
}

LogicalResult Compilation::selectModel(llvm::StringRef verb) {
  llvm::SmallVector<ModelOp> models;
  for (auto model : module_->getOps<ModelOp>())
    if (options_.model.empty() || model.getSymName() == options_.model)
      models.push_back(model);
  if (models.size() != 1) {
    std::string what;
    if (!models.empty())
      what = "several dlc.models; choose one with --model";
    else if (!options_.model.empty() && !module_->getOps<ModelOp>().empty())
      what = "no dlc.model named '" + options_.model + "'";
    else
      what = ("no dlc.model to " + verb).str();
    return fail(path_ + ": " + what);
  }
  for (auto other : llvm::make_early_inc_range(module_->getOps<ModelOp>()))
    if (other != models.front())
      other.erase();
  model_ = models.front();
  interface_ = describeModel(model_);
  stage_ = Stage::loaded;
  return success();
}

LogicalResult
Compilation::runPipeline(llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(&context_);
  if (options_.passManagerCLOptions && failed(applyPassManagerCLOptions(pm)))
    return failure();
  build(pm);
  return pm.run(*module_);
}

LogicalResult Compilation::lowerToLinalg() {
  if (stage_ >= Stage::linalg)
    return success();
  if (stage_ != Stage::loaded)
    return fail("no model loaded");
  if (failed(runPipeline([&](OpPassManager &pm) {
        buildLowerToLinalgPipeline(pm, options_.stepHalves);
      })) ||
      failed(bindEntryParams(interface_, *module_)))
    return failure();
  model_ = {};
  stage_ = Stage::linalg;
  return success();
}

void Compilation::buildCodegenPipeline(OpPassManager &pm, Stage stage) {
  switch (options_.target) {
  case CodegenTarget::cpu:
    if (stage == Stage::buffers)
      buildCPUBufferizePipeline(pm, options_.vectorBits);
    else
      buildCPUToLLVMPipeline(pm, options_.vectorBits);
    return;
  case CodegenTarget::gpuOnHost:
  case CodegenTarget::gpuOnHostReversed:
    if (stage == Stage::buffers)
      buildGPUBufferizePipeline(pm);
    else
      buildGPUOnHostToLLVMPipeline(pm, options_.target ==
                                           CodegenTarget::gpuOnHostReversed);
    return;
  case CodegenTarget::cuda:
    if (stage == Stage::buffers) {
      buildGPUBufferizePipeline(pm);
      return;
    }
    GPUPipelineOptions gpu;
    gpu.archs = options_.gpu.archs;
    gpu.cudaPath = cudaPath();
    buildGPUToLLVMPipeline(pm, gpu);
    return;
  }
}

std::string Compilation::cudaPath() const {
  if (!options_.gpu.cudaPath.empty())
    return options_.gpu.cudaPath;
  for (const char *variable : {"CUDA_ROOT", "CUDA_HOME", "CUDA_PATH"})
    if (const char *path = std::getenv(variable); path && *path)
      return path;
  return "/usr/local/cuda";
}

LogicalResult Compilation::lowerToBuffers() {
  if (stage_ >= Stage::buffers)
    return success();
  if (failed(lowerToLinalg()) || failed(runPipeline([&](OpPassManager &pm) {
        buildCodegenPipeline(pm, Stage::buffers);
      })) ||
      failed(bindEntryScratch(interface_, *module_)))
    return failure();
  if (options_.target == CodegenTarget::cuda &&
      failed(placeOnCuda(interface_, *module_)))
    return failure();
  stage_ = Stage::buffers;
  return success();
}

LogicalResult Compilation::lowerToLLVMDialect() {
  if (stage_ >= Stage::llvmDialect)
    return success();
  if (stage_ == Stage::structured)
    return fail("the module was lowered for C++ source, not for the LLVM "
                "dialect");
  if (failed(lowerToBuffers()) || failed(runPipeline([&](OpPassManager &pm) {
        buildCodegenPipeline(pm, Stage::llvmDialect);
      })) ||
      failed(addPlainEntryPoints(*module_, interface_)))
    return failure();
  stage_ = Stage::llvmDialect;
  return success();
}

LogicalResult Compilation::writeHeader(llvm::raw_ostream &os) {
  if (failed(lowerToBuffers()))
    return failure();
  std::string error;
  if (failed(dlc::writeHeader(interface_, sourceName_, os, error)))
    return fail(error);
  return success();
}

LogicalResult Compilation::lowerToStructured() {
  if (stage_ == Stage::structured)
    return success();
  if (stage_ > Stage::structured)
    return fail("the module is past the structured stage");
  if (options_.target != CodegenTarget::cpu)
    return fail("C++ source is written for CPUs only (--target=cpu)");
  if (failed(lowerToBuffers()) || failed(runPipeline([&](OpPassManager &pm) {
        buildCPUToStructuredPipeline(pm, options_.vectorBits);
      })))
    return failure();
  stage_ = Stage::structured;
  return success();
}

LogicalResult Compilation::writeCpp(llvm::raw_ostream &os, bool packed) {
  if (failed(lowerToStructured()))
    return failure();
  return translateStructuredToCpp(*module_, interface_, sourceName_, os,
                                  packed);
}

std::unique_ptr<llvm::TargetMachine> Compilation::createMachine() {
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(options_.cpu, error);
  if (!machine)
    (void)fail(error);
  return machine;
}

std::unique_ptr<llvm::Module>
Compilation::translateToLLVMIR(llvm::LLVMContext &context,
                               llvm::TargetMachine &machine) {
  if (failed(lowerToLLVMDialect()))
    return nullptr;
  std::unique_ptr<llvm::Module> module =
      translateAndOptimize(*module_, context, machine, options_.cpu.optLevel);
  if (!module)
    (void)fail("cannot translate to LLVM IR");
  return module;
}

LogicalResult Compilation::withLLVMModule(
    llvm::function_ref<LogicalResult(llvm::Module &, llvm::TargetMachine &)>
        use) {
  std::unique_ptr<llvm::TargetMachine> machine = createMachine();
  if (!machine)
    return failure();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = translateToLLVMIR(context, *machine);
  if (!module)
    return failure();
  return use(*module, *machine);
}

LogicalResult Compilation::emitLLVMIR(llvm::raw_ostream &os) {
  return withLLVMModule([&](llvm::Module &module, llvm::TargetMachine &) {
    module.print(os, nullptr);
    return success();
  });
}

LogicalResult Compilation::emitMachineCode(bool assembly,
                                           llvm::raw_ostream &os) {
  return withLLVMModule(
      [&](llvm::Module &module, llvm::TargetMachine &machine) {
        // Object writers seek: emit into memory, so that the caller's
        // stream may be a pipe.
        llvm::SmallString<0> code;
        llvm::raw_svector_ostream codeStream(code);
        std::string error;
        if (!dlc::emitMachineCode(module, machine, assembly, codeStream, error))
          return fail(error);
        os << code.str();
        return success();
      });
}

std::unique_ptr<JitModule> Compilation::jit() {
  if (options_.target == CodegenTarget::cuda) {
    (void)fail("the JIT runs CPU code only (not --target=cuda)");
    return nullptr;
  }
  if (failed(lowerToLLVMDialect()))
    return nullptr;
  auto jit = JitModule::create(*module_, options_.cpu);
  if (!jit) {
    (void)fail(llvm::toString(jit.takeError()));
    return nullptr;
  }
  return std::move(*jit);
}

} // namespace dlc
