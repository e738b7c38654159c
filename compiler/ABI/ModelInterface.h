//===- ModelInterface.h - What a compiled model exposes to applications ---===//
//
// The parameters (names, shapes, initializers, their place in the parameter
// block) and the entry points (C function, inputs, parameters taken,
// outputs) of a compiled model: what the generated header and `dlc run` are
// written from.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_ABI_MODELINTERFACE_H
#define DLC_ABI_MODELINTERFACE_H

#include "dlc/DLC.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace dlc {

struct TensorSpec {
  std::string name;
  mlir::RankedTensorType type;
};

struct ParamSpec {
  std::string name;
  mlir::RankedTensorType type;
  InitializerAttr init;
  /// Byte offset in the parameter block, a multiple of kParamAlignment.
  int64_t offset = 0;
};

/// One term of an entry point's scratch size: `bytes` times the product of
/// the listed (argument, axis) sizes of the compiled function's arguments.
struct ScratchTerm {
  int64_t bytes = 0;
  std::vector<std::pair<unsigned, unsigned>> dims;
};

/// What an argument of a compiled entry point carries. The function takes,
/// in this order: its inputs, the parameters it reads, for a training step
/// the optimizer's slots and the step counter, its outputs, for a training
/// step the updated parameters, the new slots and the new step counter, the
/// scratch arena, and for code compiled for a GPU last the stream its
/// kernels run on. The halves of a training step take the gradients of the
/// updated parameters, one per parameter in the gradient block: the update
/// (`<step>_apply`) first, in the inputs' place, and `<step>_gradients`
/// after its outputs, as results. The new values of a training step may be written
/// in place: callers may pass the same buffers as for the old ones, as the
/// compiled function's `dlc.in_place` states (checked against this list in
/// bindEntryParams, and against the code in dlc-entry-points-to-destinations).
enum class ArgRole {
  input,
  param,
  slot,
  step,
  output,
  newParam,
  newSlot,
  newStep,
  grad,
  scratch,
  stream,
};

/// One argument of a compiled entry point.
struct EntryArg {
  ArgRole role;
  /// input, output: the index in EntrySpec::inputs or outputs; param,
  /// newParam: in ModelInterface::params; slot, newSlot: in
  /// EntrySpec::slots; grad: in EntrySpec::updates (and gradients.slots);
  /// 0 for the others.
  unsigned index = 0;
  /// The tensor it describes (the step counter: i64 scalar; the scratch
  /// arena: 1-D i8 of dynamic size; the stream: none).
  mlir::RankedTensorType type;
  /// Its name in the C prototype: `x`, `dense1_kernel`, `dense1_kernel_m`,
  /// `new_dense1_kernel`, `step`, `scratch`, `stream`.
  std::string name;
};

/// One tensor of a training step's optimizer state: slot `slot` (an index
/// in EntrySpec::slotNames) of parameter `param`.
struct SlotSpec {
  unsigned param;
  unsigned slot;
};

/// A tensor of a training step's optimizer state in the step's state block.
struct StateSlot {
  /// Byte offset in the block (64-byte aligned) and its end.
  int64_t offset = 0, end = 0;
  /// The parameter (in ModelInterface::params) and the slot's name.
  unsigned param = 0;
  std::string slot;
};

/// A training step's state block: every optimizer slot of every updated
/// parameter, then the step count (an int64_t), each 64-byte aligned.
struct StateLayout {
  std::vector<StateSlot> slots;
  int64_t stepOffset = 0;
  int64_t bytes = 0;
};

/// The gradient block of a training step's halves: the gradient of every
/// updated parameter, in the order of EntrySpec::updates, each 64-byte
/// aligned, so that data parallelism sums and allreduces one buffer.
struct GradientLayout {
  struct Slot {
    /// The parameter (in ModelInterface::params).
    unsigned param = 0;
    /// Byte offset in the block (64-byte aligned) and its end.
    int64_t offset = 0, end = 0;
  };
  std::vector<Slot> slots;
  int64_t bytes = 0;
};

