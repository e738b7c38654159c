//===- CppOps.cpp - One C++ statement per LLVM dialect op
//------------------===//
//
// Integer ops that wrap in LLVM compute on unsigned types; unordered float
// comparisons keep NaN semantics; intrinsics map to <cmath> or the
// prelude's IEEE helpers (Cpp.cpp).
//
//===----------------------------------------------------------------------===//

#include "Translation/Cpp/CppWriter.h"

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <limits>

namespace dlc::cpp {
namespace {

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

} // namespace

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
    else if (bitEnumContainsAll(cast<LLVM::IntegerOverflowFlagsInterface>(op)
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
          assign(type + "(" + unsignedName(trunc.getType()) + "(" + operand(0) +
                 "))");
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

} // namespace dlc::cpp
