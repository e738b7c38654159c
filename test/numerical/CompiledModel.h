//===- CompiledModel.h - A dlc model JIT-compiled for tests
//----------------===//
//
// Compiles a model through the full CPU pipeline and calls its compiled
// functions with reference tensors (doubles), converting to and from the
// element types the compiled code takes.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_NUMERICAL_COMPILEDMODEL_H
#define DLC_TEST_NUMERICAL_COMPILEDMODEL_H

#include "CppModule.h"
#include "Driver/Compilation.h"
#include "Reference.h"
#include "dlc/DLC.h"
#include "dlc/runtime/MemRef.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dlc::test {

using namespace mlir;
using dlc::reference::Tensor;

/// Random inputs for `function` with batch size `batch` (and as many time
/// steps where the time axis is dynamic): uniform in [-1, 1], labels in
/// range of the class axis of the function's float inputs (at most
/// `maxClasses` classes).
inline std::vector<Tensor>
randomInputs(FunctionOpInterface function, int64_t batch, uint32_t seed,
             int64_t maxClasses = std::numeric_limits<int64_t>::max()) {
  std::vector<Tensor> inputs;
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto tensor = cast<RankedTensorType>(type);
    std::vector<int64_t> shape;
    for (int64_t dim : tensor.getShape())
      shape.push_back(ShapedType::isDynamic(dim) ? batch : dim);
    if (!tensor.getElementType().isInteger()) {
      inputs.push_back(Tensor::uniform(shape, -1.0, 1.0, seed + index));
      continue;
    }
    int64_t classes = 2;
    for (Type other : function.getArgumentTypes())
      if (isa<FloatType>(cast<RankedTensorType>(other).getElementType()))
        classes = cast<RankedTensorType>(other).getShape().back();
    inputs.push_back(
        Tensor::labels(shape, std::min(classes, maxClasses), seed + index));
  }
  return inputs;
}

/// How a CompiledModel runs: JIT-compiled vector code (what `dlc compile`
/// emits as an object), scalar code through `--emit=cpp
/// --cpp-vector-bits=0` and a C++ compiler, or the GPU schedule (what `--target=cuda` compiles into
/// kernels) with its kernels run as loops on the host, JIT-compiled.
/// CppVector: the vector schedules through `--emit=cpp` (for 512-bit
/// vectors); CppScalarFallback: the same built with DLC_CPP_SCALAR;
/// CppAArch64: the schedules for 128-bit vectors cross-built for 64-bit ARM
/// and run under QEMU.
enum class Backend {
  Jit,
  Cpp,
  CppVector,
  CppScalarFallback,
  CppAArch64,
  GpuOnHost,
  GpuOnHostReversed
};

/// The backend's name, for test names.
inline const char *backendName(Backend backend) {
  switch (backend) {
  case Backend::Jit:
    return "Jit";
  case Backend::Cpp:
    return "Cpp";
  case Backend::CppVector:
    return "CppVector";
  case Backend::CppScalarFallback:
    return "CppScalarFallback";
  case Backend::CppAArch64:
    return "CppAArch64";
  case Backend::GpuOnHost:
    return "GpuOnHost";
  case Backend::GpuOnHostReversed:
    return "GpuOnHostReversed";
  }
  return "";
}

