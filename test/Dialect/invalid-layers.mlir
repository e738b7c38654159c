// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// Errors of the layer ops: dlc.dense (Dense.cpp), dlc.conv2d (Conv.cpp),
// dlc.max_pool2d and dlc.avg_pool2d (Pool.cpp), dlc.flatten, dlc.reshape and
// dlc.concat (Shape.cpp), dlc.add and dlc.mul, and dlc.activation
// (Activation.cpp), with the shared checks of Verify.cpp.

// dense: input of rank 1
dlc.model @m {
  dlc.func @f(%x: tensor<3xf32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects input of rank at least 2, found tensor<3xf32>}}
    %y = dlc.dense %x, %w : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
    dlc.return
  }
}

// -----

// dense: dynamic feature axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x?xf32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects input to be static except for the batch axis, found tensor<?x?xf32> (axis 1 is dynamic)}}
    %y = dlc.dense %x, %w : (tensor<?x?xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// dense: dynamic feature axis of a rank-3 input
dlc.model @m {
  dlc.func @f(%x: tensor<?x?x?xf32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects input to be static except for the batch and time axes, found tensor<?x?x?xf32> (axis 2 is dynamic)}}
    %y = dlc.dense %x, %w : (tensor<?x?x?xf32>, tensor<3x4xf32>) -> tensor<?x?x4xf32>
    dlc.return
  }
}

// -----

// dense: kernel of rank 3
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<1x3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects kernel of rank 2, found tensor<1x3x4xf32>}}
    %y = dlc.dense %x, %w : (tensor<?x3xf32>, tensor<1x3x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// dense: kernel rows do not match the input's features
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<4x3xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects a kernel with 3 rows (the input's last axis), found tensor<4x3xf32>}}
    %y = dlc.dense %x, %w : (tensor<?x3xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
    dlc.return
  }
}

// -----

// dense: bias of the wrong shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects bias of shape 4, found tensor<3xf32>}}
    %y = dlc.dense %x, %w, %b : (tensor<?x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// dense: bias of the wrong rank
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<3x4xf32>, %b: tensor<1x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects bias of shape 4, found tensor<1x4xf32>}}
    %y = dlc.dense %x, %w, %b : (tensor<?x3xf32>, tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// dense: wrong result shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects result of shape ?x4, found tensor<?x3xf32>}}
    %y = dlc.dense %x, %w : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<?x3xf32>
    dlc.return
  }
}

// -----

// dense: a static batch axis where the input's is dynamic
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects result of shape ?x4, found tensor<8x4xf32>}}
    %y = dlc.dense %x, %w : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<8x4xf32>
    dlc.return
  }
}

// -----

// dense: mixed f32 and f64
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<3x4xf64>) {
    // expected-error @+1 {{'dlc.dense' op expects one float element type, found 'f32' and 'f64' (operand #1)}}
    %y = dlc.dense %x, %w : (tensor<?x3xf32>, tensor<3x4xf64>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// dense: f32 operands, f64 result
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %y = dlc.dense %x, %w : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<?x4xf64>
    dlc.return
  }
}

// -----

// dense: integer input
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xi32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<?x3xi32>'}}
    %y = dlc.dense %x, %w : (tensor<?x3xi32>, tensor<3x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// conv2d: input of rank 3
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects input of rank 4, found tensor<?x13x17xf32>}}
    %y = dlc.conv2d %x, %k : (tensor<?x13x17xf32>, tensor<3x3x1x8xf32>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: dynamic height
dlc.model @m {
  dlc.func @f(%x: tensor<?x?x17x1xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects input to be static except for the batch axis, found tensor<?x?x17x1xf32> (axis 1 is dynamic)}}
    %y = dlc.conv2d %x, %k : (tensor<?x?x17x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x?x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: kernel of rank 2
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects kernel of rank 4, found tensor<3x3xf32>}}
    %y = dlc.conv2d %x, %k : (tensor<?x13x17x1xf32>, tensor<3x3xf32>) -> tensor<?x11x15x1xf32>
    dlc.return
  }
}

