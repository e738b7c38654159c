//===- Passes.td - dlc conversion passes ----------------------------------===//

#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDLCToLinalg : Pass<"convert-dlc-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower the inference entry points of dlc models to linalg on "
                "tensors";
  let description = [{
    Turns every public `dlc.func` of every `dlc.model` into a `func.func`
    named `<model>_<entry>` whose arguments are the entry point's inputs
    followed by the parameters it reads (in first-read order), after
    inlining the `dlc.call`s it makes. Layer ops become `linalg` named ops
    and `linalg.generic`s on tensors: dense and conv2d accumulate onto their
    broadcast bias and apply their activation in one elementwise op over the
    result; recurrent layers become an `scf.for` over time around one
    matmul per step, after a single matmul for the input projection of all
    steps. The `dlc.model` is erased.

    With `train-steps`, every `dlc.train` also becomes a function
    `<model>_<step>` that runs the forward pass, takes the gradients of the
    loss by reverse-mode differentiation (only along paths from the
    parameters the step updates: frozen parameters get none) and applies
    the optimizer. Its arguments are the inputs, the parameters read, the
    optimizer's state for each updated parameter (slot by slot) and the step
    counter; its results are the loss, the metrics, the updated parameters,
    the updated state and the next step count. With `step-halves` too, each
    step also becomes its two halves for data parallelism:
    `<model>_<step>_gradients` (the step's inputs, the batch's size, the
    parameters; a slice's share of the loss, the metrics and the gradients,
    which add up over the slices of a batch) and `<model>_<step>_apply` (the
    gradients, the updated parameters, the state, the step counter; the
    update, as the step's).
  }];
  let options = [
    Option<"trainSteps", "train-steps", "bool", /*default=*/"true",
           "Also lower dlc.train training steps">,
    Option<"stepHalves", "step-halves", "bool", /*default=*/"true",
           "Also compile each training step's halves (gradients of a batch "
           "slice, update from gradients)">,
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::func::FuncDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // DLC_CONVERSION_PASSES_TD
