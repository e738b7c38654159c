// Two results of one entry point whose ops share one (CSE'd) init tensor:
// each must get its own buffer and values.
dlc.model @shared_init_results {
  dlc.param @w1 : tensor<4x3xf32> = #dlc.glorot_uniform
  dlc.param @w2 : tensor<4x3xf32> = #dlc.glorot_uniform
  dlc.param @k1 : tensor<3x3x1x2xf32> = #dlc.glorot_uniform
  dlc.param @k2 : tensor<3x3x1x2xf32> = #dlc.glorot_uniform

  dlc.func @dense_two(%x: tensor<?x4xf32>)
      -> (tensor<?x3xf32>, tensor<?x3xf32>) {
    %w1 = dlc.read @w1 : tensor<4x3xf32>
    %w2 = dlc.read @w2 : tensor<4x3xf32>
    %a = dlc.dense %x, %w1
        : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
    %b = dlc.dense %x, %w2
        : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
    dlc.return %a, %b : tensor<?x3xf32>, tensor<?x3xf32>
  }

  dlc.func @conv_two(%img: tensor<?x5x5x1xf32>)
      -> (tensor<?x3x3x2xf32>, tensor<?x3x3x2xf32>) {
    %k1 = dlc.read @k1 : tensor<3x3x1x2xf32>
    %k2 = dlc.read @k2 : tensor<3x3x1x2xf32>
    %a = dlc.conv2d %img, %k1
        : (tensor<?x5x5x1xf32>, tensor<3x3x1x2xf32>) -> tensor<?x3x3x2xf32>
    %b = dlc.conv2d %img, %k2
        : (tensor<?x5x5x1xf32>, tensor<3x3x1x2xf32>) -> tensor<?x3x3x2xf32>
    dlc.return %a, %b : tensor<?x3x3x2xf32>, tensor<?x3x3x2xf32>
  }

  dlc.func @max_pool_two(%img: tensor<?x13x17x3xf32>)
      -> (tensor<?x7x9x3xf32>, tensor<?x7x9x3xf32>) {
    %a = dlc.max_pool2d %img size [2, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    %b = dlc.max_pool2d %img size [3, 3] strides [2, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    dlc.return %a, %b : tensor<?x7x9x3xf32>, tensor<?x7x9x3xf32>
  }
}
