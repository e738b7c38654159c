//===- PlainEntryPoints.cpp - The plain C form of every entry point -------===//
//
// MLIR's C interface takes one strided descriptor per memref. What a C
// programmer expects is data pointers, the batch size, the parameter block
// (and a training step's state block) and a scratch arena. The plain form
// builds the descriptors from those, laid out as the ABI describes
// (ModelInterface: parameter offsets, the state block, the scratch size),
// and calls the compiled function, which dlc-export-entry-points has made
// internal: after inlining, no descriptor is materialized at all.
//
//===----------------------------------------------------------------------===//

#include "ABI/ModelInterface.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

namespace dlc {
namespace {

/// Builds one plain entry point.
class PlainBuilder {
public:
  PlainBuilder(const ModelInterface &interface, const EntrySpec &entry,
               OpBuilder &b, Location loc)
      : interface(interface), entry(entry), b(b), loc(loc),
        ptrType(LLVM::LLVMPointerType::get(b.getContext())),
        i64Type(b.getI64Type()) {}

  LogicalResult build(ModuleOp module) {
    auto compiled = module.lookupSymbol<LLVM::LLVMFuncOp>(entry.function);
    if (!compiled || compiled.isExternal())
      return module.emitError()
             << "no compiled function " << entry.function
             << " for the plain form of entry point @" << entry.name;
    std::vector<std::string> sizeNames = entry.sizes.argNames();

    // void dlc_<f>([grads,] inputs..., sizes..., params, [state,] outputs...,
    //              [grads,] scratch [, stream]): the gradient block first
    // for the update, after the outputs for the gradients.
    bool takesStream = interface.device == Device::cuda;
    bool gradsFirst = entry.half == EntrySpec::Half::apply;
    bool gradsLast = entry.half == EntrySpec::Half::gradients;
    SmallVector<Type> argTypes(gradsFirst, ptrType);
    argTypes.append(entry.inputs.size(), ptrType);
    argTypes.append(sizeNames.size(), i64Type);
    argTypes.push_back(ptrType);
    if (entry.isTrainStep)
      argTypes.push_back(ptrType);
    argTypes.append(entry.outputs.size(), ptrType);
    argTypes.append(gradsLast, ptrType);
    argTypes.push_back(ptrType);
    if (takesStream)
      argTypes.push_back(ptrType);
    auto type = LLVM::LLVMFunctionType::get(
        LLVM::LLVMVoidType::get(b.getContext()), argTypes);
    auto plain =
        LLVM::LLVMFuncOp::create(b, loc, "dlc_" + entry.function, type);
    Block *body = plain.addEntryBlock(b);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(body);
    ValueRange args = body->getArguments();
    if (gradsFirst) {
      grads = args.front();
      args = args.drop_front();
    }
    inputs = args.take_front(entry.inputs.size());
    args = args.drop_front(entry.inputs.size());
    sizes = args.take_front(sizeNames.size());
    args = args.drop_front(sizeNames.size());
    params = args.front();
    args = args.drop_front();
    if (entry.isTrainStep) {
      state = args.front();
      args = args.drop_front();
    }
    outputs = args.take_front(entry.outputs.size());
    args = args.drop_front(entry.outputs.size());
    if (gradsLast) {
      grads = args.front();
      args = args.drop_front();
    }
    scratch = args.front();
    if (takesStream)
      stream = args.back();

    SmallVector<Value> operands;
    for (auto [index, arg] : llvm::enumerate(entry.args))
      appendDescriptor(unsigned(index), arg, operands);
    if (operands.size() != compiled.getNumArguments())
      return compiled.emitError()
             << "takes " << compiled.getNumArguments()
             << " arguments where its interface describes " << operands.size();
    for (auto [operand, expected] :
         llvm::zip(operands, compiled.getArgumentTypes()))
      if (operand.getType() != expected)
        return compiled.emitError()
               << "takes " << expected << " where its interface has "
               << operand.getType();
    LLVM::CallOp::create(b, loc, compiled, operands);
    LLVM::ReturnOp::create(b, loc, ValueRange{});
    return success();
  }

private:
  Value constant(int64_t value) {
    return LLVM::ConstantOp::create(b, loc, i64Type,
                                    b.getI64IntegerAttr(value));
  }