// -----

// conv2d: one stride
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects strides to be two positive integers [height, width], found [2]}}
    %y = dlc.conv2d %x, %k strides [2] : (tensor<?x13x17x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x6x8x8xf32>
    dlc.return
  }
}

// -----

// conv2d: a zero stride
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects strides to be two positive integers [height, width], found [0, 1]}}
    %y = dlc.conv2d %x, %k strides [0, 1] : (tensor<?x13x17x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: a negative dilation
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects dilations to be two positive integers [height, width], found [1, -1]}}
    %y = dlc.conv2d %x, %k dilations [1, -1] : (tensor<?x13x17x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: kernel channels do not match the input's
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects a kernel [height, width, 3, filters] for an input with 3 channels, found tensor<3x3x1x8xf32>}}
    %y = dlc.conv2d %x, %k : (tensor<?x13x17x3xf32>, tensor<3x3x1x8xf32>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: bias of the wrong shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3x1x8xf32>, %b: tensor<1xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects bias of shape 8, found tensor<1xf32>}}
    %y = dlc.conv2d %x, %k, %b : (tensor<?x13x17x1xf32>, tensor<3x3x1x8xf32>, tensor<1xf32>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: window taller than the image with valid padding
dlc.model @m {
  dlc.func @f(%x: tensor<?x3x17x1xf32>, %k: tensor<5x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op window of 5 along the height does not fit the input's 3 with valid padding}}
    %y = dlc.conv2d %x, %k : (tensor<?x3x17x1xf32>, tensor<5x3x1x8xf32>) -> tensor<?x1x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: dilated window wider than the image with valid padding
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x4x1xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op window of 5 along the width does not fit the input's 4 with valid padding}}
    %y = dlc.conv2d %x, %k dilations [1, 2] : (tensor<?x13x4x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x11x1x8xf32>
    dlc.return
  }
}

// -----

// conv2d: wrong result shape (same padding keeps 13x17)
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects result of shape ?x13x17x8, found tensor<?x11x15x8xf32>}}
    %y = dlc.conv2d %x, %k padding(same) : (tensor<?x13x17x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// conv2d: wrong result shape with strides
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects result of shape ?x6x8x8, found tensor<?x6x7x8xf32>}}
    %y = dlc.conv2d %x, %k strides [2, 2] : (tensor<?x13x17x1xf32>, tensor<3x3x1x8xf32>) -> tensor<?x6x7x8xf32>
    dlc.return
  }
}

// -----

// conv2d: mixed f32 and f64
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<3x3x1x8xf64>) {
    // expected-error @+1 {{'dlc.conv2d' op expects one float element type, found 'f32' and 'f64' (operand #1)}}
    %y = dlc.conv2d %x, %k : (tensor<?x13x17x1xf32>, tensor<3x3x1x8xf64>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// max_pool2d: input of rank 2
dlc.model @m {
  dlc.func @f(%x: tensor<?x13xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects input of rank 4, found tensor<?x13xf32>}}
    %y = dlc.max_pool2d %x size [2, 2] : tensor<?x13xf32> -> tensor<?x6xf32>
    dlc.return
  }
}

// -----

// max_pool2d: dynamic width
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x?x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects input to be static except for the batch axis, found tensor<?x13x?x3xf32> (axis 2 is dynamic)}}
    %y = dlc.max_pool2d %x size [2, 2] : tensor<?x13x?x3xf32> -> tensor<?x6x?x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: one window size
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects size to be two positive integers [height, width], found [2]}}
    %y = dlc.max_pool2d %x size [2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: a zero window size
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects size to be two positive integers [height, width], found [0, 2]}}
    %y = dlc.max_pool2d %x size [0, 2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: three strides
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects strides to be two positive integers [height, width], found [1, 1, 1]}}
    %y = dlc.max_pool2d %x size [2, 2] strides [1, 1, 1] : tensor<?x13x17x3xf32> -> tensor<?x12x16x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: a zero stride
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects strides to be two positive integers [height, width], found [2, 0]}}
    %y = dlc.max_pool2d %x size [2, 2] strides [2, 0] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: window taller than the image
