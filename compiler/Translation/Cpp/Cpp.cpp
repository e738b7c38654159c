//===- Cpp.cpp - The LLVM dialect as portable C++ source ------------------===//
//
// The translation works on the LLVM dialect rather than on loops over
// memrefs because every construct there has a direct C++ counterpart
// (EmitC, MLIR's own route to C, takes only static memrefs; dlc's batch is
// dynamic): a value is a local variable, a block is a label, a branch assigns
// the target's block arguments and jumps, a pointer is a `char *` advanced by
// byte offsets, and an LLVM struct (a memref descriptor) is a C++ struct with
// the same natural layout. Loads and stores go through memcpy, which compilers
// turn into single moves, so that reusing scratch memory for values of
// another type (dlc-plan-scratch does) is not undefined behaviour. Integer
// arithmetic without the `nsw` flag is done on unsigned types, where C++
// wraps like LLVM; float ops keep IEEE semantics (do not build the output
// with -ffast-math).
//
//===----------------------------------------------------------------------===//

#include "Translation/Cpp/Cpp.h"
#include "Translation/Cpp/CppWriter.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cctype>
#include <limits>
#include <string>

using namespace mlir;

namespace dlc {

namespace {

constexpr llvm::StringLiteral kPrelude = R"cpp(#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace {

template <class T> inline T dlc_load(const char *p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

template <class T> inline void dlc_store(char *p, const T &value) {
  std::memcpy(p, &value, sizeof value);
}

template <class To, class From> inline To dlc_bitcast(const From &value) {
  static_assert(sizeof(To) == sizeof(From), "bitcast between sizes");
  To to;
  std::memcpy(&to, &value, sizeof to);
  return to;
}

// llvm.intr.maximum/minimum: NaN if either is NaN, and -0 < +0.
template <class T> inline T dlc_maximum(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

template <class T> inline T dlc_minimum(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

)cpp";

} // namespace

namespace cpp {

/// `type name`, written as clang-format would (`char *p`, `float x`).
std::string declaration(StringRef type, StringRef name) {
  return (type + (type.ends_with("*") ? "" : " ") + name).str();
}

bool isIdentifier(StringRef name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    return false;
  return llvm::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}


FailureOr<std::string> CppWriter::typeName(Type type, Operation *user) {
  if (auto it = aggregateNames.find(type); it != aggregateNames.end())
    return it->second;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    switch (integer.getWidth()) {
    case 1:
      return std::string("bool");
    case 8:
    case 16:
    case 32:
    case 64:
      return "int" + std::to_string(integer.getWidth()) + "_t";
    default:
      break;
    }
  }
  if (type.isF32())
    return std::string("float");
  if (type.isF64())
    return std::string("double");
  if (isPointer(type))
    return std::string("char *");
  if (isa<LLVM::LLVMVoidType>(type))
    return std::string("void");
  if (auto array = dyn_cast<LLVM::LLVMArrayType>(type);
      array && array.getNumElements() > 0) {
    FailureOr<std::string> element = typeName(array.getElementType(), user);
    if (failed(element))
      return failure();
    std::string structName =
        "dlc_array" + std::to_string(aggregateNames.size());
    typeDefinitions += "struct " + structName + " {\n  " + *element + " e[" +
                       std::to_string(array.getNumElements()) + "];\n};\n\n";
    aggregateNames[type] = structName;
    return structName;
  }
  if (auto structType = dyn_cast<LLVM::LLVMStructType>(type);
      structType && !structType.isPacked() && !structType.isOpaque()) {
    std::string fields;
    for (auto [i, field] : llvm::enumerate(structType.getBody())) {
      FailureOr<std::string> fieldName = typeName(field, user);
      if (failed(fieldName))
        return failure();
      fields += "  " + declaration(*fieldName, "f" + std::to_string(i)) + ";\n";
    }
    std::string structName =
        "dlc_struct" + std::to_string(aggregateNames.size());
    typeDefinitions += "struct " + structName + " {\n" + fields + "};\n\n";
    aggregateNames[type] = structName;
    return structName;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return user->emitError("dlc --emit=cpp: type ")
         << text << " has no C++ translation (vector types come from "
         << "vectorization, which --emit=cpp does not use)";
}

std::string CppWriter::unsignedName(Type type) {
  if (isPointer(type))
    return "uintptr_t";
  unsigned width = cast<IntegerType>(type).getWidth();
  return width == 1 ? "bool" : "uint" + std::to_string(width) + "_t";
}

std::optional<std::string> CppWriter::literal(Attribute attr, Type type) {
  if (auto integer = dyn_cast<IntegerAttr>(attr)) {
    unsigned width = cast<IntegerType>(type).getWidth();
    if (width == 1)
      return std::string(integer.getValue().isZero() ? "false" : "true");
    int64_t value = integer.getValue().getSExtValue();
    if (value == std::numeric_limits<int64_t>::min())
      return std::string("INT64_MIN");
    if (width == 32 && value == std::numeric_limits<int32_t>::min())
      return std::string("INT32_MIN");
    std::string digits = std::to_string(value);
    if (width == 64)
      return "INT64_C(" + digits + ")";
    if (width == 32)
      return "INT32_C(" + digits + ")";
    return "int" + std::to_string(width) + "_t(" + digits + ")";
  }
  if (auto floating = dyn_cast<FloatAttr>(attr)) {
    bool isFloat = type.isF32();
    std::string cType = isFloat ? "float" : "double";
    const llvm::APFloat &value = floating.getValue();
    if (value.isNaN())
      return "std::numeric_limits<" + cType + ">::quiet_NaN()";
    // Negative values in parentheses: `-` + "-1.0f" would read as `--`.
    if (value.isInfinity())
      return value.isNegative()
                 ? "(-std::numeric_limits<" + cType + ">::infinity())"
                 : "std::numeric_limits<" + cType + ">::infinity()";
    // Hexadecimal literals are exact.
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::format("%a", floating.getValueAsDouble())
       << (isFloat ? "f" : "");
    return value.isNegative() ? "(" + text + ")" : text;
  }
  return std::nullopt;
}

std::string CppWriter::name(Value value) {
  if (auto constant = value.getDefiningOp<LLVM::ConstantOp>())
    if (std::optional<std::string> text =
            literal(constant.getValue(), constant.getType()))
      return *text;
  return names.lookup(value);
}

FailureOr<std::string> CppWriter::signature(LLVM::LLVMFuncOp func,
                                            bool withNames) {
  LLVM::LLVMFunctionType type = func.getFunctionType();
  if (type.isVarArg())
    return func.emitError("dlc --emit=cpp: variadic functions are not "
                          "supported");
  if (!isIdentifier(func.getName()))
    return func.emitError("dlc --emit=cpp: function name '")
           << func.getName() << "' is not a C identifier";
  FailureOr<std::string> result = typeName(type.getReturnType(), func);
  if (failed(result))
    return failure();
  std::string text = *result + " " + func.getName().str() + "(";
  for (auto [i, param] : llvm::enumerate(type.getParams())) {
    FailureOr<std::string> paramType = typeName(param, func);
    if (failed(paramType))
      return failure();
    // Unused arguments stay unnamed (no -Wunused-parameter).
    BlockArgument arg = func.getArgument(i);
    text += (i ? ", " : "") + (withNames && !arg.use_empty()
                                   ? declaration(*paramType, names.lookup(arg))
                                   : *paramType);
  }
  return text + ")";
}

static bool hasInternalLinkage(LLVM::LLVMFuncOp func) {
  return func.getLinkage() == LLVM::Linkage::Internal ||
         func.getLinkage() == LLVM::Linkage::Private;
}

/// Functions of the C library the lowering calls: used through <cstdlib>.
bool isLibraryFunction(StringRef name) {
  return name == "malloc" || name == "free" || name == "aligned_alloc";
}

LogicalResult CppWriter::writeGlobal(LLVM::GlobalOp global) {
  auto value = dyn_cast_or_null<DenseElementsAttr>(global.getValueOrNull());
  if (!value || value.getElementType().isInteger(1))
    return global.emitError("dlc --emit=cpp: only globals initialised with "
                            "dense integer or float tensors are supported");
  FailureOr<std::string> element = typeName(value.getElementType(), global);
  if (failed(element))
    return failure();
  // A symbol that is not a usable C++ name (reserved ones start with `_`
  // or contain `__`) gets a sanitised copy with a unique suffix.
  std::string cName = global.getSymName().str();
  if (!isIdentifier(cName) || cName.front() == '_' ||
      StringRef(cName).contains("__")) {
    cName = "dlc_global";
    for (char c : global.getSymName()) {
      char next = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      if (next != '_' || cName.back() != '_')
        cName += next;
    }
    cName += "_" + std::to_string(globalNames.size());
  }
  globalNames[global.getSymName()] = cName;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "alignas(" << std::max<uint64_t>(global.getAlignment().value_or(16), 16)
     << ") " << (global.getConstant() ? "const " : "") << *element << " "
     << cName << "[" << std::max<int64_t>(value.getNumElements(), 1)
     << "] = {";
  Type elementType = value.getElementType();
  int64_t i = 0;
  auto next = [&](const std::optional<std::string> &literalText) {
    os << (i++ % 8 ? ", " : (i > 1 ? ",\n    " : "\n    ")) << *literalText;
  };
  if (isa<FloatType>(elementType)) {
    for (const llvm::APFloat &v : value.getValues<llvm::APFloat>())
      next(literal(FloatAttr::get(elementType, v), elementType));
  } else {
    for (const llvm::APInt &v : value.getValues<llvm::APInt>())
      next(literal(IntegerAttr::get(elementType, v), elementType));
  }
  os << "};\n\n";
  globalDefinitions += text;
  return success();
}

LogicalResult CppWriter::declareFunction(LLVM::LLVMFuncOp func,
                                         raw_ostream &os) {
  if (func.isExternal() && isLibraryFunction(func.getName()))
    return success();
  FailureOr<std::string> text = signature(func, /*withNames=*/false);
  if (failed(text))
    return failure();
  os << (hasInternalLinkage(func) ? "static " : "extern \"C\" ") << *text
     << ";\n";
  return success();
}

LogicalResult CppWriter::writeFunction(LLVM::LLVMFuncOp func,
                                       raw_ostream &os) {
  names.clear();
  labels.clear();
  stackBuffers.clear();
  for (auto [i, arg] : llvm::enumerate(func.getArguments()))
    names[arg] = "a" + std::to_string(i);

  // Every value is a variable declared up front, so that jumps never cross
  // an initialisation.
  std::string declarations;
  unsigned counter = 0;
  auto declare = [&](Value value, Operation *user) -> LogicalResult {
    FailureOr<std::string> type = typeName(value.getType(), user);
    if (failed(type))
      return failure();
    std::string valueName = "v" + std::to_string(counter++);
    names[value] = valueName;
    declarations += "  " + declaration(*type, valueName) + ";\n";
    return success();
  };
  for (auto [i, block] : llvm::enumerate(func.getBody())) {
    labels[&block] = i;
    if (!block.isEntryBlock())
      for (BlockArgument arg : block.getArguments())
        if (failed(declare(arg, func)))
          return failure();
    for (Operation &op : block) {
      if (auto alloca = dyn_cast<LLVM::AllocaOp>(op)) {
        llvm::APInt count;
        if (!matchPattern(alloca.getArraySize(), m_ConstantInt(&count)))
          return op.emitError("dlc --emit=cpp: a stack allocation of dynamic "
                              "size has no portable C++ translation");
        FailureOr<std::string> element = typeName(alloca.getElemType(), &op);
        if (failed(element))
          return failure();
        std::string buffer = "stack" + std::to_string(stackBuffers.size());
        unsigned alignment = std::max<unsigned>(
            alloca.getAlignment().value_or(16), 16);
        declarations += llvm::formatv("  alignas({0}) char {1}[{2} * "
                                      "sizeof({3})];\n",
                                      alignment, buffer, count.getZExtValue(),
                                      *element);
        stackBuffers[&op] = buffer;
      }
      if (isa<LLVM::ConstantOp>(op) &&
          literal(cast<LLVM::ConstantOp>(op).getValue(),
                  op.getResult(0).getType()))
        continue;
      for (Value result : op.getResults())
        if (failed(declare(result, &op)))
          return failure();
    }
  }

  FailureOr<std::string> header = signature(func, /*withNames=*/true);
  if (failed(header))
    return failure();
  std::string body;
  llvm::raw_string_ostream bodyOs(body);
  for (Block &block : func.getBody()) {
    if (!block.isEntryBlock())
      bodyOs << "bb" << labels[&block] << ":\n";
    for (Operation &op : block)
      if (failed(writeOp(&op, bodyOs)))
        return failure();
  }
  os << (hasInternalLinkage(func) ? "static " : "extern \"C\" ") << *header
     << " {\n"
     << declarations << body << "}\n\n";
  return success();
}

LogicalResult CppWriter::writeBranch(Block *dest, OperandRange operands,
                                     StringRef indent, raw_ostream &os) {
  // Block arguments are assigned in parallel: a branch may pass them
  // rotated (the ping-pong buffers of a recurrence do).
  if (operands.size() == 1) {
    os << indent << names[dest->getArgument(0)] << " = " << name(operands[0])
       << ";\n";
  } else if (!operands.empty()) {
    os << indent << "{\n";
    for (auto [i, operand] : llvm::enumerate(operands)) {
      FailureOr<std::string> type =
          typeName(operand.getType(), dest->getParentOp());
      if (failed(type))
        return failure();
      os << indent << "  " << declaration(*type, "t" + std::to_string(i))
         << " = " << name(operand) << ";\n";
    }
    for (auto [i, arg] : llvm::enumerate(dest->getArguments()))
      os << indent << "  " << names[arg] << " = t" << i << ";\n";
    os << indent << "}\n";
  }
  os << indent << "goto bb" << labels[dest] << ";\n";
  return success();
}

LogicalResult CppWriter::write(StringRef source, raw_ostream &os) {
  std::string declarations, definitions;
  llvm::raw_string_ostream declarationsOs(declarations),
      definitionsOs(definitions);
  for (auto global : module.getOps<LLVM::GlobalOp>())
    if (failed(writeGlobal(global)))
      return failure();
  for (Operation &op : module.getBody()->getOperations()) {
    if (isa<LLVM::GlobalOp>(op))
      continue;
    if (auto func = dyn_cast<LLVM::LLVMFuncOp>(op)) {
      if (failed(declareFunction(func, declarationsOs)))
        return failure();
      if (!func.isExternal() && failed(writeFunction(func, definitionsOs)))
        return failure();
      continue;
    }
    return op.emitError("dlc --emit=cpp: no C++ translation for '")
           << op.getName() << "' at module level";
  }
  os << "// Generated by `dlc compile --emit=cpp` from " << source
     << ". Do not edit.\n"
     << "//\n"
     << "// Portable C++17 with the symbols and C ABI of the object file\n"
     << "// that `dlc compile` writes: build it with any C++ compiler (no\n"
     << "// LLVM needed) and use it with the header from the same command.\n"
     << "// IEEE float semantics are assumed: do not build with "
     << "-ffast-math.\n\n"
     << kPrelude << typeDefinitions << globalDefinitions
     << "} // namespace\n\n"
     << declarations << "\n"
     << definitions;
  return success();
}

} // namespace cpp

LogicalResult translateToCpp(ModuleOp module, StringRef source,
                             raw_ostream &os) {
  return cpp::CppWriter(module).write(source, os);
}

} // namespace dlc
