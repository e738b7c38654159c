//===- LossOps.td - Losses and metrics ------------------------------------===//

#ifndef DLC_LOSS_OPS_TD
#define DLC_LOSS_OPS_TD

include "dlc/DLCAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

/// A loss is a per-sample value (see each op) reduced over the batch by
/// `reduction` (mean by default, as Keras' `sum_over_batch_size`) and then
/// multiplied by `scale`.
class DLC_LossOp<string mnemonic, string what, dag targetArg,
                 bit hasLogits = 1>
    : DLC_Op<mnemonic, [Pure, DLC_Loss]> {
  let summary = what;
  let arguments = !con(
      (ins DLC_FloatTensor:$prediction), targetArg,
      (ins DefaultValuedAttr<DLC_ReductionAttr,
                             "::dlc::Reduction::mean">:$reduction,
           DefaultValuedAttr<F64Attr, "1.0">:$scale,
           UnitAttr:$from_logits));
  let results = (outs DLC_ScalarTensor:$result);
  let assemblyFormat = [{
    $prediction `,` $target (`from_logits` $from_logits^)?
    (`reduction` `(` $reduction^ `)`)? (`scale` `(` $scale^ `)`)?
    attr-dict `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static constexpr bool kAcceptsLogits = }] # !if(hasLogits, "true", "false") # [{;
  }];
}

def DLC_MeanSquaredErrorOp
    : DLC_LossOp<"mean_squared_error", "mean squared error",
                 (ins DLC_FloatTensor:$target), 0> {
  let description = [{
    Per sample, the mean of `(prediction - target)^2` over the non-batch
    axes. The classic `w += lr * X^T delta` squared-error update is this
    loss with `reduction(sum) scale(0.5)` under plain SGD.
  }];
}
def DLC_BinaryCrossentropyOp
    : DLC_LossOp<"binary_crossentropy", "binary cross-entropy",
                 (ins DLC_FloatTensor:$target)> {
  let description = [{
    Per sample, the mean over the non-batch axes of
    `-(t log p + (1 - t) log(1 - p))`, with `p` clipped to
    `[1e-7, 1 - 1e-7]` as Keras does. With `from_logits` the prediction is a
    logit and the loss is computed in the stable form.
  }];
}
def DLC_CategoricalCrossentropyOp
    : DLC_LossOp<"categorical_crossentropy",
                 "cross-entropy against one-hot (or soft) targets",
                 (ins DLC_FloatTensor:$target)> {
  let description = [{
    Per position, `-sum_c t_c log p_c` over the last (class) axis, averaged
    over the other non-batch axes.
  }];
}
def DLC_SparseCategoricalCrossentropyOp
    : DLC_LossOp<"sparse_categorical_crossentropy",
                 "cross-entropy against integer class labels",
                 (ins DLC_LabelTensor:$target)> {
  let description = [{
    `prediction` is `[N, ..., C]` probabilities (or logits with
    `from_logits`), `target` is `[N, ...]` integer labels in `[0, C)`. Per
    position `-log p[label]`, averaged over the other non-batch axes.
  }];
}

class DLC_MetricOp<string mnemonic, string what, dag targetArg,
                   dag extraArgs = (ins)>
    : DLC_Op<mnemonic, [Pure, DLC_Metric]> {
  let summary = what;
  let arguments = !con((ins DLC_FloatTensor:$prediction), targetArg, extraArgs);
  let results = (outs DLC_ScalarTensor:$result);
  let hasVerifier = 1;
}

def DLC_BinaryAccuracyOp
    : DLC_MetricOp<"binary_accuracy",
                   "fraction of elements on the target's side of a threshold",
                   (ins DLC_FloatTensor:$target),
                   (ins DefaultValuedAttr<F64Attr, "0.5">:$threshold)> {
  let assemblyFormat = [{
    $prediction `,` $target (`threshold` `(` $threshold^ `)`)?
    attr-dict `:` functional-type(operands, $result)
  }];
}
def DLC_CategoricalAccuracyOp
    : DLC_MetricOp<"categorical_accuracy",
                   "fraction of positions whose arg-max matches the target's",
                   (ins DLC_FloatTensor:$target)> {
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` functional-type(operands, $result)
  }];
}
def DLC_SparseCategoricalAccuracyOp
    : DLC_MetricOp<"sparse_categorical_accuracy",
                   "fraction of positions whose arg-max is the label",
                   (ins DLC_LabelTensor:$target)> {
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` functional-type(operands, $result)
  }];
}

#endif // DLC_LOSS_OPS_TD
