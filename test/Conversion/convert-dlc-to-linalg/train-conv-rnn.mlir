// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// The differentiated IR of a convolution's input, tanh and relu, RMSprop;
// and of a SimpleRNN (backpropagation through time), a softmax activation
// op with sparse cross-entropy, and SGD with momentum.

// The second convolution's input gradient: tanh's (1 - y^2) dy, padded by
// the kernel's extent, correlated with the flipped kernel (a full
// convolution), the 'same' padding cropped; then relu's mask and the first
// kernel's gradient as an im2col matmul (3 * 3 * 2 = 18 rows); RMSprop
// divides by a square root.
// CHECK-LABEL: func.func @ops_conv_input(
// CHECK-SAME:      %[[K2:arg3]]: tensor<3x3x4x4xf32>
// CHECK:           %[[SQ:.*]] = arith.mulf %in, %in : f32
// CHECK-NEXT:      %[[ONE_MINUS:.*]] = arith.subf %{{.*}}, %[[SQ]] : f32
// CHECK-NEXT:      arith.mulf %{{.*}}, %[[ONE_MINUS]] : f32
// CHECK:         %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 2, 2, 0] high[0, 2, 2, 0]
// CHECK:         %[[FLIPPED:.*]] = linalg.generic {{.*}} ins(%[[K2]] : tensor<3x3x4x4xf32>)
// CHECK:         %[[FULL:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[PADDED]], %[[FLIPPED]] : tensor<?x8x8x4xf32>, tensor<3x3x4x4xf32>) {{.*}} -> tensor<?x6x6x4xf32>
// CHECK:         %[[CROPPED:.*]] = tensor.extract_slice %[[FULL]][0, 1, 1, 0] [%{{.*}}, 4, 4, 4] [1, 1, 1, 1]
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %[[CROPPED]] :
// CHECK:           arith.cmpf ogt
// CHECK:         linalg.matmul indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}] ins(%{{.*}}, %{{.*}} : tensor<?x18xf32>, tensor<?x4xf32>) outs(%{{.*}} : tensor<18x4xf32>)
// CHECK:         math.sqrt

