// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// The differentiated IR of LSTM and GRU layers (backpropagation through
// time), binary cross-entropy on a sigmoid, and categorical cross-entropy on
// a dense layer's softmax.

// LSTM: binary cross-entropy's gradient (p - t) / (p (1 - p)) where p was
// not clipped; the cell again (the forward lowering's own step), saving each
// step's activated gates i, f, g, o (columns 0, 3, 6 and 9 of the step's
// [batch, 4 units] product), previous h and c and new c; then a loop over
// the steps backwards that joins the four gates' gradients into one
// [batch, 12] block for the kernel gradients.
// CHECK-LABEL: func.func @cells_lstm(
// CHECK:         scf.for {{.*}} iter_args({{.*}}) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
// CHECK:         linalg.generic
// CHECK:           %[[INSIDE:.*]] = arith.andi
// CHECK:           %[[CLIPPED:.*]] = arith.minimumf
// CHECK:           %[[DIFF:.*]] = arith.subf %[[CLIPPED]], %{{.*}} : f32
// CHECK:           %[[ONE_MINUS:.*]] = arith.subf %{{.*}}, %[[CLIPPED]] : f32
// CHECK:           %[[VAR:.*]] = arith.mulf %[[CLIPPED]], %[[ONE_MINUS]] : f32
// CHECK:           arith.divf %[[DIFF]], %[[VAR]] : f32
// CHECK:         %[[FWD:.*]]:9 = scf.for {{.*}} iter_args({{.*}}) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>)
// CHECK:           %[[Z:.*]] = linalg.matmul
// CHECK:           tensor.extract_slice %[[Z]][0, 0] [%{{.*}}, 3] [1, 1] : tensor<?x12xf32> to tensor<?x3xf32>
// CHECK:           tensor.extract_slice %[[Z]][0, 3] [%{{.*}}, 3] [1, 1] : tensor<?x12xf32> to tensor<?x3xf32>
// CHECK:           tensor.extract_slice %[[Z]][0, 6] [%{{.*}}, 3] [1, 1] : tensor<?x12xf32> to tensor<?x3xf32>
// CHECK:           tensor.extract_slice %[[Z]][0, 9] [%{{.*}}, 3] [1, 1] : tensor<?x12xf32> to tensor<?x3xf32>
// CHECK-COUNT-7:   tensor.insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}, 0] [%{{.*}}, 1, 3] [1, 1, 1] : tensor<?x3xf32> into tensor<?x5x3xf32>
// CHECK:         scf.for %[[S:.*]] = %{{.*}} to %[[STEPS:.*]] step %[[ONE:[^ ]*]] iter_args(
// CHECK:           %[[LAST:.*]] = arith.subi %[[STEPS]], %[[ONE]]
// CHECK:           %[[T:.*]] = arith.subi %[[LAST]], %[[S]]
// CHECK:           %[[HPREV:.*]] = tensor.extract_slice %[[FWD]]#6[0, %[[T]], 0]
// CHECK:           tensor.insert_slice %{{.*}} into %{{.*}}[0, 0] [%{{.*}}, 3] [1, 1] : tensor<?x3xf32> into tensor<?x12xf32>
// CHECK:           tensor.insert_slice %{{.*}} into %{{.*}}[0, 3] [%{{.*}}, 3] [1, 1] : tensor<?x3xf32> into tensor<?x12xf32>
// CHECK:           tensor.insert_slice %{{.*}} into %{{.*}}[0, 6] [%{{.*}}, 3] [1, 1] : tensor<?x3xf32> into tensor<?x12xf32>
// CHECK:           %[[GATES:.*]] = tensor.insert_slice %{{.*}}[0, 9] [%{{.*}}, 3] [1, 1] : tensor<?x3xf32> into tensor<?x12xf32>
// CHECK:           linalg.matmul indexing_maps = {{.*}} ins(%[[HPREV]], %[[GATES]] : tensor<?x3xf32>, tensor<?x12xf32>) outs(%{{.*}} : tensor<3x12xf32>)
// CHECK:           linalg.matmul ins(%[[GATES]], %{{.*}} : tensor<?x12xf32>, tensor<12x3xf32>)
// CHECK:           linalg.matmul indexing_maps = {{.*}} ins(%{{.*}}, %[[GATES]] : tensor<?x2xf32>, tensor<?x12xf32>) outs(%{{.*}} : tensor<2x12xf32>)

