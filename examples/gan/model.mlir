// The chapter GAN on MNIST: a dense generator and a dense discriminator,
// trained in alternation.
// Keras: generator     = Dense(128, relu, input_dim=100) Dense(784, sigmoid)
//                        (114,064 parameters);
//        discriminator = Dense(128, relu, input_dim=784) Dense(1, sigmoid)
//                        (100,609 parameters), compiled with
//                        Adam(0.0002, 0.5), binary cross-entropy, accuracy;
//        combined      = discriminator(generator(z)) with the discriminator
//                        frozen (discriminator.trainable = False), compiled
//                        with Adam(0.0002, 0.5), binary cross-entropy.
// Each training step keeps its own Adam state, as the two compiled Keras
// models do.
dlc.model @mnist_gan {
  // Generator: 100 * 128 + 128 + 128 * 784 + 784 = 114,064 parameters.
  dlc.param @gen1.kernel : tensor<100x128xf32> = #dlc.glorot_uniform
  dlc.param @gen1.bias : tensor<128xf32> = #dlc.zeros
  dlc.param @gen2.kernel : tensor<128x784xf32> = #dlc.glorot_uniform
  dlc.param @gen2.bias : tensor<784xf32> = #dlc.zeros
  // Discriminator: 784 * 128 + 128 + 128 * 1 + 1 = 100,609 parameters.
  dlc.param @disc1.kernel : tensor<784x128xf32> = #dlc.glorot_uniform
  dlc.param @disc1.bias : tensor<128xf32> = #dlc.zeros
  dlc.param @disc2.kernel : tensor<128x1xf32> = #dlc.glorot_uniform
  dlc.param @disc2.bias : tensor<1xf32> = #dlc.zeros

  // Flattened 28x28 images in [0, 1] from a batch of 100-dimensional noise.
  dlc.func @generate(%z: tensor<?x100xf32>) -> tensor<?x784xf32> {
    %w1 = dlc.read @gen1.kernel : tensor<100x128xf32>
    %b1 = dlc.read @gen1.bias : tensor<128xf32>
    %h = dlc.dense %z, %w1, %b1 activation(relu)
        : (tensor<?x100xf32>, tensor<100x128xf32>, tensor<128xf32>)
        -> tensor<?x128xf32>
    %w2 = dlc.read @gen2.kernel : tensor<128x784xf32>
    %b2 = dlc.read @gen2.bias : tensor<784xf32>
    %images = dlc.dense %h, %w2, %b2 activation(sigmoid)
        : (tensor<?x128xf32>, tensor<128x784xf32>, tensor<784xf32>)
        -> tensor<?x784xf32>
    dlc.return %images : tensor<?x784xf32>
  }

  // The probability that each flattened image is real.
  dlc.func @discriminate(%x: tensor<?x784xf32>) -> tensor<?x1xf32> {
    %w1 = dlc.read @disc1.kernel : tensor<784x128xf32>
    %b1 = dlc.read @disc1.bias : tensor<128xf32>
    %h = dlc.dense %x, %w1, %b1 activation(relu)
        : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>)
        -> tensor<?x128xf32>
    %w2 = dlc.read @disc2.kernel : tensor<128x1xf32>
    %b2 = dlc.read @disc2.bias : tensor<1xf32>
    %p = dlc.dense %h, %w2, %b2 activation(sigmoid)
        : (tensor<?x128xf32>, tensor<128x1xf32>, tensor<1xf32>)
        -> tensor<?x1xf32>
    dlc.return %p : tensor<?x1xf32>
  }

  // discriminator.train_on_batch(x, y): one step on a batch of real (y = 1)
  // or generated (y = 0) images; returns the loss and accuracy.
  dlc.train @discriminator_step(%x: tensor<?x784xf32>, %y: tensor<?x1xf32>)
      -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.adam<lr = 2.000000e-04, beta1 = 5.000000e-01>
      params [@disc1.kernel, @disc1.bias, @disc2.kernel, @disc2.bias] {
    %p = dlc.call @discriminate(%x) : (tensor<?x784xf32>) -> tensor<?x1xf32>
    %loss = dlc.binary_crossentropy %p, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %accuracy = dlc.binary_accuracy %p, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %loss, %accuracy : tensor<f32>, tensor<f32>
  }

  // combined.train_on_batch(z, y): one step of the generator through the
  // frozen discriminator (it reads the discriminator's parameters but does
  // not list them), usually with y = 1 to fool it; returns the loss.
  dlc.train @generator_step(%z: tensor<?x100xf32>, %y: tensor<?x1xf32>)
      -> tensor<f32>
      optimizer #dlc.adam<lr = 2.000000e-04, beta1 = 5.000000e-01>
      params [@gen1.kernel, @gen1.bias, @gen2.kernel, @gen2.bias] {
    %images = dlc.call @generate(%z) : (tensor<?x100xf32>) -> tensor<?x784xf32>
    %p = dlc.call @discriminate(%images)
        : (tensor<?x784xf32>) -> tensor<?x1xf32>
    %loss = dlc.binary_crossentropy %p, %y
        : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
