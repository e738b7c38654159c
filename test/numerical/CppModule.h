//===- CppModule.h - A model built from `--emit=cpp` source for tests -----===//
//
// Builds the C++ source `dlc compile --emit=cpp` writes with
// the C++ compiler named by DLC_TEST_CXX (GCC where the machine has it: the
// point of --emit=cpp is a compiler other than LLVM's) as a shared library
// and calls its entry points through the same C interface as the JIT.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_NUMERICAL_CPPMODULE_H
#define DLC_TEST_NUMERICAL_CPPMODULE_H

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>

#include <memory>
#include <string>

namespace dlc::test {

class CppModule {
public:
  /// Builds `source` (`--emit=cpp` output with the packed entry points:
  /// Compilation::writeCpp(os, /*packed=*/true)), with `flag` when not
  /// empty; on failure returns null and sets `error`.
  static std::unique_ptr<CppModule> create(const std::string &source,
                                           std::string &error,
                                           llvm::StringRef flag = "") {
    auto module_ = std::unique_ptr<CppModule>(new CppModule());
    llvm::SmallString<128> prefix, dir;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, prefix);
    llvm::sys::path::append(prefix, "dlc-cpp-test");
    if (llvm::sys::fs::createUniqueDirectory(prefix, dir)) {
      error = "cannot create a temporary directory";
      return nullptr;
    }
    module_->dir = dir.str().str();
    std::string cppPath = module_->dir + "/model.cpp";
    std::string libPath = module_->dir + "/model.so";
    std::string logPath = module_->dir + "/compiler.log";
    {
      std::error_code ec;
      llvm::raw_fd_ostream file(cppPath, ec);
      if (ec) {
        error = cppPath + ": " + ec.message();
        return nullptr;
      }
      file << source;
    }
    llvm::StringRef compiler = DLC_TEST_CXX;
    llvm::SmallVector<llvm::StringRef> args = {
        compiler,  "-std=c++17",  "-O1",        "-shared", "-fPIC", "-Wall",
        "-Werror", "-Wno-unused", "-Wno-psabi", "-o",      libPath, cppPath};
    if (!flag.empty())
      args.push_back(flag);
    std::optional<llvm::StringRef> redirects[] = {std::nullopt, logPath,
                                                  logPath};
    std::string message;
    int status = llvm::sys::ExecuteAndWait(compiler, args, std::nullopt,
                                           redirects, 0, 0, &message);
    if (status != 0) {
      auto log = llvm::MemoryBuffer::getFile(logPath);
      error = (compiler + " failed on " + cppPath + " (" + message + "):\n" +
               (log ? (*log)->getBuffer() : "").substr(0, 4000))
                  .str();
      return nullptr;
    }
    module_->handle = dlopen(libPath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module_->handle) {
      error = std::string("dlopen: ") + dlerror();
      return nullptr;
    }
    return module_;
  }

  ~CppModule() {
    if (handle)
      dlclose(handle);
    if (!dir.empty())
      llvm::sys::fs::remove_directories(dir);
  }

  /// Calls the C interface of `<model>_<entry>` with one descriptor pointer
  /// per input, parameter and output, in that order.
  llvm::Error call(llvm::StringRef function,
                   llvm::ArrayRef<void *> descriptors) {
    std::string symbol = ("dlc_" + function + "_packed").str();
    auto entry =
        reinterpret_cast<void (*)(void **)>(dlsym(handle, symbol.c_str()));
    if (!entry)
      return llvm::createStringError("no symbol " + symbol);
    llvm::SmallVector<void *> args(descriptors.begin(), descriptors.end());
    entry(args.data());
    return llvm::Error::success();
  }

private:
  CppModule() = default;
  void *handle = nullptr;
  std::string dir;
};

} // namespace dlc::test

#endif // DLC_TEST_NUMERICAL_CPPMODULE_H
