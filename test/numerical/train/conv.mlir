// Training through convolutions and pooling: valid and same padding,
// strides, dilations, odd image sizes (13x11), max and average pooling
// (including windows that overhang with same padding and rows that no
// window covers with valid padding).
dlc.model @train_conv {
  dlc.param @k1 : tensor<3x3x2x4xf32> = #dlc.glorot_uniform
  dlc.param @b1 : tensor<4xf32> = #dlc.zeros
  dlc.param @k2 : tensor<2x3x4x3xf32> = #dlc.glorot_uniform
  dlc.param @b2 : tensor<3xf32> = #dlc.zeros
  dlc.param @w : tensor<18x3xf32> = #dlc.glorot_uniform
  dlc.param @w2 : tensor<24x2xf32> = #dlc.glorot_uniform
  dlc.param @w3 : tensor<8x2xf32> = #dlc.glorot_uniform

  // valid conv, max pool over an odd size (a row and a column uncovered),
  // strided same conv, flatten, dense, softmax cross-entropy.
  dlc.train @valid_max(%x: tensor<?x13x11x2xf32>, %labels: tensor<?xi32>) -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.sgd params [@k1, @b1, @k2, @b2, @w] {
    %k1 = dlc.read @k1 : tensor<3x3x2x4xf32>
    %b1 = dlc.read @b1 : tensor<4xf32>
    %c1 = dlc.conv2d %x, %k1, %b1 activation(tanh) : (tensor<?x13x11x2xf32>, tensor<3x3x2x4xf32>, tensor<4xf32>) -> tensor<?x11x9x4xf32>
    %p1 = dlc.max_pool2d %c1 size [2, 2] : tensor<?x11x9x4xf32> -> tensor<?x5x4x4xf32>
    %k2 = dlc.read @k2 : tensor<2x3x4x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %c2 = dlc.conv2d %p1, %k2, %b2 strides [2, 2] padding(same) activation(relu) : (tensor<?x5x4x4xf32>, tensor<2x3x4x3xf32>, tensor<3xf32>) -> tensor<?x3x2x3xf32>
    %f = dlc.flatten %c2 : tensor<?x3x2x3xf32> -> tensor<?x18xf32>
    %w = dlc.read @w : tensor<18x3xf32>
    %p = dlc.dense %f, %w activation(softmax) : (tensor<?x18xf32>, tensor<18x3xf32>) -> tensor<?x3xf32>
    %loss = dlc.sparse_categorical_crossentropy %p, %labels : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    %acc = dlc.sparse_categorical_accuracy %p, %labels : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss, %acc : tensor<f32>, tensor<f32>
  }

  // same conv with dilation, average pooling with same padding (windows
  // that overhang the image), a max pool with same padding.
  dlc.train @same_avg(%x: tensor<?x13x11x2xf32>, %t: tensor<?x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@k1, @b1, @w2] {
    %k1 = dlc.read @k1 : tensor<3x3x2x4xf32>
    %b1 = dlc.read @b1 : tensor<4xf32>
    %c1 = dlc.conv2d %x, %k1, %b1 dilations [2, 1] padding(same) activation(sigmoid) : (tensor<?x13x11x2xf32>, tensor<3x3x2x4xf32>, tensor<4xf32>) -> tensor<?x13x11x4xf32>
    %a = dlc.avg_pool2d %c1 size [2, 2] padding(same) : tensor<?x13x11x4xf32> -> tensor<?x7x6x4xf32>
    %m = dlc.max_pool2d %a size [3, 3] padding(same) : tensor<?x7x6x4xf32> -> tensor<?x3x2x4xf32>
    %f = dlc.flatten %m : tensor<?x3x2x4xf32> -> tensor<?x24xf32>
    %w2 = dlc.read @w2 : tensor<24x2xf32>
    %y = dlc.dense %f, %w2 : (tensor<?x24xf32>, tensor<24x2xf32>) -> tensor<?x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // Pooling windows that overlap (3x3 with stride 2; 2x2 with stride 1 and
  // same padding) and that leave gaps (2x2 with stride 3).
  dlc.train @overlapping(%x: tensor<?x13x11x2xf32>, %t: tensor<?x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@k1, @b1, @w3] {
    %k1 = dlc.read @k1 : tensor<3x3x2x4xf32>
    %b1 = dlc.read @b1 : tensor<4xf32>
    %c1 = dlc.conv2d %x, %k1, %b1 activation(tanh) : (tensor<?x13x11x2xf32>, tensor<3x3x2x4xf32>, tensor<4xf32>) -> tensor<?x11x9x4xf32>
    %m = dlc.max_pool2d %c1 size [3, 3] strides [2, 2] : tensor<?x11x9x4xf32> -> tensor<?x5x4x4xf32>
    %a = dlc.avg_pool2d %m size [2, 2] strides [1, 1] padding(same) : tensor<?x5x4x4xf32> -> tensor<?x5x4x4xf32>
    %g = dlc.max_pool2d %a size [2, 2] strides [3, 3] : tensor<?x5x4x4xf32> -> tensor<?x2x1x4xf32>
    %f = dlc.flatten %g : tensor<?x2x1x4xf32> -> tensor<?x8xf32>
    %w3 = dlc.read @w3 : tensor<8x2xf32>
    %y = dlc.dense %f, %w3 : (tensor<?x8xf32>, tensor<8x2xf32>) -> tensor<?x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
