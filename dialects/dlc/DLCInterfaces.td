//===- DLCInterfaces.td - Op interfaces of the dlc dialect ----------------===//

#ifndef DLC_INTERFACES_TD
#define DLC_INTERFACES_TD

include "mlir/IR/OpBase.td"

def DLC_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::dlc";
  let description = [{
    An op that a training step can differentiate through. Reverse-mode
    differentiation walks a step's ops backwards; each op reads the gradients
    of its results from the `AdjointState` and accumulates the gradients of
    its active operands (those that depend on a parameter the step updates)
    into it.

    The dialect only declares the interface: every op family implements it
    next to its lowering (`compiler/Conversion/DLCToLinalg/<Family>Grad.cpp`),
    as external models registered with `dlc::registerGradientInterfaces`, so
    that the dialect does not depend on the dialects gradients are built in.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the gradients of this op's active operands from the gradients
        of its results (at least one is set) with `builder`, and accumulates
        them into `state`. Fails, after `state.unsupported(...)`, for a form
        that has no gradient yet.
      }],
      "::llvm::LogicalResult", "differentiate",
      (ins "::mlir::OpBuilder &":$builder, "::dlc::AdjointState &":$state)>
  ];
}

#endif // DLC_INTERFACES_TD
