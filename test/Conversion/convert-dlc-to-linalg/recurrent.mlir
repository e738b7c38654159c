// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// Recurrent layers: one matmul projects the inputs of all time steps at once
// ([batch * time, features] x kernel, onto the broadcast input bias), then an
// scf.for over time carries the state; each step extracts its projection,
// accumulates h x recurrent_kernel onto it with one matmul and applies the
// gates in elementwise generics, one per gate and one per state update
// (dlc-fuse-elementwise merges them; the backward pass's run of the same
// cell saves the gates). return_sequences carries the [batch, time, units]
// result too and inserts each step into it.

// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>

dlc.model @rnn {
  dlc.param @k : tensor<3x4xf32> = #dlc.glorot_uniform
  dlc.param @r : tensor<4x4xf32> = #dlc.orthogonal
  dlc.param @b : tensor<4xf32> = #dlc.zeros
  dlc.param @lk : tensor<3x8xf32> = #dlc.glorot_uniform
  dlc.param @lr : tensor<2x8xf32> = #dlc.orthogonal
  dlc.param @gk : tensor<3x6xf32> = #dlc.glorot_uniform
  dlc.param @gr : tensor<2x6xf32> = #dlc.orthogonal
  dlc.param @gb : tensor<2x6xf32> = #dlc.zeros

  // CHECK-LABEL: func.func @rnn_simple(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x3xf32>, %[[K:[^:]*]]: tensor<3x4xf32>, %[[R:[^:]*]]: tensor<4x4xf32>, %[[B:[^:]*]]: tensor<4xf32>) -> tensor<?x4xf32>
  // CHECK-SAME:      dlc.params = [@k, @r, @b]
  // CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<?x13x3xf32> into tensor<?x3xf32>
  // CHECK:         %[[BIAS:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ID2]]], {{.*}} ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<?x4xf32>)
  // CHECK:         %[[PROJ:.*]] = linalg.matmul ins(%[[FLAT]], %[[K]] : tensor<?x3xf32>, tensor<3x4xf32>) outs(%[[BIAS]] : tensor<?x4xf32>)
  // CHECK:         %[[STEPS:.*]] = tensor.expand_shape %[[PROJ]] {{\[}}[0, 1], [2]] output_shape [%{{.*}}, 13, 4] : tensor<?x4xf32> into tensor<?x13x4xf32>
  // CHECK:         %[[H0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4xf32>)
  // CHECK:         %[[T:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x13x3xf32>
  // CHECK-NEXT:    %[[LOOP:.*]] = scf.for %[[I:[^ ]*]] = %{{.*}} to %[[T]] step %{{.*}} iter_args(%[[H:.*]] = %[[H0]]) -> (tensor<?x4xf32>) {
  // CHECK:           %[[XT:.*]] = tensor.extract_slice %[[STEPS]][0, %[[I]], 0] [%{{.*}}, 1, 4] [1, 1, 1] : tensor<?x13x4xf32> to tensor<?x4xf32>
  // CHECK-NEXT:      %[[PRE:.*]] = linalg.matmul ins(%[[H]], %[[R]] : tensor<?x4xf32>, tensor<4x4xf32>) outs(%[[XT]] : tensor<?x4xf32>)
  // CHECK-NOT:       linalg.matmul
  // CHECK:           %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[PRE]] : tensor<?x4xf32>)
  // CHECK:             arith.maximumf
  // CHECK:           scf.yield %[[NEXT]] : tensor<?x4xf32>
  // CHECK-NEXT:    }
  // CHECK-NEXT:    return %[[LOOP]] : tensor<?x4xf32>
  dlc.func @simple(%x: tensor<?x13x3xf32>) -> tensor<?x4xf32> {
    %k = dlc.read @k : tensor<3x4xf32>
    %r = dlc.read @r : tensor<4x4xf32>
    %b = dlc.read @b : tensor<4xf32>
    %h = dlc.simple_rnn %x, %k, %r, %b activation(relu) : (tensor<?x13x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    dlc.return %h : tensor<?x4xf32>
  }

  // An initial state (an input, so before the parameters) and every step's
  // output.
  // CHECK-LABEL: func.func @rnn_sequences(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x3xf32>, %[[INIT:[^:]*]]: tensor<?x4xf32>, %[[K:[^:]*]]: tensor<3x4xf32>, %[[R:[^:]*]]: tensor<4x4xf32>) -> tensor<?x13x4xf32>
  // CHECK-SAME:      dlc.params = [@k, @r]
  // CHECK:         %[[ZERO:.*]] = linalg.fill
  // CHECK-NEXT:    %[[PROJ:.*]] = linalg.matmul ins(%{{.*}}, %[[K]] : tensor<?x3xf32>, tensor<3x4xf32>) outs(%[[ZERO]] : tensor<?x4xf32>)
  // CHECK:         %[[STEPS:.*]] = tensor.expand_shape %[[PROJ]]
  // CHECK:         %[[SEQ0:.*]] = tensor.empty(%{{.*}}) : tensor<?x13x4xf32>
  // CHECK:         %[[LOOP:.*]]:2 = scf.for %[[I:[^ ]*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %[[INIT]], %[[SEQ:.*]] = %[[SEQ0]]) -> (tensor<?x4xf32>, tensor<?x13x4xf32>) {
  // CHECK:           %[[XT:.*]] = tensor.extract_slice %[[STEPS]][0, %[[I]], 0]
  // CHECK-NEXT:      %[[PRE:.*]] = linalg.matmul ins(%[[H]], %[[R]] : tensor<?x4xf32>, tensor<4x4xf32>) outs(%[[XT]] : tensor<?x4xf32>)
  // CHECK:           %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[PRE]] : tensor<?x4xf32>)
  // CHECK:             math.tanh
  // CHECK:           %[[INS:.*]] = tensor.insert_slice %[[NEXT]] into %[[SEQ]][0, %[[I]], 0] [%{{.*}}, 1, 4] [1, 1, 1] : tensor<?x4xf32> into tensor<?x13x4xf32>
  // CHECK-NEXT:      scf.yield %[[NEXT]], %[[INS]] : tensor<?x4xf32>, tensor<?x13x4xf32>
  // CHECK-NEXT:    }
  // CHECK-NEXT:    return %[[LOOP]]#1 : tensor<?x13x4xf32>
  dlc.func @sequences(%x: tensor<?x13x3xf32>, %h0: tensor<?x4xf32>) -> tensor<?x13x4xf32> {
    %k = dlc.read @k : tensor<3x4xf32>
    %r = dlc.read @r : tensor<4x4xf32>
    %h = dlc.simple_rnn %x, %k, %r initial(%h0) return_sequences : (tensor<?x13x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<?x4xf32>) -> tensor<?x13x4xf32>
    dlc.return %h : tensor<?x13x4xf32>
  }

  // LSTM: h and c are carried; the step's matmul gives the four gates
  // [i, f, g, o] as column slices of width 2; c' = sig(f) c + sig(i) tanh(g),
  // h' = sig(o) tanh(c').
  // CHECK-LABEL: func.func @rnn_lstm(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x5x3xf32>, %[[K:[^:]*]]: tensor<3x8xf32>, %[[R:[^:]*]]: tensor<2x8xf32>) -> tensor<?x2xf32>
  // CHECK:         %[[PROJ:.*]] = linalg.matmul ins(%{{.*}}, %[[K]] : tensor<?x3xf32>, tensor<3x8xf32>)
  // CHECK:         %[[H0:.*]] = linalg.fill {{.*}} -> tensor<?x2xf32>
  // CHECK:         %[[C0:.*]] = linalg.fill {{.*}} -> tensor<?x2xf32>
  // CHECK:         %[[LOOP:.*]]:2 = scf.for %{{.*}} iter_args(%[[H:.*]] = %[[H0]], %[[C:.*]] = %[[C0]]) -> (tensor<?x2xf32>, tensor<?x2xf32>) {
  // CHECK:           %[[Z:.*]] = linalg.matmul ins(%[[H]], %[[R]] : tensor<?x2xf32>, tensor<2x8xf32>) outs(%{{.*}} : tensor<?x8xf32>)
  // CHECK-NOT:       linalg.matmul
  // CHECK:           %[[I:.*]] = tensor.extract_slice %[[Z]][0, 0] [%{{.*}}, 2] [1, 1]
  // CHECK:           %[[SI:.*]] = linalg.generic {{.*}} ins(%[[I]] : tensor<?x2xf32>)
  // CHECK:             math.exp
  // CHECK:           %[[F:.*]] = tensor.extract_slice %[[Z]][0, 2] [%{{.*}}, 2] [1, 1]
  // CHECK:           %[[SF:.*]] = linalg.generic {{.*}} ins(%[[F]] : tensor<?x2xf32>)
  // CHECK:           %[[G:.*]] = tensor.extract_slice %[[Z]][0, 4] [%{{.*}}, 2] [1, 1]
  // CHECK:           %[[TG:.*]] = linalg.generic {{.*}} ins(%[[G]] : tensor<?x2xf32>)
  // CHECK:             math.tanh
  // CHECK:           %[[O:.*]] = tensor.extract_slice %[[Z]][0, 6] [%{{.*}}, 2] [1, 1]
  // CHECK:           %[[SO:.*]] = linalg.generic {{.*}} ins(%[[O]] : tensor<?x2xf32>)
  // CHECK:           %[[CNEXT:.*]] = linalg.generic {{.*}} ins(%[[SI]], %[[SF]], %[[TG]], %[[C]] : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  // CHECK-NEXT:      ^bb0(%[[IV:[^:]*]]: f32, %[[FV:[^:]*]]: f32, %[[GV:[^:]*]]: f32, %[[CV:[^:]*]]: f32,
  // CHECK-NEXT:        %[[KEEP:.*]] = arith.mulf %[[FV]], %[[CV]]
  // CHECK-NEXT:        %[[WRITE:.*]] = arith.mulf %[[IV]], %[[GV]]
  // CHECK-NEXT:        arith.addf %[[KEEP]], %[[WRITE]]
  // CHECK:           %[[HNEXT:.*]] = linalg.generic {{.*}} ins(%[[SO]], %[[CNEXT]] : tensor<?x2xf32>, tensor<?x2xf32>)
  // CHECK:             math.tanh
  // CHECK:           scf.yield %[[HNEXT]], %[[CNEXT]] : tensor<?x2xf32>, tensor<?x2xf32>
  // CHECK:         return %[[LOOP]]#0 : tensor<?x2xf32>
  dlc.func @lstm(%x: tensor<?x5x3xf32>) -> tensor<?x2xf32> {
    %k = dlc.read @lk : tensor<3x8xf32>
    %r = dlc.read @lr : tensor<2x8xf32>
    %h = dlc.lstm %x, %k, %r : (tensor<?x5x3xf32>, tensor<3x8xf32>, tensor<2x8xf32>) -> tensor<?x2xf32>
    dlc.return %h : tensor<?x2xf32>
  }

  // GRU with reset_after (Keras' default): bias row 0 is the input bias,
  // folded into the projection; row 1 the recurrent bias, the init of the
  // step's matmul.
  // CHECK-LABEL: func.func @rnn_gru(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x5x3xf32>, %[[K:[^:]*]]: tensor<3x6xf32>, %[[R:[^:]*]]: tensor<2x6xf32>, %[[B:[^:]*]]: tensor<2x6xf32>) -> tensor<?x2xf32>
  // CHECK:         %[[IB:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 6] [1, 1] : tensor<2x6xf32> to tensor<6xf32>
  // CHECK:         %[[IBIAS:.*]] = linalg.generic {{.*}} ins(%[[IB]] : tensor<6xf32>)
  // CHECK:         linalg.matmul ins(%{{.*}}, %[[K]] : tensor<?x3xf32>, tensor<3x6xf32>) outs(%[[IBIAS]] : tensor<?x6xf32>)
  // CHECK:         %[[RB:.*]] = tensor.extract_slice %[[B]][1, 0] [1, 6] [1, 1] : tensor<2x6xf32> to tensor<6xf32>
  // CHECK:         scf.for
  // CHECK:           %[[RBIAS:.*]] = linalg.generic {{.*}} ins(%[[RB]] : tensor<6xf32>)
  // CHECK:           linalg.matmul ins(%{{.*}}, %[[R]] : tensor<?x2xf32>, tensor<2x6xf32>) outs(%[[RBIAS]] : tensor<?x6xf32>)
  // CHECK-NOT:       linalg.matmul
  // z and r, the candidate act(x_h + r (h . U_h + b_h)), h' = z h + (1 - z) n.
  // CHECK:           %[[ZG:.*]] = linalg.generic
  // CHECK:             math.exp
  // CHECK:           %[[RG:.*]] = linalg.generic
  // CHECK:             math.exp
  // CHECK:           %[[NG:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[RG]], %{{.*}} :
  // CHECK:             math.tanh
  // CHECK:           %[[HG:.*]] = linalg.generic {{.*}} ins(%[[ZG]], %{{.*}}, %[[NG]] :
  // CHECK:           scf.yield %[[HG]]
  dlc.func @gru(%x: tensor<?x5x3xf32>) -> tensor<?x2xf32> {
    %k = dlc.read @gk : tensor<3x6xf32>
    %r = dlc.read @gr : tensor<2x6xf32>
    %b = dlc.read @gb : tensor<2x6xf32>
    %h = dlc.gru %x, %k, %r, %b : (tensor<?x5x3xf32>, tensor<3x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<?x2xf32>
    dlc.return %h : tensor<?x2xf32>
  }

  // A dynamic number of steps cannot be collapsed with the batch: the
  // projection is a contraction generic. GRU with the reset gate before the
  // candidate's matmul needs two matmuls per step: [z, r] columns of the
  // recurrent kernel first, then the candidate's on r * h.
  // CHECK-LABEL: func.func @rnn_gru_before(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x?x3xf32>, %[[K:[^:]*]]: tensor<3x6xf32>, %[[R:[^:]*]]: tensor<2x6xf32>) -> tensor<?x?x2xf32>
  // CHECK-NOT:     linalg.matmul
  // CHECK:         %[[PROJ:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[K]] : tensor<?x?x3xf32>, tensor<3x6xf32>)
  // CHECK:         %[[LOOP:.*]]:2 = scf.for %[[I:[^ ]*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[SEQ:.*]] = %{{.*}}) -> (tensor<?x2xf32>, tensor<?x?x2xf32>) {
  // CHECK:           %[[XT:.*]] = tensor.extract_slice %[[PROJ]][0, %[[I]], 0]
  // CHECK:           %[[XH:.*]] = tensor.extract_slice %[[XT]][0, 4] [%{{.*}}, 2] [1, 1]
  // CHECK:           %[[RZR:.*]] = tensor.extract_slice %[[R]][0, 0] [2, 4] [1, 1] : tensor<2x6xf32> to tensor<2x4xf32>
  // CHECK:           linalg.matmul ins(%[[H]], %[[RZR]] : tensor<?x2xf32>, tensor<2x4xf32>)
  // CHECK:           %[[Z:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x2xf32>, tensor<?x2xf32>)
  // CHECK:           %[[RG:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x2xf32>, tensor<?x2xf32>)
  // CHECK:           %[[RESET:.*]] = linalg.generic {{.*}} ins(%[[RG]], %[[H]] : tensor<?x2xf32>, tensor<?x2xf32>)
  // CHECK:           %[[RH:.*]] = tensor.extract_slice %[[R]][0, 4] [2, 2] [1, 1] : tensor<2x6xf32> to tensor<2x2xf32>
  // CHECK:           %[[CANDPRE:.*]] = linalg.matmul ins(%[[RESET]], %[[RH]] : tensor<?x2xf32>, tensor<2x2xf32>) outs(%[[XH]] : tensor<?x2xf32>)
  // CHECK:           %[[CAND:.*]] = linalg.generic {{.*}} ins(%[[CANDPRE]] : tensor<?x2xf32>)
  // CHECK:           %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[Z]], %[[H]], %[[CAND]] : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>)
  // CHECK:           %[[INS:.*]] = tensor.insert_slice %[[NEXT]] into %[[SEQ]][0, %[[I]], 0]
  // CHECK-NEXT:      scf.yield %[[NEXT]], %[[INS]]
  // CHECK:         return %[[LOOP]]#1 : tensor<?x?x2xf32>
  dlc.func @gru_before(%x: tensor<?x?x3xf32>) -> tensor<?x?x2xf32> {
    %k = dlc.read @gk : tensor<3x6xf32>
    %r = dlc.read @gr : tensor<2x6xf32>
    %h = dlc.gru %x, %k, %r return_sequences {reset_after = false} : (tensor<?x?x3xf32>, tensor<3x6xf32>, tensor<2x6xf32>) -> tensor<?x?x2xf32>
    dlc.return %h : tensor<?x?x2xf32>
  }
}
