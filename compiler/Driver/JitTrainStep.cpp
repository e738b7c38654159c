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
                           const EntrySpec &train, const EntrySpec &evaluation,
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

  // The halves, when compiled, with the gradient block's layout.
  auto findHalf = [&](EntrySpec::Half half) -> const EntrySpec * {
    for (const EntrySpec &entry : interface.entries)
      if (entry.half == half && entry.halfOf == train.name)
        return &entry;
    return nullptr;
  };
  const EntrySpec *gradients = findHalf(EntrySpec::Half::gradients);
  const EntrySpec *apply = findHalf(EntrySpec::Half::apply);
  if (gradients && apply) {
    halves_.owner = this;
    halves_.gradientsEntry = gradients;
    halves_.applyEntry = apply;
    halves_.bytes = gradients->gradients.bytes;
    for (const GradientLayout::Slot &slot : gradients->gradients.slots) {
      const runtime::ParamInfo &info = infos[slot.param];
      halves_.specs.push_back(
          {info.name, info.dtype, slot.offset,
           interface.params[slot.param].type.getNumElements()});
    }
  }
  for (const EntrySpec *entry : {&train, &evaluation, gradients, apply}) {
    if (!entry)
      continue;
    llvm::Expected<JitModule::Packed> function = jit.lookup(entry->function);
    if (!function) {
      fail(llvm::toString(function.takeError()));
      continue;
    }
    functions[entry] = *function;
  }
}

std::string JitTrainStep::error() const {
  std::lock_guard<std::mutex> lock(errorMutex);
  return callError;
}

void JitTrainStep::fail(std::string message) {
  std::lock_guard<std::mutex> lock(errorMutex);
  if (callError.empty())
    callError = std::move(message);
}

void JitTrainStep::call(const EntrySpec &entry, const Frame &frame,
                        std::span<double> results) {
  auto function = functions.find(&entry);
  if (function == functions.end())
    return fail("no compiled function " + entry.function);
  // Loss and metrics, f32 or f64 scalars.
  llvm::SmallVector<double, 4> values(entry.outputs.size());
  llvm::SmallVector<float, 4> floats(entry.outputs.size());
  llvm::SmallVector<runtime::DynamicMemRef, 32> descriptors;
  std::array<int64_t, 0> scalar{};
  llvm::SmallVector<int64_t, 8> shape;
  for (const EntryArg &arg : entry.args) {
    switch (arg.role) {
    case ArgRole::input: {
      // The gradients' last input is the batch's size.
      if (arg.index == frame.batch.tensors.size()) {
        descriptors.emplace_back(const_cast<int64_t *>(&frame.total), scalar);
        break;
      }
      const runtime::Tensor &tensor = frame.batch.tensors[arg.index];
      shape.assign(tensor.shape().begin(), tensor.shape().end());
      int64_t rowBytes =
          int64_t(tensor.numBytes()) / std::max<int64_t>(shape.front(), 1);
      shape.front() = frame.end - frame.begin;
      descriptors.emplace_back(const_cast<std::byte *>(tensor.bytes()) +
                                   frame.begin * rowBytes,
                               shape);
      break;
    }
    // New values go where the old ones are, as in the generated class.
    case ArgRole::param:
    case ArgRole::newParam:
      descriptors.emplace_back(params.data() +
                                   interface.params[arg.index].offset,
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
    case ArgRole::grad:
      descriptors.emplace_back(frame.grads +
                                   entry.gradients.slots[arg.index].offset,
                               arg.type.getShape());
      break;
    case ArgRole::scratch: {
      int64_t bytes = scratchBytes(entry, [&](unsigned arg, unsigned axis) {
        return descriptors[arg].sizes()[axis];
      });
      std::array<int64_t, 1> scratchShape{bytes};
      descriptors.emplace_back(frame.scratch.reserve(bytes), scratchShape);
      break;
    }
    case ArgRole::stream:
      llvm_unreachable("the JIT runs CPU code, which takes no stream");
    }
  }
  // The packed interface takes a pointer to each descriptor pointer.
  llvm::SmallVector<void *, 32> pointers, packed;
  for (runtime::DynamicMemRef &descriptor : descriptors)
    pointers.push_back(descriptor.get());
  for (void *&pointer : pointers)
    packed.push_back(&pointer);
  function->second(packed.data());
  for (auto [i, output] : llvm::enumerate(entry.outputs))
    results[i] = output.type.getElementType().isF64() ? values[i] : floats[i];
}

void JitTrainStep::step(const runtime::Batch &batch,
                        std::span<double> results) {
  call(train, {batch, 0, batch.size, 0, nullptr, scratch}, results);
}

void JitTrainStep::evaluate(const runtime::Batch &batch,
                            std::span<double> results) {
  call(evaluation, {batch, 0, batch.size, 0, nullptr, scratch}, results);
}

void JitTrainStep::Halves::gradients(const runtime::Batch &batch, int64_t begin,
                                     int64_t end, int64_t total,
                                     std::span<double> results,
                                     std::byte *grads,
                                     runtime::Scratch &scratch) {
  owner->call(*gradientsEntry, {batch, begin, end, total, grads, scratch},
              results);
}

void JitTrainStep::Halves::evaluate(const runtime::Batch &batch,
                                    std::span<double> results,
                                    runtime::Scratch &scratch) {
  owner->call(owner->evaluation, {batch, 0, batch.size, 0, nullptr, scratch},
              results);
}

void JitTrainStep::Halves::apply(const std::byte *grads,
                                 runtime::Scratch &scratch) {
  static const runtime::Batch none;
  owner->call(*applyEntry,
              {none, 0, 0, 0, const_cast<std::byte *>(grads), scratch}, {});
}

std::vector<runtime::TensorView> JitTrainStep::state() const {
  std::vector<runtime::TensorView> views;
  for (const runtime::ParamInfo &info : infos)
    views.push_back(runtime::viewOf(info, params));
  for (const Slot &slot : slots) {
    const runtime::ParamInfo &info = infos[slot.param];
    views.push_back({slot.name,
                     info.dtype,
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
    result.push_back({slot.name,
                      info.dtype,
                      {info.shape, static_cast<size_t>(info.rank)},
                      slotBlock.data() + slot.offset});
  }
  result.push_back({stepName_, runtime::DType::i64, {}, &stepCount});
  return result;
}

} // namespace dlc
