//===- JitTrainStep.h - A JIT-compiled training step for fit --------------===//
//
// `dlc train` runs the runtime's training loop (dlc::runtime::fit) on a
// training step compiled in process: this adapter gives the loop the same
// view of it that the generated header's <Step>Trainer gives of an
// ahead-of-time compiled one, with the same state names, so checkpoints move
// between the two.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DRIVER_JITTRAINSTEP_H
#define DLC_DRIVER_JITTRAINSTEP_H

#include "ABI/ModelInterface.h"
#include "Target/LLVM/Jit.h"
#include "dlc/runtime/DataParallel.h"
#include "dlc/runtime/Params.h"
#include "dlc/runtime/Train.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace dlc {

/// The runtime's view of a parameter of `interface`.
std::vector<runtime::ParamInfo> runtimeParams(const ModelInterface &interface);

/// The runtime dtype of an element type.
runtime::DType runtimeType(mlir::Type type);

class JitTrainStep final : public runtime::TrainStep {
public:
  /// `train` and `evaluation` are entries of `interface` (the step and its
  /// `<step>_evaluate`), compiled into `jit`, with the step's halves
  /// (`<step>_gradients` and `<step>_apply`) when `interface` has them;
  /// `params` is the model's parameter block laid out as `infos`. All must
  /// outlive the adapter. error() says when a function is missing.
  JitTrainStep(JitModule &jit, const ModelInterface &interface,
               const EntrySpec &train, const EntrySpec &evaluation,
               const std::vector<runtime::ParamInfo> &infos,
               runtime::ParamBlock &params);

  std::string_view modelName() const override { return interface.name; }
  std::string_view stepName() const override { return train.name; }
  std::span<const runtime::InputSpec> inputs() const override {
    return inputSpecs;
  }
  std::span<const std::string_view> resultNames() const override {
    return names;
  }
  void step(const runtime::Batch &batch, std::span<double> results) override;
  void evaluate(const runtime::Batch &batch,
                std::span<double> results) override;
  std::vector<runtime::TensorView> state() const override;
  std::vector<runtime::TensorSlot> stateSlots() override;
  /// Set when a call into the compiled code failed.
  std::string error() const override;
  runtime::StepHalves *halves() override {
    return halves_.empty() ? nullptr : &halves_;
  }

private:
  /// What a call binds beyond the parameters and the step's state.
  struct Frame {
    /// Rows [begin, end) of the batch's tensors.
    const runtime::Batch &batch;
    int64_t begin, end;
    /// The gradients half: the batch's size and the gradient block.
    int64_t total = 0;
    std::byte *grads = nullptr;
    runtime::Scratch &scratch;
  };
  /// Calls `entry` (with the optimizer state and the step counter when it
  /// takes them) and writes its loss and metrics to `results`.
  void call(const EntrySpec &entry, const Frame &frame,
            std::span<double> results);
  void fail(std::string message);

  class Halves final : public runtime::StepHalves {
  public:
    std::span<const runtime::GradientSpec> gradients() const override {
      return specs;
    }
    int64_t gradientBytes() const override { return bytes; }
    void gradients(const runtime::Batch &batch, int64_t begin, int64_t end,
                   int64_t total, std::span<double> results, std::byte *grads,
                   runtime::Scratch &scratch) override;
    void apply(const std::byte *grads, runtime::Scratch &scratch) override;
    void evaluate(const runtime::Batch &batch, std::span<double> results,
                  runtime::Scratch &scratch) override;

    JitTrainStep *owner = nullptr;
    const EntrySpec *gradientsEntry = nullptr, *applyEntry = nullptr;
    std::vector<runtime::GradientSpec> specs;
    int64_t bytes = 0;
    bool empty() const { return !gradientsEntry; }
  };

  JitModule &jit;
  const ModelInterface &interface;
  const EntrySpec &train;
  const EntrySpec &evaluation;
  const std::vector<runtime::ParamInfo> &infos;
  runtime::ParamBlock &params;

  std::vector<std::vector<int64_t>> sampleShapes;
  std::vector<runtime::InputSpec> inputSpecs;
  std::vector<std::string_view> names;
  /// Optimizer state: one tensor per slot and updated parameter.
  struct Slot {
    std::string name;
    unsigned param;
    int64_t offset;
  };
  std::vector<Slot> slots;
  runtime::ParamBlock slotBlock{0};
  std::string stepName_;
  int64_t stepCount = 0;
  runtime::Scratch scratch;
  /// Each entry's compiled function.
  std::map<const EntrySpec *, JitModule::Packed> functions;
  Halves halves_;
  mutable std::mutex errorMutex;
  std::string callError;
};

} // namespace dlc

#endif // DLC_DRIVER_JITTRAINSTEP_H
