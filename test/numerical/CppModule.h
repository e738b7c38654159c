//===- CppModule.h - A model built from `--emit=cpp` source for tests -----===//
//
// Builds the C++ source `dlc compile --emit=cpp` writes with
// the C++ compiler named by DLC_TEST_CXX (GCC where the machine has it: the
// point of --emit=cpp is a compiler other than LLVM's) as a shared library
// and calls its entry points through the same C interface as the JIT.
// Cross mode builds it for 64-bit ARM instead (DLC_TEST_AARCH64_CXX) with
// CrossRunner.cpp, and makes each call a run of that program under QEMU
// (DLC_TEST_QEMU_AARCH64): the arguments go in a file, the buffers come
// back in another.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_NUMERICAL_CPPMODULE_H
#define DLC_TEST_NUMERICAL_CPPMODULE_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>

#include <cstring>
#include <memory>
#include <regex>
#include <string>
#include <vector>

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
    if (!module_->writeSource(source, error))
      return nullptr;
    std::string libPath = module_->dir + "/model.so";
    std::string cppPath = module_->cppPath();
    llvm::SmallVector<llvm::StringRef> args = {
        DLC_TEST_CXX, "-std=c++17", "-O1",     "-shared",
        "-fPIC",      "-Wall",      "-Werror", "-Wno-unused",
        "-Wno-psabi", "-o",         libPath,   cppPath};
    if (!flag.empty())
      args.push_back(flag);
    if (!module_->run(args, error))
      return nullptr;
    module_->handle = dlopen(libPath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module_->handle) {
      error = std::string("dlopen: ") + dlerror();
      return nullptr;
    }
    return module_;
  }

  /// Whether this machine has the cross compiler and QEMU cross mode needs.
  static bool canCross() {
    return llvm::sys::fs::can_execute(DLC_TEST_AARCH64_CXX) &&
           llvm::sys::fs::can_execute(DLC_TEST_QEMU_AARCH64);
  }

  /// Builds `source` for 64-bit ARM, linked statically with the runner.
  static std::unique_ptr<CppModule> createCross(const std::string &source,
                                                std::string &error) {
    auto module_ = std::unique_ptr<CppModule>(new CppModule());
    if (!module_->writeSource(source, error))
      return nullptr;
    // The runner's table of entry points: every packed one of the source.
    std::string table = "struct DlcTestEntry {\n  const char *name;\n  void "
                        "(*packed)(void **);\n};\n";
    std::string rows;
    std::regex packed("extern \"C\" void dlc_(\\w+)_packed\\(");
    for (auto it = std::sregex_iterator(source.begin(), source.end(), packed);
         it != std::sregex_iterator(); ++it) {
      std::string name = (*it)[1];
      table += "extern \"C\" void dlc_" + name + "_packed(void **);\n";
      rows += "    {\"" + name + "\", dlc_" + name + "_packed},\n";
    }
    table += "extern const DlcTestEntry dlc_test_entries[] = {\n" + rows +
             "    {nullptr, nullptr}};\n";
    std::string tablePath = module_->dir + "/entries.cpp";
    if (!writeFile(tablePath, table, error))
      return nullptr;
    module_->runner = module_->dir + "/runner";
    if (!module_->run({DLC_TEST_AARCH64_CXX, "-std=c++17", "-O1", "-static",
                       "-Wall", "-Werror", "-Wno-unused", "-o", module_->runner,
                       module_->cppPath(), tablePath, DLC_TEST_CROSS_RUNNER},
                      error))
      return nullptr;
    return module_;
  }

  ~CppModule() {
    if (handle)
      dlclose(handle);
    if (!dir.empty())
      llvm::sys::fs::remove_directories(dir);
  }

  /// Calls the C interface of `<model>_<entry>` with one descriptor pointer
  /// per input, parameter and output, in that order. Cross mode needs each
  /// descriptor's `ranks` and the `bytes` of the buffer it views (from its
  /// start, which is also its aligned pointer); buffers shared by several
  /// descriptors stay shared.
  llvm::Error call(llvm::StringRef function, llvm::ArrayRef<void *> descriptors,
                   llvm::ArrayRef<size_t> ranks = {},
                   llvm::ArrayRef<size_t> bytes = {}) {
    if (!runner.empty())
      return callCross(function, descriptors, ranks, bytes);
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

  std::string cppPath() const { return dir + "/model.cpp"; }

  static bool writeFile(const std::string &path, llvm::StringRef text,
                        std::string &error) {
    std::error_code ec;
    llvm::raw_fd_ostream file(path, ec);
    if (ec) {
      error = path + ": " + ec.message();
      return false;
    }
    file << text;
    return true;
  }

  /// A temporary directory with the source in it.
  bool writeSource(const std::string &source, std::string &error) {
    llvm::SmallString<128> prefix, created;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, prefix);
    llvm::sys::path::append(prefix, "dlc-cpp-test");
    if (llvm::sys::fs::createUniqueDirectory(prefix, created)) {
      error = "cannot create a temporary directory";
      return false;
    }
    dir = created.str().str();
    return writeFile(cppPath(), source, error);
  }

  /// Runs `args` (the program first); on failure sets `error` with the
  /// start of its output.
  bool run(llvm::ArrayRef<llvm::StringRef> args, std::string &error) {
    std::string logPath = dir + "/run.log";
    std::optional<llvm::StringRef> redirects[] = {std::nullopt, logPath,
                                                  logPath};
    std::string message;
    int status = llvm::sys::ExecuteAndWait(args.front(), args, std::nullopt,
                                           redirects, 0, 0, &message);
    if (status == 0)
      return true;
    auto log = llvm::MemoryBuffer::getFile(logPath);
    error = (args.front() + " failed in " + dir + " (" + message + "):\n" +
             (log ? (*log)->getBuffer() : "").substr(0, 4000))
                .str();
    return false;
  }

  llvm::Error callCross(llvm::StringRef function,
                        llvm::ArrayRef<void *> descriptors,
                        llvm::ArrayRef<size_t> ranks,
                        llvm::ArrayRef<size_t> bytes) {
    if (ranks.size() != descriptors.size() ||
        bytes.size() != descriptors.size())
      return llvm::createStringError("cross calls need ranks and bytes");
    // Word 1 of a descriptor is its aligned pointer, the buffer's start.
    auto bufferOf = [](void *descriptor) {
      return reinterpret_cast<char *>(static_cast<int64_t *>(descriptor)[1]);
    };
    llvm::DenseMap<char *, uint64_t> ids;
    std::vector<std::pair<char *, uint64_t>> buffers;
    for (auto [descriptor, size] : llvm::zip(descriptors, bytes)) {
      char *buffer = bufferOf(descriptor);
      auto [it, inserted] = ids.try_emplace(buffer, buffers.size());
      if (inserted)
        buffers.push_back({buffer, size});
      else
        buffers[it->second].second =
            std::max<uint64_t>(buffers[it->second].second, size);
    }
    std::string call;
    auto word = [&](uint64_t value) {
      call.append(reinterpret_cast<const char *>(&value), sizeof value);
    };
    std::string name = function.str();
    word(name.size());
    call += name;
    word(buffers.size());
    for (auto [buffer, size] : buffers) {
      word(size);
      call.append(buffer, size);
    }
    word(descriptors.size());
    for (auto [descriptor, rank] : llvm::zip(descriptors, ranks)) {
      word(ids.lookup(bufferOf(descriptor)));
      word(rank);
      auto *words = static_cast<int64_t *>(descriptor);
      for (size_t i = 0; i < 1 + 2 * rank; ++i)
        word(uint64_t(words[2 + i]));
    }
    std::string callPath = dir + "/call.bin", resultPath = dir + "/result.bin";
    std::string error;
    if (!writeFile(callPath, call, error) ||
        !run({DLC_TEST_QEMU_AARCH64, runner, callPath, resultPath}, error))
      return llvm::createStringError(error);
    auto result = llvm::MemoryBuffer::getFile(resultPath);
    if (!result)
      return llvm::createStringError("no result from the runner");
    const char *next = (*result)->getBufferStart();
    size_t total = 0;
    for (auto [buffer, size] : buffers)
      total += size;
    if ((*result)->getBufferSize() != total)
      return llvm::createStringError("a short result from the runner");
    for (auto [buffer, size] : buffers) {
      std::memcpy(buffer, next, size);
      next += size;
    }
    return llvm::Error::success();
  }

  void *handle = nullptr;
  std::string dir;
  /// Cross mode: the ARM program that makes the calls.
  std::string runner;
};

} // namespace dlc::test

#endif // DLC_TEST_NUMERICAL_CPPMODULE_H