// GRU: categorical cross-entropy fused with the dense layer's softmax into
// p * sum(t) - t; the dense kernel's gradient; the cell again, saving z, r,
// the candidate, its recurrent term and the previous h; then a backward
// loop whose recurrent (3x9) and input (2x9) kernel gradients are
// transposed-A matmuls accumulated in its iter_args, beside the input and
// recurrent bias rows' gradients.
// CHECK-LABEL: func.func @cells_gru(
// CHECK:           math.log
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[PV:[^:]*]]: f32, %[[TV:[^:]*]]: f32, %[[SUM:[^:]*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[PT:.*]] = arith.mulf %[[PV]], %[[SUM]] : f32
// CHECK-NEXT:      %[[D:.*]] = arith.subf %[[PT]], %[[TV]] : f32
// CHECK:         linalg.matmul indexing_maps = {{.*}} : tensor<?x3xf32>, tensor<?x4xf32>) outs(%{{.*}} : tensor<3x4xf32>)
// CHECK:         scf.for {{.*}} -> (tensor<?x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>)
// CHECK:         %[[BPTT:.*]]:5 = scf.for {{.*}} -> (tensor<?x3xf32>, tensor<2x9xf32>, tensor<3x9xf32>, tensor<9xf32>, tensor<9xf32>)
// CHECK:           linalg.matmul indexing_maps = {{.*}} : tensor<?x3xf32>, tensor<?x9xf32>) outs(%{{.*}} : tensor<3x9xf32>)
// CHECK:           linalg.matmul indexing_maps = {{.*}} : tensor<?x2xf32>, tensor<?x9xf32>) outs(%{{.*}} : tensor<2x9xf32>)
// The bias gradient: the input row, then the recurrent row.
// CHECK:         %[[ROWS:.*]] = tensor.empty() : tensor<2x9xf32>
// CHECK:         %[[ROW0:.*]] = tensor.insert_slice %[[BPTT]]#3 into %[[ROWS]][0, 0] [1, 9] [1, 1] : tensor<9xf32> into tensor<2x9xf32>
// CHECK:         tensor.insert_slice %[[BPTT]]#4 into %[[ROW0]][1, 0] [1, 9] [1, 1] : tensor<9xf32> into tensor<2x9xf32>
dlc.model @cells {
  dlc.param @lk : tensor<2x12xf32> = #dlc.glorot_uniform
  dlc.param @lr : tensor<3x12xf32> = #dlc.orthogonal
  dlc.param @lb : tensor<12xf32> = #dlc.zeros
  dlc.param @gk : tensor<2x9xf32> = #dlc.glorot_uniform
  dlc.param @gr : tensor<3x9xf32> = #dlc.orthogonal
  dlc.param @gb : tensor<2x9xf32> = #dlc.zeros
  dlc.param @w : tensor<3x4xf32> = #dlc.glorot_uniform
  dlc.train @lstm(%x: tensor<?x5x2xf32>, %t: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@lk, @lr, @lb] {
    %k = dlc.read @lk : tensor<2x12xf32>
    %r = dlc.read @lr : tensor<3x12xf32>
    %b = dlc.read @lb : tensor<12xf32>
    %h = dlc.lstm %x, %k, %r, %b : (tensor<?x5x2xf32>, tensor<2x12xf32>, tensor<3x12xf32>, tensor<12xf32>) -> tensor<?x3xf32>
    %p = dlc.activation sigmoid %h : tensor<?x3xf32>
    %l = dlc.binary_crossentropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  dlc.train @gru(%x: tensor<?x5x2xf32>, %t: tensor<?x4xf32>) -> tensor<f32> optimizer #dlc.sgd params [@gk, @gr, @gb, @w] {
    %k = dlc.read @gk : tensor<2x9xf32>
    %r = dlc.read @gr : tensor<3x9xf32>
    %b = dlc.read @gb : tensor<2x9xf32>
    %h = dlc.gru %x, %k, %r, %b : (tensor<?x5x2xf32>, tensor<2x9xf32>, tensor<3x9xf32>, tensor<2x9xf32>) -> tensor<?x3xf32>
    %w = dlc.read @w : tensor<3x4xf32>
    %p = dlc.dense %h, %w activation(softmax) : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
    %l = dlc.categorical_crossentropy %p, %t : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
