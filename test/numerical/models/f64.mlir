// The same ops in double precision: conv2d, pooling, shape ops, dense,
// activations, recurrent layers, losses and metrics, with f64 parameters,
// inputs and results.
dlc.model @double {
  dlc.param @k : tensor<2x4x3x5xf64> = #dlc.glorot_uniform
  dlc.param @kb : tensor<5xf64> = #dlc.zeros
  dlc.param @w : tensor<165x7xf64> = #dlc.glorot_uniform
  dlc.param @wb : tensor<7xf64> = #dlc.zeros
  dlc.param @lstm.kernel : tensor<3x28xf64> = #dlc.glorot_uniform
  dlc.param @lstm.recurrent_kernel : tensor<7x28xf64> = #dlc.orthogonal
  dlc.param @lstm.bias : tensor<28xf64> = #dlc.zeros
  dlc.param @gru.kernel : tensor<7x3xf64> = #dlc.glorot_uniform
  dlc.param @gru.recurrent_kernel : tensor<1x3xf64> = #dlc.orthogonal
  dlc.param @gru.bias_after : tensor<2x3xf64> = #dlc.zeros
  dlc.param @gru.bias_before : tensor<3xf64> = #dlc.zeros
  dlc.param @rnn.kernel : tensor<3x7xf64> = #dlc.glorot_uniform
  dlc.param @rnn.recurrent_kernel : tensor<7x7xf64> = #dlc.orthogonal

  // conv (2x4, strides [2, 3], same) -> max pool and avg pool (same) ->
  // concat -> flatten -> dense (softmax), and the intermediate values.
  dlc.func @cnn(%img: tensor<?x13x17x3xf64>)
      -> (tensor<?x7x6x5xf64>, tensor<?x4x3x5xf64>, tensor<?x7x3x5xf64>,
          tensor<?x7xf64>) {
    %k = dlc.read @k : tensor<2x4x3x5xf64>
    %kb = dlc.read @kb : tensor<5xf64>
    %c = dlc.conv2d %img, %k, %kb strides [2, 3] padding(same)
        activation(leaky_relu)
        : (tensor<?x13x17x3xf64>, tensor<2x4x3x5xf64>, tensor<5xf64>)
        -> tensor<?x7x6x5xf64>
    %m = dlc.max_pool2d %c size [2, 2] padding(same)
        : tensor<?x7x6x5xf64> -> tensor<?x4x3x5xf64>
    %a = dlc.avg_pool2d %c size [3, 2] strides [1, 2] padding(same)
        : tensor<?x7x6x5xf64> -> tensor<?x7x3x5xf64>
    %cat = dlc.concat %m, %a axis 1
        : (tensor<?x4x3x5xf64>, tensor<?x7x3x5xf64>) -> tensor<?x11x3x5xf64>
    %f = dlc.flatten %cat : tensor<?x11x3x5xf64> -> tensor<?x165xf64>
    %w = dlc.read @w : tensor<165x7xf64>
    %wb = dlc.read @wb : tensor<7xf64>
    %y = dlc.dense %f, %w, %wb activation(softmax)
        : (tensor<?x165xf64>, tensor<165x7xf64>, tensor<7xf64>)
        -> tensor<?x7xf64>
    dlc.return %c, %m, %a, %y
        : tensor<?x7x6x5xf64>, tensor<?x4x3x5xf64>, tensor<?x7x3x5xf64>,
          tensor<?x7xf64>
  }

  dlc.func @elementwise(%x: tensor<?x7xf64>, %y: tensor<?x7xf64>,
                        %v: tensor<?xf64>)
      -> (tensor<?x7xf64>, tensor<?x7xf64>, tensor<?x7xf64>, tensor<?x7xf64>,
          tensor<?x7x1xf64>, tensor<?x1xf64>, tensor<?x14xf64>) {
    %sum = dlc.add %x, %y : tensor<?x7xf64>
    %product = dlc.mul %x, %y : tensor<?x7xf64>
    %s = dlc.activation sigmoid %sum : tensor<?x7xf64>
    %t = dlc.activation tanh %product : tensor<?x7xf64>
    %r = dlc.activation relu %x : tensor<?x7xf64>
    %l = dlc.activation leaky_relu %y {alpha = 0.1 : f64} : tensor<?x7xf64>
    %sm = dlc.activation softmax %sum : tensor<?x7xf64>
    %st = dlc.add %s, %t : tensor<?x7xf64>
    %rl = dlc.mul %r, %l : tensor<?x7xf64>
    %col = dlc.reshape %st : tensor<?x7xf64> -> tensor<?x7x1xf64>
    %vv = dlc.reshape %v : tensor<?xf64> -> tensor<?x1xf64>
    %cat = dlc.concat %sm, %rl axis 1
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<?x14xf64>
    %id = dlc.activation identity %cat : tensor<?x14xf64>
    dlc.return %st, %rl, %sm, %l, %col, %vv, %id
        : tensor<?x7xf64>, tensor<?x7xf64>, tensor<?x7xf64>, tensor<?x7xf64>,
          tensor<?x7x1xf64>, tensor<?x1xf64>, tensor<?x14xf64>
  }

  dlc.func @recurrent(%x: tensor<?x5x3xf64>, %h0: tensor<?x7xf64>,
                      %c0: tensor<?x7xf64>, %g0: tensor<?x1xf64>)
      -> (tensor<?x5x7xf64>, tensor<?x1xf64>, tensor<?x5x1xf64>,
          tensor<?x7xf64>) {
    %lk = dlc.read @lstm.kernel : tensor<3x28xf64>
    %lr = dlc.read @lstm.recurrent_kernel : tensor<7x28xf64>
    %lb = dlc.read @lstm.bias : tensor<28xf64>
    %seq = dlc.lstm %x, %lk, %lr, %lb initial(%h0, %c0) return_sequences
        : (tensor<?x5x3xf64>, tensor<3x28xf64>, tensor<7x28xf64>,
           tensor<28xf64>, tensor<?x7xf64>, tensor<?x7xf64>)
        -> tensor<?x5x7xf64>
    %gk = dlc.read @gru.kernel : tensor<7x3xf64>
    %gr = dlc.read @gru.recurrent_kernel : tensor<1x3xf64>
    %gb2 = dlc.read @gru.bias_after : tensor<2x3xf64>
    %gb = dlc.read @gru.bias_before : tensor<3xf64>
    %after = dlc.gru %seq, %gk, %gr, %gb2
        : (tensor<?x5x7xf64>, tensor<7x3xf64>, tensor<1x3xf64>,
           tensor<2x3xf64>) -> tensor<?x1xf64>
    %before = dlc.gru %seq, %gk, %gr, %gb initial(%g0) activation(relu)
        return_sequences {reset_after = false}
        : (tensor<?x5x7xf64>, tensor<7x3xf64>, tensor<1x3xf64>, tensor<3xf64>,
           tensor<?x1xf64>) -> tensor<?x5x1xf64>
    %rk = dlc.read @rnn.kernel : tensor<3x7xf64>
    %rr = dlc.read @rnn.recurrent_kernel : tensor<7x7xf64>
    %rnn = dlc.simple_rnn %x, %rk, %rr initial(%h0) activation(relu)
        : (tensor<?x5x3xf64>, tensor<3x7xf64>, tensor<7x7xf64>,
           tensor<?x7xf64>) -> tensor<?x7xf64>
    dlc.return %seq, %after, %before, %rnn
        : tensor<?x5x7xf64>, tensor<?x1xf64>, tensor<?x5x1xf64>,
          tensor<?x7xf64>
  }

  dlc.func @losses(%p: tensor<?x7xf64>, %t: tensor<?x7xf64>)
      -> (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>,
          tensor<f64>, tensor<f64>) {
    %mse = dlc.mean_squared_error %p, %t reduction(sum) scale(0.5)
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<f64>
    %probs = dlc.activation sigmoid %p : tensor<?x7xf64>
    %targets = dlc.activation sigmoid %t : tensor<?x7xf64>
    %bce = dlc.binary_crossentropy %probs, %targets
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<f64>
    %bce_logits = dlc.binary_crossentropy %p, %targets from_logits
        reduction(sum)
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<f64>
    %soft = dlc.activation softmax %p : tensor<?x7xf64>
    %soft_targets = dlc.activation softmax %t : tensor<?x7xf64>
    %cce = dlc.categorical_crossentropy %soft, %soft_targets scale(2.0)
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<f64>
    %cce_logits = dlc.categorical_crossentropy %p, %soft_targets from_logits
        reduction(sum) scale(0.5)
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<f64>
    %zero = dlc.activation relu %t : tensor<?x7xf64>
    %bacc = dlc.binary_accuracy %probs, %zero threshold(0.5)
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<f64>
    %cacc = dlc.categorical_accuracy %p, %t
        : (tensor<?x7xf64>, tensor<?x7xf64>) -> tensor<f64>
    dlc.return %mse, %bce, %bce_logits, %cce, %cce_logits, %bacc, %cacc
        : tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>,
          tensor<f64>, tensor<f64>
  }

  dlc.func @sparse(%labels: tensor<?xi32>, %p: tensor<?x4xf64>)
      -> (tensor<f64>, tensor<f64>, tensor<f64>) {
    %probs = dlc.activation softmax %p : tensor<?x4xf64>
    %scce = dlc.sparse_categorical_crossentropy %probs, %labels
        : (tensor<?x4xf64>, tensor<?xi32>) -> tensor<f64>
    %scce_logits = dlc.sparse_categorical_crossentropy %p, %labels from_logits
        reduction(sum) scale(0.25)
        : (tensor<?x4xf64>, tensor<?xi32>) -> tensor<f64>
    %acc = dlc.sparse_categorical_accuracy %probs, %labels
        : (tensor<?x4xf64>, tensor<?xi32>) -> tensor<f64>
    dlc.return %scce, %scce_logits, %acc : tensor<f64>, tensor<f64>, tensor<f64>
  }
}
