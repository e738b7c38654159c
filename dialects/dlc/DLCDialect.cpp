//===- DLCDialect.cpp - The dlc dialect -----------------------------------===//

#include "dlc/DLC.h"

#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dlc;

#include "dlc/DLCDialect.cpp.inc"
#include "dlc/DLCOpInterfaces.cpp.inc"

namespace {
/// Lets MLIR's inliner replace a `dlc.call` by the body of its `dlc.func`;
/// differentiation and lowering work on inlined training steps.
struct DLCInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;

  bool isLegalToInline(Operation *call, Operation *callable,
                       bool wouldBeCloned) const final {
    return isa<CallOp>(call) && isa<FuncOp>(callable);
  }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final {
    return true;
  }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }

  void handleTerminator(Operation *op, ValueRange valuesToRepl) const final {
    auto returnOp = cast<ReturnOp>(op);
    for (auto [from, to] : llvm::zip(valuesToRepl, returnOp.getOperands()))
      from.replaceAllUsesWith(to);
  }
};
} // namespace

void DLCDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "dlc/DLCOps.cpp.inc"
      >();
  addInterfaces<DLCInlinerInterface>();
  // The gradient rules live beside each family's lowering
  // (registerGradientInterfaces); a training step through an op whose rule
  // is not registered fails loudly instead of skipping it.
  declarePromisedInterfaces<DifferentiableOpInterface, DenseOp, Conv2DOp,
                            MaxPool2DOp, AvgPool2DOp, SimpleRNNOp, LSTMOp,
                            GRUOp, ActivationOp, AddOp, MulOp, FlattenOp,
                            ReshapeOp, ConcatOp, MeanSquaredErrorOp,
                            BinaryCrossentropyOp, CategoricalCrossentropyOp,
                            SparseCategoricalCrossentropyOp>();
}

#define GET_OP_CLASSES
#include "dlc/DLCOps.cpp.inc"
