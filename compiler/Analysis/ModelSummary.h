//===- ModelSummary.h - A Keras-like summary of a dlc model ---------------===//
//
// What `dlc check` prints: for every entry point its layers, their output
// shapes and parameter counts, and the parameters it reads and updates.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_ANALYSIS_MODELSUMMARY_H
#define DLC_ANALYSIS_MODELSUMMARY_H

#include "dlc/DLC.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace dlc {

/// One op of an entry point's body, as a row of the summary.
struct LayerSummary {
  /// A Keras-like layer name: the common prefix of the parameters it reads
  /// (`conv1` for `@conv1.kernel` and `@conv1.bias`), else `<op>_<n>`.
  std::string name;
  /// The op's name without the dialect prefix, plus its activation.
  std::string kind;
  /// Shape of the first result, `?` for a dynamic axis.
  llvm::SmallVector<int64_t> shape;
  /// Elements of the parameters the op reads (for a call: the callee's).
  int64_t numParams = 0;
};

struct EntrySummary {
  std::string name;
  bool isTrainStep = false;
  llvm::SmallVector<mlir::Type> inputs;
  llvm::SmallVector<mlir::Type> results;
  std::vector<LayerSummary> layers;
  /// Distinct parameters the entry point reads, directly or through calls.
  int64_t numParams = 0;
  int64_t paramBytes = 0;
  /// For training steps: what is updated, what is frozen, optimizer state.
  int64_t numTrainable = 0;
  int64_t numFrozen = 0;
  std::string optimizer;
  int64_t optimizerStateValues = 0;
  std::vector<std::string> optimizerSlots;
};

struct ModelSummary {
  std::string name;
  int64_t numParamTensors = 0;
  int64_t numParams = 0;
  int64_t paramBytes = 0;
  std::vector<EntrySummary> entries;
};

/// Summarises a verified model.
ModelSummary summarize(ModelOp model);

/// Prints a summary as tables, one per public entry point.
void printSummary(const ModelSummary &summary, llvm::raw_ostream &os);

/// Formats `value` with thousands separators: 121,930.
std::string formatCount(int64_t value);

/// Formats a byte count with a binary unit: 476.29 KiB.
std::string formatBytes(int64_t bytes);

} // namespace dlc

#endif // DLC_ANALYSIS_MODELSUMMARY_H
