//===- CppWriter.h - The writer behind --emit=cpp (internal)
//---------------===//
//
// Shared by Cpp.cpp (types, constants, functions, the module) and
// CppOps.cpp (one C++ statement per LLVM dialect op).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSLATION_CPP_CPPWRITER_H
#define DLC_TRANSLATION_CPP_CPPWRITER_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace dlc::cpp {

using namespace mlir;

/// `type name`, written as clang-format would (`char *p`, `float x`).
std::string declaration(StringRef type, StringRef name);

bool isIdentifier(StringRef name);

/// Functions of the C library the lowering calls: used through <cstdlib>.
bool isLibraryFunction(StringRef name);

class CppWriter {
public:
  explicit CppWriter(ModuleOp module) : module(module) {}

  LogicalResult write(StringRef source, raw_ostream &os);

private:
  // Types.
  FailureOr<std::string> typeName(Type type, Operation *user);
  std::string unsignedName(Type type);
  bool isPointer(Type type) { return isa<LLVM::LLVMPointerType>(type); }

  // Globals (constant tensors).
  LogicalResult writeGlobal(LLVM::GlobalOp global);

  // Functions.
  LogicalResult declareFunction(LLVM::LLVMFuncOp func, raw_ostream &os);
  FailureOr<std::string> signature(LLVM::LLVMFuncOp func, bool withNames);
  LogicalResult writeFunction(LLVM::LLVMFuncOp func, raw_ostream &os);
  LogicalResult writeOp(Operation *op, raw_ostream &os);
  LogicalResult writeBranch(Block *dest, OperandRange operands,
                            StringRef indent, raw_ostream &os);

  // Values.
  std::string name(Value value);
  std::optional<std::string> literal(Attribute attr, Type type);

  ModuleOp module;
  /// Struct definitions, each after the aggregates it contains.
  std::string typeDefinitions;
  llvm::DenseMap<Type, std::string> aggregateNames;
  /// Constant tensors, defined with the types, and their C++ names.
  std::string globalDefinitions;
  llvm::StringMap<std::string> globalNames;
  /// Per function: variable names and block labels.
  llvm::DenseMap<Value, std::string> names;
  llvm::DenseMap<Block *, unsigned> labels;
  /// Per function: one stack buffer per llvm.alloca.
  llvm::DenseMap<Operation *, std::string> stackBuffers;
};

} // namespace dlc::cpp

#endif // DLC_TRANSLATION_CPP_CPPWRITER_H
