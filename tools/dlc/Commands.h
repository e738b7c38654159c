//===- Commands.h - The dlc driver's subcommands --------------------------===//
//
// One file per subcommand (Check.cpp, Compile.cpp, Run.cpp, Train.cpp,
// Params.cpp), each with its options; the compiling itself is the Driver
// library's (compiler/Driver/Compilation.h).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_COMMANDS_H
#define DLC_TOOLS_DLC_COMMANDS_H

#include "Driver/Compilation.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace dlc::tool {

extern llvm::cl::SubCommand checkCommand, compileCommand, runCommand,
    trainCommand, paramsCommand;

int runCheck();
int runCompile();
int runRun();
int runTrain();
int runParams();

/// Prints "dlc: error: <message>" and returns the exit status 1.
int fail(const llvm::Twine &message);

/// The exit status of a failed stage of `compilation`: its error is printed
/// unless it was a diagnostic (printed already).
int failed(const Compilation &compilation);

/// Writes a file ("-" for stdout) with `write`; reports and returns false
/// when it cannot be opened or written.
bool writeFile(llvm::StringRef path,
               llvm::function_ref<void(llvm::raw_ostream &)> write);

/// `[?, 28, 28, 1]`.
std::string shapeString(llvm::ArrayRef<int64_t> shape);

} // namespace dlc::tool

#endif // DLC_TOOLS_DLC_COMMANDS_H
