// Every layer shape of the chapter models, alone: a forward entry point
// (dynamic batch, as in the models) and a training step of the layer by
// itself. The step's input is a parameter of the chapter's batch, so that
// it computes the input gradient as well as the weight gradients (as the
// layer does inside a network), then plain SGD on everything it reads; its
// loss is the mean squared error against a target. bench/bench_layers.cpp
// times them and bench/bench_peers.cpp times oneDNN and OpenBLAS on the
// same shapes.
dlc.model @bench_layers {

  dlc.param @cnn_dense1.x : tensor<64x1600xf32> = #dlc.glorot_uniform
  dlc.param @cnn_dense1.kernel : tensor<1600x64xf32> = #dlc.glorot_uniform
  dlc.param @cnn_dense1.bias : tensor<64xf32> = #dlc.zeros
  dlc.func @cnn_dense1(%x: tensor<?x1600xf32>) -> tensor<?x64xf32> {
    %w = dlc.read @cnn_dense1.kernel : tensor<1600x64xf32>
    %b = dlc.read @cnn_dense1.bias : tensor<64xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<?x1600xf32>, tensor<1600x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
    dlc.return %r : tensor<?x64xf32>
  }
  dlc.train @cnn_dense1_train(%y: tensor<64x64xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@cnn_dense1.x, @cnn_dense1.kernel, @cnn_dense1.bias] {
    %x = dlc.read @cnn_dense1.x : tensor<64x1600xf32>
    %w = dlc.read @cnn_dense1.kernel : tensor<1600x64xf32>
    %b = dlc.read @cnn_dense1.bias : tensor<64xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<64x1600xf32>, tensor<1600x64xf32>, tensor<64xf32>) -> tensor<64x64xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @cnn_dense2.x : tensor<64x64xf32> = #dlc.glorot_uniform
  dlc.param @cnn_dense2.kernel : tensor<64x10xf32> = #dlc.glorot_uniform
  dlc.param @cnn_dense2.bias : tensor<10xf32> = #dlc.zeros
  dlc.func @cnn_dense2(%x: tensor<?x64xf32>) -> tensor<?x10xf32> {
    %w = dlc.read @cnn_dense2.kernel : tensor<64x10xf32>
    %b = dlc.read @cnn_dense2.bias : tensor<10xf32>
    %r = dlc.dense %x, %w, %b activation(softmax) : (tensor<?x64xf32>, tensor<64x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    dlc.return %r : tensor<?x10xf32>
  }
  dlc.train @cnn_dense2_train(%y: tensor<64x10xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@cnn_dense2.x, @cnn_dense2.kernel, @cnn_dense2.bias] {
    %x = dlc.read @cnn_dense2.x : tensor<64x64xf32>
    %w = dlc.read @cnn_dense2.kernel : tensor<64x10xf32>
    %b = dlc.read @cnn_dense2.bias : tensor<10xf32>
    %r = dlc.dense %x, %w, %b activation(softmax) : (tensor<64x64xf32>, tensor<64x10xf32>, tensor<10xf32>) -> tensor<64x10xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x10xf32>, tensor<64x10xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @ae_encoder.x : tensor<256x784xf32> = #dlc.glorot_uniform
  dlc.param @ae_encoder.kernel : tensor<784x32xf32> = #dlc.glorot_uniform
  dlc.param @ae_encoder.bias : tensor<32xf32> = #dlc.zeros
  dlc.func @ae_encoder(%x: tensor<?x784xf32>) -> tensor<?x32xf32> {
    %w = dlc.read @ae_encoder.kernel : tensor<784x32xf32>
    %b = dlc.read @ae_encoder.bias : tensor<32xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<?x784xf32>, tensor<784x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    dlc.return %r : tensor<?x32xf32>
  }
  dlc.train @ae_encoder_train(%y: tensor<256x32xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@ae_encoder.x, @ae_encoder.kernel, @ae_encoder.bias] {
    %x = dlc.read @ae_encoder.x : tensor<256x784xf32>
    %w = dlc.read @ae_encoder.kernel : tensor<784x32xf32>
    %b = dlc.read @ae_encoder.bias : tensor<32xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<256x784xf32>, tensor<784x32xf32>, tensor<32xf32>) -> tensor<256x32xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<256x32xf32>, tensor<256x32xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @ae_decoder.x : tensor<256x32xf32> = #dlc.glorot_uniform
  dlc.param @ae_decoder.kernel : tensor<32x784xf32> = #dlc.glorot_uniform
  dlc.param @ae_decoder.bias : tensor<784xf32> = #dlc.zeros
  dlc.func @ae_decoder(%x: tensor<?x32xf32>) -> tensor<?x784xf32> {
    %w = dlc.read @ae_decoder.kernel : tensor<32x784xf32>
    %b = dlc.read @ae_decoder.bias : tensor<784xf32>
    %r = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<?x32xf32>, tensor<32x784xf32>, tensor<784xf32>) -> tensor<?x784xf32>
    dlc.return %r : tensor<?x784xf32>
  }
  dlc.train @ae_decoder_train(%y: tensor<256x784xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@ae_decoder.x, @ae_decoder.kernel, @ae_decoder.bias] {
    %x = dlc.read @ae_decoder.x : tensor<256x32xf32>
    %w = dlc.read @ae_decoder.kernel : tensor<32x784xf32>
    %b = dlc.read @ae_decoder.bias : tensor<784xf32>
    %r = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<256x32xf32>, tensor<32x784xf32>, tensor<784xf32>) -> tensor<256x784xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<256x784xf32>, tensor<256x784xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @gan_gen1.x : tensor<64x100xf32> = #dlc.glorot_uniform
  dlc.param @gan_gen1.kernel : tensor<100x128xf32> = #dlc.glorot_uniform
  dlc.param @gan_gen1.bias : tensor<128xf32> = #dlc.zeros
  dlc.func @gan_gen1(%x: tensor<?x100xf32>) -> tensor<?x128xf32> {
    %w = dlc.read @gan_gen1.kernel : tensor<100x128xf32>
    %b = dlc.read @gan_gen1.bias : tensor<128xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<?x100xf32>, tensor<100x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    dlc.return %r : tensor<?x128xf32>
  }
  dlc.train @gan_gen1_train(%y: tensor<64x128xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@gan_gen1.x, @gan_gen1.kernel, @gan_gen1.bias] {
    %x = dlc.read @gan_gen1.x : tensor<64x100xf32>
    %w = dlc.read @gan_gen1.kernel : tensor<100x128xf32>
    %b = dlc.read @gan_gen1.bias : tensor<128xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<64x100xf32>, tensor<100x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @gan_gen2.x : tensor<64x128xf32> = #dlc.glorot_uniform
  dlc.param @gan_gen2.kernel : tensor<128x784xf32> = #dlc.glorot_uniform
  dlc.param @gan_gen2.bias : tensor<784xf32> = #dlc.zeros
  dlc.func @gan_gen2(%x: tensor<?x128xf32>) -> tensor<?x784xf32> {
    %w = dlc.read @gan_gen2.kernel : tensor<128x784xf32>
    %b = dlc.read @gan_gen2.bias : tensor<784xf32>
    %r = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<?x128xf32>, tensor<128x784xf32>, tensor<784xf32>) -> tensor<?x784xf32>
    dlc.return %r : tensor<?x784xf32>
  }
  dlc.train @gan_gen2_train(%y: tensor<64x784xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@gan_gen2.x, @gan_gen2.kernel, @gan_gen2.bias] {
    %x = dlc.read @gan_gen2.x : tensor<64x128xf32>
    %w = dlc.read @gan_gen2.kernel : tensor<128x784xf32>
    %b = dlc.read @gan_gen2.bias : tensor<784xf32>
    %r = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<64x128xf32>, tensor<128x784xf32>, tensor<784xf32>) -> tensor<64x784xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x784xf32>, tensor<64x784xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @gan_disc1.x : tensor<64x784xf32> = #dlc.glorot_uniform
  dlc.param @gan_disc1.kernel : tensor<784x128xf32> = #dlc.glorot_uniform
  dlc.param @gan_disc1.bias : tensor<128xf32> = #dlc.zeros
  dlc.func @gan_disc1(%x: tensor<?x784xf32>) -> tensor<?x128xf32> {
    %w = dlc.read @gan_disc1.kernel : tensor<784x128xf32>
    %b = dlc.read @gan_disc1.bias : tensor<128xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    dlc.return %r : tensor<?x128xf32>
  }
  dlc.train @gan_disc1_train(%y: tensor<64x128xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@gan_disc1.x, @gan_disc1.kernel, @gan_disc1.bias] {
    %x = dlc.read @gan_disc1.x : tensor<64x784xf32>
    %w = dlc.read @gan_disc1.kernel : tensor<784x128xf32>
    %b = dlc.read @gan_disc1.bias : tensor<128xf32>
    %r = dlc.dense %x, %w, %b activation(relu) : (tensor<64x784xf32>, tensor<784x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @gan_disc2.x : tensor<64x128xf32> = #dlc.glorot_uniform
  dlc.param @gan_disc2.kernel : tensor<128x1xf32> = #dlc.glorot_uniform
  dlc.param @gan_disc2.bias : tensor<1xf32> = #dlc.zeros
  dlc.func @gan_disc2(%x: tensor<?x128xf32>) -> tensor<?x1xf32> {
    %w = dlc.read @gan_disc2.kernel : tensor<128x1xf32>
    %b = dlc.read @gan_disc2.bias : tensor<1xf32>
    %r = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<?x128xf32>, tensor<128x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    dlc.return %r : tensor<?x1xf32>
  }
  dlc.train @gan_disc2_train(%y: tensor<64x1xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@gan_disc2.x, @gan_disc2.kernel, @gan_disc2.bias] {
    %x = dlc.read @gan_disc2.x : tensor<64x128xf32>
    %w = dlc.read @gan_disc2.kernel : tensor<128x1xf32>
    %b = dlc.read @gan_disc2.bias : tensor<1xf32>
    %r = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<64x128xf32>, tensor<128x1xf32>, tensor<1xf32>) -> tensor<64x1xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x1xf32>, tensor<64x1xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @cnn_conv1.x : tensor<64x28x28x1xf32> = #dlc.glorot_uniform
  dlc.param @cnn_conv1.kernel : tensor<3x3x1x32xf32> = #dlc.glorot_uniform
  dlc.param @cnn_conv1.bias : tensor<32xf32> = #dlc.zeros
  dlc.func @cnn_conv1(%x: tensor<?x28x28x1xf32>) -> tensor<?x26x26x32xf32> {
    %w = dlc.read @cnn_conv1.kernel : tensor<3x3x1x32xf32>
    %b = dlc.read @cnn_conv1.bias : tensor<32xf32>
    %r = dlc.conv2d %x, %w, %b activation(relu) : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x26x26x32xf32>
    dlc.return %r : tensor<?x26x26x32xf32>
  }
  dlc.train @cnn_conv1_train(%y: tensor<64x26x26x32xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@cnn_conv1.x, @cnn_conv1.kernel, @cnn_conv1.bias] {
    %x = dlc.read @cnn_conv1.x : tensor<64x28x28x1xf32>
    %w = dlc.read @cnn_conv1.kernel : tensor<3x3x1x32xf32>
    %b = dlc.read @cnn_conv1.bias : tensor<32xf32>
    %r = dlc.conv2d %x, %w, %b activation(relu) : (tensor<64x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<64x26x26x32xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x26x26x32xf32>, tensor<64x26x26x32xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @cnn_conv2.x : tensor<64x13x13x32xf32> = #dlc.glorot_uniform
  dlc.param @cnn_conv2.kernel : tensor<3x3x32x64xf32> = #dlc.glorot_uniform
  dlc.param @cnn_conv2.bias : tensor<64xf32> = #dlc.zeros
  dlc.func @cnn_conv2(%x: tensor<?x13x13x32xf32>) -> tensor<?x11x11x64xf32> {
    %w = dlc.read @cnn_conv2.kernel : tensor<3x3x32x64xf32>
    %b = dlc.read @cnn_conv2.bias : tensor<64xf32>
    %r = dlc.conv2d %x, %w, %b activation(relu) : (tensor<?x13x13x32xf32>, tensor<3x3x32x64xf32>, tensor<64xf32>) -> tensor<?x11x11x64xf32>
    dlc.return %r : tensor<?x11x11x64xf32>
  }
  dlc.train @cnn_conv2_train(%y: tensor<64x11x11x64xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@cnn_conv2.x, @cnn_conv2.kernel, @cnn_conv2.bias] {
    %x = dlc.read @cnn_conv2.x : tensor<64x13x13x32xf32>
    %w = dlc.read @cnn_conv2.kernel : tensor<3x3x32x64xf32>
    %b = dlc.read @cnn_conv2.bias : tensor<64xf32>
    %r = dlc.conv2d %x, %w, %b activation(relu) : (tensor<64x13x13x32xf32>, tensor<3x3x32x64xf32>, tensor<64xf32>) -> tensor<64x11x11x64xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x11x11x64xf32>, tensor<64x11x11x64xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @cnn_pool1.x : tensor<64x26x26x32xf32> = #dlc.glorot_uniform
  dlc.func @cnn_pool1(%x: tensor<?x26x26x32xf32>) -> tensor<?x13x13x32xf32> {
    %r = dlc.max_pool2d %x size [2, 2] : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
    dlc.return %r : tensor<?x13x13x32xf32>
  }
  dlc.train @cnn_pool1_train(%y: tensor<64x13x13x32xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@cnn_pool1.x] {
    %x = dlc.read @cnn_pool1.x : tensor<64x26x26x32xf32>
    %r = dlc.max_pool2d %x size [2, 2] : tensor<64x26x26x32xf32> -> tensor<64x13x13x32xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x13x13x32xf32>, tensor<64x13x13x32xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @cnn_pool2.x : tensor<64x11x11x64xf32> = #dlc.glorot_uniform
  dlc.func @cnn_pool2(%x: tensor<?x11x11x64xf32>) -> tensor<?x5x5x64xf32> {
    %r = dlc.max_pool2d %x size [2, 2] : tensor<?x11x11x64xf32> -> tensor<?x5x5x64xf32>
    dlc.return %r : tensor<?x5x5x64xf32>
  }
  dlc.train @cnn_pool2_train(%y: tensor<64x5x5x64xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@cnn_pool2.x] {
    %x = dlc.read @cnn_pool2.x : tensor<64x11x11x64xf32>
    %r = dlc.max_pool2d %x size [2, 2] : tensor<64x11x11x64xf32> -> tensor<64x5x5x64xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<64x5x5x64xf32>, tensor<64x5x5x64xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @simple_rnn.x : tensor<32x50x1xf32> = #dlc.glorot_uniform
  dlc.param @simple_rnn.kernel : tensor<1x50xf32> = #dlc.glorot_uniform
  dlc.param @simple_rnn.recurrent_kernel : tensor<50x50xf32> = #dlc.orthogonal
  dlc.param @simple_rnn.bias : tensor<50xf32> = #dlc.zeros
  dlc.func @simple_rnn(%x: tensor<?x50x1xf32>) -> tensor<?x50xf32> {
    %k = dlc.read @simple_rnn.kernel : tensor<1x50xf32>
    %rk = dlc.read @simple_rnn.recurrent_kernel : tensor<50x50xf32>
    %b = dlc.read @simple_rnn.bias : tensor<50xf32>
    %r = dlc.simple_rnn %x, %k, %rk, %b activation(relu) : (tensor<?x50x1xf32>, tensor<1x50xf32>, tensor<50x50xf32>, tensor<50xf32>) -> tensor<?x50xf32>
    dlc.return %r : tensor<?x50xf32>
  }
  dlc.train @simple_rnn_train(%y: tensor<32x50xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@simple_rnn.x, @simple_rnn.kernel, @simple_rnn.recurrent_kernel, @simple_rnn.bias] {
    %x = dlc.read @simple_rnn.x : tensor<32x50x1xf32>
    %k = dlc.read @simple_rnn.kernel : tensor<1x50xf32>
    %rk = dlc.read @simple_rnn.recurrent_kernel : tensor<50x50xf32>
    %b = dlc.read @simple_rnn.bias : tensor<50xf32>
    %r = dlc.simple_rnn %x, %k, %rk, %b activation(relu) : (tensor<32x50x1xf32>, tensor<1x50xf32>, tensor<50x50xf32>, tensor<50xf32>) -> tensor<32x50xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<32x50xf32>, tensor<32x50xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @lstm.x : tensor<32x50x1xf32> = #dlc.glorot_uniform
  dlc.param @lstm.kernel : tensor<1x200xf32> = #dlc.glorot_uniform
  dlc.param @lstm.recurrent_kernel : tensor<50x200xf32> = #dlc.orthogonal
  dlc.param @lstm.bias : tensor<200xf32> = #dlc.zeros
  dlc.func @lstm(%x: tensor<?x50x1xf32>) -> tensor<?x50xf32> {
    %k = dlc.read @lstm.kernel : tensor<1x200xf32>
    %rk = dlc.read @lstm.recurrent_kernel : tensor<50x200xf32>
    %b = dlc.read @lstm.bias : tensor<200xf32>
    %r = dlc.lstm %x, %k, %rk, %b : (tensor<?x50x1xf32>, tensor<1x200xf32>, tensor<50x200xf32>, tensor<200xf32>) -> tensor<?x50xf32>
    dlc.return %r : tensor<?x50xf32>
  }
  dlc.train @lstm_train(%y: tensor<32x50xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@lstm.x, @lstm.kernel, @lstm.recurrent_kernel, @lstm.bias] {
    %x = dlc.read @lstm.x : tensor<32x50x1xf32>
    %k = dlc.read @lstm.kernel : tensor<1x200xf32>
    %rk = dlc.read @lstm.recurrent_kernel : tensor<50x200xf32>
    %b = dlc.read @lstm.bias : tensor<200xf32>
    %r = dlc.lstm %x, %k, %rk, %b : (tensor<32x50x1xf32>, tensor<1x200xf32>, tensor<50x200xf32>, tensor<200xf32>) -> tensor<32x50xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<32x50xf32>, tensor<32x50xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  dlc.param @gru.x : tensor<32x50x1xf32> = #dlc.glorot_uniform
  dlc.param @gru.kernel : tensor<1x150xf32> = #dlc.glorot_uniform
  dlc.param @gru.recurrent_kernel : tensor<50x150xf32> = #dlc.orthogonal
  dlc.param @gru.bias : tensor<2x150xf32> = #dlc.zeros
  dlc.func @gru(%x: tensor<?x50x1xf32>) -> tensor<?x50xf32> {
    %k = dlc.read @gru.kernel : tensor<1x150xf32>
    %rk = dlc.read @gru.recurrent_kernel : tensor<50x150xf32>
    %b = dlc.read @gru.bias : tensor<2x150xf32>
    %r = dlc.gru %x, %k, %rk, %b : (tensor<?x50x1xf32>, tensor<1x150xf32>, tensor<50x150xf32>, tensor<2x150xf32>) -> tensor<?x50xf32>
    dlc.return %r : tensor<?x50xf32>
  }
  dlc.train @gru_train(%y: tensor<32x50xf32>) -> tensor<f32>
      optimizer #dlc.sgd<lr = 1.000000e-02>
      params [@gru.x, @gru.kernel, @gru.recurrent_kernel, @gru.bias] {
    %x = dlc.read @gru.x : tensor<32x50x1xf32>
    %k = dlc.read @gru.kernel : tensor<1x150xf32>
    %rk = dlc.read @gru.recurrent_kernel : tensor<50x150xf32>
    %b = dlc.read @gru.bias : tensor<2x150xf32>
    %r = dlc.gru %x, %k, %rk, %b : (tensor<32x50x1xf32>, tensor<1x150xf32>, tensor<50x150xf32>, tensor<2x150xf32>) -> tensor<32x50xf32>
    %loss = dlc.mean_squared_error %r, %y : (tensor<32x50xf32>, tensor<32x50xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