/// The sizes a plain call of an entry point takes: `batch` for the dynamic
/// leading axes, `<input>_dim<axis>` for other dynamic axes (named after the
/// first input that has one), and each axis of every input and output as a
/// static size ("28") or one of those names.
struct EntrySizes {
  bool usesBatch = false;
  std::vector<std::string> extraArgs; // beyond `batch`
  std::vector<std::vector<std::string>> inputDims;
  std::vector<std::vector<std::string>> outputDims;
  /// Why the sizes cannot be derived (an output's dynamic axis that no
  /// input has); empty when they can.
  std::string error;

  /// The size arguments in order: `batch` first when used.
  std::vector<std::string> argNames() const;
};

struct EntrySpec {
  std::string name;
  /// The compiled function, `<model>_<entry>`; the object exports it as
  /// `dlc_<function>` (the plain C form: addPlainEntryPoints) and
  /// `dlc_<function>_strided` (one descriptor per argument:
  /// dlc-export-entry-points).
  std::string function;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  /// Indices into ModelInterface::params, in the order the function takes
  /// them (after the inputs, before the outputs).
  std::vector<unsigned> params;
  /// The scratch arena the function takes as its last argument.
  std::vector<ScratchTerm> scratch;
  /// Heap allocations left in the compiled code (sites: one in a loop runs
  /// once per iteration).
  int64_t heapAllocs = 0;
  /// Whether samples are independent: every input and output is [batch,
  /// static sizes...] and no op (a loss, a metric) combines samples, so
  /// slices of a batch can run on different threads.
  bool batchParallel = false;

  /// For training steps: the parameters updated (indices into
  /// ModelInterface::params, in the order of the compiled function's
  /// optimizer state and new-parameter results), and the optimizer's state
  /// tensors kept per updated parameter.
  bool isTrainStep = false;
  /// For the evaluation entry of a training step (`<step>_evaluate`, the
  /// loss and metrics without an update): the step's name.
  std::string evaluates;
  /// For a half of a training step (data parallelism), which and the
  /// step's name (`halfOf`). `<step>_gradients` takes the step's inputs (a
  /// slice of a batch) and `total`, the batch's size, and returns the
  /// slice's share of the loss and metrics, and writes its share of the
  /// gradient of each updated parameter (`<param>_grad`) into the gradient
  /// block (`gradients`): summed over the slices, they are the batch's.
  /// `<step>_apply` takes the gradient block and updates the parameters and
  /// the step's state as the step does (it has the step's ABI, isTrainStep,
  /// and its state layout) with no inputs or outputs. The generated class
  /// leaves the halves to the C functions and to its trainer.
  enum class Half { none, gradients, apply };
  Half half = Half::none;
  std::string halfOf;
  std::vector<unsigned> updates;
  std::vector<std::string> slotNames;
  /// The optimizer state the compiled function takes, in order: every slot
  /// of the first updated parameter, then of the next.
  std::vector<SlotSpec> slots;

  /// The compiled function's arguments, in order (bound with the
  /// parameters: bindEntryParams).
  std::vector<EntryArg> args;
  /// The sizes of its plain C form and of the generated class's methods.
  EntrySizes sizes;
  /// For a training step: its state block.
  StateLayout state;
  /// For a half of a training step: its gradient block.
  GradientLayout gradients;

  /// The size of axis `axis` of argument `arg` (an index in `args`) in
  /// terms of `sizes`: a number or a size argument's name.
  std::string dimOf(unsigned arg, unsigned axis) const;
  /// The scratch arena's size in terms of `sizes`: `64 * batch + 128`
  /// (`64 * (batch) + 128` for a C macro's body).
  std::string scratchExpression(bool forMacro = false) const;
  /// Whether the object exports a plain C form of the entry point
  /// (`dlc_<function>`): every size derivable from the size arguments.
  bool hasPlainForm() const { return sizes.error.empty(); }
};

/// Where the compiled code's buffers live and runs.
enum class Device {
  /// The host's memory, the calling thread.
  cpu,
  /// An NVIDIA GPU's memory: every buffer argument is a device pointer, and
  /// each entry point takes last the runtime's stream
  /// (dlc::runtime::cuda::Stream), on which it enqueues its kernels and
  /// returns without waiting for them.
  cuda,
};

