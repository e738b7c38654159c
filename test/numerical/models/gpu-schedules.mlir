// Shapes that take the GPU schedules beyond a thread per output: strided,
// dilated and padded convolutions with 40 and 33 filters over a 3x3x5
// window (tiled: partial tiles along M, N and K = 45), and dense layers
// over 600 inputs (a warp per output) and 7 inputs (a thread per output).
dlc.model @gpu_schedules {
  dlc.param @k40 : tensor<3x3x5x40xf32> = #dlc.glorot_uniform
  dlc.param @k33 : tensor<3x3x5x33xf32> = #dlc.glorot_uniform
  dlc.param @b40 : tensor<40xf32> = #dlc.glorot_uniform
  dlc.param @w600 : tensor<600x9xf32> = #dlc.glorot_uniform
  dlc.param @b9 : tensor<9xf32> = #dlc.glorot_uniform
  dlc.param @w7 : tensor<7x9xf32> = #dlc.glorot_uniform

  dlc.func @convolutions(%img: tensor<?x13x17x5xf32>)
      -> (tensor<?x7x6x40xf32>, tensor<?x9x15x33xf32>) {
    %k40 = dlc.read @k40 : tensor<3x3x5x40xf32>
    %b40 = dlc.read @b40 : tensor<40xf32>
    %k33 = dlc.read @k33 : tensor<3x3x5x33xf32>
    %strided = dlc.conv2d %img, %k40, %b40 strides [2, 3] padding(same)
        activation(relu)
        : (tensor<?x13x17x5xf32>, tensor<3x3x5x40xf32>, tensor<40xf32>)
        -> tensor<?x7x6x40xf32>
    %dilated = dlc.conv2d %img, %k33 dilations [2, 1] activation(tanh)
        : (tensor<?x13x17x5xf32>, tensor<3x3x5x33xf32>)
        -> tensor<?x9x15x33xf32>
    dlc.return %strided, %dilated
        : tensor<?x7x6x40xf32>, tensor<?x9x15x33xf32>
  }

  dlc.func @dense(%x: tensor<?x600xf32>, %y: tensor<?x7xf32>)
      -> (tensor<?x9xf32>, tensor<?x9xf32>) {
    %w600 = dlc.read @w600 : tensor<600x9xf32>
    %b9 = dlc.read @b9 : tensor<9xf32>
    %w7 = dlc.read @w7 : tensor<7x9xf32>
    %wide = dlc.dense %x, %w600, %b9 activation(sigmoid)
        : (tensor<?x600xf32>, tensor<600x9xf32>, tensor<9xf32>)
        -> tensor<?x9xf32>
    %narrow = dlc.dense %y, %w7 activation(softmax)
        : (tensor<?x7xf32>, tensor<7x9xf32>) -> tensor<?x9xf32>
    dlc.return %wide, %narrow : tensor<?x9xf32>, tensor<?x9xf32>
  }
}
