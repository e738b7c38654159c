// Dynamic axes after the batch axis: a recurrent layer over a dynamic
// number of time steps and dense layers on [?, ?, F] inputs. These are not
// collapsed into matrices (MLIR 22 cannot lower expand_shape with two
// dynamic sizes in one group, llvm/llvm-project#186830): they contract the
// last axis directly.
dlc.model @two_dynamic_axes {
  dlc.param @rnn.kernel : tensor<3x7xf32> = #dlc.glorot_uniform
  dlc.param @rnn.recurrent_kernel : tensor<7x7xf32> = #dlc.orthogonal
  dlc.param @rnn.bias : tensor<7xf32> = #dlc.zeros
  dlc.param @lstm.kernel : tensor<3x28xf32> = #dlc.glorot_uniform
  dlc.param @lstm.recurrent_kernel : tensor<7x28xf32> = #dlc.orthogonal
  dlc.param @gru.kernel : tensor<3x21xf32> = #dlc.glorot_uniform
  dlc.param @gru.recurrent_kernel : tensor<7x21xf32> = #dlc.orthogonal
  dlc.param @dense.kernel : tensor<3x7xf32> = #dlc.glorot_uniform

  // The test gives the dynamic time axis the batch size.
  dlc.func @simple_rnn_dynamic_time(%x: tensor<?x?x3xf32>)
      -> (tensor<?x?x7xf32>, tensor<?x7xf32>) {
    %k = dlc.read @rnn.kernel : tensor<3x7xf32>
    %r = dlc.read @rnn.recurrent_kernel : tensor<7x7xf32>
    %b = dlc.read @rnn.bias : tensor<7xf32>
    %seq = dlc.simple_rnn %x, %k, %r, %b return_sequences
        : (tensor<?x?x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>, tensor<7xf32>)
        -> tensor<?x?x7xf32>
    %last = dlc.simple_rnn %x, %k, %r activation(relu)
        : (tensor<?x?x3xf32>, tensor<3x7xf32>, tensor<7x7xf32>)
        -> tensor<?x7xf32>
    dlc.return %seq, %last : tensor<?x?x7xf32>, tensor<?x7xf32>
  }

  dlc.func @lstm_dynamic_time(%x: tensor<?x?x3xf32>) -> tensor<?x7xf32> {
    %k = dlc.read @lstm.kernel : tensor<3x28xf32>
    %r = dlc.read @lstm.recurrent_kernel : tensor<7x28xf32>
    %y = dlc.lstm %x, %k, %r
        : (tensor<?x?x3xf32>, tensor<3x28xf32>, tensor<7x28xf32>)
        -> tensor<?x7xf32>
    dlc.return %y : tensor<?x7xf32>
  }

  dlc.func @gru_dynamic_time(%x: tensor<?x?x3xf32>) -> tensor<?x?x7xf32> {
    %k = dlc.read @gru.kernel : tensor<3x21xf32>
    %r = dlc.read @gru.recurrent_kernel : tensor<7x21xf32>
    %y = dlc.gru %x, %k, %r return_sequences
        : (tensor<?x?x3xf32>, tensor<3x21xf32>, tensor<7x21xf32>)
        -> tensor<?x?x7xf32>
    dlc.return %y : tensor<?x?x7xf32>
  }

  dlc.func @dense_two_dynamic_axes(%x: tensor<?x?x3xf32>) -> tensor<?x?x7xf32> {
    %w = dlc.read @dense.kernel : tensor<3x7xf32>
    %y = dlc.dense %x, %w activation(relu)
        : (tensor<?x?x3xf32>, tensor<3x7xf32>) -> tensor<?x?x7xf32>
    dlc.return %y : tensor<?x?x7xf32>
  }
}
