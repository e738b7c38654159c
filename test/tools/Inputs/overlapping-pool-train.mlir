// A training step through max pooling with overlapping windows (3x3 windows,
// stride 2): compiled like any other.
dlc.model @overlap {
  dlc.param @k : tensor<3x3x1x2xf32> = #dlc.glorot_uniform
  dlc.func @predict(%x: tensor<?x9x9x1xf32>) -> tensor<?x4x4x2xf32> {
    %k = dlc.read @k : tensor<3x3x1x2xf32>
    %c = dlc.conv2d %x, %k padding(same) : (tensor<?x9x9x1xf32>, tensor<3x3x1x2xf32>) -> tensor<?x9x9x2xf32>
    %p = dlc.max_pool2d %c size [3, 3] strides [2, 2] : tensor<?x9x9x2xf32> -> tensor<?x4x4x2xf32>
    dlc.return %p : tensor<?x4x4x2xf32>
  }
  dlc.train @train_step(%x: tensor<?x9x9x1xf32>, %t: tensor<?x4x4x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@k] {
    %p = dlc.call @predict(%x) : (tensor<?x9x9x1xf32>) -> tensor<?x4x4x2xf32>
    %loss = dlc.mean_squared_error %p, %t : (tensor<?x4x4x2xf32>, tensor<?x4x4x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
