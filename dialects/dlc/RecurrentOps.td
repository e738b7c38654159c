//===- RecurrentOps.td - simple_rnn, lstm and gru -------------------------===//

#ifndef DLC_RECURRENT_OPS_TD
#define DLC_RECURRENT_OPS_TD

include "dlc/DLCAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class DLC_RecurrentOp<string mnemonic, string what, int gates>
    : DLC_Op<mnemonic, [Pure, AttrSizedOperandSegments]> {
  let summary = what # " layer over a `[batch, time, features]` sequence";
  let description = !strconcat([{
    Keras' layout: `kernel` is `[features, }], !cast<string>(gates), [{ * units]`,
    `recurrent_kernel` is `[units, }], !cast<string>(gates), [{ * units]`, and
    gates are packed in Keras' order. With `return_sequences` the result is
    `[batch, time, units]`, otherwise the last step's `[batch, units]`.
    Without initial states the recurrence starts from zeros. Only the batch
    and time axes may be dynamic.
  }]);
  let results = (outs DLC_FloatTensor:$result);
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of gate blocks packed in the kernels.
    static constexpr int64_t kNumGates = }] # gates # [{;
  }];
}

def DLC_SimpleRNNOp : DLC_RecurrentOp<"simple_rnn", "fully connected RNN", 1> {
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$kernel,
                       DLC_FloatTensor:$recurrent_kernel,
                       Optional<DLC_FloatTensor>:$bias,
                       Variadic<DLC_FloatTensor>:$initial_state,
                       DefaultValuedAttr<DLC_ActivationAttr,
                                         "::dlc::Activation::tanh">:$activation,
                       UnitAttr:$return_sequences);
  let assemblyFormat = [{
    $input `,` $kernel `,` $recurrent_kernel (`,` $bias^)?
    (`initial` `(` $initial_state^ `)`)? (`activation` `(` $activation^ `)`)?
    (`return_sequences` $return_sequences^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_LSTMOp : DLC_RecurrentOp<"lstm", "long short-term memory", 4> {
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$kernel,
                       DLC_FloatTensor:$recurrent_kernel,
                       Optional<DLC_FloatTensor>:$bias,
                       Variadic<DLC_FloatTensor>:$initial_state,
                       DefaultValuedAttr<DLC_ActivationAttr,
                                         "::dlc::Activation::tanh">:$activation,
                       DefaultValuedAttr<DLC_ActivationAttr,
                           "::dlc::Activation::sigmoid">:$recurrent_activation,
                       UnitAttr:$return_sequences);
  let assemblyFormat = [{
    $input `,` $kernel `,` $recurrent_kernel (`,` $bias^)?
    (`initial` `(` $initial_state^ `)`)? (`activation` `(` $activation^ `)`)?
    (`recurrent_activation` `(` $recurrent_activation^ `)`)?
    (`return_sequences` $return_sequences^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def DLC_GRUOp : DLC_RecurrentOp<"gru", "gated recurrent unit", 3> {
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$kernel,
                       DLC_FloatTensor:$recurrent_kernel,
                       Optional<DLC_FloatTensor>:$bias,
                       Variadic<DLC_FloatTensor>:$initial_state,
                       DefaultValuedAttr<DLC_ActivationAttr,
                                         "::dlc::Activation::tanh">:$activation,
                       DefaultValuedAttr<DLC_ActivationAttr,
                           "::dlc::Activation::sigmoid">:$recurrent_activation,
                       DefaultValuedAttr<BoolAttr, "true">:$reset_after,
                       UnitAttr:$return_sequences);
  let assemblyFormat = [{
    $input `,` $kernel `,` $recurrent_kernel (`,` $bias^)?
    (`initial` `(` $initial_state^ `)`)? (`activation` `(` $activation^ `)`)?
    (`recurrent_activation` `(` $recurrent_activation^ `)`)?
    (`return_sequences` $return_sequences^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DLC_RECURRENT_OPS_TD
