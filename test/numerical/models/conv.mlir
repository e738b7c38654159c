// dlc.conv2d on 13x17 images with 1 and 3 channels and 5 filters: kernels
// 3x3, 2x4 (even sizes, so `same` pads unevenly) and 1x1; strides [2, 3];
// dilations [2, 1]; valid and same padding; with and without bias; every
// activation (softmax over the filters).
dlc.model @conv {
  dlc.param @k33c3 : tensor<3x3x3x5xf32> = #dlc.glorot_uniform
  dlc.param @k33c1 : tensor<3x3x1x5xf32> = #dlc.glorot_uniform
  dlc.param @k24c3 : tensor<2x4x3x5xf32> = #dlc.glorot_uniform
  dlc.param @k24c1 : tensor<2x4x1x5xf32> = #dlc.he_uniform
  dlc.param @k11c3 : tensor<1x1x3x5xf32> = #dlc.glorot_uniform
  dlc.param @k33c5 : tensor<3x3x5x5xf32> = #dlc.glorot_uniform
  dlc.param @bias : tensor<5xf32> = #dlc.zeros

  dlc.func @kernel3x3(%img: tensor<?x13x17x3xf32>)
      -> (tensor<?x11x15x5xf32>, tensor<?x13x17x5xf32>, tensor<?x6x5x5xf32>,
          tensor<?x7x6x5xf32>) {
    %k = dlc.read @k33c3 : tensor<3x3x3x5xf32>
    %b = dlc.read @bias : tensor<5xf32>
    %valid = dlc.conv2d %img, %k, %b padding(valid)
        : (tensor<?x13x17x3xf32>, tensor<3x3x3x5xf32>, tensor<5xf32>)
        -> tensor<?x11x15x5xf32>
    %same = dlc.conv2d %img, %k padding(same) activation(relu)
        : (tensor<?x13x17x3xf32>, tensor<3x3x3x5xf32>) -> tensor<?x13x17x5xf32>
    %strided = dlc.conv2d %img, %k, %b strides [2, 3] activation(tanh)
        : (tensor<?x13x17x3xf32>, tensor<3x3x3x5xf32>, tensor<5xf32>)
        -> tensor<?x6x5x5xf32>
    %strided_same = dlc.conv2d %img, %k, %b strides [2, 3] padding(same)
        activation(sigmoid)
        : (tensor<?x13x17x3xf32>, tensor<3x3x3x5xf32>, tensor<5xf32>)
        -> tensor<?x7x6x5xf32>
    dlc.return %valid, %same, %strided, %strided_same
        : tensor<?x11x15x5xf32>, tensor<?x13x17x5xf32>, tensor<?x6x5x5xf32>,
          tensor<?x7x6x5xf32>
  }

  dlc.func @dilated(%img: tensor<?x13x17x1xf32>)
      -> (tensor<?x9x15x5xf32>, tensor<?x13x17x5xf32>, tensor<?x11x14x5xf32>,
          tensor<?x7x6x5xf32>) {
    %k = dlc.read @k33c1 : tensor<3x3x1x5xf32>
    %k24 = dlc.read @k24c1 : tensor<2x4x1x5xf32>
    %b = dlc.read @bias : tensor<5xf32>
    %valid = dlc.conv2d %img, %k, %b dilations [2, 1] activation(leaky_relu)
        : (tensor<?x13x17x1xf32>, tensor<3x3x1x5xf32>, tensor<5xf32>)
        -> tensor<?x9x15x5xf32>
    %same = dlc.conv2d %img, %k dilations [2, 1] padding(same)
        : (tensor<?x13x17x1xf32>, tensor<3x3x1x5xf32>) -> tensor<?x13x17x5xf32>
    %even = dlc.conv2d %img, %k24, %b dilations [2, 1] activation(relu)
        : (tensor<?x13x17x1xf32>, tensor<2x4x1x5xf32>, tensor<5xf32>)
        -> tensor<?x11x14x5xf32>
    %all = dlc.conv2d %img, %k24, %b strides [2, 3] dilations [2, 1]
        padding(same) activation(tanh)
        : (tensor<?x13x17x1xf32>, tensor<2x4x1x5xf32>, tensor<5xf32>)
        -> tensor<?x7x6x5xf32>
    dlc.return %valid, %same, %even, %all
        : tensor<?x9x15x5xf32>, tensor<?x13x17x5xf32>, tensor<?x11x14x5xf32>,
          tensor<?x7x6x5xf32>
  }

  dlc.func @kernel2x4(%img: tensor<?x13x17x3xf32>)
      -> (tensor<?x12x14x5xf32>, tensor<?x13x17x5xf32>, tensor<?x6x5x5xf32>,
          tensor<?x7x6x5xf32>) {
    %k = dlc.read @k24c3 : tensor<2x4x3x5xf32>
    %b = dlc.read @bias : tensor<5xf32>
    %valid = dlc.conv2d %img, %k, %b
        : (tensor<?x13x17x3xf32>, tensor<2x4x3x5xf32>, tensor<5xf32>)
        -> tensor<?x12x14x5xf32>
    %same = dlc.conv2d %img, %k, %b padding(same) activation(softmax)
        : (tensor<?x13x17x3xf32>, tensor<2x4x3x5xf32>, tensor<5xf32>)
        -> tensor<?x13x17x5xf32>
    %strided = dlc.conv2d %img, %k strides [2, 3] activation(leaky_relu)
        : (tensor<?x13x17x3xf32>, tensor<2x4x3x5xf32>) -> tensor<?x6x5x5xf32>
    %strided_same = dlc.conv2d %img, %k strides [2, 3] padding(same)
        : (tensor<?x13x17x3xf32>, tensor<2x4x3x5xf32>) -> tensor<?x7x6x5xf32>
    dlc.return %valid, %same, %strided, %strided_same
        : tensor<?x12x14x5xf32>, tensor<?x13x17x5xf32>, tensor<?x6x5x5xf32>,
          tensor<?x7x6x5xf32>
  }

  dlc.func @kernel1x1(%img: tensor<?x13x17x3xf32>)
      -> (tensor<?x13x17x5xf32>, tensor<?x13x17x5xf32>, tensor<?x7x6x5xf32>,
          tensor<?x7x6x5xf32>) {
    %k = dlc.read @k11c3 : tensor<1x1x3x5xf32>
    %b = dlc.read @bias : tensor<5xf32>
    %valid = dlc.conv2d %img, %k, %b activation(sigmoid)
        : (tensor<?x13x17x3xf32>, tensor<1x1x3x5xf32>, tensor<5xf32>)
        -> tensor<?x13x17x5xf32>
    %same = dlc.conv2d %img, %k padding(same) activation(softmax)
        : (tensor<?x13x17x3xf32>, tensor<1x1x3x5xf32>) -> tensor<?x13x17x5xf32>
    %strided = dlc.conv2d %img, %k, %b strides [2, 3]
        : (tensor<?x13x17x3xf32>, tensor<1x1x3x5xf32>, tensor<5xf32>)
        -> tensor<?x7x6x5xf32>
    %strided_same = dlc.conv2d %img, %k strides [2, 3] dilations [2, 1]
        padding(same) activation(relu)
        : (tensor<?x13x17x3xf32>, tensor<1x1x3x5xf32>) -> tensor<?x7x6x5xf32>
    dlc.return %valid, %same, %strided, %strided_same
        : tensor<?x13x17x5xf32>, tensor<?x13x17x5xf32>, tensor<?x7x6x5xf32>,
          tensor<?x7x6x5xf32>
  }

  // Stacked convolutions: 1 channel -> 5 filters (same) -> 5 filters
  // (strided, valid).
  dlc.func @stacked(%img: tensor<?x13x17x1xf32>) -> tensor<?x6x8x5xf32> {
    %k1 = dlc.read @k24c1 : tensor<2x4x1x5xf32>
    %b = dlc.read @bias : tensor<5xf32>
    %k2 = dlc.read @k33c5 : tensor<3x3x5x5xf32>
    %c1 = dlc.conv2d %img, %k1, %b padding(same) activation(relu)
        : (tensor<?x13x17x1xf32>, tensor<2x4x1x5xf32>, tensor<5xf32>)
        -> tensor<?x13x17x5xf32>
    %c2 = dlc.conv2d %c1, %k2, %b strides [2, 2] activation(tanh)
        : (tensor<?x13x17x5xf32>, tensor<3x3x5x5xf32>, tensor<5xf32>)
        -> tensor<?x6x8x5xf32>
    dlc.return %c2 : tensor<?x6x8x5xf32>
  }
}
