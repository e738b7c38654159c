// dlc.simple_rnn, dlc.lstm and dlc.gru over [batch, 5 steps, 3 features]
// with 7 units and 1 unit: with and without bias, with and without
// return_sequences, with initial states passed in as entry-point arguments
// and without, custom activations and recurrent activations, GRU with
// reset_after = true ([2, 3U] bias) and false ([3U] bias), and stacked
// layers. (A dynamic number of time steps crashes the compiler: see
// known-bug-two-dynamic-axes.mlir.)
dlc.model @recurrent {
  dlc.param @rnn.kernel : tensor<3x7xf32> = #dlc.glorot_uniform
  dlc.param @rnn.recurrent_kernel : tensor<7x7xf32> = #dlc.orthogonal
  dlc.param @rnn.bias : tensor<7xf32> = #dlc.zeros
  dlc.param @rnn1.kernel : tensor<3x1xf32> = #dlc.glorot_uniform
  dlc.param @rnn1.recurrent_kernel : tensor<1x1xf32> = #dlc.orthogonal
  dlc.param @rnn1.bias : tensor<1xf32> = #dlc.zeros

  dlc.param @lstm.kernel : tensor<3x28xf32> = #dlc.glorot_uniform
  dlc.param @lstm.recurrent_kernel : tensor<7x28xf32> = #dlc.orthogonal
  dlc.param @lstm.bias : tensor<28xf32> = #dlc.zeros
  dlc.param @lstm1.kernel : tensor<3x4xf32> = #dlc.glorot_uniform
  dlc.param @lstm1.recurrent_kernel : tensor<1x4xf32> = #dlc.orthogonal
  dlc.param @lstm1.bias : tensor<4xf32> = #dlc.ones

  dlc.param @gru.kernel : tensor<3x21xf32> = #dlc.glorot_uniform
  dlc.param @gru.recurrent_kernel : tensor<7x21xf32> = #dlc.orthogonal
  dlc.param @gru.bias_after : tensor<2x21xf32> = #dlc.zeros
  dlc.param @gru.bias_before : tensor<21xf32> = #dlc.zeros
  dlc.param @gru1.kernel : tensor<3x3xf32> = #dlc.glorot_uniform
  dlc.param @gru1.recurrent_kernel : tensor<1x3xf32> = #dlc.orthogonal
  dlc.param @gru1.bias_after : tensor<2x3xf32> = #dlc.zeros
  dlc.param @gru1.bias_before : tensor<3xf32> = #dlc.constant<0.1>

  dlc.param @head.kernel : tensor<7x1xf32> = #dlc.glorot_uniform

  dlc.func @simple_rnn(%x: tensor<?x5x3xf32>, %h0: tensor<?x7xf32>)
      -> (tensor<?x7xf32>, tensor<?x5x7xf32>, tensor<?x5x7xf32>,
          tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>) {
    %k = dlc.read @rnn.kernel : tensor<3x7xf32>
    %r = dlc.read @rnn.recurrent_kernel : tensor<7x7xf32>
    %b = dlc.read @rnn.bias : tensor<7xf32>
    %default = dlc.simple_rnn %x, %k, %r, %b
        : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>, tensor<7xf32>)
        -> tensor<?x7xf32>
    %seq = dlc.simple_rnn %x, %k, %r return_sequences
        : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>)
        -> tensor<?x5x7xf32>
    %init_seq = dlc.simple_rnn %x, %k, %r, %b initial(%h0) activation(relu)
        return_sequences
        : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>, tensor<7xf32>,
           tensor<?x7xf32>) -> tensor<?x5x7xf32>
    %init = dlc.simple_rnn %x, %k, %r initial(%h0) activation(sigmoid)
        : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>,
           tensor<?x7xf32>) -> tensor<?x7xf32>
    %leaky = dlc.simple_rnn %x, %k, %r, %b activation(leaky_relu)
        : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>, tensor<7xf32>)
        -> tensor<?x7xf32>
    %identity = dlc.simple_rnn %x, %k, %r activation(identity)
        : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>)
        -> tensor<?x7xf32>
    dlc.return %default, %seq, %init_seq, %init, %leaky, %identity
        : tensor<?x7xf32>, tensor<?x5x7xf32>, tensor<?x5x7xf32>,
          tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>
  }

  dlc.func @simple_rnn_one_unit(%x: tensor<?x5x3xf32>, %h0: tensor<?x1xf32>)
      -> (tensor<?x1xf32>, tensor<?x5x1xf32>) {
    %k = dlc.read @rnn1.kernel : tensor<3x1xf32>
    %r = dlc.read @rnn1.recurrent_kernel : tensor<1x1xf32>
    %b = dlc.read @rnn1.bias : tensor<1xf32>
    %last = dlc.simple_rnn %x, %k, %r, %b
        : (tensor<?x5x3xf32>, tensor<3x1xf32>, tensor<1x1xf32>, tensor<1xf32>)
        -> tensor<?x1xf32>
    %seq = dlc.simple_rnn %x, %k, %r initial(%h0) activation(relu)
        return_sequences
        : (tensor<?x5x3xf32>, tensor<3x1xf32>, tensor<1x1xf32>,
           tensor<?x1xf32>) -> tensor<?x5x1xf32>
    dlc.return %last, %seq : tensor<?x1xf32>, tensor<?x5x1xf32>
  }

  dlc.func @lstm(%x: tensor<?x5x3xf32>, %h0: tensor<?x7xf32>,
                 %c0: tensor<?x7xf32>)
      -> (tensor<?x7xf32>, tensor<?x5x7xf32>, tensor<?x5x7xf32>,
          tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>) {
    %k = dlc.read @lstm.kernel : tensor<3x28xf32>
    %r = dlc.read @lstm.recurrent_kernel : tensor<7x28xf32>
    %b = dlc.read @lstm.bias : tensor<28xf32>
    %default = dlc.lstm %x, %k, %r, %b
        : (tensor<?x5x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>,
           tensor<28xf32>) -> tensor<?x7xf32>
    %seq = dlc.lstm %x, %k, %r return_sequences
        : (tensor<?x5x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>)
        -> tensor<?x5x7xf32>
    %init_seq = dlc.lstm %x, %k, %r, %b initial(%h0, %c0) return_sequences
        : (tensor<?x5x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>,
           tensor<28xf32>, tensor<?x7xf32>, tensor<?x7xf32>)
        -> tensor<?x5x7xf32>
    %acts = dlc.lstm %x, %k, %r, %b activation(relu)
        recurrent_activation(tanh)
        : (tensor<?x5x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>,
           tensor<28xf32>) -> tensor<?x7xf32>
    %init = dlc.lstm %x, %k, %r initial(%h0, %c0) activation(sigmoid)
        recurrent_activation(sigmoid)
        : (tensor<?x5x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>,
           tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<?x7xf32>
    %hard = dlc.lstm %x, %k, %r, %b activation(tanh)
        recurrent_activation(relu)
        : (tensor<?x5x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>,
           tensor<28xf32>) -> tensor<?x7xf32>
    dlc.return %default, %seq, %init_seq, %acts, %init, %hard
        : tensor<?x7xf32>, tensor<?x5x7xf32>, tensor<?x5x7xf32>,
          tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>
  }

  dlc.func @lstm_one_unit(%x: tensor<?x5x3xf32>, %h0: tensor<?x1xf32>,
                          %c0: tensor<?x1xf32>)
      -> (tensor<?x1xf32>, tensor<?x5x1xf32>) {
    %k = dlc.read @lstm1.kernel : tensor<3x4xf32>
    %r = dlc.read @lstm1.recurrent_kernel : tensor<1x4xf32>
    %b = dlc.read @lstm1.bias : tensor<4xf32>
    %last = dlc.lstm %x, %k, %r, %b
        : (tensor<?x5x3xf32>, tensor<3x4xf32>, tensor<1x4xf32>, tensor<4xf32>)
        -> tensor<?x1xf32>
    %seq = dlc.lstm %x, %k, %r initial(%h0, %c0) activation(relu)
        recurrent_activation(sigmoid) return_sequences
        : (tensor<?x5x3xf32>, tensor<3x4xf32>, tensor<1x4xf32>,
           tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x5x1xf32>
    dlc.return %last, %seq : tensor<?x1xf32>, tensor<?x5x1xf32>
  }

  dlc.func @gru(%x: tensor<?x5x3xf32>, %h0: tensor<?x7xf32>)
      -> (tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>,
          tensor<?x5x7xf32>, tensor<?x5x7xf32>, tensor<?x7xf32>) {
    %k = dlc.read @gru.kernel : tensor<3x21xf32>
    %r = dlc.read @gru.recurrent_kernel : tensor<7x21xf32>
    %b2 = dlc.read @gru.bias_after : tensor<2x21xf32>
    %b = dlc.read @gru.bias_before : tensor<21xf32>
    %after = dlc.gru %x, %k, %r, %b2
        : (tensor<?x5x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>,
           tensor<2x21xf32>) -> tensor<?x7xf32>
    %before = dlc.gru %x, %k, %r, %b {reset_after = false}
        : (tensor<?x5x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>,
           tensor<21xf32>) -> tensor<?x7xf32>
    %after_no_bias = dlc.gru %x, %k, %r
        : (tensor<?x5x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>)
        -> tensor<?x7xf32>
    %before_no_bias = dlc.gru %x, %k, %r {reset_after = false}
        : (tensor<?x5x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>)
        -> tensor<?x7xf32>
    %after_seq = dlc.gru %x, %k, %r, %b2 initial(%h0) return_sequences
        : (tensor<?x5x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>,
           tensor<2x21xf32>, tensor<?x7xf32>) -> tensor<?x5x7xf32>
    %before_seq = dlc.gru %x, %k, %r, %b initial(%h0) activation(relu)
        recurrent_activation(tanh) return_sequences {reset_after = false}
        : (tensor<?x5x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>,
           tensor<21xf32>, tensor<?x7xf32>) -> tensor<?x5x7xf32>
    %acts = dlc.gru %x, %k, %r, %b2 initial(%h0) activation(sigmoid)
        recurrent_activation(sigmoid)
        : (tensor<?x5x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>,
           tensor<2x21xf32>, tensor<?x7xf32>) -> tensor<?x7xf32>
    dlc.return %after, %before, %after_no_bias, %before_no_bias, %after_seq,
        %before_seq, %acts
        : tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>,
          tensor<?x5x7xf32>, tensor<?x5x7xf32>, tensor<?x7xf32>
  }

  dlc.func @gru_one_unit(%x: tensor<?x5x3xf32>, %h0: tensor<?x1xf32>)
      -> (tensor<?x1xf32>, tensor<?x5x1xf32>, tensor<?x1xf32>) {
    %k = dlc.read @gru1.kernel : tensor<3x3xf32>
    %r = dlc.read @gru1.recurrent_kernel : tensor<1x3xf32>
    %b2 = dlc.read @gru1.bias_after : tensor<2x3xf32>
    %b = dlc.read @gru1.bias_before : tensor<3xf32>
    %after = dlc.gru %x, %k, %r, %b2
        : (tensor<?x5x3xf32>, tensor<3x3xf32>, tensor<1x3xf32>,
           tensor<2x3xf32>) -> tensor<?x1xf32>
    %before_seq = dlc.gru %x, %k, %r, %b initial(%h0) return_sequences
        {reset_after = false}
        : (tensor<?x5x3xf32>, tensor<3x3xf32>, tensor<1x3xf32>, tensor<3xf32>,
           tensor<?x1xf32>) -> tensor<?x5x1xf32>
    %relu = dlc.gru %x, %k, %r initial(%h0) activation(relu)
        recurrent_activation(tanh)
        : (tensor<?x5x3xf32>, tensor<3x3xf32>, tensor<1x3xf32>,
           tensor<?x1xf32>) -> tensor<?x1xf32>
    dlc.return %after, %before_seq, %relu
        : tensor<?x1xf32>, tensor<?x5x1xf32>, tensor<?x1xf32>
  }

  // Stacked: LSTM (sequences) -> GRU (sequences) -> SimpleRNN -> dense.
  dlc.func @stacked(%x: tensor<?x5x3xf32>) -> tensor<?x1xf32> {
    %lk = dlc.read @lstm.kernel : tensor<3x28xf32>
    %lr = dlc.read @lstm.recurrent_kernel : tensor<7x28xf32>
    %lb = dlc.read @lstm.bias : tensor<28xf32>
    %s1 = dlc.lstm %x, %lk, %lr, %lb return_sequences
        : (tensor<?x5x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>,
           tensor<28xf32>) -> tensor<?x5x7xf32>
    %gk = dlc.read @gru1.kernel : tensor<3x3xf32>
    %w = dlc.read @head.kernel : tensor<7x1xf32>
    %proj = dlc.dense %s1, %w
        : (tensor<?x5x7xf32>, tensor<7x1xf32>) -> tensor<?x5x1xf32>
    %rk = dlc.read @rnn1.kernel : tensor<3x1xf32>
    %rr = dlc.read @rnn1.recurrent_kernel : tensor<1x1xf32>
    %cat = dlc.concat %proj, %proj, %proj axis 2
        : (tensor<?x5x1xf32>, tensor<?x5x1xf32>, tensor<?x5x1xf32>)
        -> tensor<?x5x3xf32>
    %gr = dlc.read @gru1.recurrent_kernel : tensor<1x3xf32>
    %s2 = dlc.gru %cat, %gk, %gr return_sequences
        : (tensor<?x5x3xf32>, tensor<3x3xf32>, tensor<1x3xf32>)
        -> tensor<?x5x1xf32>
    %s3 = dlc.concat %s2, %proj, %s2 axis 2
        : (tensor<?x5x1xf32>, tensor<?x5x1xf32>, tensor<?x5x1xf32>)
        -> tensor<?x5x3xf32>
    %y = dlc.simple_rnn %s3, %rk, %rr
        : (tensor<?x5x3xf32>, tensor<3x1xf32>, tensor<1x1xf32>)
        -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }
}
