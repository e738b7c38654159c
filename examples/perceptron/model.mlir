// The chapter perceptron: one sigmoid unit on two inputs, trained with the
// classic delta rule.
// NumPy: weights = np.random.rand(2, 1); bias = np.random.rand(1);
//        out = sigmoid(X . weights + bias); delta = (y - out) * out * (1 - out);
//        weights += lr * X^T . delta; bias += lr * sum(delta), lr = 0.1.
// Keras: Dense(1, sigmoid, input_shape=(2,)) with uniform [0, 1) initializers;
//        SGD(0.1); half the summed squared error; binary accuracy.
dlc.model @perceptron {
  dlc.param @dense1.kernel : tensor<2x1xf32> = #dlc.uniform<0.000000e+00, 1.000000e+00>
  dlc.param @dense1.bias : tensor<1xf32> = #dlc.uniform<0.000000e+00, 1.000000e+00>

  // The unit's output in (0, 1) for a batch of two-feature inputs.
  dlc.func @predict(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
    %w = dlc.read @dense1.kernel : tensor<2x1xf32>
    %b = dlc.read @dense1.bias : tensor<1xf32>
    %y = dlc.dense %x, %w, %b activation(sigmoid)
        : (tensor<?x2xf32>, tensor<2x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }

  // One delta-rule step on a batch: plain SGD on 0.5 * sum((y - out)^2),
  // whose gradient is -X^T delta, so the update is w += lr * X^T delta.
  // Returns the batch's loss and accuracy.
  dlc.train @train_step(%x: tensor<?x2xf32>, %y: tensor<?x1xf32>)
      -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.sgd<lr = 1.000000e-01>
      params [@dense1.kernel, @dense1.bias] {
    %out = dlc.call @predict(%x) : (tensor<?x2xf32>) -> tensor<?x1xf32>
    %loss = dlc.mean_squared_error %out, %y reduction(sum) scale(5.000000e-01)
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %accuracy = dlc.binary_accuracy %out, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %loss, %accuracy : tensor<f32>, tensor<f32>
  }
}
