// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// Errors of the losses and metrics (dialects/dlc/Loss.cpp).

// mean_squared_error: prediction of rank 0
dlc.model @m {
  dlc.func @f(%p: tensor<f32>, %t: tensor<f32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects prediction of rank at least 1, found tensor<f32>}}
    %l = dlc.mean_squared_error %p, %t : (tensor<f32>, tensor<f32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: prediction and target of different shapes
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x1xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects prediction and target of one shape, found tensor<?x3xf32> and tensor<?x1xf32>}}
    %l = dlc.mean_squared_error %p, %t : (tensor<?x3xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: a static target batch axis against a dynamic one
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<8x3xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects prediction and target of one shape, found tensor<?x3xf32> and tensor<8x3xf32>}}
    %l = dlc.mean_squared_error %p, %t : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: dynamic non-batch axis
dlc.model @m {
  dlc.func @f(%p: tensor<?x?xf32>, %t: tensor<?x?xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects prediction to be static except for the batch axis, found tensor<?x?xf32> (axis 1 is dynamic)}}
    %l = dlc.mean_squared_error %p, %t : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: f32 prediction, f64 target
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf64>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects one float element type, found 'f32' and 'f64' (operand #1)}}
    %l = dlc.mean_squared_error %p, %t : (tensor<?x3xf32>, tensor<?x3xf64>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: f32 operands, f64 loss
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %l = dlc.mean_squared_error %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f64>
    dlc.return
  }
}

// -----

// mean_squared_error: a zero scale
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects a finite scale > 0, found 0.000000e+00}}
    %l = dlc.mean_squared_error %p, %t scale(0.000000e+00) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: a non-scalar loss
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op result #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<1xf32>'}}
    %l = dlc.mean_squared_error %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<1xf32>
    dlc.return
  }
}

// -----

// binary_crossentropy: prediction of rank 0
dlc.model @m {
  dlc.func @f(%p: tensor<f32>, %t: tensor<f32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects prediction of rank at least 1, found tensor<f32>}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<f32>, tensor<f32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: prediction and target of different shapes
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x1xf32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects prediction and target of one shape, found tensor<?x3xf32> and tensor<?x1xf32>}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: a static target batch axis against a dynamic one
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<8x3xf32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects prediction and target of one shape, found tensor<?x3xf32> and tensor<8x3xf32>}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: dynamic non-batch axis
dlc.model @m {
  dlc.func @f(%p: tensor<?x?xf32>, %t: tensor<?x?xf32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects prediction to be static except for the batch axis, found tensor<?x?xf32> (axis 1 is dynamic)}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: f32 prediction, f64 target
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf64>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects one float element type, found 'f32' and 'f64' (operand #1)}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf64>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: f32 operands, f64 loss
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f64>
    dlc.return
  }
}

// -----

// binary_crossentropy: a zero scale
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects a finite scale > 0, found 0.000000e+00}}
    %l = dlc.binary_crossentropy %p, %t scale(0.000000e+00) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: a non-scalar loss
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op result #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<1xf32>'}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<1xf32>
    dlc.return
  }
}

// -----

// categorical_crossentropy: prediction of rank 1
dlc.model @m {
  dlc.func @f(%p: tensor<?xf32>, %t: tensor<?xf32>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op expects prediction of rank at least 2, found tensor<?xf32>}}
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_crossentropy: prediction and target of different shapes
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x1xf32>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op expects prediction and target of one shape, found tensor<?x3xf32> and tensor<?x1xf32>}}
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_crossentropy: a static target batch axis against a dynamic one
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<8x3xf32>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op expects prediction and target of one shape, found tensor<?x3xf32> and tensor<8x3xf32>}}
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_crossentropy: dynamic non-batch axis
dlc.model @m {
  dlc.func @f(%p: tensor<?x?xf32>, %t: tensor<?x?xf32>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op expects prediction to be static except for the batch axis, found tensor<?x?xf32> (axis 1 is dynamic)}}
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_crossentropy: f32 prediction, f64 target
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf64>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op expects one float element type, found 'f32' and 'f64' (operand #1)}}
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf64>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_crossentropy: f32 operands, f64 loss
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f64>
    dlc.return
  }
}

// -----

// categorical_crossentropy: a zero scale
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op expects a finite scale > 0, found 0.000000e+00}}
    %l = dlc.categorical_crossentropy %p, %t scale(0.000000e+00) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_crossentropy: a non-scalar loss
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.categorical_crossentropy' op result #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<1xf32>'}}
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<1xf32>
    dlc.return
  }
}

// -----

