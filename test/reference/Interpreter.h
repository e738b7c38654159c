//===- Interpreter.h - Runs dlc functions on the reference kernels -------===//
//
// Walks the body of a dlc.func or dlc.train op by op and evaluates each with
// the naive kernels of Reference.h, so that a test can run a whole model
// without the compiler. Test-only: errors (an unsupported op, a missing
// parameter, an input of the wrong shape) are fatal.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_REFERENCE_INTERPRETER_H
#define DLC_TEST_REFERENCE_INTERPRETER_H

#include "Reference.h"

#include "dlc/DLC.h"

#include <map>
#include <string>
#include <vector>

namespace dlc::reference {

/// Parameter values by symbol name (`dense1.kernel`).
using ParamMap = std::map<std::string, Tensor>;

/// Evaluates `function`, a dlc.func or dlc.train of a dlc.model, on
/// `inputs` (integer labels as doubles), reading parameters from `params`
/// and following dlc.call into callees. Returns the dlc.return operands, or
/// for a dlc.train the dlc.minimize operands: the loss, then the metrics,
/// as scalar tensors. Nothing is updated.
std::vector<Tensor> evaluate(mlir::FunctionOpInterface function,
                             const ParamMap &params,
                             const std::vector<Tensor> &inputs);

/// Evaluates the function or training step named `name` of `model`.
std::vector<Tensor> evaluate(ModelOp model, llvm::StringRef name,
                             const ParamMap &params,
                             const std::vector<Tensor> &inputs);

} // namespace dlc::reference

#endif // DLC_TEST_REFERENCE_INTERPRETER_H
