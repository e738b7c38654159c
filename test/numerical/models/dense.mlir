// dlc.dense with and without bias, every activation, inputs of rank 2, 3 and
// 4, odd sizes (17 -> 37 units, 1 unit, 1 input feature) and a static batch.
dlc.model @dense {
  dlc.param @w : tensor<17x37xf32> = #dlc.glorot_uniform
  dlc.param @b : tensor<37xf32> = #dlc.zeros
  dlc.param @w1 : tensor<17x1xf32> = #dlc.glorot_uniform
  dlc.param @b1 : tensor<1xf32> = #dlc.zeros
  dlc.param @wi : tensor<1x37xf32> = #dlc.he_uniform
  dlc.param @w5 : tensor<37x5xf32> = #dlc.normal<stddev = 0.1>
  dlc.param @w50 : tensor<17x50xf32> = #dlc.glorot_uniform
  dlc.param @b50 : tensor<50xf32> = #dlc.uniform<-1.000000e+00, 1.000000e+00>
  dlc.param @w200 : tensor<17x200xf32> = #dlc.glorot_uniform
  dlc.param @w300 : tensor<17x300xf32> = #dlc.glorot_uniform

  // Every activation, with bias.
  dlc.func @activations(%x: tensor<?x17xf32>)
      -> (tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>,
          tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>) {
    %w = dlc.read @w : tensor<17x37xf32>
    %b = dlc.read @b : tensor<37xf32>
    %identity = dlc.dense %x, %w, %b
        : (tensor<?x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    %relu = dlc.dense %x, %w, %b activation(relu)
        : (tensor<?x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    %sigmoid = dlc.dense %x, %w, %b activation(sigmoid)
        : (tensor<?x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    %tanh = dlc.dense %x, %w, %b activation(tanh)
        : (tensor<?x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    %softmax = dlc.dense %x, %w, %b activation(softmax)
        : (tensor<?x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    %leaky = dlc.dense %x, %w, %b activation(leaky_relu)
        : (tensor<?x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    dlc.return %identity, %relu, %sigmoid, %tanh, %softmax, %leaky
        : tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>,
          tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>
  }

  // Widths the CPU schedule cuts into register tiles of 32 and 16 columns
  // and an exact remainder (50 = 32 + 16 + 2; 200 = 6 x 32 + 8; 300 = two
  // panels of 128 and 32 + 12), rows in tiles of 8 and one at a time.
  dlc.func @widths(%x: tensor<?x17xf32>)
      -> (tensor<?x50xf32>, tensor<?x200xf32>, tensor<?x300xf32>) {
    %w50 = dlc.read @w50 : tensor<17x50xf32>
    %b50 = dlc.read @b50 : tensor<50xf32>
    %w200 = dlc.read @w200 : tensor<17x200xf32>
    %w300 = dlc.read @w300 : tensor<17x300xf32>
    %y50 = dlc.dense %x, %w50, %b50 activation(relu)
        : (tensor<?x17xf32>, tensor<17x50xf32>, tensor<50xf32>) -> tensor<?x50xf32>
    %y200 = dlc.dense %x, %w200
        : (tensor<?x17xf32>, tensor<17x200xf32>) -> tensor<?x200xf32>
    %y300 = dlc.dense %x, %w300 activation(tanh)
        : (tensor<?x17xf32>, tensor<17x300xf32>) -> tensor<?x300xf32>
    dlc.return %y50, %y200, %y300
        : tensor<?x50xf32>, tensor<?x200xf32>, tensor<?x300xf32>
  }

  // Every activation, without bias.
  dlc.func @activations_no_bias(%x: tensor<?x17xf32>)
      -> (tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>,
          tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>) {
    %w = dlc.read @w : tensor<17x37xf32>
    %identity = dlc.dense %x, %w activation(identity)
        : (tensor<?x17xf32>, tensor<17x37xf32>) -> tensor<?x37xf32>
    %relu = dlc.dense %x, %w activation(relu)
        : (tensor<?x17xf32>, tensor<17x37xf32>) -> tensor<?x37xf32>
    %sigmoid = dlc.dense %x, %w activation(sigmoid)
        : (tensor<?x17xf32>, tensor<17x37xf32>) -> tensor<?x37xf32>
    %tanh = dlc.dense %x, %w activation(tanh)
        : (tensor<?x17xf32>, tensor<17x37xf32>) -> tensor<?x37xf32>
    %softmax = dlc.dense %x, %w activation(softmax)
        : (tensor<?x17xf32>, tensor<17x37xf32>) -> tensor<?x37xf32>
    %leaky = dlc.dense %x, %w activation(leaky_relu)
        : (tensor<?x17xf32>, tensor<17x37xf32>) -> tensor<?x37xf32>
    dlc.return %identity, %relu, %sigmoid, %tanh, %softmax, %leaky
        : tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>,
          tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>
  }

  // One unit: softmax over a single class is exactly 1.
  dlc.func @one_unit(%x: tensor<?x17xf32>)
      -> (tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>) {
    %w = dlc.read @w1 : tensor<17x1xf32>
    %b = dlc.read @b1 : tensor<1xf32>
    %plain = dlc.dense %x, %w, %b
        : (tensor<?x17xf32>, tensor<17x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    %sigmoid = dlc.dense %x, %w, %b activation(sigmoid)
        : (tensor<?x17xf32>, tensor<17x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    %softmax = dlc.dense %x, %w activation(softmax)
        : (tensor<?x17xf32>, tensor<17x1xf32>) -> tensor<?x1xf32>
    %leaky = dlc.dense %x, %w activation(leaky_relu)
        : (tensor<?x17xf32>, tensor<17x1xf32>) -> tensor<?x1xf32>
    dlc.return %plain, %sigmoid, %softmax, %leaky
        : tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>
  }

  // One input feature.
  dlc.func @one_feature(%x: tensor<?x1xf32>) -> tensor<?x37xf32> {
    %w = dlc.read @wi : tensor<1x37xf32>
    %b = dlc.read @b : tensor<37xf32>
    %y = dlc.dense %x, %w, %b activation(tanh)
        : (tensor<?x1xf32>, tensor<1x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    dlc.return %y : tensor<?x37xf32>
  }

  // Rank-3 and rank-4 inputs: the kernel applies to the last axis.
  dlc.func @rank3(%x: tensor<?x5x17xf32>)
      -> (tensor<?x5x37xf32>, tensor<?x5x37xf32>, tensor<?x5x1xf32>) {
    %w = dlc.read @w : tensor<17x37xf32>
    %b = dlc.read @b : tensor<37xf32>
    %w1 = dlc.read @w1 : tensor<17x1xf32>
    %relu = dlc.dense %x, %w, %b activation(relu)
        : (tensor<?x5x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x5x37xf32>
    %softmax = dlc.dense %x, %w activation(softmax)
        : (tensor<?x5x17xf32>, tensor<17x37xf32>) -> tensor<?x5x37xf32>
    %one = dlc.dense %x, %w1 activation(sigmoid)
        : (tensor<?x5x17xf32>, tensor<17x1xf32>) -> tensor<?x5x1xf32>
    dlc.return %relu, %softmax, %one
        : tensor<?x5x37xf32>, tensor<?x5x37xf32>, tensor<?x5x1xf32>
  }

  dlc.func @rank4(%x: tensor<?x2x3x17xf32>) -> tensor<?x2x3x37xf32> {
    %w = dlc.read @w : tensor<17x37xf32>
    %b = dlc.read @b : tensor<37xf32>
    %y = dlc.dense %x, %w, %b activation(leaky_relu)
        : (tensor<?x2x3x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x2x3x37xf32>
    dlc.return %y : tensor<?x2x3x37xf32>
  }

  // A static batch of 3 (the test's batch size does not apply).
  dlc.func @static_batch(%x: tensor<3x17xf32>) -> tensor<3x37xf32> {
    %w = dlc.read @w : tensor<17x37xf32>
    %b = dlc.read @b : tensor<37xf32>
    %y = dlc.dense %x, %w, %b activation(sigmoid)
        : (tensor<3x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<3x37xf32>
    dlc.return %y : tensor<3x37xf32>
  }

  // Two stacked layers through a private sub-network (dlc.call).
  dlc.func private @hidden(%x: tensor<?x17xf32>) -> tensor<?x37xf32> {
    %w = dlc.read @w : tensor<17x37xf32>
    %b = dlc.read @b : tensor<37xf32>
    %h = dlc.dense %x, %w, %b activation(relu)
        : (tensor<?x17xf32>, tensor<17x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    dlc.return %h : tensor<?x37xf32>
  }

  dlc.func @stacked(%x: tensor<?x17xf32>) -> tensor<?x5xf32> {
    %h = dlc.call @hidden(%x) : (tensor<?x17xf32>) -> tensor<?x37xf32>
    %w5 = dlc.read @w5 : tensor<37x5xf32>
    %y = dlc.dense %h, %w5 activation(softmax)
        : (tensor<?x37xf32>, tensor<37x5xf32>) -> tensor<?x5xf32>
    dlc.return %y : tensor<?x5xf32>
  }
}
