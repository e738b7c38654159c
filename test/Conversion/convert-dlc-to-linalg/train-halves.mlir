// RUN: dlc-opt %s --convert-dlc-to-linalg -verify-diagnostics -split-input-file | FileCheck %s
// RUN: dlc-opt %s --convert-dlc-to-linalg=step-halves=false -split-input-file | FileCheck %s --check-prefix=FUSED

// A loss with reduction(sum) adds up over the slices of a batch as it is: the
// gradients' half neither scales it nor its gradients (no division by the
// batch's size), where a metric (a mean over the batch) gets its share.
// CHECK-LABEL: func.func @sum_step_gradients(
// CHECK-SAME:      %{{[^:]*}}: tensor<?x2xf32>, %{{[^:]*}}: tensor<?x1xf32>, %[[TOTAL:[^:]*]]: tensor<i64>, %{{[^:]*}}: tensor<2x1xf32>)
// CHECK-SAME:      -> (tensor<f32>, tensor<f32>, tensor<2x1xf32>)
// CHECK-COUNT-1:   tensor.extract %[[TOTAL]][]
// CHECK-NOT:       tensor.extract %[[TOTAL]][]
// CHECK:           return
// CHECK-LABEL: func.func @sum_step_apply(
// FUSED-LABEL: func.func @sum_step(
// FUSED-NOT:   func.func @sum_step_gradients(
// FUSED-NOT:   func.func @sum_step_apply(
dlc.model @sum {
  dlc.param @w : tensor<2x1xf32> = #dlc.zeros
  dlc.train @step(%x: tensor<?x2xf32>, %y: tensor<?x1xf32>) -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.sgd params [@w] {
    %w = dlc.read @w : tensor<2x1xf32>
    %p = dlc.dense %x, %w activation(sigmoid) : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
    %l = dlc.mean_squared_error %p, %y reduction(sum) scale(5.000000e-01) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %a = dlc.binary_accuracy %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l, %a : tensor<f32>, tensor<f32>
  }
}

// -----

// A loss that is not a loss op's (here the sum of two) has no share of a
// batch the compiler knows: the step has no halves, with a warning; the
// fused step compiles.
// CHECK-LABEL: func.func @two_step(
// CHECK-NOT:   func.func @two_step_gradients(
// CHECK-NOT:   func.func @two_step_apply(
dlc.model @two {
  dlc.param @w : tensor<2x1xf32> = #dlc.zeros
  // expected-warning @below {{training step @step has no halves for data parallelism: each of its results must be a loss or a metric op's, whose shares of a batch add up}}
  dlc.train @step(%x: tensor<?x2xf32>, %y: tensor<?x1xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@w] {
    %w = dlc.read @w : tensor<2x1xf32>
    %p = dlc.dense %x, %w : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
    %l1 = dlc.mean_squared_error %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %l2 = dlc.mean_squared_error %p, %y reduction(sum) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %l = dlc.add %l1, %l2 : tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
