// The CNN's layers one at a time, for per-layer GFLOP/s.
dlc.model @bench_conv {
  dlc.param @k1 : tensor<3x3x1x32xf32> = #dlc.glorot_uniform
  dlc.param @b1 : tensor<32xf32> = #dlc.zeros
  dlc.param @k2 : tensor<3x3x32x64xf32> = #dlc.glorot_uniform
  dlc.param @b2 : tensor<64xf32> = #dlc.zeros

  dlc.func @conv1(%x: tensor<?x28x28x1xf32>) -> tensor<?x26x26x32xf32> {
    %k = dlc.read @k1 : tensor<3x3x1x32xf32>
    %b = dlc.read @b1 : tensor<32xf32>
    %y = dlc.conv2d %x, %k, %b activation(relu) : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x26x26x32xf32>
    dlc.return %y : tensor<?x26x26x32xf32>
  }
  dlc.func @pool1(%x: tensor<?x26x26x32xf32>) -> tensor<?x13x13x32xf32> {
    %y = dlc.max_pool2d %x size [2, 2] : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
    dlc.return %y : tensor<?x13x13x32xf32>
  }
  dlc.func @conv2(%x: tensor<?x13x13x32xf32>) -> tensor<?x11x11x64xf32> {
    %k = dlc.read @k2 : tensor<3x3x32x64xf32>
    %b = dlc.read @b2 : tensor<64xf32>
    %y = dlc.conv2d %x, %k, %b activation(relu) : (tensor<?x13x13x32xf32>, tensor<3x3x32x64xf32>, tensor<64xf32>) -> tensor<?x11x11x64xf32>
    dlc.return %y : tensor<?x11x11x64xf32>
  }
}
