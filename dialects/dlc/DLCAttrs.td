//===- DLCAttrs.td - Initializer and optimizer attributes -----------------===//

#ifndef DLC_ATTRS_TD
#define DLC_ATTRS_TD

include "dlc/DLCBase.td"

/// A double parameter printed and parsed as a plain float literal.
/// A double-precision hyperparameter, held as an APFloat (which hashes).
class DLC_F64Param<string default = "", string desc = "">
    : AttrParameter<"::llvm::APFloat", desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
    double value;
    if ($_parser.parseFloat(value))
      return ::mlir::failure();
    return ::llvm::APFloat(value);
  }() }];
  let printer = "$_printer.printFloat($_self)";
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let defaultValue = !if(!empty(default), "", "::llvm::APFloat(" # default # ")");
}

/// A bool parameter printed and parsed as `true` or `false`.
class DLC_BoolParam<string default = "false", string desc = "">
    : AttrParameter<"bool", desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<bool> {
    if (::mlir::succeeded($_parser.parseOptionalKeyword("true")))
      return true;
    if (::mlir::succeeded($_parser.parseOptionalKeyword("false")))
      return false;
    return $_parser.emitError($_parser.getCurrentLocation(),
                              "expected 'true' or 'false'");
  }() }];
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
  let defaultValue = default;
}

//===----------------------------------------------------------------------===//
// Initializers
//===----------------------------------------------------------------------===//

def DLC_InitializerAttrInterface : AttrInterface<"InitializerAttr"> {
  let cppNamespace = "::dlc";
  let description = [{
    How a parameter's initial value is drawn. Fan-in and fan-out follow
    Keras: the last two dimensions of a kernel are (inputs, outputs) and the
    leading ones form the receptive field.
  }];
  let methods = [
    InterfaceMethod<
      "Checks that this initializer can fill a tensor of `type`.",
      "::llvm::LogicalResult", "verifyFor",
      (ins "::mlir::RankedTensorType":$type,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError)>
  ];
}

class DLC_Initializer<string name, string mnemonic>
    : DLC_Attr<name, mnemonic,
               [DeclareAttrInterfaceMethods<DLC_InitializerAttrInterface>]>;

def DLC_ZerosAttr : DLC_Initializer<"Zeros", "zeros"> {
  let summary = "fills with 0";
}
def DLC_OnesAttr : DLC_Initializer<"Ones", "ones"> {
  let summary = "fills with 1";
}
def DLC_ConstantAttr : DLC_Initializer<"Constant", "constant"> {
  let summary = "fills with one value";
  let parameters = (ins DLC_F64Param<>:$value);
  let assemblyFormat = "`<` $value `>`";
}
def DLC_UniformAttr : DLC_Initializer<"Uniform", "uniform"> {
  let summary = "uniform on [lo, hi); the classic `np.random.rand` is uniform<0.0, 1.0>";
  let parameters = (ins DLC_F64Param<>:$lo, DLC_F64Param<>:$hi);
  let assemblyFormat = "`<` $lo `,` $hi `>`";
  let genVerifyDecl = 1;
}
def DLC_NormalAttr : DLC_Initializer<"Normal", "normal"> {
  let summary = "normal with the given mean and standard deviation";
  let parameters = (ins DLC_F64Param<"0.0">:$mean, DLC_F64Param<"0.05">:$stddev);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}
def DLC_GlorotUniformAttr : DLC_Initializer<"GlorotUniform", "glorot_uniform"> {
  let summary = "uniform on +-sqrt(6 / (fan_in + fan_out)) (Keras' default kernel initializer)";
}
def DLC_HeUniformAttr : DLC_Initializer<"HeUniform", "he_uniform"> {
  let summary = "uniform on +-sqrt(6 / fan_in)";
}
def DLC_OrthogonalAttr : DLC_Initializer<"Orthogonal", "orthogonal"> {
  let summary = "a random orthogonal matrix scaled by `gain` (Keras' default recurrent kernel initializer)";
  let parameters = (ins DLC_F64Param<"1.0">:$gain);
  let assemblyFormat = "(`<` struct($gain)^ `>`)?";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

def DLC_OptimizerAttrInterface : AttrInterface<"OptimizerAttr"> {
  let cppNamespace = "::dlc";
  let description = [{
    How a training step turns gradients into parameter updates, and which
    state it keeps per parameter.
  }];
  let methods = [
    InterfaceMethod<
      "Number of state tensors kept per parameter, each of its shape.",
      "unsigned", "getNumSlotsPerParam", (ins)>,
    InterfaceMethod<
      "Names of the per-parameter state tensors.",
      "::llvm::SmallVector<::llvm::StringRef>", "getSlotNames", (ins)>,
    InterfaceMethod<[{
        Builds, once per step, the scalars that every element's update reads
        (Adam's bias-corrected rate) from `step`, the new step count as a
        float of the parameters' element type; none by default.
      }],
      "::llvm::SmallVector<::mlir::Value>", "buildStepScalars",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::Value":$step), [{}], [{ return {}; }]>,
    InterfaceMethod<[{
        Builds the update of one element: returns the new parameter followed
        by its new slots (in `getSlotNames` order), given the parameter, its
        gradient, its slots and the step scalars. Only arith and math ops on
        scalars, so that a code generator can place the update in any loop
        nest.
      }],
      "::llvm::SmallVector<::mlir::Value>", "buildUpdate",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::Value":$param, "::mlir::Value":$grad,
           "::mlir::ValueRange":$slots, "::mlir::ValueRange":$stepScalars)>
  ];
}

class DLC_Optimizer<string name, string mnemonic,
                    list<string> overridden = []>
    : DLC_Attr<name, mnemonic,
               [DeclareAttrInterfaceMethods<DLC_OptimizerAttrInterface,
                                            overridden>]> {
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
  let genVerifyDecl = 1;
}

def DLC_SGDAttr : DLC_Optimizer<"SGD", "sgd"> {
  let summary = "stochastic gradient descent, optionally with (Nesterov) momentum";
  let description = [{
    `w -= lr * g`, or with momentum `v = momentum * v - lr * g; w += v`
    (Keras' formulation). The classic `w += lr * X^T delta` update is SGD on
    the loss whose gradient is `-X^T delta`, for example
    `dlc.mean_squared_error ... reduction(sum) scale(0.5)` for a squared
    error.
  }];
  let parameters = (ins DLC_F64Param<"0.01">:$lr,
                        DLC_F64Param<"0.0">:$momentum,
                        DLC_BoolParam<>:$nesterov);
}
def DLC_AdamAttr : DLC_Optimizer<"Adam", "adam", ["buildStepScalars"]> {
  let summary = "Adam with bias correction (Keras defaults)";
  let parameters = (ins DLC_F64Param<"0.001">:$lr,
                        DLC_F64Param<"0.9">:$beta1,
                        DLC_F64Param<"0.999">:$beta2,
                        DLC_F64Param<"1.0e-7">:$epsilon);
}
def DLC_RMSpropAttr : DLC_Optimizer<"RMSprop", "rmsprop"> {
  let summary = "RMSprop (Keras defaults)";
  let parameters = (ins DLC_F64Param<"0.001">:$lr,
                        DLC_F64Param<"0.9">:$rho,
                        DLC_F64Param<"0.0">:$momentum,
                        DLC_F64Param<"1.0e-7">:$epsilon);
}

#endif // DLC_ATTRS_TD
