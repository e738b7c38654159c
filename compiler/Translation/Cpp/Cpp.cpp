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

bool hasInternalLinkage(LLVM::LLVMFuncOp func) {
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

std::string icmp(LLVM::ICmpPredicate predicate, const std::string &a,
                 const std::string &b, const std::string &unsignedType) {
  auto asUnsigned = [&](const std::string &v) {
    return "(" + unsignedType + ")" + v;
  };
  switch (predicate) {
  case LLVM::ICmpPredicate::eq:
    return a + " == " + b;
  case LLVM::ICmpPredicate::ne:
    return a + " != " + b;
  case LLVM::ICmpPredicate::slt:
    return a + " < " + b;
  case LLVM::ICmpPredicate::sle:
    return a + " <= " + b;
  case LLVM::ICmpPredicate::sgt:
    return a + " > " + b;
  case LLVM::ICmpPredicate::sge:
    return a + " >= " + b;
  case LLVM::ICmpPredicate::ult:
    return asUnsigned(a) + " < " + asUnsigned(b);
  case LLVM::ICmpPredicate::ule:
    return asUnsigned(a) + " <= " + asUnsigned(b);
  case LLVM::ICmpPredicate::ugt:
    return asUnsigned(a) + " > " + asUnsigned(b);
  case LLVM::ICmpPredicate::uge:
    return asUnsigned(a) + " >= " + asUnsigned(b);
  }
  llvm_unreachable("unknown icmp predicate");
}

std::string fcmp(LLVM::FCmpPredicate predicate, const std::string &a,
                 const std::string &b) {
  // C++ comparisons are the ordered ones; an unordered predicate is the
  // negation of the opposite ordered one.
  switch (predicate) {
  case LLVM::FCmpPredicate::_false:
    return "false";
  case LLVM::FCmpPredicate::_true:
    return "true";
  case LLVM::FCmpPredicate::oeq:
    return a + " == " + b;
  case LLVM::FCmpPredicate::ogt:
    return a + " > " + b;
  case LLVM::FCmpPredicate::oge:
    return a + " >= " + b;
  case LLVM::FCmpPredicate::olt:
    return a + " < " + b;
  case LLVM::FCmpPredicate::ole:
    return a + " <= " + b;
  case LLVM::FCmpPredicate::one:
    return "(" + a + " < " + b + " || " + a + " > " + b + ")";
  case LLVM::FCmpPredicate::ord:
    return "(" + a + " == " + a + " && " + b + " == " + b + ")";
  case LLVM::FCmpPredicate::ueq:
    return "!(" + a + " < " + b + " || " + a + " > " + b + ")";
  case LLVM::FCmpPredicate::ugt:
    return "!(" + a + " <= " + b + ")";
  case LLVM::FCmpPredicate::uge:
    return "!(" + a + " < " + b + ")";
  case LLVM::FCmpPredicate::ult:
    return "!(" + a + " >= " + b + ")";
  case LLVM::FCmpPredicate::ule:
    return "!(" + a + " > " + b + ")";
  case LLVM::FCmpPredicate::une:
    return a + " != " + b;
  case LLVM::FCmpPredicate::uno:
    return "(" + a + " != " + a + " || " + b + " != " + b + ")";
  }
  llvm_unreachable("unknown fcmp predicate");
}

/// The `std::` function computing a one- or two-operand float intrinsic.
std::optional<StringRef> mathFunction(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<StringRef>>(op)
      .Case<LLVM::FAbsOp>([](auto) { return "std::fabs"; })
      .Case<LLVM::SqrtOp>([](auto) { return "std::sqrt"; })
      .Case<LLVM::FFloorOp>([](auto) { return "std::floor"; })
      .Case<LLVM::FCeilOp>([](auto) { return "std::ceil"; })
      .Case<LLVM::FTruncOp>([](auto) { return "std::trunc"; })
      .Case<LLVM::RoundOp>([](auto) { return "std::round"; })
      .Case<LLVM::RoundEvenOp>([](auto) { return "std::nearbyint"; })
      .Case<LLVM::ExpOp>([](auto) { return "std::exp"; })
      .Case<LLVM::Exp2Op>([](auto) { return "std::exp2"; })
      .Case<LLVM::LogOp>([](auto) { return "std::log"; })
      .Case<LLVM::Log2Op>([](auto) { return "std::log2"; })
      .Case<LLVM::Log10Op>([](auto) { return "std::log10"; })
      .Case<LLVM::TanhOp>([](auto) { return "std::tanh"; })
      .Case<LLVM::SinOp>([](auto) { return "std::sin"; })
      .Case<LLVM::CosOp>([](auto) { return "std::cos"; })
      .Case<LLVM::PowOp>([](auto) { return "std::pow"; })
      .Case<LLVM::CopySignOp>([](auto) { return "std::copysign"; })
      .Case<LLVM::MaxNumOp>([](auto) { return "std::fmax"; })
      .Case<LLVM::MinNumOp>([](auto) { return "std::fmin"; })
      .Case<LLVM::MaximumOp>([](auto) { return "dlc_maximum"; })
      .Case<LLVM::MinimumOp>([](auto) { return "dlc_minimum"; })
      .Case<LLVM::FMAOp>([](auto) { return "std::fma"; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The C++ operator of a binary op that C++ computes the same way.
std::optional<StringRef> plainOperator(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<StringRef>>(op)
      .Case<LLVM::FAddOp>([](auto) { return "+"; })
      .Case<LLVM::FSubOp>([](auto) { return "-"; })
      .Case<LLVM::FMulOp>([](auto) { return "*"; })
      .Case<LLVM::FDivOp, LLVM::SDivOp>([](auto) { return "/"; })
      .Case<LLVM::SRemOp>([](auto) { return "%"; })
      .Case<LLVM::AndOp>([](auto) { return "&"; })
      .Case<LLVM::OrOp>([](auto) { return "|"; })
      .Case<LLVM::XOrOp>([](auto) { return "^"; })
      .Case<LLVM::AShrOp>([](auto) { return ">>"; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The operator of a binary op that C++ computes on the unsigned type.
std::optional<StringRef> unsignedOperator(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<StringRef>>(op)
      .Case<LLVM::UDivOp>([](auto) { return "/"; })
      .Case<LLVM::URemOp>([](auto) { return "%"; })
      .Case<LLVM::ShlOp>([](auto) { return "<<"; })
      .Case<LLVM::LShrOp>([](auto) { return ">>"; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The operator of an integer add, sub or mul, which wrap in LLVM: C++
/// computes them signed where LLVM promises no signed overflow, otherwise
/// on the unsigned type, which wraps.
std::optional<StringRef> wrappingOperator(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<StringRef>>(op)
      .Case<LLVM::AddOp>([](auto) { return "+"; })
      .Case<LLVM::SubOp>([](auto) { return "-"; })
      .Case<LLVM::MulOp>([](auto) { return "*"; })
      .Default([](Operation *) { return std::nullopt; });
}

LogicalResult CppWriter::writeOp(Operation *op, raw_ostream &os) {
  auto operand = [&](unsigned i) { return name(op->getOperand(i)); };
  auto assign = [&](const std::string &expression) {
    os << "  " << names[op->getResult(0)] << " = " << expression << ";\n";
  };
  // The C++ type of the (single) result, for the ops that have one.
  std::string type;
  if (op->getNumResults() == 1) {
    FailureOr<std::string> name = typeName(op->getResult(0).getType(), op);
    if (failed(name))
      return failure();
    type = *name;
  }
  auto binary = [&](StringRef symbol) {
    assign(operand(0) + " " + symbol.str() + " " + operand(1));
  };
  auto unsignedBinaryAs = [&](StringRef symbol, const std::string &type) {
    std::string u = unsignedName(op->getResult(0).getType());
    assign(type + "(" + u + "(" + operand(0) + ") " + symbol.str() + " " + u +
           "(" + operand(1) + "))");
  };
  auto unsignedBinary = [&](StringRef symbol) -> LogicalResult {
    unsignedBinaryAs(symbol, type);
    return success();
  };
  // A path of struct fields and array elements into an aggregate.
  auto path = [&](Type type, ArrayRef<int64_t> position) {
    std::string text;
    for (int64_t index : position) {
      if (auto structType = dyn_cast<LLVM::LLVMStructType>(type)) {
        text += ".f" + std::to_string(index);
        type = structType.getBody()[index];
      } else {
        text += ".e[" + std::to_string(index) + "]";
        type = cast<LLVM::LLVMArrayType>(type).getElementType();
      }
    }
    return text;
  };

  if (std::optional<StringRef> function = mathFunction(op)) {
    std::string args;
    for (unsigned i = 0; i < op->getNumOperands(); ++i)
      args += (i ? ", " : "") + operand(i);
    assign(function->str() + "(" + args + ")");
    return success();
  }
  if (std::optional<StringRef> symbol = plainOperator(op)) {
    binary(*symbol);
    return success();
  }
  if (std::optional<StringRef> symbol = unsignedOperator(op))
    return unsignedBinary(*symbol);
  if (std::optional<StringRef> symbol = wrappingOperator(op)) {
    std::string a = operand(0), b = operand(1);
    if (type == "bool")
      assign("bool((" + a + " " + symbol->str() + " " + b + ") & 1)");
    else if (bitEnumContainsAll(
                 cast<LLVM::IntegerOverflowFlagsInterface>(op)
                     .getOverflowFlags(),
                 LLVM::IntegerOverflowFlags::nsw))
      binary(*symbol);
    else
      unsignedBinaryAs(*symbol, type);
    return success();
  }

  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<LLVM::ConstantOp>([&](LLVM::ConstantOp constant) -> LogicalResult {
        if (literal(constant.getValue(), constant.getType()))
          return success();
        return op->emitError("dlc --emit=cpp: only scalar integer and float "
                             "constants are supported");
      })
      .Case<LLVM::PoisonOp, LLVM::UndefOp, LLVM::ZeroOp>(
          [&](Operation *) -> LogicalResult {
            assign(isPointer(op->getResult(0).getType()) ? "nullptr"
                                                         : type + "{}");
            return success();
          })
      .Case<LLVM::InsertValueOp>([&](LLVM::InsertValueOp insert) {
        os << "  " << names[insert.getResult()] << " = "
           << name(insert.getContainer()) << ";\n";
        os << "  " << names[insert.getResult()]
           << path(insert.getContainer().getType(), insert.getPosition())
           << " = " << name(insert.getValue()) << ";\n";
        return success();
      })
      .Case<LLVM::ExtractValueOp>([&](LLVM::ExtractValueOp extract) {
        assign(name(extract.getContainer()) +
               path(extract.getContainer().getType(), extract.getPosition()));
        return success();
      })
      .Case<LLVM::GEPOp>([&](LLVM::GEPOp gep) -> LogicalResult {
        Type type = gep.getElemType();
        std::string offset;
        bool first = true;
        for (auto index : gep.getIndices()) {
          std::string indexText;
          int64_t constant = 0;
          bool isConstant = false;
          if (auto attr = dyn_cast<IntegerAttr>(index)) {
            constant = attr.getInt();
            isConstant = true;
            indexText = "INT64_C(" + std::to_string(constant) + ")";
          } else {
            indexText = "int64_t(" + name(cast<Value>(index)) + ")";
          }
          if (!first) {
            if (auto structType = dyn_cast<LLVM::LLVMStructType>(type)) {
              FailureOr<std::string> structName = typeName(type, op);
              if (failed(structName))
                return failure();
              offset += " + int64_t(offsetof(" + *structName + ", f" +
                        std::to_string(constant) + "))";
              type = structType.getBody()[constant];
              continue;
            }
            auto array = dyn_cast<LLVM::LLVMArrayType>(type);
            if (!array)
              return op->emitError("dlc --emit=cpp: cannot index into this "
                                   "type");
            type = array.getElementType();
          }
          first = false;
          if (isConstant && constant == 0)
            continue;
          FailureOr<std::string> element = typeName(type, op);
          if (failed(element))
            return failure();
          offset += " + " + indexText + " * int64_t(sizeof(" + *element + "))";
        }
        assign(name(gep.getBase()) + offset);
        return success();
      })
      .Case<LLVM::LoadOp>([&](LLVM::LoadOp load) -> LogicalResult {
        assign("dlc_load<" + type + ">(" + name(load.getAddr()) + ")");
        return success();
      })
      .Case<LLVM::StoreOp>([&](LLVM::StoreOp store) {
        os << "  dlc_store(" << name(store.getAddr()) << ", "
           << name(store.getValue()) << ");\n";
        return success();
      })
      .Case<LLVM::AllocaOp>([&](LLVM::AllocaOp) {
        assign(stackBuffers[op]);
        return success();
      })
      .Case<LLVM::AddressOfOp>([&](LLVM::AddressOfOp address) -> LogicalResult {
        auto it = globalNames.find(address.getGlobalName());
        if (it == globalNames.end())
          return op->emitError("dlc --emit=cpp: address of an unknown global");
        assign("reinterpret_cast<char *>(const_cast<void *>(static_cast<const "
               "void *>(" +
               it->second + ")))");
        return success();
      })
      .Case<LLVM::CallOp>([&](LLVM::CallOp call) -> LogicalResult {
        std::optional<StringRef> callee = call.getCallee();
        if (!callee)
          return op->emitError("dlc --emit=cpp: indirect calls are not "
                               "supported");
        std::string args;
        for (auto [i, arg] : llvm::enumerate(call.getArgOperands()))
          args += (i ? ", " : "") + name(arg);
        std::string function = callee->str();
        if (function == "malloc")
          args = "size_t(" + args + ")";
        if (isLibraryFunction(function))
          function = "std::" + function;
        std::string expression = function + "(" + args + ")";
        if (call.getNumResults() == 0)
          os << "  " << expression << ";\n";
        else if (function == "std::malloc")
          assign("static_cast<char *>(" + expression + ")");
        else
          assign(expression);
        return success();
      })
      .Case<LLVM::MemcpyOp>([&](LLVM::MemcpyOp copy) {
        os << "  std::memcpy(" << name(copy.getDst()) << ", "
           << name(copy.getSrc()) << ", size_t(" << name(copy.getLen())
           << "));\n";
        return success();
      })
      .Case<LLVM::MemmoveOp>([&](LLVM::MemmoveOp move) {
        os << "  std::memmove(" << name(move.getDst()) << ", "
           << name(move.getSrc()) << ", size_t(" << name(move.getLen())
           << "));\n";
        return success();
      })
      .Case<LLVM::MemsetOp>([&](LLVM::MemsetOp set) {
        os << "  std::memset(" << name(set.getDst()) << ", int("
           << name(set.getVal()) << "), size_t(" << name(set.getLen())
           << "));\n";
        return success();
      })
      .Case<LLVM::SMaxOp>([&](auto) {
        assign(operand(0) + " > " + operand(1) + " ? " + operand(0) + " : " +
               operand(1));
        return success();
      })
      .Case<LLVM::SMinOp>([&](auto) {
        assign(operand(0) + " < " + operand(1) + " ? " + operand(0) + " : " +
               operand(1));
        return success();
      })
      .Case<LLVM::ICmpOp>([&](LLVM::ICmpOp cmp) {
        assign(icmp(cmp.getPredicate(), operand(0), operand(1),
                    unsignedName(cmp.getLhs().getType())));
        return success();
      })
      .Case<LLVM::FCmpOp>([&](LLVM::FCmpOp cmp) {
        assign(fcmp(cmp.getPredicate(), operand(0), operand(1)));
        return success();
      })
      .Case<LLVM::FRemOp>([&](auto) {
        assign("std::fmod(" + operand(0) + ", " + operand(1) + ")");
        return success();
      })
      .Case<LLVM::FNegOp>([&](auto) {
        assign("-" + operand(0));
        return success();
      })
      .Case<LLVM::FMulAddOp>([&](auto) {
        assign(operand(0) + " * " + operand(1) + " + " + operand(2));
        return success();
      })
      .Case<LLVM::SelectOp>([&](auto) {
        assign(operand(0) + " ? " + operand(1) + " : " + operand(2));
        return success();
      })
      .Case<LLVM::SExtOp>([&](LLVM::SExtOp ext) -> LogicalResult {
        if (ext.getArg().getType().isInteger(1))
          assign(type + "(" + operand(0) + " ? -1 : 0)");
        else
          assign(type + "(" + operand(0) + ")");
        return success();
      })
      .Case<LLVM::ZExtOp>([&](LLVM::ZExtOp ext) -> LogicalResult {
        assign(type + "(" + unsignedName(ext.getArg().getType()) + "(" +
               operand(0) + "))");
        return success();
      })
      .Case<LLVM::TruncOp>([&](LLVM::TruncOp trunc) -> LogicalResult {
        if (trunc.getType().isInteger(1))
          assign("bool(" + operand(0) + " & 1)");
        else
          assign(type + "(" + unsignedName(trunc.getType()) + "(" +
                 operand(0) + "))");
        return success();
      })
      .Case<LLVM::SIToFPOp, LLVM::FPToSIOp, LLVM::FPExtOp, LLVM::FPTruncOp>(
          [&](Operation *) -> LogicalResult {
            assign(type + "(" + operand(0) + ")");
            return success();
          })
      .Case<LLVM::UIToFPOp>([&](LLVM::UIToFPOp cast) -> LogicalResult {
        assign(type + "(" + unsignedName(cast.getArg().getType()) + "(" +
               operand(0) + "))");
        return success();
      })
      .Case<LLVM::FPToUIOp>([&](LLVM::FPToUIOp cast) -> LogicalResult {
        assign(type + "(" + unsignedName(cast.getType()) + "(" + operand(0) +
               "))");
        return success();
      })
      .Case<LLVM::BitcastOp>([&](LLVM::BitcastOp cast) -> LogicalResult {
        if (cast.getArg().getType() == cast.getType())
          assign(operand(0));
        else
          assign("dlc_bitcast<" + type + ">(" + operand(0) + ")");
        return success();
      })
      .Case<LLVM::PtrToIntOp>([&](LLVM::PtrToIntOp cast) -> LogicalResult {
        assign(type + "(reinterpret_cast<uintptr_t>(" + operand(0) + "))");
        return success();
      })
      .Case<LLVM::IntToPtrOp>([&](auto) {
        assign("reinterpret_cast<char *>(uintptr_t(" + operand(0) + "))");
        return success();
      })
      .Case<LLVM::BrOp>([&](LLVM::BrOp branch) {
        return writeBranch(branch.getDest(), branch.getDestOperands(), "  ",
                           os);
      })
      .Case<LLVM::CondBrOp>([&](LLVM::CondBrOp branch) -> LogicalResult {
        os << "  if (" << name(branch.getCondition()) << ") {\n";
        if (failed(writeBranch(branch.getTrueDest(),
                               branch.getTrueDestOperands(), "    ", os)))
          return failure();
        os << "  } else {\n";
        if (failed(writeBranch(branch.getFalseDest(),
                               branch.getFalseDestOperands(), "    ", os)))
          return failure();
        os << "  }\n";
        return success();
      })
      .Case<LLVM::ReturnOp>([&](LLVM::ReturnOp ret) {
        if (ret.getNumOperands() == 0)
          os << "  return;\n";
        else
          os << "  return " << operand(0) << ";\n";
        return success();
      })
      .Case<LLVM::UnreachableOp>([&](auto) {
        os << "  std::abort();\n";
        return success();
      })
      .Default([&](Operation *) {
        return op->emitError("dlc --emit=cpp: no C++ translation for '")
               << op->getName() << "'";
      });
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

} // namespace

LogicalResult translateToCpp(ModuleOp module, StringRef source,
                             raw_ostream &os) {
  return CppWriter(module).write(source, os);
}

} // namespace dlc
