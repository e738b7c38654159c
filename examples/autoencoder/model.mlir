// The chapter autoencoder on MNIST: squeeze each flattened image through a
// 32-dimensional code and back.
// Keras: input = Input((784,)); encoded = Dense(32, relu)(input);
//        decoded = Dense(784, sigmoid)(encoded); autoencoder = Model(input,
//        decoded), with encoder = Model(input, encoded) and a decoder built
//        on the last layer; Adam; binary cross-entropy against the input.
// 784 * 32 + 32 + 32 * 784 + 784 = 50,992 parameters.
dlc.model @autoencoder {
  dlc.param @encoder.kernel : tensor<784x32xf32> = #dlc.glorot_uniform
  dlc.param @encoder.bias : tensor<32xf32> = #dlc.zeros
  dlc.param @decoder.kernel : tensor<32x784xf32> = #dlc.glorot_uniform
  dlc.param @decoder.bias : tensor<784xf32> = #dlc.zeros

  // The 32-dimensional code of each flattened image in [0, 1].
  dlc.func @encode(%x: tensor<?x784xf32>) -> tensor<?x32xf32> {
    %w = dlc.read @encoder.kernel : tensor<784x32xf32>
    %b = dlc.read @encoder.bias : tensor<32xf32>
    %code = dlc.dense %x, %w, %b activation(relu)
        : (tensor<?x784xf32>, tensor<784x32xf32>, tensor<32xf32>)
        -> tensor<?x32xf32>
    dlc.return %code : tensor<?x32xf32>
  }

  // The flattened image a code decodes to.
  dlc.func @decode(%code: tensor<?x32xf32>) -> tensor<?x784xf32> {
    %w = dlc.read @decoder.kernel : tensor<32x784xf32>
    %b = dlc.read @decoder.bias : tensor<784xf32>
    %x = dlc.dense %code, %w, %b activation(sigmoid)
        : (tensor<?x32xf32>, tensor<32x784xf32>, tensor<784xf32>)
        -> tensor<?x784xf32>
    dlc.return %x : tensor<?x784xf32>
  }

  // decode(encode(x)).
  dlc.func @reconstruct(%x: tensor<?x784xf32>) -> tensor<?x784xf32> {
    %code = dlc.call @encode(%x) : (tensor<?x784xf32>) -> tensor<?x32xf32>
    %y = dlc.call @decode(%code) : (tensor<?x32xf32>) -> tensor<?x784xf32>
    dlc.return %y : tensor<?x784xf32>
  }

  // One Adam step on a batch: the input is its own target. Returns the loss.
  dlc.train @train_step(%x: tensor<?x784xf32>) -> tensor<f32>
      optimizer #dlc.adam
      params [@encoder.kernel, @encoder.bias, @decoder.kernel,
              @decoder.bias] {
    %y = dlc.call @reconstruct(%x) : (tensor<?x784xf32>) -> tensor<?x784xf32>
    %loss = dlc.binary_crossentropy %y, %x
        : (tensor<?x784xf32>, tensor<?x784xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