  /// A size: a number or one of the plain form's size arguments.
  Value size(llvm::StringRef text) {
    int64_t value;
    if (!text.getAsInteger(10, value))
      return constant(value);
    std::vector<std::string> names = entry.sizes.argNames();
    auto it = llvm::find(names, text);
    assert(it != names.end() && "a size that is not a size argument");
    return sizes[it - names.begin()];
  }

  static std::optional<int64_t> constantValue(Value value) {
    if (auto op = value.getDefiningOp<LLVM::ConstantOp>())
      if (auto attr = dyn_cast<IntegerAttr>(op.getValue()))
        return attr.getInt();
    return std::nullopt;
  }

  /// `lhs * rhs`, folded when both are known.
  Value multiply(Value lhs, Value rhs) {
    std::optional<int64_t> l = constantValue(lhs), r = constantValue(rhs);
    if (l && r)
      return constant(*l * *r);
    if (l == 1)
      return rhs;
    if (r == 1)
      return lhs;
    return LLVM::MulOp::create(b, loc, lhs, rhs);
  }

  /// The scratch arena's size, term by term (EntrySpec::scratch).
  Value scratchSize() {
    Value total;
    for (const ScratchTerm &term : entry.scratch) {
      Value bytes = constant(term.bytes);
      for (auto [arg, axis] : term.dims)
        bytes = multiply(bytes, size(entry.dimOf(arg, axis)));
      total = total ? LLVM::AddOp::create(b, loc, total, bytes) : bytes;
    }
    return total ? total : constant(0);
  }

  /// `base` + `offset` bytes.
  Value at(Value base, int64_t offset) {
    if (offset == 0)
      return base;
    return LLVM::GEPOp::create(b, loc, ptrType, b.getI8Type(), base,
                               ArrayRef<LLVM::GEPArg>{constant(offset)});
  }

  /// The data pointer of argument `arg` of the compiled function.
  Value pointerOf(const EntryArg &arg) {
    switch (arg.role) {
    case ArgRole::input:
      return inputs[arg.index];
    case ArgRole::output:
      return outputs[arg.index];
    case ArgRole::param:
    case ArgRole::newParam:
      return at(params, interface.params[arg.index].offset);
    case ArgRole::slot:
    case ArgRole::newSlot:
      return at(state, entry.state.slots[arg.index].offset);
    case ArgRole::step:
    case ArgRole::newStep:
      return at(state, entry.state.stepOffset);
    case ArgRole::grad:
      return at(grads, entry.gradients.slots[arg.index].offset);
    case ArgRole::scratch:
      return scratch;
    case ArgRole::stream:
      return stream;
    }
    llvm_unreachable("unknown argument role");
  }

  /// The expanded descriptor of a row-major tensor at the pointer: allocated
  /// and aligned pointers, offset 0, sizes, strides.
  void appendDescriptor(unsigned index, const EntryArg &arg,
                        SmallVectorImpl<Value> &operands) {
    if (arg.role == ArgRole::stream) {
      operands.push_back(stream);
      return;
    }
    Value pointer = pointerOf(arg);
    operands.append({pointer, pointer, constant(0)});
    int64_t rank = arg.type.getRank();
    SmallVector<Value> dims;
    for (int64_t axis = 0; axis < rank; ++axis)
      dims.push_back(arg.role == ArgRole::scratch
                         ? scratchSize()
                         : size(entry.dimOf(index, axis)));
    SmallVector<Value> strides(rank);
    for (int64_t axis = rank - 1; axis >= 0; --axis)
      strides[axis] = axis == rank - 1
                          ? constant(1)
                          : multiply(strides[axis + 1], dims[axis + 1]);
    operands.append(dims.begin(), dims.end());
    operands.append(strides.begin(), strides.end());
  }

  const ModelInterface &interface;
  const EntrySpec &entry;
  OpBuilder &b;
  Location loc;
  Type ptrType, i64Type;
  ValueRange inputs, sizes, outputs;
  Value params, state, grads, scratch, stream;
};

} // namespace

LogicalResult addPlainEntryPoints(ModuleOp module,
                                  const ModelInterface &interface) {
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  for (const EntrySpec &entry : interface.entries) {
    if (!entry.hasPlainForm())
      continue;
    PlainBuilder builder(interface, entry, b, module.getLoc());
    if (failed(builder.build(module)))
      return failure();
  }
  return success();
}

} // namespace dlc
