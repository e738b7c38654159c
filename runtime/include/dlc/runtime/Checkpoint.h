//===- Checkpoint.h - Saving and resuming training ------------------------===//
//
// A checkpoint records everything needed to resume training exactly: the
// model's parameters and optimizer state as named tensors, the step and
// epoch, and the state of the Random that shuffles the data. The file is a
// FlatBuffer (runtime/schema/checkpoint.fbs) so that other tools can read
// it; this header does not expose FlatBuffers.
//
// Saving replaces the file atomically, so a crash mid-save keeps the
// previous checkpoint. Loading checks, in order, that the file is complete,
// is a dlc checkpoint, is structurally valid, matches its checksum, was
// saved by this model (fingerprint) and holds the tensors the model expects
// with their dtypes and shapes, and only then writes into the model.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_CHECKPOINT_H
#define DLC_RUNTIME_CHECKPOINT_H

#include "dlc/runtime/Params.h"
#include "dlc/runtime/Tensor.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::runtime {

/// What a checkpoint holds besides its tensors.
struct CheckpointInfo {
  std::string model;
  /// See fingerprintOf.
  uint64_t fingerprint = 0;
  /// Optimizer steps taken and epochs completed.
  int64_t step = 0;
  int64_t epoch = 0;
  /// The data shuffler's Random (Random::state() and increment()).
  uint64_t randomState = 0;
  uint64_t randomIncrement = 0;
};

/// A tensor to save, borrowed: "dense1.kernel", "train_step/m/dense1.kernel",
/// "train_step/step" (shape {} for a scalar).
struct TensorView {
  std::string_view name;
  DType dtype;
  std::span<const int64_t> shape;
  const void *data;
};

/// A tensor the model expects from a checkpoint and where its elements go
/// (numElements(shape) * sizeOf(dtype) writable bytes).
struct TensorSlot {
  std::string_view name;
  DType dtype;
  std::span<const int64_t> shape;
  void *data;
};

/// The view and slot of a parameter in a ParamBlock, as the generated
/// header lists them. They point into `param` and `block`.
TensorView viewOf(const ParamInfo &param, const ParamBlock &block);
TensorSlot slotOf(const ParamInfo &param, const ParamBlock &block);

/// A stable 64-bit hash of a canonical description of a model's structure
/// (for example one line per parameter and optimizer slot with its name,
/// dtype and shape), the same on every platform and in every version.
uint64_t fingerprintOf(std::string_view structure);

/// Writes `info` and `tensors` to `path` atomically (see
/// writeFileAtomically): on failure an existing checkpoint at `path` is
/// untouched. Names must be unique and non-empty. The format holds at most
/// 2 GiB. Returns an error message or "".
std::string saveCheckpoint(const std::string &path, const CheckpointInfo &info,
                           std::span<const TensorView> tensors);

struct CheckpointLoadOptions {
  /// Accept tensors the slots do not ask for (loading a training checkpoint
  /// for evaluation, without the optimizer state); by default they mean
  /// the checkpoint belongs to another configuration and are an error.
  bool ignoreUnlisted = false;
};

/// Loads `path` into `slots` and `info` after checking it throughout (see
/// the file comment). Nothing is written to the slots unless every check
/// passes. Errors read, for example:
///   checkpoint x.ckpt is truncated (...)
///   checkpoint x.ckpt is corrupt (verification failed)
///   checkpoint x.ckpt was saved by a different model (fingerprint ...)
///   checkpoint x.ckpt: tensor dense1.kernel has shape [3, 2], the model
///   expects [2, 3]
std::string loadCheckpoint(const std::string &path,
                           uint64_t expectedFingerprint,
                           std::span<const TensorSlot> slots,
                           CheckpointInfo &info,
                           const CheckpointLoadOptions &options = {});

/// A tensor read from a checkpoint.
struct NamedTensor {
  std::string name;
  Tensor tensor;
};

/// Reads every tensor of `path`, in saved order, into aligned storage,
/// without expectations (for inspection tools and tests); the same checks
/// as loadCheckpoint up to the checksum.
std::string readCheckpoint(const std::string &path, CheckpointInfo &info,
                           std::vector<NamedTensor> &tensors);

/// The fingerprint of a parameters-only checkpoint: model name, then one
/// line "name dtype [shape]" per parameter.
uint64_t paramsFingerprint(std::string_view model,
                           std::span<const ParamInfo> params);

/// Saves a model's parameters alone (to deploy a trained model, or to move
/// weights between programs): a checkpoint of the parameters under their
/// names, with paramsFingerprint. Returns an error message or "".
std::string saveParams(const std::string &path, std::string_view model,
                       std::span<const ParamInfo> params,
                       const ParamBlock &block);

/// Loads the parameters from a checkpoint saveParams wrote or from a
/// training checkpoint (its optimizer state and step are ignored): every
/// parameter must be there with its dtype and shape. The file is checked
/// throughout before anything is written; on error `block` is unchanged.
std::string loadParams(const std::string &path,
                       std::span<const ParamInfo> params, ParamBlock &block);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_CHECKPOINT_H
