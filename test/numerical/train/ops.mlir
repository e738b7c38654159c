// Training steps through every op that has a gradient, each loss in each
// form, frozen parameters and f64; odd sizes.
dlc.model @train_ops {
  dlc.param @w1 : tensor<5x7xf32> = #dlc.glorot_uniform
  dlc.param @b1 : tensor<7xf32> = #dlc.zeros
  dlc.param @w2 : tensor<7x3xf32> = #dlc.glorot_uniform
  dlc.param @b2 : tensor<3xf32> = #dlc.zeros
  dlc.param @w3 : tensor<14x3xf32> = #dlc.glorot_uniform
  dlc.param @frozen : tensor<7x3xf32> = #dlc.glorot_uniform
  dlc.param @d1 : tensor<3x4xf64> = #dlc.glorot_uniform
  dlc.param @d2 : tensor<4x1xf64> = #dlc.glorot_uniform

  dlc.func private @hidden(%x: tensor<?x5xf32>) -> tensor<?x7xf32> {
    %w1 = dlc.read @w1 : tensor<5x7xf32>
    %b1 = dlc.read @b1 : tensor<7xf32>
    %h = dlc.dense %x, %w1, %b1 activation(tanh) : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
    dlc.return %h : tensor<?x7xf32>
  }

  // MSE through relu, leaky_relu and identity layers; mean reduction.
  dlc.train @mse(%x: tensor<?x5xf32>, %t: tensor<?x3xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %w1 = dlc.read @w1 : tensor<5x7xf32>
    %b1 = dlc.read @b1 : tensor<7xf32>
    %h = dlc.dense %x, %w1, %b1 activation(relu) : (tensor<?x5xf32>, tensor<5x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
    %l = dlc.activation leaky_relu %h {alpha = 0.1 : f64} : tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %y = dlc.dense %l, %w2, %b2 : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %loss = dlc.mean_squared_error %y, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // The classic squared error: sum reduction, scale 0.5, sigmoid output.
  dlc.train @sse(%x: tensor<?x5xf32>, %t: tensor<?x3xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %y = dlc.dense %h, %w2, %b2 activation(sigmoid) : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %loss = dlc.mean_squared_error %y, %t reduction(sum) scale(5.000000e-01) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // Binary cross-entropy on probabilities, with a target made a probability.
  dlc.train @bce(%x: tensor<?x5xf32>, %t: tensor<?x3xf32>) -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %p = dlc.dense %h, %w2, %b2 activation(sigmoid) : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %tp = dlc.activation sigmoid %t : tensor<?x3xf32>
    %loss = dlc.binary_crossentropy %p, %tp : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    %acc = dlc.binary_accuracy %p, %tp : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss, %acc : tensor<f32>, tensor<f32>
  }

  // Binary cross-entropy from logits.
  dlc.train @bce_logits(%x: tensor<?x5xf32>, %t: tensor<?x3xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %z = dlc.dense %h, %w2, %b2 : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %tp = dlc.activation sigmoid %t : tensor<?x3xf32>
    %loss = dlc.binary_crossentropy %z, %tp from_logits : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // Categorical cross-entropy of a softmax layer (the fused form), soft
  // targets; and from logits.
  dlc.train @cce(%x: tensor<?x5xf32>, %t: tensor<?x3xf32>) -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %p = dlc.dense %h, %w2, %b2 activation(softmax) : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %tp = dlc.activation softmax %t : tensor<?x3xf32>
    %loss = dlc.categorical_crossentropy %p, %tp : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    %acc = dlc.categorical_accuracy %p, %tp : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss, %acc : tensor<f32>, tensor<f32>
  }
  dlc.train @cce_logits(%x: tensor<?x5xf32>, %t: tensor<?x3xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %z = dlc.dense %h, %w2, %b2 : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %tp = dlc.activation softmax %t : tensor<?x3xf32>
    %loss = dlc.categorical_crossentropy %z, %tp from_logits reduction(sum) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // Sparse categorical cross-entropy: fused with a softmax activation op,
  // from logits, and on probabilities that do not come from a softmax.
  dlc.train @sparse(%x: tensor<?x5xf32>, %labels: tensor<?xi32>) -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %z = dlc.dense %h, %w2, %b2 : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %p = dlc.activation softmax %z : tensor<?x3xf32>
    %loss = dlc.sparse_categorical_crossentropy %p, %labels : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    %acc = dlc.sparse_categorical_accuracy %p, %labels : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss, %acc : tensor<f32>, tensor<f32>
  }
  dlc.train @sparse_logits(%x: tensor<?x5xf32>, %labels: tensor<?xi32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %z = dlc.dense %h, %w2, %b2 : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %loss = dlc.sparse_categorical_crossentropy %z, %labels from_logits : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
  dlc.train @sparse_sigmoid(%x: tensor<?x5xf32>, %labels: tensor<?xi32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w1, @b1, @w2, @b2] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %w2 = dlc.read @w2 : tensor<7x3xf32>
    %b2 = dlc.read @b2 : tensor<3xf32>
    %p = dlc.dense %h, %w2, %b2 activation(sigmoid) : (tensor<?x7xf32>, tensor<7x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %loss = dlc.sparse_categorical_crossentropy %p, %labels : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // Shape ops, add, mul and concat, and a frozen parameter in the path.
  dlc.train @shapes(%x: tensor<?x5xf32>, %t: tensor<?x3xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w1, @b1, @w3] {
    %h = dlc.call @hidden(%x) : (tensor<?x5xf32>) -> tensor<?x7xf32>
    %m = dlc.mul %h, %h : tensor<?x7xf32>
    %a = dlc.add %m, %h : tensor<?x7xf32>
    %r = dlc.reshape %a : tensor<?x7xf32> -> tensor<?x7x1xf32>
    %f = dlc.flatten %r : tensor<?x7x1xf32> -> tensor<?x7xf32>
    %c = dlc.concat %f, %h axis 1 : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<?x14xf32>
    %w3 = dlc.read @w3 : tensor<14x3xf32>
    %y = dlc.dense %c, %w3 activation(sigmoid) : (tensor<?x14xf32>, tensor<14x3xf32>) -> tensor<?x3xf32>
    %frozen = dlc.read @frozen : tensor<7x3xf32>
    %g = dlc.dense %h, %frozen activation(tanh) : (tensor<?x7xf32>, tensor<7x3xf32>) -> tensor<?x3xf32>
    %s = dlc.add %y, %g : tensor<?x3xf32>
    %loss = dlc.mean_squared_error %s, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // f64 end to end.
  dlc.train @f64(%x: tensor<?x3xf64>, %t: tensor<?x1xf64>) -> tensor<f64>
      optimizer #dlc.sgd params [@d1, @d2] {
    %d1 = dlc.read @d1 : tensor<3x4xf64>
    %h = dlc.dense %x, %d1 activation(tanh) : (tensor<?x3xf64>, tensor<3x4xf64>) -> tensor<?x4xf64>
    %d2 = dlc.read @d2 : tensor<4x1xf64>
    %y = dlc.dense %h, %d2 activation(sigmoid) : (tensor<?x4xf64>, tensor<4x1xf64>) -> tensor<?x1xf64>
    %tp = dlc.activation sigmoid %t : tensor<?x1xf64>
    %loss = dlc.binary_crossentropy %y, %tp : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<f64>
    dlc.minimize %loss : tensor<f64>
  }
}