// mean_squared_error: from_logits
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op does not take 'from_logits'}}
    %l = dlc.mean_squared_error %p, %t from_logits : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: a negative scale
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.mean_squared_error' op expects a finite scale > 0, found -5.000000e-01}}
    %l = dlc.mean_squared_error %p, %t reduction(sum) scale(-5.000000e-01) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: an infinite scale
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op expects a finite scale > 0, found INF}}
    %l = dlc.binary_crossentropy %p, %t from_logits scale(0x7FF0000000000000) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_crossentropy: integer targets
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xi32>) {
    // expected-error @+1 {{'dlc.binary_crossentropy' op operand #1 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<?x3xi32>'}}
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xi32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// mean_squared_error: an unknown reduction
dlc.model @m {
  dlc.func @f(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
    // expected-error @+1 {{custom op 'dlc.mean_squared_error' expected string or keyword containing one of the following enum values for attribute 'reduction' [mean, sum]}}
    %l = dlc.mean_squared_error %p, %t reduction(none) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_crossentropy: prediction of rank 1
dlc.model @m {
  dlc.func @f(%p: tensor<?xf32>, %t: tensor<?xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_crossentropy' op expects prediction of rank at least 2, found tensor<?xf32>}}
    %l = dlc.sparse_categorical_crossentropy %p, %t : (tensor<?xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_crossentropy: labels with a class axis
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?x10xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_crossentropy' op expects integer labels of shape ? (the prediction's shape without its class axis), found tensor<?x10xi32>}}
    %l = dlc.sparse_categorical_crossentropy %p, %t : (tensor<?x10xf32>, tensor<?x10xi32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_crossentropy: labels as a column
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?x1xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_crossentropy' op expects integer labels of shape ? (the prediction's shape without its class axis), found tensor<?x1xi32>}}
    %l = dlc.sparse_categorical_crossentropy %p, %t : (tensor<?x10xf32>, tensor<?x1xi32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_crossentropy: labels of the wrong time length
dlc.model @m {
  dlc.func @f(%p: tensor<?x17x10xf32>, %t: tensor<?x13xi64>) {
    // expected-error @+1 {{'dlc.sparse_categorical_crossentropy' op expects integer labels of shape ?x17 (the prediction's shape without its class axis), found tensor<?x13xi64>}}
    %l = dlc.sparse_categorical_crossentropy %p, %t : (tensor<?x17x10xf32>, tensor<?x13xi64>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_crossentropy: float labels
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?xf32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_crossentropy' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
    %l = dlc.sparse_categorical_crossentropy %p, %t : (tensor<?x10xf32>, tensor<?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_crossentropy: f64 loss of an f32 prediction
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_crossentropy' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %l = dlc.sparse_categorical_crossentropy %p, %t : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f64>
    dlc.return
  }
}

// -----

// sparse_categorical_crossentropy: a zero scale
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_crossentropy' op expects a finite scale > 0, found 0.000000e+00}}
    %l = dlc.sparse_categorical_crossentropy %p, %t from_logits scale(0.000000e+00) : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_accuracy: prediction and target of different shapes
dlc.model @m {
  dlc.func @f(%p: tensor<?x1xf32>, %t: tensor<?xf32>) {
    // expected-error @+1 {{'dlc.binary_accuracy' op expects prediction and target of one shape, found tensor<?x1xf32> and tensor<?xf32>}}
    %a = dlc.binary_accuracy %p, %t : (tensor<?x1xf32>, tensor<?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_accuracy: prediction of rank 0
dlc.model @m {
  dlc.func @f(%p: tensor<f32>, %t: tensor<f32>) {
    // expected-error @+1 {{'dlc.binary_accuracy' op expects prediction of rank at least 1, found tensor<f32>}}
    %a = dlc.binary_accuracy %p, %t : (tensor<f32>, tensor<f32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_accuracy: dynamic non-batch axis
dlc.model @m {
  dlc.func @f(%p: tensor<?x?xf32>, %t: tensor<?x?xf32>) {
    // expected-error @+1 {{'dlc.binary_accuracy' op expects prediction to be static except for the batch axis, found tensor<?x?xf32> (axis 1 is dynamic)}}
    %a = dlc.binary_accuracy %p, %t : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// binary_accuracy: mixed f32 and f64
dlc.model @m {
  dlc.func @f(%p: tensor<?x1xf64>, %t: tensor<?x1xf64>) {
    // expected-error @+1 {{'dlc.binary_accuracy' op expects one float element type, found 'f64' and 'f32' (result #0)}}
    %a = dlc.binary_accuracy %p, %t : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_accuracy: prediction of rank 1
dlc.model @m {
  dlc.func @f(%p: tensor<?xf32>, %t: tensor<?xf32>) {
    // expected-error @+1 {{'dlc.categorical_accuracy' op expects prediction of rank at least 2, found tensor<?xf32>}}
    %a = dlc.categorical_accuracy %p, %t : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// categorical_accuracy: prediction and target of different shapes
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?x9xf32>) {
    // expected-error @+1 {{'dlc.categorical_accuracy' op expects prediction and target of one shape, found tensor<?x10xf32> and tensor<?x9xf32>}}
    %a = dlc.categorical_accuracy %p, %t : (tensor<?x10xf32>, tensor<?x9xf32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_accuracy: prediction of rank 1
dlc.model @m {
  dlc.func @f(%p: tensor<?xf32>, %t: tensor<?xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_accuracy' op expects prediction of rank at least 2, found tensor<?xf32>}}
    %a = dlc.sparse_categorical_accuracy %p, %t : (tensor<?xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_accuracy: labels with a class axis
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?x10xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_accuracy' op expects integer labels of shape ? (the prediction's shape without its class axis), found tensor<?x10xi32>}}
    %a = dlc.sparse_categorical_accuracy %p, %t : (tensor<?x10xf32>, tensor<?x10xi32>) -> tensor<f32>
    dlc.return
  }
}

// -----

// sparse_categorical_accuracy: metric of a non-scalar type
dlc.model @m {
  dlc.func @f(%p: tensor<?x10xf32>, %t: tensor<?xi32>) {
    // expected-error @+1 {{'dlc.sparse_categorical_accuracy' op result #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<?xf32>'}}
    %a = dlc.sparse_categorical_accuracy %p, %t : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<?xf32>
    dlc.return
  }
}

// -----

dlc.model @m {
  dlc.func @f(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) {
    // expected-error @+1 {{'dlc.binary_accuracy' op expects a finite threshold, found nan}}
    %a = dlc.binary_accuracy %p, %t threshold(0x7FF8000000000000) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.return
  }
}
