//===- Serialize.cpp - Each gpu.module to one fatbin ----------------------===//
//
// gpu-module-to-binary makes one object per target, and the offloading
// translation embeds one of them: a binary for sm_80 and sm_90 together is
// a fatbin, which CUDA's `fatbinary` builds from a cubin per target and the
// newest target's PTX.
//
//===----------------------------------------------------------------------===//

#include "Codegen/LLVMGPU/Passes.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace dlc {
#define GEN_PASS_DEF_GPUSERIALIZE
#include "Codegen/LLVMGPU/Passes.h.inc"
} // namespace dlc

namespace {

/// A temporary file, removed when it goes.
struct TemporaryFile {
  llvm::SmallString<128> path;

  ~TemporaryFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }

  LogicalResult create(StringRef suffix) {
    return success(
        !llvm::sys::fs::createTemporaryFile("dlc-kernels", suffix, path));
  }

  LogicalResult write(ArrayRef<char> bytes) {
    std::error_code error;
    llvm::raw_fd_ostream os(path, error);
    if (error)
      return failure();
    os.write(bytes.data(), bytes.size());
    return success(!os.has_error());
  }
};

struct GPUSerializePass : public dlc::impl::GPUSerializeBase<GPUSerializePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<SymbolTable> symbols;
    auto symbolTable = [&]() -> SymbolTable * {
      if (!symbols)
        symbols.emplace(module);
      return &*symbols;
    };
    for (auto kernels :
         llvm::make_early_inc_range(module.getOps<gpu::GPUModuleOp>()))
      if (failed(serialize(kernels, symbolTable)))
        return signalPassFailure();
  }

  FailureOr<SmallVector<char, 0>>
  compile(gpu::GPUModuleOp kernels, NVVM::NVVMTargetAttr target,
          gpu::CompilationTarget format,
          function_ref<SymbolTable *()> symbolTable) {
    gpu::TargetOptions options(cudaPath, {}, {}, {}, format, symbolTable);
    std::optional<SmallVector<char, 0>> object =
        cast<gpu::TargetAttrInterface>(target).serializeToObject(kernels,
                                                                 options);
    if (!object)
      return kernels.emitError("cannot compile the kernels for ")
             << target.getChip();
    return std::move(*object);
  }

  LogicalResult serialize(gpu::GPUModuleOp kernels,
                          function_ref<SymbolTable *()> symbolTable) {
    ArrayAttr targets = kernels.getTargetsAttr();
    if (!targets || targets.empty())
      return kernels.emitError("has no targets: attach NVVM targets first");
    SmallVector<NVVM::NVVMTargetAttr> nvvmTargets;
    for (Attribute target : targets) {
      auto nvvm = dyn_cast<NVVM::NVVMTargetAttr>(target);
      if (!nvvm)
        return kernels.emitError("has a target that is not NVVM: ") << target;
      nvvmTargets.push_back(nvvm);
    }

    // A cubin per target, and PTX for the newest (the last).
    std::vector<TemporaryFile> files(nvvmTargets.size() + 2);
    SmallVector<std::string> images;
    for (auto [index, target] : llvm::enumerate(nvvmTargets)) {
      FailureOr<SmallVector<char, 0>> cubin =
          compile(kernels, target, gpu::CompilationTarget::Binary, symbolTable);
      if (failed(cubin))
        return failure();
      TemporaryFile &file = files[index];
      if (failed(file.create("cubin")) || failed(file.write(*cubin)))
        return kernels.emitError("cannot write a temporary cubin");
      StringRef sm = StringRef(target.getChip()).drop_front(3);
      images.push_back(
          ("--image3=kind=elf,sm=" + sm + ",file=" + file.path).str());
    }
    NVVM::NVVMTargetAttr newest = nvvmTargets.back();
    FailureOr<SmallVector<char, 0>> ptx =
        compile(kernels, newest, gpu::CompilationTarget::Assembly, symbolTable);
    if (failed(ptx))
      return failure();
    TemporaryFile &ptxFile = files[nvvmTargets.size()];
    // The PTX comes back with its terminating NUL, which fatbinary reads as
    // part of the text.
    ArrayRef<char> text(ptx->data(), ptx->size());
    if (!text.empty() && text.back() == '\0')
      text = text.drop_back();
    if (failed(ptxFile.create("ptx")) || failed(ptxFile.write(text)))
      return kernels.emitError("cannot write a temporary PTX file");
    images.push_back(
        ("--image3=kind=ptx,sm=" + StringRef(newest.getChip()).drop_front(3) +
         ",file=" + ptxFile.path)
            .str());

    TemporaryFile &fatbin = files.back();
    if (failed(fatbin.create("fatbin")))
      return kernels.emitError("cannot create a temporary fatbin");
    llvm::SmallString<128> tool(cudaPath);
    llvm::sys::path::append(tool, "bin", "fatbinary");
    SmallVector<StringRef> arguments{tool, "--64", "--create", fatbin.path};
    for (const std::string &image : images)
      arguments.push_back(image);
    std::string message;
    int status = llvm::sys::ExecuteAndWait(tool, arguments, std::nullopt, {}, 0,
                                           0, &message);
    if (status != 0)
      return kernels.emitError("fatbinary (")
             << tool << ") failed" << (message.empty() ? "" : ": ") << message;
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> bytes =
        llvm::MemoryBuffer::getFile(fatbin.path);
    if (!bytes)
      return kernels.emitError("cannot read the fatbin back");

    OpBuilder builder(kernels);
    auto object = gpu::ObjectAttr::get(
        &getContext(), newest, gpu::CompilationTarget::Fatbin,
        builder.getStringAttr((*bytes)->getBuffer()), nullptr, nullptr);
    gpu::BinaryOp::create(builder, kernels.getLoc(), kernels.getName(), nullptr,
                          builder.getArrayAttr({object}));
    kernels.erase();
    return success();
  }
};

} // namespace
