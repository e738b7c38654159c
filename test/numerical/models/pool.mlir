// dlc.max_pool2d and dlc.avg_pool2d on 13x17 images with 3 channels: windows
// [2, 2], [3, 2], [3, 3] and the whole image; default strides (the window)
// and strides [1, 2] and [2, 2]; valid and same padding (the overhanging
// windows see only the pixels inside the image, and the inputs are negative
// as often as positive).
dlc.model @pool {
  dlc.param @k : tensor<3x3x3x5xf32> = #dlc.glorot_uniform
  dlc.param @b : tensor<5xf32> = #dlc.zeros
  dlc.param @w : tensor<100x7xf32> = #dlc.glorot_uniform

  // [3, 3] strides [2, 2] same (7x9 like [2, 2] same) is in @max_3x3: two
  // returned max pools of one shape hit known-bug-shared-init-results.mlir.
  dlc.func @max(%img: tensor<?x13x17x3xf32>)
      -> (tensor<?x6x8x3xf32>, tensor<?x7x9x3xf32>, tensor<?x11x8x3xf32>,
          tensor<?x13x9x3xf32>, tensor<?x4x8x3xf32>, tensor<?x5x9x3xf32>,
          tensor<?x1x1x3xf32>) {
    %p22 = dlc.max_pool2d %img size [2, 2]
        : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    %p22s = dlc.max_pool2d %img size [2, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    %p32 = dlc.max_pool2d %img size [3, 2] strides [1, 2] padding(valid)
        : tensor<?x13x17x3xf32> -> tensor<?x11x8x3xf32>
    %p32s = dlc.max_pool2d %img size [3, 2] strides [1, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x13x9x3xf32>
    %d32 = dlc.max_pool2d %img size [3, 2]
        : tensor<?x13x17x3xf32> -> tensor<?x4x8x3xf32>
    %d32s = dlc.max_pool2d %img size [3, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x5x9x3xf32>
    %global = dlc.max_pool2d %img size [13, 17]
        : tensor<?x13x17x3xf32> -> tensor<?x1x1x3xf32>
    dlc.return %p22, %p22s, %p32, %p32s, %d32, %d32s, %global
        : tensor<?x6x8x3xf32>, tensor<?x7x9x3xf32>, tensor<?x11x8x3xf32>,
          tensor<?x13x9x3xf32>, tensor<?x4x8x3xf32>, tensor<?x5x9x3xf32>,
          tensor<?x1x1x3xf32>
  }

  dlc.func @max_3x3(%img: tensor<?x13x17x3xf32>)
      -> (tensor<?x7x9x3xf32>, tensor<?x6x8x3xf32>) {
    %same = dlc.max_pool2d %img size [3, 3] strides [2, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    %valid = dlc.max_pool2d %img size [3, 3] strides [2, 2]
        : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return %same, %valid : tensor<?x7x9x3xf32>, tensor<?x6x8x3xf32>
  }

  dlc.func @avg(%img: tensor<?x13x17x3xf32>)
      -> (tensor<?x6x8x3xf32>, tensor<?x7x9x3xf32>, tensor<?x11x8x3xf32>,
          tensor<?x13x9x3xf32>, tensor<?x4x8x3xf32>, tensor<?x5x9x3xf32>,
          tensor<?x7x9x3xf32>, tensor<?x1x1x3xf32>) {
    %p22 = dlc.avg_pool2d %img size [2, 2]
        : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    %p22s = dlc.avg_pool2d %img size [2, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    %p32 = dlc.avg_pool2d %img size [3, 2] strides [1, 2] padding(valid)
        : tensor<?x13x17x3xf32> -> tensor<?x11x8x3xf32>
    %p32s = dlc.avg_pool2d %img size [3, 2] strides [1, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x13x9x3xf32>
    %d32 = dlc.avg_pool2d %img size [3, 2]
        : tensor<?x13x17x3xf32> -> tensor<?x4x8x3xf32>
    %d32s = dlc.avg_pool2d %img size [3, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x5x9x3xf32>
    %p33s = dlc.avg_pool2d %img size [3, 3] strides [2, 2] padding(same)
        : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    %global = dlc.avg_pool2d %img size [13, 17]
        : tensor<?x13x17x3xf32> -> tensor<?x1x1x3xf32>
    dlc.return %p22, %p22s, %p32, %p32s, %d32, %d32s, %p33s, %global
        : tensor<?x6x8x3xf32>, tensor<?x7x9x3xf32>, tensor<?x11x8x3xf32>,
          tensor<?x13x9x3xf32>, tensor<?x4x8x3xf32>, tensor<?x5x9x3xf32>,
          tensor<?x7x9x3xf32>, tensor<?x1x1x3xf32>
  }

  // One channel, and pools of pools.
  dlc.func @one_channel(%img: tensor<?x13x17x1xf32>)
      -> (tensor<?x13x9x1xf32>, tensor<?x5x9x1xf32>, tensor<?x3x5x1xf32>) {
    %m = dlc.max_pool2d %img size [3, 2] strides [1, 2] padding(same)
        : tensor<?x13x17x1xf32> -> tensor<?x13x9x1xf32>
    %a = dlc.avg_pool2d %img size [3, 2] padding(same)
        : tensor<?x13x17x1xf32> -> tensor<?x5x9x1xf32>
    %aa = dlc.avg_pool2d %a size [2, 2] padding(same)
        : tensor<?x5x9x1xf32> -> tensor<?x3x5x1xf32>
    dlc.return %m, %a, %aa
        : tensor<?x13x9x1xf32>, tensor<?x5x9x1xf32>, tensor<?x3x5x1xf32>
  }

  // conv -> max pool (same) -> avg pool -> flatten -> dense, like a CNN.
  dlc.func @cnn(%img: tensor<?x13x17x3xf32>) -> tensor<?x7xf32> {
    %k = dlc.read @k : tensor<3x3x3x5xf32>
    %b = dlc.read @b : tensor<5xf32>
    %c = dlc.conv2d %img, %k, %b padding(same) activation(relu)
        : (tensor<?x13x17x3xf32>, tensor<3x3x3x5xf32>, tensor<5xf32>)
        -> tensor<?x13x17x5xf32>
    %m = dlc.max_pool2d %c size [2, 2] padding(same)
        : tensor<?x13x17x5xf32> -> tensor<?x7x9x5xf32>
    %a = dlc.avg_pool2d %m size [3, 2] strides [1, 2]
        : tensor<?x7x9x5xf32> -> tensor<?x5x4x5xf32>
    %f = dlc.flatten %a : tensor<?x5x4x5xf32> -> tensor<?x100xf32>
    %w = dlc.read @w : tensor<100x7xf32>
    %y = dlc.dense %f, %w activation(softmax)
        : (tensor<?x100xf32>, tensor<100x7xf32>) -> tensor<?x7xf32>
    dlc.return %y : tensor<?x7xf32>
  }
}
