//===- LayerOps.td - Dense, convolution, pooling and shape layers ---------===//

#ifndef DLC_LAYER_OPS_TD
#define DLC_LAYER_OPS_TD

include "dlc/DLCAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

/// Layers whose output goes through an activation function. `leaky_relu`
/// uses Keras' slope for the string activation, 0.2.
class DLC_LayerOp<string mnemonic, list<Trait> traits = []>
    : DLC_Op<mnemonic, !listconcat(traits, [Pure])>;

def DLC_DenseOp : DLC_LayerOp<"dense"> {
  let summary = "fully connected layer: activation(x . kernel + bias)";
  let description = [{
    Applies to the last axis of an input of rank 2 or more, like Keras'
    `Dense`: `input` is `[..., in]`, `kernel` is `[in, units]`, the optional
    `bias` is `[units]`, and the result is `[..., units]`.

    ```mlir
    %h = dlc.dense %x, %w, %b activation(relu)
        : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>)
        -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$kernel,
                       Optional<DLC_FloatTensor>:$bias,
                       DefaultValuedAttr<DLC_ActivationAttr,
                                         "::dlc::Activation::identity">:$activation);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $kernel (`,` $bias^)? (`activation` `(` $activation^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def DLC_Conv2DOp : DLC_LayerOp<"conv2d"> {
  let summary = "2-D convolution over NHWC images with an HWIO kernel";
  let description = [{
    `input` is `[N, H, W, C]`, `kernel` is `[KH, KW, C, F]` (Keras' layout),
    the optional `bias` is `[F]`. `valid` padding gives
    `(H - (KH - 1) * dilation - 1) / stride + 1` rows, `same` gives
    `ceil(H / stride)` with the padding split as TensorFlow splits it (the
    extra row at the bottom).

    ```mlir
    %c = dlc.conv2d %x, %k, %b strides [1, 1] padding(valid) activation(relu)
        : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>)
        -> tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input, DLC_FloatTensor:$kernel,
                       Optional<DLC_FloatTensor>:$bias,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<DLC_PaddingAttr,
                                         "::dlc::Padding::valid">:$padding,
                       DefaultValuedAttr<DLC_ActivationAttr,
                                         "::dlc::Activation::identity">:$activation);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $kernel (`,` $bias^)? (`strides` $strides^)?
    (`dilations` $dilations^)? (`padding` `(` $padding^ `)`)?
    (`activation` `(` $activation^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

class DLC_Pool2DOp<string mnemonic, string what> : DLC_LayerOp<mnemonic> {
  let summary = "2-D " # what # " pooling over NHWC images";
  let description = [{
    Pools windows of `size` over `[N, H, W, C]`; `strides` default to the
    window size (Keras). With `same` padding, windows that overhang the image
    only see the pixels inside it.
  }];
  let arguments = (ins DLC_FloatTensor:$input,
                       DenseI64ArrayAttr:$size,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       DefaultValuedAttr<DLC_PaddingAttr,
                                         "::dlc::Padding::valid">:$padding);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $input `size` $size (`strides` $strides^)? (`padding` `(` $padding^ `)`)?
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The strides, defaulted to the window size.
    ::llvm::SmallVector<int64_t, 2> getEffectiveStrides() {
      if (auto strides = getStrides())
        return ::llvm::SmallVector<int64_t, 2>(*strides);
      return ::llvm::SmallVector<int64_t, 2>(getSize());
    }
  }];
}
def DLC_MaxPool2DOp : DLC_Pool2DOp<"max_pool2d", "max">;
def DLC_AvgPool2DOp : DLC_Pool2DOp<"avg_pool2d", "average">;

def DLC_FlattenOp : DLC_LayerOp<"flatten"> {
  let summary = "collapses every axis but the batch axis";
  let description = [{
    ```mlir
    %f = dlc.flatten %p : tensor<?x5x5x64xf32> -> tensor<?x1600xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_ReshapeOp : DLC_LayerOp<"reshape"> {
  let summary = "reshapes every axis but the batch axis";
  let description = [{
    Like Keras' `Reshape`: the batch axis is kept, the others are given by
    the result type and hold the same number of elements.

    ```mlir
    %img = dlc.reshape %x : tensor<?x784xf32> -> tensor<?x28x28x1xf32>
    ```
  }];
  let arguments = (ins DLC_FloatTensor:$input);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def DLC_ConcatOp : DLC_LayerOp<"concat"> {
  let summary = "concatenates tensors along an axis other than the batch axis";
  let arguments = (ins Variadic<DLC_FloatTensor>:$inputs, I64Attr:$axis);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, $result)
  }];
  let hasVerifier = 1;
}

class DLC_ElementwiseBinaryOp<string mnemonic, string what>
    : DLC_LayerOp<mnemonic, [SameOperandsAndResultType]> {
  let summary = "elementwise " # what # " of two tensors of one type";
  let arguments = (ins DLC_FloatTensor:$lhs, DLC_FloatTensor:$rhs);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
  let hasVerifier = 1;
}
def DLC_AddOp : DLC_ElementwiseBinaryOp<"add", "sum">;
def DLC_MulOp : DLC_ElementwiseBinaryOp<"mul", "product">;

def DLC_ActivationOp : DLC_LayerOp<"activation", [SameOperandsAndResultType]> {
  let summary = "applies an activation function elementwise";
  let description = [{
    `softmax` normalises along the last axis. `alpha` is the slope of
    `leaky_relu` for negative inputs and may only be given with it.

    ```mlir
    %y = dlc.activation sigmoid %x : tensor<?x1xf32>
    %z = dlc.activation leaky_relu %x {alpha = 0.1 : f64} : tensor<?x8xf32>
    ```
  }];
  let arguments = (ins DLC_ActivationAttr:$kind, DLC_FloatTensor:$input,
                       OptionalAttr<F64Attr>:$alpha);
  let results = (outs DLC_FloatTensor:$result);
  let assemblyFormat = "$kind $input attr-dict `:` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The negative slope of leaky_relu (Keras' default when unset).
    double getLeakyReluSlope() {
      return getAlpha() ? getAlpha()->convertToDouble()
                        : ::dlc::kDefaultLeakyReluSlope;
    }
  }];
}

#endif // DLC_LAYER_OPS_TD