dlc.model @m {
  dlc.func @f(%x: tensor<?x1x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op window of 2 along the height does not fit the input's 1 with valid padding}}
    %y = dlc.max_pool2d %x size [2, 2] : tensor<?x1x17x3xf32> -> tensor<?x1x8x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: wrong result shape (strides default to the window size)
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects result of shape ?x6x8x3, found tensor<?x12x16x3xf32>}}
    %y = dlc.max_pool2d %x size [2, 2] : tensor<?x13x17x3xf32> -> tensor<?x12x16x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: wrong result shape with same padding
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects result of shape ?x7x9x3, found tensor<?x6x8x3xf32>}}
    %y = dlc.max_pool2d %x size [2, 2] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// max_pool2d: mixed f32 and f64
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.max_pool2d' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %y = dlc.max_pool2d %x size [2, 2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf64>
    dlc.return
  }
}

// -----

// avg_pool2d: input of rank 2
dlc.model @m {
  dlc.func @f(%x: tensor<?x13xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects input of rank 4, found tensor<?x13xf32>}}
    %y = dlc.avg_pool2d %x size [2, 2] : tensor<?x13xf32> -> tensor<?x6xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: dynamic width
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x?x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects input to be static except for the batch axis, found tensor<?x13x?x3xf32> (axis 2 is dynamic)}}
    %y = dlc.avg_pool2d %x size [2, 2] : tensor<?x13x?x3xf32> -> tensor<?x6x?x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: one window size
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects size to be two positive integers [height, width], found [2]}}
    %y = dlc.avg_pool2d %x size [2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: a zero window size
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects size to be two positive integers [height, width], found [0, 2]}}
    %y = dlc.avg_pool2d %x size [0, 2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: three strides
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects strides to be two positive integers [height, width], found [1, 1, 1]}}
    %y = dlc.avg_pool2d %x size [2, 2] strides [1, 1, 1] : tensor<?x13x17x3xf32> -> tensor<?x12x16x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: a zero stride
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects strides to be two positive integers [height, width], found [2, 0]}}
    %y = dlc.avg_pool2d %x size [2, 2] strides [2, 0] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: window taller than the image
dlc.model @m {
  dlc.func @f(%x: tensor<?x1x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op window of 2 along the height does not fit the input's 1 with valid padding}}
    %y = dlc.avg_pool2d %x size [2, 2] : tensor<?x1x17x3xf32> -> tensor<?x1x8x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: wrong result shape (strides default to the window size)
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects result of shape ?x6x8x3, found tensor<?x12x16x3xf32>}}
    %y = dlc.avg_pool2d %x size [2, 2] : tensor<?x13x17x3xf32> -> tensor<?x12x16x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: wrong result shape with same padding
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects result of shape ?x7x9x3, found tensor<?x6x8x3xf32>}}
    %y = dlc.avg_pool2d %x size [2, 2] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return
  }
}

// -----

// avg_pool2d: mixed f32 and f64
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x3xf32>) {
    // expected-error @+1 {{'dlc.avg_pool2d' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %y = dlc.avg_pool2d %x size [2, 2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf64>
    dlc.return
  }
}

// -----

// flatten: input of rank 1
dlc.model @m {
  dlc.func @f(%x: tensor<?xf32>) {
    // expected-error @+1 {{'dlc.flatten' op expects input of rank at least 2, found tensor<?xf32>}}
    %y = dlc.flatten %x : tensor<?xf32> -> tensor<?xf32>
    dlc.return
  }
}

// -----

// flatten: dynamic non-batch axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x?xf32>) {
    // expected-error @+1 {{'dlc.flatten' op expects input to be static except for the batch axis, found tensor<?x13x?xf32> (axis 2 is dynamic)}}
    %y = dlc.flatten %x : tensor<?x13x?xf32> -> tensor<?x?xf32>
    dlc.return
  }
}