/// A model compiled for the host, with the interface needed to call it.
class CompiledModel {
public:
  /// `stepHalves`: also compile the training steps' halves (the tests of
  /// other things leave them out, which halves their compile time).
  explicit CompiledModel(StringRef source, Backend backend = Backend::Jit,
                         bool stepHalves = false)
      : compilation(optionsFor(backend, stepHalves)) {
    MLIRContext &context = compilation.context();
    context.loadAllAvailableDialects();
    std::string diagnostics;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      diagnostics += diag.str() + "\n";
      return success();
    });
    if (failed(compilation.loadSource(source, "test"))) {
      error = "parse: " + diagnostics + compilation.error();
      return;
    }
    source_ = compilation.module().clone();
    if (backend == Backend::Cpp || backend == Backend::CppVector ||
        backend == Backend::CppScalarFallback ||
        backend == Backend::CppAArch64) {
      std::string source;
      llvm::raw_string_ostream os(source);
      if (failed(compilation.writeCpp(os, /*packed=*/true))) {
        error = "--emit=cpp: " + diagnostics + compilation.error();
        return;
      }
      if (backend == Backend::CppAArch64)
        cpp = CppModule::createCross(source, error);
      else
        cpp = CppModule::create(
            source, error,
            backend == Backend::CppScalarFallback ? "-DDLC_CPP_SCALAR" : "");
      if (!cpp)
        error = "--emit=cpp: " + error + "\n" + diagnostics;
      return;
    }
    jit = compilation.jit();
    if (!jit)
      error = "compile: " + diagnostics + compilation.error();
  }

  dlc::ModelOp model() { return *source_->getOps<dlc::ModelOp>().begin(); }

  /// What a call of an entry point passes.
  struct CallArgs {
    std::vector<Tensor> inputs;
    /// Every parameter by name; the entry reads those it takes.
    const std::map<std::string, Tensor> *params = nullptr;
    /// A training step's optimizer slots in EntrySpec::slots order (every
    /// slot of the first updated parameter, then of the next); zeros when
    /// empty.
    std::vector<Tensor> slots;
    int64_t step = 0;
    /// The shapes of the outputs; scalars when not given.
    std::vector<std::vector<int64_t>> outputShapes;
    /// A training step's new parameters, slots and step count written over
    /// the old ones (the same buffers passed for both, as the runtime
    /// does) rather than into buffers of their own.
    bool inPlace = false;
  };

  /// Calls the compiled `<model>_<entry>` with its arguments in the order
  /// of the ABI (EntrySpec::args), each converted to its element type, and
  /// a scratch arena sized from the plan; returns what it writes: the
  /// outputs, then for a training step the new parameters, the new slots
  /// and the new step count.
  std::vector<Tensor> callEntry(StringRef entry, const CallArgs &call) {
    const dlc::EntrySpec *spec = nullptr;
    for (const dlc::EntrySpec &candidate : compilation.interface().entries)
      if (candidate.name == entry)
        spec = &candidate;
    EXPECT_TRUE(spec) << "no compiled entry point @" << entry.str();
    if (!spec)
      return {};
    const dlc::ModelInterface &interface = compilation.interface();
    std::vector<Buffer> buffers;
    // For each buffer, the one whose memory it shares (-1: its own); the
    // old value's buffer by role and index.
    std::vector<int> sharedWith;
    std::map<std::pair<dlc::ArgRole, unsigned>, int> oldValues;
    size_t firstOutput = 0;
    bool outputSeen = false;
    for (const dlc::EntryArg &arg : spec->args) {
      sharedWith.push_back(-1);
      Type elementType = arg.type.getElementType();
      auto zeros = [&]() {
        return Tensor::zeros(std::vector<int64_t>(arg.type.getShape()));
      };
      switch (arg.role) {
      case dlc::ArgRole::input:
        buffers.emplace_back(call.inputs[arg.index], elementType);
        break;
      case dlc::ArgRole::param:
        buffers.emplace_back(call.params->at(interface.params[arg.index].name),
                             elementType);
        break;
      case dlc::ArgRole::slot:
        buffers.emplace_back(
            call.slots.empty() ? zeros() : call.slots[arg.index], elementType);
        break;
      case dlc::ArgRole::step:
        buffers.emplace_back(Tensor::scalar(double(call.step)), elementType);
        break;
      case dlc::ArgRole::output:
        if (!std::exchange(outputSeen, true))
          firstOutput = buffers.size();
        buffers.emplace_back(Tensor::zeros(arg.index < call.outputShapes.size()
                                               ? call.outputShapes[arg.index]
                                               : std::vector<int64_t>{}),
                             elementType);
        break;
      case dlc::ArgRole::grad:
        // The update's gradients are given as its inputs; the gradients
        // half returns them after its loss and metrics.
        if (spec->half == dlc::EntrySpec::Half::apply) {
          buffers.emplace_back(call.inputs.at(arg.index), elementType);
          break;
        }
        buffers.emplace_back(zeros(), elementType);
        break;
      case dlc::ArgRole::newParam:
      case dlc::ArgRole::newSlot:
      case dlc::ArgRole::newStep: {
        dlc::ArgRole old =
            arg.role == dlc::ArgRole::newParam  ? dlc::ArgRole::param
            : arg.role == dlc::ArgRole::newSlot ? dlc::ArgRole::slot
                                                : dlc::ArgRole::step;
        if (call.inPlace)
          sharedWith.back() = oldValues.at({old, arg.index});
        // (A step's update alone has no outputs before these.)
        if (!std::exchange(outputSeen, true))
          firstOutput = buffers.size();
        buffers.emplace_back(zeros(), elementType);
        break;
      }
      case dlc::ArgRole::scratch:
      case dlc::ArgRole::stream:
        sharedWith.pop_back();
        break;
      }
      if (arg.role == dlc::ArgRole::param || arg.role == dlc::ArgRole::slot ||
          arg.role == dlc::ArgRole::step)
        oldValues[{arg.role, arg.index}] = int(buffers.size()) - 1;
    }
    return invoke(entry, buffers, sharedWith, firstOutput);
  }

  /// The element type of parameter `name`.
  Type paramType(StringRef name) {
    auto param = cast<dlc::ParamOp>(SymbolTable::lookupSymbolIn(
        model(), StringAttr::get(&compilation.context(), name)));
    return param.getTensorType().getElementType();
  }

  /// A string list attribute of the compiled function (dlc.updates, ...).
  SmallVector<std::string> stringsOf(StringRef entry, StringRef attr) {
    std::string name = (model().getSymName() + "_" + entry).str();
    SmallVector<std::string> values;
    compilation.module()->walk([&](Operation *op) {
      auto symbol = op->getAttrOfType<StringAttr>("sym_name");
      if (!symbol || symbol.getValue() != name)
        return;
      if (auto list = op->getAttrOfType<ArrayAttr>(attr))
        for (Attribute value : list) {
          if (auto ref = dyn_cast<FlatSymbolRefAttr>(value))
            values.push_back(ref.getValue().str());
          else
            values.push_back(cast<StringAttr>(value).getValue().str());
        }
    });
    return values;
  }

  /// Runs `entry` on `inputs` with `params`; output shapes come from
  /// `expected` (the reference's results).
  std::vector<Tensor> run(StringRef entry,
                          const std::map<std::string, Tensor> &params,
                          const std::vector<Tensor> &inputs,
                          const std::vector<Tensor> &expected) {
    CallArgs call;
    call.inputs = inputs;
    call.params = &params;
    for (const Tensor &tensor : expected)
      call.outputShapes.push_back(tensor.shape);
    return callEntry(entry, call);
  }

  std::string error;

