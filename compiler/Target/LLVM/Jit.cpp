//===- Jit.cpp - Run compiled entry points in-process ---------------------===//

#include "Target/LLVM/Jit.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

namespace dlc {

llvm::Expected<std::unique_ptr<JitModule>>
JitModule::create(ModuleOp module, const CPUTarget &target) {
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(target, error);
  if (!machine)
    return llvm::createStringError(error);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);

  unsigned optLevel = target.optLevel;
  llvm::TargetMachine *rawMachine = machine.get();
  ExecutionEngineOptions options;
  options.jitCodeGenOptLevel = static_cast<llvm::CodeGenOptLevel>(
      std::min(optLevel, 3u));
  // The same LLVM optimisation `dlc compile` runs, for the same code.
  auto transformer = [rawMachine, optLevel](llvm::Module *llvmModule) {
    llvmModule->setTargetTriple(rawMachine->getTargetTriple());
    llvmModule->setDataLayout(rawMachine->createDataLayout());
    optimizeModule(*llvmModule, *rawMachine, optLevel);
    return llvm::Error::success();
  };
  options.transformer = transformer;
  auto engine = ExecutionEngine::create(module, options);
  if (!engine)
    return engine.takeError();
  return std::unique_ptr<JitModule>(new JitModule(std::move(*engine)));
}

llvm::Error JitModule::call(llvm::StringRef function,
                            llvm::ArrayRef<void *> descriptors) {
  // The packed interface takes a pointer to each argument; each argument is
  // itself a descriptor pointer.
  SmallVector<void *> arguments(descriptors.begin(), descriptors.end());
  SmallVector<void *> packed;
  for (void *&argument : arguments)
    packed.push_back(&argument);
  return engine->invokePacked(("dlc_" + function + "_strided").str(), packed);
}

llvm::Expected<JitModule::Packed> JitModule::lookup(llvm::StringRef function) {
  return engine->lookupPacked(("dlc_" + function + "_strided").str());
}

} // namespace dlc
