// A training step whose loss is the sum of two loss ops': it has no halves
// for data parallelism (a warning), so it trains on one thread only.
dlc.model @two {
  dlc.param @w : tensor<2x1xf32> = #dlc.zeros
  dlc.train @train_step(%x: tensor<?x2xf32>, %y: tensor<?x1xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w] {
    %w = dlc.read @w : tensor<2x1xf32>
    %p = dlc.dense %x, %w : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
    %l1 = dlc.mean_squared_error %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %l2 = dlc.mean_squared_error %p, %y reduction(sum) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %l = dlc.add %l1, %l2 : tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
