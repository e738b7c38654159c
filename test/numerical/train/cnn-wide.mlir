// The chapter CNN's layer widths (32 and 64 filters, which take the CPU
// schedules' full 32-filter tiles) on small images, so that the reference
// can check every gradient at several batch sizes.
dlc.model @cnn_wide {
  dlc.param @k1 : tensor<3x3x1x32xf32> = #dlc.glorot_uniform
  dlc.param @b1 : tensor<32xf32> = #dlc.zeros
  dlc.param @k2 : tensor<3x3x32x64xf32> = #dlc.glorot_uniform
  dlc.param @b2 : tensor<64xf32> = #dlc.zeros
  dlc.param @w : tensor<64x10xf32> = #dlc.glorot_uniform
  dlc.param @b : tensor<10xf32> = #dlc.zeros

  dlc.train @train_step(%x: tensor<?x12x12x1xf32>, %labels: tensor<?xi32>) -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.adam params [@k1, @b1, @k2, @b2, @w, @b] {
    %k1 = dlc.read @k1 : tensor<3x3x1x32xf32>
    %b1 = dlc.read @b1 : tensor<32xf32>
    %c1 = dlc.conv2d %x, %k1, %b1 activation(relu) : (tensor<?x12x12x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x10x10x32xf32>
    %p1 = dlc.max_pool2d %c1 size [2, 2] : tensor<?x10x10x32xf32> -> tensor<?x5x5x32xf32>
    %k2 = dlc.read @k2 : tensor<3x3x32x64xf32>
    %b2 = dlc.read @b2 : tensor<64xf32>
    %c2 = dlc.conv2d %p1, %k2, %b2 activation(relu) : (tensor<?x5x5x32xf32>, tensor<3x3x32x64xf32>, tensor<64xf32>) -> tensor<?x3x3x64xf32>
    %p2 = dlc.max_pool2d %c2 size [2, 2] : tensor<?x3x3x64xf32> -> tensor<?x1x1x64xf32>
    %f = dlc.flatten %p2 : tensor<?x1x1x64xf32> -> tensor<?x64xf32>
    %w = dlc.read @w : tensor<64x10xf32>
    %b = dlc.read @b : tensor<10xf32>
    %probs = dlc.dense %f, %w, %b activation(softmax) : (tensor<?x64xf32>, tensor<64x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %loss = dlc.sparse_categorical_crossentropy %probs, %labels : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    %accuracy = dlc.sparse_categorical_accuracy %probs, %labels : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss, %accuracy : tensor<f32>, tensor<f32>
  }
}
