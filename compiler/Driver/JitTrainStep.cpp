//===- JitTrainStep.cpp - A JIT-compiled training step for fit ------------===//

#include "Driver/JitTrainStep.h"

#include "dlc/runtime/MemRef.h"

#include "llvm/ADT/SmallVector.h"

using namespace mlir;

namespace dlc {

runtime::DType runtimeType(Type type) {
  if (type.isF64())
    return runtime::DType::f64;
  if (type.isInteger(32))
    return runtime::DType::i32;
  if (type.isInteger(64))
    return runtime::DType::i64;
  return runtime::DType::f32;
}

std::vector<runtime::ParamInfo> runtimeParams(const ModelInterface &interface) {
  static const std::pair<const char *, runtime::Init> kinds[] = {
      {"zeros", runtime::Init::zeros},
      {"ones", runtime::Init::ones},
      {"constant", runtime::Init::constant},
      {"uniform", runtime::Init::uniform},
      {"normal", runtime::Init::normal},
      {"glorot_uniform", runtime::Init::glorot_uniform},
      {"he_uniform", runtime::Init::he_uniform},
      {"orthogonal", runtime::Init::orthogonal}};
  std::vector<runtime::ParamInfo> infos;
  for (const ParamSpec &param : interface.params) {
    runtime::ParamInfo info{};
    info.name = param.name;
    info.dtype = runtimeType(param.type.getElementType());
    info.rank = static_cast<int>(param.type.getRank());
    for (int i = 0; i < info.rank; ++i)
      info.shape[i] = param.type.getDimSize(i);
    info.offset = param.offset;
    double a, b;
    std::string init = initializerName(param.init, a, b);
    for (const auto &[name, kind] : kinds)
      if (init == name)
        info.init = kind;
    info.a = a;
    info.b = b;
    infos.push_back(info);
  }
  return infos;
}

namespace {
int64_t bytesOf(RankedTensorType type) {
  return type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
}
} // namespace

JitTrainStep::JitTrainStep(JitModule &jit, const ModelInterface &interface,
                           const EntrySpec &train,
                           const EntrySpec &evaluation,
                           const std::vector<runtime::ParamInfo> &infos,
                           runtime::ParamBlock &params)
    : jit(jit), interface(interface), train(train), evaluation(evaluation),
      infos(infos), params(params) {
  for (const TensorSpec &input : train.inputs)
    sampleShapes.emplace_back(input.type.getShape().begin() + 1,
                              input.type.getShape().end());
  for (auto [input, shape] : llvm::zip(train.inputs, sampleShapes))
    inputSpecs.push_back(
        {input.name, runtimeType(input.type.getElementType()), shape});
  for (const TensorSpec &output : train.outputs)
    names.push_back(output.name);
  // The same layout as the generated class: 64-byte aligned, slot by slot
  // for every updated parameter.
  int64_t offset = 0;
  for (const SlotSpec &slot : train.slots) {
    slots.push_back({train.name + "/" + train.slotNames[slot.slot] + "/" +
                         interface.params[slot.param].name,
                     slot.param, offset});
    offset += (bytesOf(interface.params[slot.param].type) + 63) / 64 * 64;
  }
  slotBlock = runtime::ParamBlock(offset);
  stepName_ = train.name + "/step";
}

void JitTrainStep::call(const EntrySpec &entry, const runtime::Batch &batch,
                        std::span<double> results) {
  // Loss and metrics, f32 or f64 scalars.
  std::vector<double> values(entry.outputs.size());
  std::vector<float> floats(entry.outputs.size());
  std::vector<runtime::DynamicMemRef> descriptors;
  std::array<int64_t, 0> scalar{};
  for (const EntryArg &arg : entry.args) {
    switch (arg.role) {
    case ArgRole::input: {
      const runtime::Tensor &tensor = batch.tensors[arg.index];
      descriptors.emplace_back(const_cast<std::byte *>(tensor.bytes()),
                               tensor.shape());
      break;
    }
    // New values go where the old ones are, as in the generated class.
    case ArgRole::param:
    case ArgRole::newParam:
      descriptors.emplace_back(
          params.data() + interface.params[arg.index].offset,
          arg.type.getShape());
      break;
    case ArgRole::slot:
    case ArgRole::newSlot:
      descriptors.emplace_back(slotBlock.data() + slots[arg.index].offset,
                               arg.type.getShape());
      break;
    case ArgRole::step:
    case ArgRole::newStep:
      descriptors.emplace_back(&stepCount, scalar);
      break;
    case ArgRole::output:
      if (arg.type.getElementType().isF64())
        descriptors.emplace_back(&values[arg.index], scalar);
      else
        descriptors.emplace_back(&floats[arg.index], scalar);
      break;
    case ArgRole::scratch: {
      int64_t bytes = scratchBytes(entry, [&](unsigned arg, unsigned axis) {
        return descriptors[arg].sizes()[axis];
      });
      std::array<int64_t, 1> scratchShape{bytes};
      descriptors.emplace_back(scratch.reserve(bytes), scratchShape);
      break;
    }
    case ArgRole::stream:
      llvm_unreachable("the JIT runs CPU code, which takes no stream");
    }
  }
  std::vector<void *> pointers;
  for (runtime::DynamicMemRef &descriptor : descriptors)
    pointers.push_back(descriptor.get());
  if (llvm::Error error = jit.call(entry.function, pointers))
    callError = llvm::toString(std::move(error));
  for (auto [i, output] : llvm::enumerate(entry.outputs))
    results[i] = output.type.getElementType().isF64() ? values[i] : floats[i];
}

void JitTrainStep::step(const runtime::Batch &batch,
                        std::span<double> results) {
  call(train, batch, results);
}

void JitTrainStep::evaluate(const runtime::Batch &batch,
                            std::span<double> results) {
  call(evaluation, batch, results);
}

std::vector<runtime::TensorView> JitTrainStep::state() const {
  std::vector<runtime::TensorView> views;
  for (const runtime::ParamInfo &info : infos)
    views.push_back(runtime::viewOf(info, params));
  for (const Slot &slot : slots) {
    const runtime::ParamInfo &info = infos[slot.param];
    views.push_back({slot.name, info.dtype,
                     {info.shape, static_cast<size_t>(info.rank)},
                     slotBlock.data() + slot.offset});
  }
  views.push_back({stepName_, runtime::DType::i64, {}, &stepCount});
  return views;
}

std::vector<runtime::TensorSlot> JitTrainStep::stateSlots() {
  std::vector<runtime::TensorSlot> result;
  for (const runtime::ParamInfo &info : infos)
    result.push_back(runtime::slotOf(info, params));
  for (const Slot &slot : slots) {
    const runtime::ParamInfo &info = infos[slot.param];
    result.push_back({slot.name, info.dtype,
                      {info.shape, static_cast<size_t>(info.rank)},
                      slotBlock.data() + slot.offset});
  }
  result.push_back({stepName_, runtime::DType::i64, {}, &stepCount});
  return result;
}

} // namespace dlc
