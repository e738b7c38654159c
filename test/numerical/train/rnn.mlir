// Backpropagation through time for simple_rnn: the last state or the whole
// sequence, relu and tanh cells, an initial state that is itself trained
// through a dense layer, no bias, 5 time steps of 3 features.
dlc.model @train_rnn {
  dlc.param @k : tensor<3x7xf32> = #dlc.glorot_uniform
  dlc.param @r : tensor<7x7xf32> = #dlc.orthogonal
  dlc.param @b : tensor<7xf32> = #dlc.zeros
  dlc.param @w : tensor<7x2xf32> = #dlc.glorot_uniform
  dlc.param @s : tensor<4x7xf32> = #dlc.glorot_uniform
  dlc.param @lk : tensor<3x20xf32> = #dlc.glorot_uniform
  dlc.param @lr : tensor<5x20xf32> = #dlc.orthogonal
  dlc.param @lb : tensor<20xf32> = #dlc.zeros
  dlc.param @lw : tensor<5x2xf32> = #dlc.glorot_uniform
  dlc.param @gk : tensor<3x12xf32> = #dlc.glorot_uniform
  dlc.param @gr : tensor<4x12xf32> = #dlc.orthogonal
  dlc.param @gb : tensor<2x12xf32> = #dlc.zeros
  dlc.param @gb3 : tensor<12xf32> = #dlc.zeros
  dlc.param @gw : tensor<4x2xf32> = #dlc.glorot_uniform

  dlc.train @last(%x: tensor<?x5x3xf32>, %t: tensor<?x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@k, @r, @b, @w] {
    %k = dlc.read @k : tensor<3x7xf32>
    %r = dlc.read @r : tensor<7x7xf32>
    %b = dlc.read @b : tensor<7xf32>
    %h = dlc.simple_rnn %x, %k, %r, %b activation(relu) : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
    %w = dlc.read @w : tensor<7x2xf32>
    %y = dlc.dense %h, %w : (tensor<?x7xf32>, tensor<7x2xf32>) -> tensor<?x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.train @sequence(%x: tensor<?x5x3xf32>, %s0: tensor<?x4xf32>, %t: tensor<?x5x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@k, @r, @w, @s] {
    %s = dlc.read @s : tensor<4x7xf32>
    %h0 = dlc.dense %s0, %s activation(tanh) : (tensor<?x4xf32>, tensor<4x7xf32>) -> tensor<?x7xf32>
    %k = dlc.read @k : tensor<3x7xf32>
    %r = dlc.read @r : tensor<7x7xf32>
    %h = dlc.simple_rnn %x, %k, %r initial(%h0) activation(tanh) return_sequences : (tensor<?x5x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>, tensor<?x7xf32>) -> tensor<?x5x7xf32>
    %w = dlc.read @w : tensor<7x2xf32>
    %y = dlc.dense %h, %w activation(sigmoid) : (tensor<?x5x7xf32>, tensor<7x2xf32>) -> tensor<?x5x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x5x2xf32>, tensor<?x5x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // LSTM: the last state (default tanh / sigmoid), and a sequence with
  // initial states and other activations.
  dlc.train @lstm_last(%x: tensor<?x5x3xf32>, %t: tensor<?x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@lk, @lr, @lb, @lw] {
    %k = dlc.read @lk : tensor<3x20xf32>
    %r = dlc.read @lr : tensor<5x20xf32>
    %b = dlc.read @lb : tensor<20xf32>
    %h = dlc.lstm %x, %k, %r, %b : (tensor<?x5x3xf32>, tensor<3x20xf32>, tensor<5x20xf32>, tensor<20xf32>) -> tensor<?x5xf32>
    %w = dlc.read @lw : tensor<5x2xf32>
    %y = dlc.dense %h, %w : (tensor<?x5xf32>, tensor<5x2xf32>) -> tensor<?x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.train @lstm_sequence(%x: tensor<?x5x3xf32>, %h0: tensor<?x5xf32>, %c0: tensor<?x5xf32>, %t: tensor<?x5x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@lk, @lr, @lw] {
    %k = dlc.read @lk : tensor<3x20xf32>
    %r = dlc.read @lr : tensor<5x20xf32>
    %h = dlc.lstm %x, %k, %r initial(%h0, %c0) activation(relu) recurrent_activation(tanh) return_sequences : (tensor<?x5x3xf32>, tensor<3x20xf32>, tensor<5x20xf32>, tensor<?x5xf32>, tensor<?x5xf32>) -> tensor<?x5x5xf32>
    %w = dlc.read @lw : tensor<5x2xf32>
    %y = dlc.dense %h, %w : (tensor<?x5x5xf32>, tensor<5x2xf32>) -> tensor<?x5x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x5x2xf32>, tensor<?x5x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // GRU: reset_after (Keras' default, bias [2, 3U]) on the last state, and
  // reset_after = false (bias [3U]) over a sequence with an initial state.
  dlc.train @gru_last(%x: tensor<?x5x3xf32>, %t: tensor<?x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@gk, @gr, @gb, @gw] {
    %k = dlc.read @gk : tensor<3x12xf32>
    %r = dlc.read @gr : tensor<4x12xf32>
    %b = dlc.read @gb : tensor<2x12xf32>
    %h = dlc.gru %x, %k, %r, %b : (tensor<?x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>) -> tensor<?x4xf32>
    %w = dlc.read @gw : tensor<4x2xf32>
    %y = dlc.dense %h, %w : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.train @gru_sequence(%x: tensor<?x5x3xf32>, %h0: tensor<?x4xf32>, %t: tensor<?x5x2xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@gk, @gr, @gb3, @gw] {
    %k = dlc.read @gk : tensor<3x12xf32>
    %r = dlc.read @gr : tensor<4x12xf32>
    %b = dlc.read @gb3 : tensor<12xf32>
    %h = dlc.gru %x, %k, %r, %b initial(%h0) activation(relu) return_sequences {reset_after = false} : (tensor<?x5x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<12xf32>, tensor<?x4xf32>) -> tensor<?x5x4xf32>
    %w = dlc.read @gw : tensor<4x2xf32>
    %y = dlc.dense %h, %w : (tensor<?x5x4xf32>, tensor<4x2xf32>) -> tensor<?x5x2xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x5x2xf32>, tensor<?x5x2xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