// -----

// flatten: wrong element count
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17xf32>) {
    // expected-error @+1 {{'dlc.flatten' op expects result of shape ?x221, found tensor<?x220xf32>}}
    %y = dlc.flatten %x : tensor<?x13x17xf32> -> tensor<?x220xf32>
    dlc.return
  }
}

// -----

// flatten: static batch axis in the result only
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17xf32>) {
    // expected-error @+1 {{'dlc.flatten' op expects result of shape ?x221, found tensor<1x221xf32>}}
    %y = dlc.flatten %x : tensor<?x13x17xf32> -> tensor<1x221xf32>
    dlc.return
  }
}

// -----

// flatten: f32 to f64
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17xf32>) {
    // expected-error @+1 {{'dlc.flatten' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %y = dlc.flatten %x : tensor<?x13x17xf32> -> tensor<?x221xf64>
    dlc.return
  }
}

// -----

// reshape: input of rank 0
dlc.model @m {
  dlc.func @f(%x: tensor<f32>) {
    // expected-error @+1 {{'dlc.reshape' op expects input of rank at least 1, found tensor<f32>}}
    %y = dlc.reshape %x : tensor<f32> -> tensor<1xf32>
    dlc.return
  }
}

// -----

// reshape: dynamic non-batch input axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x?xf32>) {
    // expected-error @+1 {{'dlc.reshape' op expects input to be static except for the batch axis, found tensor<?x?xf32> (axis 1 is dynamic)}}
    %y = dlc.reshape %x : tensor<?x?xf32> -> tensor<?x13x17xf32>
    dlc.return
  }
}

// -----

// reshape: result of rank 0
dlc.model @m {
  dlc.func @f(%x: tensor<1xf32>) {
    // expected-error @+1 {{'dlc.reshape' op expects result of rank at least 1, found tensor<f32>}}
    %y = dlc.reshape %x : tensor<1xf32> -> tensor<f32>
    dlc.return
  }
}

// -----

// reshape: dynamic non-batch result axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x221xf32>) {
    // expected-error @+1 {{'dlc.reshape' op expects result to be static except for the batch axis, found tensor<?x13x?xf32> (axis 2 is dynamic)}}
    %y = dlc.reshape %x : tensor<?x221xf32> -> tensor<?x13x?xf32>
    dlc.return
  }
}

// -----

// reshape: f32 to f64
dlc.model @m {
  dlc.func @f(%x: tensor<?x221xf32>) {
    // expected-error @+1 {{'dlc.reshape' op expects one float element type, found 'f32' and 'f64' (result #0)}}
    %y = dlc.reshape %x : tensor<?x221xf32> -> tensor<?x13x17xf64>
    dlc.return
  }
}

// -----

// reshape: a different batch axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x221xf32>) {
    // expected-error @+1 {{'dlc.reshape' op keeps the batch axis, so the result's first axis must be ?, found tensor<1x13x17xf32>}}
    %y = dlc.reshape %x : tensor<?x221xf32> -> tensor<1x13x17xf32>
    dlc.return
  }
}

// -----

// reshape: a different number of elements per sample
dlc.model @m {
  dlc.func @f(%x: tensor<?x221xf32>) {
    // expected-error @+1 {{'dlc.reshape' op cannot reshape 221 elements per sample (tensor<?x221xf32>) into 169 (tensor<?x13x13xf32>)}}
    %y = dlc.reshape %x : tensor<?x221xf32> -> tensor<?x13x13xf32>
    dlc.return
  }
}

// -----

// concat: no inputs
dlc.model @m {
  dlc.func @f() {
    // expected-error @+1 {{'dlc.concat' op expects at least one input}}
    %y = dlc.concat axis 1 : () -> tensor<?x3xf32>
    dlc.return
  }
}

// -----

// concat: along the batch axis
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects an axis in [1, 2) (the batch axis 0 cannot be concatenated), found 0}}
    %y = dlc.concat %a, %b axis 0 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
    dlc.return
  }
}

// -----

