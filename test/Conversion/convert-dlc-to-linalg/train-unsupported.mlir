// RUN: dlc-opt %s --convert-dlc-to-linalg -verify-diagnostics | FileCheck %s

// A training step through a form that has no gradient rule yet is left out
// with a warning that names the reason; the model's other entry points
// still compile.

// CHECK-LABEL: func.func @m_predict(
// CHECK-NOT:   func.func @m_step(
dlc.model @m {
  dlc.param @w : tensor<3x2xf32> = #dlc.zeros
  dlc.param @k : tensor<2x4xf32> = #dlc.zeros
  dlc.param @r : tensor<4x4xf32> = #dlc.zeros
  dlc.func @predict(%x: tensor<?x?x3xf32>) -> tensor<?x?x2xf32> {
    %w = dlc.read @w : tensor<3x2xf32>
    %y = dlc.dense %x, %w : (tensor<?x?x3xf32>, tensor<3x2xf32>) -> tensor<?x?x2xf32>
    dlc.return %y : tensor<?x?x2xf32>
  }
  // expected-warning @below {{training step @step is not compiled: training through a dense layer whose input has several dynamic axes is not supported yet}}
  dlc.train @step(%x: tensor<?x?x3xf32>, %t: tensor<?x4xf32>) -> tensor<f32> optimizer #dlc.sgd params [@w, @k, @r] {
    %w = dlc.read @w : tensor<3x2xf32>
    %y = dlc.dense %x, %w : (tensor<?x?x3xf32>, tensor<3x2xf32>) -> tensor<?x?x2xf32>
    %k = dlc.read @k : tensor<2x4xf32>
    %r = dlc.read @r : tensor<4x4xf32>
    %h = dlc.simple_rnn %y, %k, %r : (tensor<?x?x2xf32>, tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    %l = dlc.mean_squared_error %h, %t : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
