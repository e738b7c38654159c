//===- DLCBase.td - The dlc dialect, its enums and type constraints -------===//

#ifndef DLC_BASE_TD
#define DLC_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def DLC_Dialect : Dialect {
  let name = "dlc";
  let cppNamespace = "::dlc";
  let summary = "Trainable deep-learning models for ahead-of-time compilation";
  let description = [{
    A `dlc.model` holds a whole trainable model: its parameters (`dlc.param`),
    its inference entry points (`dlc.func`) and its training steps
    (`dlc.train`). Layer ops (dense, conv2d, pooling, recurrent layers,
    activations) are pure functions of tensors; parameters enter a function
    through `dlc.read`, which is what makes a function differentiable with
    respect to them.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
  // What lowering a model puts on the functions (and ops) it creates, for
  // the passes after it and the ABI; DLCDialect::verifyOperationAttribute
  // checks each (FunctionAttrs.cpp).
  let discardableAttrs = (ins
    // On every entry point: the model's and the entry's names, and the
    // parameters the function takes after its inputs, in order.
    "::mlir::StringAttr":$model,
    "::mlir::StringAttr":$entry,
    "::mlir::ArrayAttr":$params,
    // On a training step: that it is one, the parameters it updates (its
    // results after the loss and metrics are their new values, then their
    // new optimizer slots, then the new step count), the slot names per
    // updated parameter, and the in-place contract: for each result, the
    // argument whose buffer the caller may pass for it too (-1: none).
    "::mlir::UnitAttr":$train,
    "::mlir::ArrayAttr":$updates,
    "::mlir::ArrayAttr":$slots,
    "::mlir::DenseI64ArrayAttr":$in_place,
    // The same contract once results are arguments (after
    // dlc-entry-points-to-destinations): for each argument, the argument
    // whose buffer the caller may pass for it too (-1: none), both ways;
    // arguments appended later (arena, stream) share none.
    "::mlir::DenseI64ArrayAttr":$shared_args,
    // On a training step's evaluation: the step it evaluates.
    "::mlir::StringAttr":$evaluates,
    // Set by code generation: the scratch plan (terms of bytes times
    // argument sizes), where a view of the arena lies in it (its term, and
    // its first and last byte in units of the term's sizes: views of one
    // term whose byte ranges overlap are never live together, views of two
    // terms never overlap), the heap allocations left, and the schedule an
    // op belongs to while its transform script runs.
    "::mlir::ArrayAttr":$scratch,
    "::mlir::DenseI64ArrayAttr":$scratch_slot,
    "::mlir::IntegerAttr":$heap_allocs,
    "::mlir::IntegerAttr":$sid
  );
  let hasOperationAttrVerify = 1;
}

//===----------------------------------------------------------------------===//
// Traits
//===----------------------------------------------------------------------===//

/// A loss: a scalar that a training step minimizes, reducing the samples of
/// its batch.
def DLC_Loss : NativeOpTrait<"Loss"> { let cppNamespace = "::dlc::OpTrait"; }
/// A metric: a scalar reported beside the loss; it combines the samples of
/// its batch and no gradient flows through it.
def DLC_Metric : NativeOpTrait<"Metric"> { let cppNamespace = "::dlc::OpTrait"; }

class DLC_Op<string mnemonic, list<Trait> traits = []>
    : Op<DLC_Dialect, mnemonic, traits>;

class DLC_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<DLC_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def DLC_FloatTensor : RankedTensorOf<[F32, F64]>;
def DLC_LabelTensor : RankedTensorOf<[I32, I64]>;
def DLC_ScalarTensor : 0DTensorOf<[F32, F64]>;
def DLC_Tensor : RankedTensorOf<[F32, F64, I32, I64]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def DLC_ActivationAttr : I32EnumAttr<"Activation", "activation function", [
    I32EnumAttrCase<"identity", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"sigmoid", 2>,
    I32EnumAttrCase<"tanh", 3>,
    I32EnumAttrCase<"softmax", 4>,
    I32EnumAttrCase<"leaky_relu", 5>
  ]> {
  let cppNamespace = "::dlc";
}

def DLC_PaddingAttr : I32EnumAttr<"Padding", "spatial padding mode", [
    I32EnumAttrCase<"valid", 0>,
    I32EnumAttrCase<"same", 1>
  ]> {
  let cppNamespace = "::dlc";
}

def DLC_ReductionAttr : I32EnumAttr<"Reduction", "how a loss reduces over the batch", [
    I32EnumAttrCase<"mean", 0>,
    I32EnumAttrCase<"sum", 1>
  ]> {
  let cppNamespace = "::dlc";
}

#endif // DLC_BASE_TD