// The RNN: softmax and sparse cross-entropy fused into the stable
// p - onehot(label) (scaled by 1 / batch), with no division by p and no
// separate softmax gradient; the forward pass again, keeping every step's
// state; a loop
// over the steps backwards: tanh's gradient, the kernel's and the recurrent
// kernel's gradients as transposed-A matmuls accumulated in iter_args, the
// state's gradient through the transposed recurrent kernel. Momentum
// updates velocity and parameter.
// CHECK-LABEL: func.func @ops_rnn(
// The forward loss (it takes logarithms), then its fused gradient.
// CHECK:           math.log
// CHECK:         %[[DLOGITS:.*]] = linalg.generic {{.*}} ins(%[[P:.*]], %{{.*}} : tensor<?x3xf32>, tensor<?xi32>)
// CHECK-NEXT:    ^bb0(%[[PV:[^:]*]]: f32, %[[LABEL:[^:]*]]: i32, %{{.*}}: f32):
// CHECK-NEXT:      %[[COL:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[L:.*]] = arith.index_cast %[[LABEL]] : i32 to index
// CHECK-NEXT:      %[[HIT:.*]] = arith.cmpi eq, %[[COL]], %[[L]] : index
// CHECK:           %[[ONEHOT:.*]] = arith.select %[[HIT]]
// CHECK-NEXT:      %[[DIFF:.*]] = arith.subf %[[PV]], %[[ONEHOT]] : f32
// CHECK-NEXT:      arith.mulf %{{.*}}, %[[DIFF]] : f32
// The cell again, saving every step's previous and new state.
// CHECK:         %[[FWD:.*]]:3 = scf.for {{.*}} -> (tensor<?x3xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>)
// CHECK:         %[[UT:.*]] = linalg.transpose ins(%{{.*}} : tensor<3x3xf32>)
// CHECK:         %[[BPTT:.*]]:5 = scf.for %[[S:.*]] = %{{.*}} to %[[STEPS:.*]] step %[[ONE:[^ ]*]] iter_args(
// CHECK:           %[[LAST:.*]] = arith.subi %[[STEPS]], %[[ONE]]
// CHECK:           %[[T:.*]] = arith.subi %[[LAST]], %[[S]]
// CHECK:           %[[HPREV:.*]] = tensor.extract_slice %[[FWD]]#1[0, %[[T]], 0] [%{{.*}}, 1, 3]
// CHECK:           %[[H:.*]] = tensor.extract_slice %[[FWD]]#2[0, %[[T]], 0] [%{{.*}}, 1, 3]
// CHECK:           %[[DZ:.*]] = linalg.generic {{.*}} ins(%[[H]], %{{.*}} :
// CHECK:             arith.mulf
// CHECK-NEXT:        arith.subf
// CHECK-NEXT:        arith.mulf
// CHECK:           linalg.matmul indexing_maps = {{.*}} ins(%[[HPREV]], %[[DZ]] : tensor<?x3xf32>, tensor<?x3xf32>) outs(%{{.*}} : tensor<3x3xf32>)
// CHECK:           linalg.matmul ins(%[[DZ]], %[[UT]] :
// CHECK:           %[[XT:.*]] = tensor.extract_slice %{{.*}}[0, %[[T]], 0] [%{{.*}}, 1, 4]
// CHECK:           linalg.matmul indexing_maps = {{.*}} ins(%[[XT]], %[[DZ]] : tensor<?x4xf32>, tensor<?x3xf32>) outs(%{{.*}} : tensor<4x3xf32>)
// SGD with momentum: the new kernel and velocity from one elementwise op.
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %[[BPTT]]#1, %{{.*}} : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>)
dlc.model @ops {
  dlc.param @k : tensor<3x3x2x4xf32> = #dlc.glorot_uniform
  dlc.param @k2 : tensor<3x3x4x4xf32> = #dlc.glorot_uniform
  dlc.param @w : tensor<4x3xf32> = #dlc.glorot_uniform
  dlc.param @u : tensor<3x3xf32> = #dlc.orthogonal
  dlc.param @rb : tensor<3xf32> = #dlc.zeros
  dlc.train @conv_input(%x: tensor<?x6x6x2xf32>, %t: tensor<?x4x4x4xf32>) -> tensor<f32> optimizer #dlc.rmsprop params [@k] {
    %k = dlc.read @k : tensor<3x3x2x4xf32>
    %k2 = dlc.read @k2 : tensor<3x3x4x4xf32>
    %c = dlc.conv2d %x, %k activation(relu) : (tensor<?x6x6x2xf32>, tensor<3x3x2x4xf32>) -> tensor<?x4x4x4xf32>
    %c2 = dlc.conv2d %c, %k2 padding(same) activation(tanh) : (tensor<?x4x4x4xf32>, tensor<3x3x4x4xf32>) -> tensor<?x4x4x4xf32>
    %l = dlc.mean_squared_error %c2, %t : (tensor<?x4x4x4xf32>, tensor<?x4x4x4xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  dlc.train @rnn(%x: tensor<?x5x4xf32>, %y: tensor<?xi32>) -> tensor<f32> optimizer #dlc.sgd<lr = 0.1, momentum = 0.9> params [@w, @u, @rb] {
    %w = dlc.read @w : tensor<4x3xf32>
    %u = dlc.read @u : tensor<3x3xf32>
    %b = dlc.read @rb : tensor<3xf32>
    %h = dlc.simple_rnn %x, %w, %u, %b activation(tanh) : (tensor<?x5x4xf32>, tensor<4x3xf32>, tensor<3x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %p = dlc.activation softmax %h : tensor<?x3xf32>
    %l = dlc.sparse_categorical_crossentropy %p, %y : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
