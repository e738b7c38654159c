// The chapter multi-layer perceptron: a 2-3-1 sigmoid network trained with
// backpropagation of the delta rule (XOR-style problems).
// NumPy: W1 = np.random.rand(2, 3); b1 = np.random.rand(3);
//        W2 = np.random.rand(3, 1); b2 = np.random.rand(1);
//        h = sigmoid(X . W1 + b1); out = sigmoid(h . W2 + b2);
//        backpropagated deltas, W += lr * input^T . delta, lr = 0.1.
// Keras: Dense(3, sigmoid, input_shape=(2,)) Dense(1, sigmoid) with uniform
//        [0, 1) initializers; SGD(0.1); half the summed squared error;
//        binary accuracy.
dlc.model @mlp {
  dlc.param @dense1.kernel : tensor<2x3xf32> = #dlc.uniform<0.000000e+00, 1.000000e+00>
  dlc.param @dense1.bias : tensor<3xf32> = #dlc.uniform<0.000000e+00, 1.000000e+00>
  dlc.param @dense2.kernel : tensor<3x1xf32> = #dlc.uniform<0.000000e+00, 1.000000e+00>
  dlc.param @dense2.bias : tensor<1xf32> = #dlc.uniform<0.000000e+00, 1.000000e+00>

  // The network's output in (0, 1) for a batch of two-feature inputs.
  dlc.func @predict(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
    %w1 = dlc.read @dense1.kernel : tensor<2x3xf32>
    %b1 = dlc.read @dense1.bias : tensor<3xf32>
    %h = dlc.dense %x, %w1, %b1 activation(sigmoid)
        : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %w2 = dlc.read @dense2.kernel : tensor<3x1xf32>
    %b2 = dlc.read @dense2.bias : tensor<1xf32>
    %y = dlc.dense %h, %w2, %b2 activation(sigmoid)
        : (tensor<?x3xf32>, tensor<3x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }

  // One backpropagation step on a batch: plain SGD on
  // 0.5 * sum((y - out)^2), i.e. W += lr * input^T . delta for each layer.
  // Returns the batch's loss and accuracy.
  dlc.train @train_step(%x: tensor<?x2xf32>, %y: tensor<?x1xf32>)
      -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.sgd<lr = 1.000000e-01>
      params [@dense1.kernel, @dense1.bias, @dense2.kernel, @dense2.bias] {
    %out = dlc.call @predict(%x) : (tensor<?x2xf32>) -> tensor<?x1xf32>
    %loss = dlc.mean_squared_error %out, %y reduction(sum) scale(5.000000e-01)
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %accuracy = dlc.binary_accuracy %out, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %loss, %accuracy : tensor<f32>, tensor<f32>
  }
}
