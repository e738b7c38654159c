// The chapter recurrent network on a sine wave: from a window of 50 samples,
// predict the next one.
// Keras: SimpleRNN(50, activation='relu', input_shape=(50, 1)) Dense(1);
//        Adam; mean squared error.
// The same model with the recurrent layer swapped for LSTM(50) or GRU(50)
// (Keras defaults: tanh activation, sigmoid recurrent activation, GRU with
// reset_after=True and so a [2, 3 * units] bias) lives beside it as
// @predict_lstm / @train_lstm and @predict_gru / @train_gru; each variant has
// its own recurrent layer and its own dense head.
dlc.model @sine_rnn {
  // SimpleRNN(50, relu) + Dense(1): 2,600 + 51 = 2,651 parameters.
  dlc.param @rnn.kernel : tensor<1x50xf32> = #dlc.glorot_uniform
  dlc.param @rnn.recurrent_kernel : tensor<50x50xf32> = #dlc.orthogonal
  dlc.param @rnn.bias : tensor<50xf32> = #dlc.zeros
  dlc.param @dense.kernel : tensor<50x1xf32> = #dlc.glorot_uniform
  dlc.param @dense.bias : tensor<1xf32> = #dlc.zeros

  // LSTM(50) + Dense(1): 10,400 + 51 = 10,451 parameters.
  dlc.param @lstm.kernel : tensor<1x200xf32> = #dlc.glorot_uniform
  dlc.param @lstm.recurrent_kernel : tensor<50x200xf32> = #dlc.orthogonal
  dlc.param @lstm.bias : tensor<200xf32> = #dlc.zeros
  dlc.param @lstm_dense.kernel : tensor<50x1xf32> = #dlc.glorot_uniform
  dlc.param @lstm_dense.bias : tensor<1xf32> = #dlc.zeros

  // GRU(50) + Dense(1): 7,950 + 51 = 8,001 parameters.
  dlc.param @gru.kernel : tensor<1x150xf32> = #dlc.glorot_uniform
  dlc.param @gru.recurrent_kernel : tensor<50x150xf32> = #dlc.orthogonal
  dlc.param @gru.bias : tensor<2x150xf32> = #dlc.zeros
  dlc.param @gru_dense.kernel : tensor<50x1xf32> = #dlc.glorot_uniform
  dlc.param @gru_dense.bias : tensor<1xf32> = #dlc.zeros

  // The next sample after each window of 50 (batch, time, features).
  dlc.func @predict(%x: tensor<?x50x1xf32>) -> tensor<?x1xf32> {
    %k = dlc.read @rnn.kernel : tensor<1x50xf32>
    %rk = dlc.read @rnn.recurrent_kernel : tensor<50x50xf32>
    %b = dlc.read @rnn.bias : tensor<50xf32>
    %h = dlc.simple_rnn %x, %k, %rk, %b activation(relu)
        : (tensor<?x50x1xf32>, tensor<1x50xf32>, tensor<50x50xf32>,
           tensor<50xf32>) -> tensor<?x50xf32>
    %w = dlc.read @dense.kernel : tensor<50x1xf32>
    %wb = dlc.read @dense.bias : tensor<1xf32>
    %y = dlc.dense %h, %w, %wb
        : (tensor<?x50xf32>, tensor<50x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }

  // One Adam step on a batch of windows; returns the batch's loss.
  dlc.train @train_step(%x: tensor<?x50x1xf32>, %y: tensor<?x1xf32>)
      -> tensor<f32>
      optimizer #dlc.adam
      params [@rnn.kernel, @rnn.recurrent_kernel, @rnn.bias,
              @dense.kernel, @dense.bias] {
    %p = dlc.call @predict(%x) : (tensor<?x50x1xf32>) -> tensor<?x1xf32>
    %loss = dlc.mean_squared_error %p, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // The LSTM variant: LSTM(50) Dense(1).
  dlc.func @predict_lstm(%x: tensor<?x50x1xf32>) -> tensor<?x1xf32> {
    %k = dlc.read @lstm.kernel : tensor<1x200xf32>
    %rk = dlc.read @lstm.recurrent_kernel : tensor<50x200xf32>
    %b = dlc.read @lstm.bias : tensor<200xf32>
    %h = dlc.lstm %x, %k, %rk, %b
        : (tensor<?x50x1xf32>, tensor<1x200xf32>, tensor<50x200xf32>,
           tensor<200xf32>) -> tensor<?x50xf32>
    %w = dlc.read @lstm_dense.kernel : tensor<50x1xf32>
    %wb = dlc.read @lstm_dense.bias : tensor<1xf32>
    %y = dlc.dense %h, %w, %wb
        : (tensor<?x50xf32>, tensor<50x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }

  dlc.train @train_lstm(%x: tensor<?x50x1xf32>, %y: tensor<?x1xf32>)
      -> tensor<f32>
      optimizer #dlc.adam
      params [@lstm.kernel, @lstm.recurrent_kernel, @lstm.bias,
              @lstm_dense.kernel, @lstm_dense.bias] {
    %p = dlc.call @predict_lstm(%x) : (tensor<?x50x1xf32>) -> tensor<?x1xf32>
    %loss = dlc.mean_squared_error %p, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // The GRU variant: GRU(50) Dense(1).
  dlc.func @predict_gru(%x: tensor<?x50x1xf32>) -> tensor<?x1xf32> {
    %k = dlc.read @gru.kernel : tensor<1x150xf32>
    %rk = dlc.read @gru.recurrent_kernel : tensor<50x150xf32>
    %b = dlc.read @gru.bias : tensor<2x150xf32>
    %h = dlc.gru %x, %k, %rk, %b
        : (tensor<?x50x1xf32>, tensor<1x150xf32>, tensor<50x150xf32>,
           tensor<2x150xf32>) -> tensor<?x50xf32>
    %w = dlc.read @gru_dense.kernel : tensor<50x1xf32>
    %wb = dlc.read @gru_dense.bias : tensor<1xf32>
    %y = dlc.dense %h, %w, %wb
        : (tensor<?x50xf32>, tensor<50x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }

  dlc.train @train_gru(%x: tensor<?x50x1xf32>, %y: tensor<?x1xf32>)
      -> tensor<f32>
      optimizer #dlc.adam
      params [@gru.kernel, @gru.recurrent_kernel, @gru.bias,
              @gru_dense.kernel, @gru_dense.bias] {
    %p = dlc.call @predict_gru(%x) : (tensor<?x50x1xf32>) -> tensor<?x1xf32>
    %loss = dlc.mean_squared_error %p, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
