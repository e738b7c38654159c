// The chapter CNN on MNIST: two conv/pool stages, then two dense layers.
// Keras: Conv2D(32, 3, relu) MaxPool2D(2) Conv2D(64, 3, relu) MaxPool2D(2)
//        Flatten Dense(64, relu) Dense(10, softmax); Adam; sparse categorical
//        cross-entropy; accuracy.
dlc.model @mnist_cnn {
  dlc.param @conv1.kernel : tensor<3x3x1x32xf32> = #dlc.glorot_uniform
  dlc.param @conv1.bias : tensor<32xf32> = #dlc.zeros
  dlc.param @conv2.kernel : tensor<3x3x32x64xf32> = #dlc.glorot_uniform
  dlc.param @conv2.bias : tensor<64xf32> = #dlc.zeros
  dlc.param @dense1.kernel : tensor<1600x64xf32> = #dlc.glorot_uniform
  dlc.param @dense1.bias : tensor<64xf32> = #dlc.zeros
  dlc.param @dense2.kernel : tensor<64x10xf32> = #dlc.glorot_uniform
  dlc.param @dense2.bias : tensor<10xf32> = #dlc.zeros

  // Class probabilities for a batch of 28x28 grey images scaled to [0, 1].
  dlc.func @predict(%images: tensor<?x28x28x1xf32>) -> tensor<?x10xf32> {
    %k1 = dlc.read @conv1.kernel : tensor<3x3x1x32xf32>
    %b1 = dlc.read @conv1.bias : tensor<32xf32>
    %c1 = dlc.conv2d %images, %k1, %b1 activation(relu)
        : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>)
        -> tensor<?x26x26x32xf32>
    %p1 = dlc.max_pool2d %c1 size [2, 2]
        : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
    %k2 = dlc.read @conv2.kernel : tensor<3x3x32x64xf32>
    %b2 = dlc.read @conv2.bias : tensor<64xf32>
    %c2 = dlc.conv2d %p1, %k2, %b2 activation(relu)
        : (tensor<?x13x13x32xf32>, tensor<3x3x32x64xf32>, tensor<64xf32>)
        -> tensor<?x11x11x64xf32>
    %p2 = dlc.max_pool2d %c2 size [2, 2]
        : tensor<?x11x11x64xf32> -> tensor<?x5x5x64xf32>
    %flat = dlc.flatten %p2 : tensor<?x5x5x64xf32> -> tensor<?x1600xf32>
    %w3 = dlc.read @dense1.kernel : tensor<1600x64xf32>
    %b3 = dlc.read @dense1.bias : tensor<64xf32>
    %h = dlc.dense %flat, %w3, %b3 activation(relu)
        : (tensor<?x1600xf32>, tensor<1600x64xf32>, tensor<64xf32>)
        -> tensor<?x64xf32>
    %w4 = dlc.read @dense2.kernel : tensor<64x10xf32>
    %b4 = dlc.read @dense2.bias : tensor<10xf32>
    %probs = dlc.dense %h, %w4, %b4 activation(softmax)
        : (tensor<?x64xf32>, tensor<64x10xf32>, tensor<10xf32>)
        -> tensor<?x10xf32>
    dlc.return %probs : tensor<?x10xf32>
  }

  // One Adam step on a batch; returns the batch's loss and accuracy.
  dlc.train @train_step(%images: tensor<?x28x28x1xf32>, %labels: tensor<?xi32>)
      -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.adam
      params [@conv1.kernel, @conv1.bias, @conv2.kernel, @conv2.bias,
              @dense1.kernel, @dense1.bias, @dense2.kernel, @dense2.bias] {
    %probs = dlc.call @predict(%images)
        : (tensor<?x28x28x1xf32>) -> tensor<?x10xf32>
    %loss = dlc.sparse_categorical_crossentropy %probs, %labels
        : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    %accuracy = dlc.sparse_categorical_accuracy %probs, %labels
        : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss, %accuracy : tensor<f32>, tensor<f32>
  }
}