private:
  struct Buffer;

  std::vector<Tensor> invoke(StringRef entry, std::vector<Buffer> &buffers,
                             ArrayRef<int> sharedWith, size_t firstOutput) {
    // The scratch arena, sized from the plan on the compiled function.
    std::vector<int64_t> argSizes;
    int64_t scratchBytes = 0;
    std::string compiledName = (model().getSymName() + "_" + entry).str();
    compilation.module()->walk([&](Operation *op) {
      auto symbol = op->getAttrOfType<StringAttr>("sym_name");
      if (!symbol || symbol.getValue() != compiledName)
        return;
      for (Attribute attr : op->getAttrOfType<ArrayAttr>(
               dlc::DLCDialect::ScratchAttrHelper::getNameStr())) {
        ArrayRef<int64_t> term = cast<DenseI64ArrayAttr>(attr).asArrayRef();
        int64_t bytes = term.front();
        for (size_t i = 1; i + 1 < term.size(); i += 2)
          bytes *= buffers[term[i]].shape[term[i + 1]];
        scratchBytes += bytes;
      }
    });
    std::vector<unsigned char> scratch(std::max<int64_t>(scratchBytes, 1));
    std::array<int64_t, 1> scratchShape{scratchBytes};
    dlc::runtime::DynamicMemRef scratchDescriptor(scratch.data(), scratchShape);
    std::vector<void *> descriptors;
    std::vector<size_t> ranks, bytes;
    auto memoryOf = [&](size_t i) -> Buffer & {
      return buffers[sharedWith[i] < 0 ? i : sharedWith[i]];
    };
    for (size_t i = 0; i < buffers.size(); ++i) {
      descriptors.push_back(memoryOf(i).descriptor.get());
      ranks.push_back(memoryOf(i).shape.size());
      bytes.push_back(memoryOf(i).bytes.size());
    }
    descriptors.push_back(scratchDescriptor.get());
    ranks.push_back(1);
    bytes.push_back(scratch.size());
    std::string name = (model().getSymName() + "_" + entry).str();
    llvm::Error callError = cpp ? cpp->call(name, descriptors, ranks, bytes)
                                : jit->call(name, descriptors);
    EXPECT_FALSE(static_cast<bool>(callError))
        << llvm::toString(std::move(callError));
    std::vector<Tensor> outputs;
    for (size_t i = firstOutput; i < buffers.size(); ++i)
      outputs.push_back(memoryOf(i).toTensor());
    return outputs;
  }

  /// Tensor data in the element type the compiled code expects.
  struct Buffer {
    Buffer(const Tensor &tensor, Type elementType)
        : shape(tensor.shape), isF64(elementType.isF64()),
          isInt(elementType.isInteger()), isI64(elementType.isInteger(64)),
          bytes(std::max<size_t>(1, tensor.data.size()) * 8),
          descriptor(nullptr, {}) {
      for (size_t i = 0; i < tensor.data.size(); ++i) {
        double v = tensor.data[i];
        if (isF64)
          reinterpret_cast<double *>(bytes.data())[i] = v;
        else if (isI64)
          reinterpret_cast<int64_t *>(bytes.data())[i] = int64_t(v);
        else if (isInt)
          reinterpret_cast<int32_t *>(bytes.data())[i] = int32_t(v);
        else
          reinterpret_cast<float *>(bytes.data())[i] = float(v);
      }
      descriptor = dlc::runtime::DynamicMemRef(bytes.data(), shape);
    }
    Buffer(Buffer &&other) noexcept
        : shape(std::move(other.shape)), isF64(other.isF64), isInt(other.isInt),
          isI64(other.isI64), bytes(std::move(other.bytes)),
          descriptor(bytes.data(), shape) {}

    Tensor toTensor() const {
      Tensor tensor = Tensor::zeros(shape);
      const unsigned char *raw = bytes.data();
      for (size_t i = 0; i < tensor.data.size(); ++i) {
        if (isF64)
          tensor.data[i] = reinterpret_cast<const double *>(raw)[i];
        else if (isI64)
          tensor.data[i] = double(reinterpret_cast<const int64_t *>(raw)[i]);
        else if (isInt)
          tensor.data[i] = double(reinterpret_cast<const int32_t *>(raw)[i]);
        else
          tensor.data[i] = reinterpret_cast<const float *>(raw)[i];
      }
      return tensor;
    }

    std::vector<int64_t> shape;
    bool isF64, isInt, isI64;
    std::vector<unsigned char> bytes;
    dlc::runtime::DynamicMemRef descriptor;
  };

  static dlc::CompileOptions optionsFor(Backend backend, bool stepHalves) {
    dlc::CompileOptions options;
    options.stepHalves = stepHalves;
    if (backend == Backend::Cpp)
      options.vectorBits = 0;
    if (backend == Backend::CppAArch64)
      options.vectorBits = 128;
    if (backend == Backend::GpuOnHost)
      options.target = dlc::CodegenTarget::gpuOnHost;
    if (backend == Backend::GpuOnHostReversed)
      options.target = dlc::CodegenTarget::gpuOnHostReversed;
    return options;
  }

  dlc::Compilation compilation;
  OwningOpRef<ModuleOp> source_;
  std::unique_ptr<dlc::JitModule> jit;
  std::unique_ptr<CppModule> cpp;
};

} // namespace dlc::test

#endif // DLC_TEST_NUMERICAL_COMPILEDMODEL_H
