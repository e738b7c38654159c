//===- ModelOps.td - Models, parameters, entry points and calls -----------===//

#ifndef DLC_MODEL_OPS_TD
#define DLC_MODEL_OPS_TD

include "dlc/DLCAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def DLC_ModelOp : DLC_Op<"model", [
    IsolatedFromAbove, SymbolTable, Symbol, NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "a whole trainable model";
  let description = [{
    Holds the parameters, inference entry points and training steps of one
    model. Its name names the generated C++ class.

    ```mlir
    dlc.model @autoencoder {
      dlc.param @enc.kernel : tensor<784x32xf32> = #dlc.glorot_uniform
      dlc.func @encode(%x: tensor<?x784xf32>) -> tensor<?x32xf32> { ... }
      dlc.train @train_step(...) -> (tensor<f32>) optimizer #dlc.adam
          params [@enc.kernel] { ... }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name)>];
  let extraClassDeclaration = [{
    /// The parameters, entry points and training steps in declaration order.
    auto getParams() { return getBody().front().getOps<ParamOp>(); }
    auto getFuncs() { return getBody().front().getOps<FuncOp>(); }
    auto getTrainSteps() { return getBody().front().getOps<TrainOp>(); }
  }];
}

def DLC_ParamOp : DLC_Op<"param", [Symbol, HasParent<"ModelOp">]> {
  let summary = "a named, trainable model parameter";
  let description = [{
    Declares a parameter shared by every function of the model that reads
    it. Its type is a static tensor type; its initializer says how a fresh
    model fills it.

    ```mlir
    dlc.param @conv1.kernel : tensor<3x3x1x32xf32> = #dlc.glorot_uniform
    dlc.param @conv1.bias : tensor<32xf32> = #dlc.zeros
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<DLC_FloatTensor>:$type,
                       DLC_InitializerAttrInterface:$init);
  let assemblyFormat = "$sym_name `:` $type `=` $init attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
    /// Number of scalar elements.
    int64_t getNumElements() { return getTensorType().getNumElements(); }
    /// Size in bytes of one copy of the parameter.
    int64_t getSizeInBytes();
  }];
}

def DLC_ReadOp : DLC_Op<"read", [
    Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "the current value of a parameter";
  let description = [{
    Brings a parameter into a function. Gradients of a training step are
    taken with respect to the parameters it reads.

    ```mlir
    %w = dlc.read @dense1.kernel : tensor<784x128xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$param);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$param attr-dict `:` type($result)";
}

def DLC_FuncOp : DLC_Op<"func", [
    IsolatedFromAbove, FunctionOpInterface, HasParent<"ModelOp">,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "an inference entry point or a reusable sub-network";
  let description = [{
    A public `dlc.func` is an entry point of the compiled model: one method
    of the generated class. A private one (`dlc.func private`) is a
    sub-network that other functions and training steps call with
    `dlc.call`. Arguments and results are ranked tensors; the leading batch
    dimension is usually dynamic. The names of the arguments in the source
    (`%images`) are kept in `arg_names` and name the arguments of the
    generated C++ methods.

    ```mlir
    dlc.func @predict(%x: tensor<?x784xf32>) -> tensor<?x10xf32> { ... }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       OptionalAttr<StrArrayAttr>:$arg_names);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                 "::mlir::FunctionType":$type)>];
  let extraClassDeclaration = [{
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    /// The source name of argument `index`, or "" when it had none.
    ::llvm::StringRef getArgName(unsigned index);
  }];
}

def DLC_TrainOp : DLC_Op<"train", [
    IsolatedFromAbove, FunctionOpInterface, HasParent<"ModelOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "a training step: forward, loss, backward and update";
  let description = [{
    An entry point that computes a loss on one batch and updates the listed
    parameters with the optimizer. Parameters it reads but does not list are
    frozen: they take part in the forward pass but get no gradient (the
    GAN's combined step trains the generator through a frozen
    discriminator). Each training step keeps its own optimizer state for the
    parameters it updates. The body ends with `dlc.minimize`, whose first
    operand is the loss and whose others are metrics; the step returns them
    all.

    ```mlir
    dlc.train @train_step(%x: tensor<?x784xf32>, %y: tensor<?xi32>)
        -> (tensor<f32>, tensor<f32>)
        optimizer #dlc.adam params [@d1.kernel, @d1.bias] {
      ...
      dlc.minimize %loss, %accuracy : tensor<f32>, tensor<f32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       DLC_OptimizerAttrInterface:$optimizer,
                       FlatSymbolRefArrayAttr:$params,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       OptionalAttr<StrArrayAttr>:$arg_names);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    /// Whether `name` is one of the parameters this step updates.
    bool updates(::llvm::StringRef name);
    /// The source name of argument `index`, or "" when it had none.
    ::llvm::StringRef getArgName(unsigned index);
    /// The name of the entry point the compiler adds for this step's loss
    /// and metrics without an update (validation): `<step>_evaluate`.
    std::string getEvaluationName() {
      return (getSymName() + "_evaluate").str();
    }
    /// The names of the entry points the compiler adds for the step's two
    /// halves (data parallelism): the gradients of a slice of a batch,
    /// `<step>_gradients`, and the update from given gradients,
    /// `<step>_apply`.
    std::string getGradientsName() {
      return (getSymName() + "_gradients").str();
    }
    std::string getApplyName() { return (getSymName() + "_apply").str(); }
  }];
}

def DLC_ReturnOp : DLC_Op<"return", [
    Pure, HasParent<"FuncOp">, ReturnLike, Terminator]> {
  let summary = "returns the results of a dlc.func";
  let arguments = (ins Variadic<DLC_Tensor>:$operands);
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, {}); }]>];
  let assemblyFormat = "attr-dict ($operands^ `:` type($operands))?";
  let hasVerifier = 1;
}

def DLC_MinimizeOp : DLC_Op<"minimize", [
    Pure, HasParent<"TrainOp">, ReturnLike, Terminator]> {
  let summary = "ends a training step: the loss to minimise, then metrics";
  let arguments = (ins DLC_ScalarTensor:$loss,
                       Variadic<DLC_ScalarTensor>:$metrics);
  let assemblyFormat = [{
    $loss (`,` $metrics^)? attr-dict `:` type($loss) (`,` type($metrics)^)?
  }];
  let hasVerifier = 1;
}

def DLC_CallOp : DLC_Op<"call", [
    CallOpInterface, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "calls a dlc.func of the same model";
  let description = [{
    ```mlir
    %p = dlc.call @discriminate(%x) : (tensor<?x784xf32>) -> tensor<?x1xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee,
                       Variadic<DLC_Tensor>:$operands,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       OptionalAttr<StrArrayAttr>:$arg_names);
  let results = (outs Variadic<DLC_Tensor>);
  let assemblyFormat = [{
    $callee `(` $operands `)` attr-dict `:` functional-type($operands, results)
  }];
  let extraClassDeclaration = [{
    operand_range getArgOperands() { return getOperands(); }
    ::mlir::MutableOperandRange getArgOperandsMutable() {
      return getOperandsMutable();
    }
    ::mlir::CallInterfaceCallable getCallableForCallee() {
      return (*this)->getAttrOfType<::mlir::SymbolRefAttr>("callee");
    }
    void setCalleeFromCallable(::mlir::CallInterfaceCallable callee) {
      (*this)->setAttr("callee", ::llvm::cast<::mlir::SymbolRefAttr>(callee));
    }
  }];
}

#endif // DLC_MODEL_OPS_TD
