// Dense layers for the GEMM benchmarks: 512x512x512 without and with the
// bias and activation a layer fuses, an odd shape, and the recurrent
// layers' step (a batch by 50 units into 50 for SimpleRNN(50), into the 200
// gates of LSTM(50)).
dlc.model @bench_dense {
  dlc.param @w512 : tensor<512x512xf32> = #dlc.glorot_uniform
  dlc.param @b512 : tensor<512xf32> = #dlc.zeros
  dlc.param @w37 : tensor<784x37xf32> = #dlc.glorot_uniform
  dlc.param @b37 : tensor<37xf32> = #dlc.zeros
  dlc.param @w50 : tensor<50x50xf32> = #dlc.glorot_uniform
  dlc.param @b50 : tensor<50xf32> = #dlc.zeros
  dlc.param @w200 : tensor<50x200xf32> = #dlc.glorot_uniform

  dlc.func @matmul512(%x: tensor<?x512xf32>) -> tensor<?x512xf32> {
    %w = dlc.read @w512 : tensor<512x512xf32>
    %y = dlc.dense %x, %w : (tensor<?x512xf32>, tensor<512x512xf32>) -> tensor<?x512xf32>
    dlc.return %y : tensor<?x512xf32>
  }

  dlc.func @dense512_relu(%x: tensor<?x512xf32>) -> tensor<?x512xf32> {
    %w = dlc.read @w512 : tensor<512x512xf32>
    %b = dlc.read @b512 : tensor<512xf32>
    %y = dlc.dense %x, %w, %b activation(relu) : (tensor<?x512xf32>, tensor<512x512xf32>, tensor<512xf32>) -> tensor<?x512xf32>
    dlc.return %y : tensor<?x512xf32>
  }

  dlc.func @dense37_sigmoid(%x: tensor<?x784xf32>) -> tensor<?x37xf32> {
    %w = dlc.read @w37 : tensor<784x37xf32>
    %b = dlc.read @b37 : tensor<37xf32>
    %y = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<?x784xf32>, tensor<784x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
    dlc.return %y : tensor<?x37xf32>
  }

  dlc.func @dense50_relu(%x: tensor<?x50xf32>) -> tensor<?x50xf32> {
    %w = dlc.read @w50 : tensor<50x50xf32>
    %b = dlc.read @b50 : tensor<50xf32>
    %y = dlc.dense %x, %w, %b activation(relu) : (tensor<?x50xf32>, tensor<50x50xf32>, tensor<50xf32>) -> tensor<?x50xf32>
    dlc.return %y : tensor<?x50xf32>
  }

  dlc.func @matmul50x200(%x: tensor<?x50xf32>) -> tensor<?x200xf32> {
    %w = dlc.read @w200 : tensor<50x200xf32>
    %y = dlc.dense %x, %w : (tensor<?x50xf32>, tensor<50x200xf32>) -> tensor<?x200xf32>
    dlc.return %y : tensor<?x200xf32>
  }
}