struct ModelInterface {
  std::string name;
  Device device = Device::cpu;

  /// The model's name in the symbols of its code: `name`, and
  /// `<name>_cuda` for code compiled for CUDA, so that a program can link
  /// both objects of a model (dlc_mnist_cnn_predict and
  /// dlc_mnist_cnn_cuda_predict, the classes MnistCnn and MnistCnnCuda).
  /// Checkpoints carry `name`: they move between the two.
  std::string symbolName() const {
    return device == Device::cuda ? name + "_cuda" : name;
  }
  std::vector<ParamSpec> params;
  int64_t paramBytes = 0;
  std::vector<EntrySpec> entries;

  int findParam(llvm::StringRef name) const;
};

/// Alignment of every parameter in the block, for aligned vector loads.
constexpr int64_t kParamAlignment = 64;

/// Describes `model`'s parameters, its public inference entry points and its
/// training steps (whose outputs are the loss and the metrics).
ModelInterface describeModel(ModelOp model);

/// Fills in each entry's parameter order from the `dlc.params` attribute of
/// its function in `lowered` (the module after dlc-lower-to-linalg), the
/// optimizer state of training steps, and each entry's argument list.
mlir::LogicalResult bindEntryParams(ModelInterface &interface,
                                    mlir::ModuleOp lowered);

/// The runtime's name of an initializer (dlc::runtime::Init) and its two
/// arguments.
std::string initializerName(InitializerAttr init, double &a, double &b);

/// Reads each entry's scratch terms from its function in `module` after
/// dlc-plan-scratch (any later stage of the pipeline).
mlir::LogicalResult bindEntryScratch(ModelInterface &interface,
                                     mlir::ModuleOp module);

/// Marks the interface as compiled for a CUDA GPU (Device::cuda): every
/// entry point takes the stream last, and its function in `module` is
/// renamed after the symbol name (`<model>_cuda_<entry>`).
mlir::LogicalResult placeOnCuda(ModelInterface &interface,
                                mlir::ModuleOp module);

/// The scratch bytes of `entry` given the size of each (argument, axis).
int64_t
scratchBytes(const EntrySpec &entry,
             llvm::function_ref<int64_t(unsigned arg, unsigned axis)> sizeOf);

/// The parameters of `entry`'s plain C form as declared (`const float *x`,
/// `int64_t batch`, `const void *params`, ...), for the header and the
/// C++ source alike; `void *stream` last for code compiled for CUDA.
std::vector<std::string> plainParameters(const EntrySpec &entry,
                                         Device device);

/// `conv1.kernel` -> `conv1_kernel`: a C identifier for a dlc name.
std::string toIdentifier(llvm::StringRef name);

/// `mnist_cnn` -> `MnistCnn`.
std::string toClassName(llvm::StringRef name);

/// `train_step` -> `trainStep`: the generated class's own members (sizes,
/// counters, accessors) are named in this style; entry points keep the
/// model's names.
std::string toMemberName(llvm::StringRef name);

/// Adds to `module` (in the LLVM dialect, after dlc-export-entry-points)
/// the plain C form of every entry point that has one:
///   void dlc_<function>(const T *input..., int64_t size..., void *params,
///                       [void *state,] T *output..., void *scratch)
/// which calls the compiled function with row-major descriptors made from
/// the pointers: parameters at their offsets in the model's parameter block,
/// a training step's slots and step count in its state block (updated in
/// place), the scratch arena of the size scratchExpression() gives.
mlir::LogicalResult addPlainEntryPoints(mlir::ModuleOp module,
                                        const ModelInterface &interface);

/// Writes the C/C++ header of a compiled model; fails (setting `error`)
/// when an output's dynamic size cannot be derived from the inputs.
mlir::LogicalResult writeHeader(const ModelInterface &interface,
                                llvm::StringRef source, llvm::raw_ostream &os,
                                std::string &error);

} // namespace dlc

#endif // DLC_ABI_MODELINTERFACE_H