// concat: axis past the last
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects an axis in [1, 2) (the batch axis 0 cannot be concatenated), found 2}}
    %y = dlc.concat %a, %b axis 2 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x6xf32>
    dlc.return
  }
}

// -----

// concat: a negative axis
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects an axis in [1, 2) (the batch axis 0 cannot be concatenated), found -1}}
    %y = dlc.concat %a, %b axis -1 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x6xf32>
    dlc.return
  }
}

// -----

// concat: inputs of different ranks
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x3x1xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects input #1 of rank 2, found tensor<?x3x1xf32>}}
    %y = dlc.concat %a, %b axis 1 : (tensor<?x3xf32>, tensor<?x3x1xf32>) -> tensor<?x6xf32>
    dlc.return
  }
}

// -----

// concat: a dynamic non-batch axis
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x?xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects input #1 to be static except for the batch axis, found tensor<?x?xf32> (axis 1 is dynamic)}}
    %y = dlc.concat %a, %b axis 1 : (tensor<?x3xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
    dlc.return
  }
}

// -----

// concat: inputs that differ off the axis
dlc.model @m {
  dlc.func @f(%a: tensor<?x13x1xf32>, %b: tensor<?x17x2xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects inputs that agree except on axis 2, found tensor<?x13x1xf32> and tensor<?x17x2xf32>}}
    %y = dlc.concat %a, %b axis 2 : (tensor<?x13x1xf32>, tensor<?x17x2xf32>) -> tensor<?x13x3xf32>
    dlc.return
  }
}

// -----

// concat: inputs that differ on the batch axis
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<1x3xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects inputs that agree except on axis 1, found tensor<?x3xf32> and tensor<1x3xf32>}}
    %y = dlc.concat %a, %b axis 1 : (tensor<?x3xf32>, tensor<1x3xf32>) -> tensor<?x6xf32>
    dlc.return
  }
}

// -----

// concat: wrong result shape
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x17xf32>) {
    // expected-error @+1 {{'dlc.concat' op expects result of shape ?x20, found tensor<?x21xf32>}}
    %y = dlc.concat %a, %b axis 1 : (tensor<?x3xf32>, tensor<?x17xf32>) -> tensor<?x21xf32>
    dlc.return
  }
}

// -----

// concat: mixed f32 and f64
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x17xf64>) {
    // expected-error @+1 {{'dlc.concat' op expects one float element type, found 'f32' and 'f64' (operand #1)}}
    %y = dlc.concat %a, %b axis 1 : (tensor<?x3xf32>, tensor<?x17xf64>) -> tensor<?x20xf32>
    dlc.return
  }
}

// -----

// add: operands of different shapes (generic form)
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x4xf32>) {
    // expected-error @+1 {{'dlc.add' op requires the same type for all operands and results}}
    %y = "dlc.add"(%a, %b) : (tensor<?x3xf32>, tensor<?x4xf32>) -> tensor<?x3xf32>
    dlc.return
  }
}

// -----

// mul: operands of different element types (generic form)
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<?x3xf64>) {
    // expected-error @+1 {{'dlc.mul' op requires the same type for all operands and results}}
    %y = "dlc.mul"(%a, %b) : (tensor<?x3xf32>, tensor<?x3xf64>) -> tensor<?x3xf32>
    dlc.return
  }
}

// -----

// add: integer tensors
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xi32>) {
    // expected-error @+1 {{'dlc.add' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<?x3xi32>'}}
    %y = dlc.add %a, %a : tensor<?x3xi32>
    dlc.return
  }
}

// -----

// activation: alpha for relu
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.activation' op takes 'alpha' only for leaky_relu, found it with relu}}
    %y = dlc.activation relu %x {alpha = 1.000000e-01 : f64} : tensor<?x3xf32>
    dlc.return
  }
}

// -----

// activation: alpha for sigmoid
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.activation' op takes 'alpha' only for leaky_relu, found it with sigmoid}}
    %y = dlc.activation sigmoid %x {alpha = 1.000000e-01 : f64} : tensor<?x3xf32>
    dlc.return
  }
}

// -----

// activation: an infinite alpha
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.activation' op expects a finite 'alpha'}}
    %y = dlc.activation leaky_relu %x {alpha = 0x7FF0000000000000 : f64} : tensor<?x3xf32>
    dlc.return
  }
}

// -----

// activation: a NaN alpha
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.activation' op expects a finite 'alpha'}}
    %y = dlc.activation leaky_relu %x {alpha = 0x7FF8000000000000 : f64} : tensor<?x3xf32>
    dlc.return
  }
}

// -----

// activation: an f32 alpha
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{custom op 'dlc.activation' 'dlc.activation' op attribute 'alpha' failed to satisfy constraint: 64-bit float attribute}}
    %y = dlc.activation leaky_relu %x {alpha = 1.000000e-01 : f32} : tensor<?x3xf32>
    dlc.return
  }
}

// -----

// activation: softmax of a scalar
dlc.model @m {
  dlc.func @f(%x: tensor<f32>) {
    // expected-error @+1 {{'dlc.activation' op softmax normalises along the last axis and needs a tensor of rank at least 1}}
    %y = dlc.activation softmax %x : tensor<f32>
    dlc.return
  }
}

// -----

// activation: an unknown kind
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{custom op 'dlc.activation' expected string or keyword containing one of the following enum values for attribute 'kind' [identity, relu, sigmoid, tanh, softmax, leaky_relu]}}
    %y = dlc.activation gelu %x : tensor<?x3xf32>
    dlc.return
  }
}

// -----

// activation: operand and result of different types (generic form)
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.activation' op requires the same type for all operands and results}}
    %y = "dlc.activation"(%x) <{kind = 1 : i32}> : (tensor<?x3xf32>) -> tensor<?x3xf64>
    dlc.return
  }
}

// -----

// dense: a kernel with a dynamic axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %w: tensor<3x?xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects kernel to be static, found tensor<3x?xf32> (axis 1 is dynamic)}}
    %y = dlc.dense %x, %w : (tensor<?x3xf32>, tensor<3x?xf32>) -> tensor<?x?xf32>
    dlc.return
  }
}

// -----

// dense: every axis but the last may be dynamic; the message says so
dlc.model @m {
  dlc.func @f(%x: tensor<?x?x?x?xf32>, %w: tensor<3x4xf32>) {
    // expected-error @+1 {{'dlc.dense' op expects input to be static except for its first 3 axes, found tensor<?x?x?x?xf32> (axis 3 is dynamic)}}
    %y = dlc.dense %x, %w : (tensor<?x?x?x?xf32>, tensor<3x4xf32>) -> tensor<?x?x?x4xf32>
    dlc.return
  }
}

// -----

// conv2d: a kernel with dynamic axes
dlc.model @m {
  dlc.func @f(%x: tensor<?x13x17x1xf32>, %k: tensor<?x3x1x8xf32>) {
    // expected-error @+1 {{'dlc.conv2d' op expects kernel to be static, found tensor<?x3x1x8xf32> (axis 0 is dynamic)}}
    %y = dlc.conv2d %x, %k : (tensor<?x13x17x1xf32>, tensor<?x3x1x8xf32>) -> tensor<?x11x15x8xf32>
    dlc.return
  }
}

// -----

// add: a static size where the other operand is dynamic (generic form)
dlc.model @m {
  dlc.func @f(%a: tensor<?x3xf32>, %b: tensor<1x3xf32>) {
    // expected-error @+1 {{'dlc.add' op expects operands and result of one type, found tensor<1x3xf32> and tensor<?x3xf32>}}
    %y = "dlc.add"(%a, %b) : (tensor<?x3xf32>, tensor<1x3xf32>) -> tensor<?x3xf32>
    dlc.return
  }
}

// -----

// activation: a negative leaky_relu slope
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.activation' op expects a finite 'alpha' >= 0, found -5}}
    %y = dlc.activation leaky_relu %x {alpha = -5.0 : f64} : tensor<?x3xf32>
    dlc.return
  }
}
