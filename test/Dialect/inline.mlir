// RUN: dlc-opt %s --inline | FileCheck %s
// RUN: dlc-opt %s --inline | FileCheck %s --check-prefix=NOCALL

// The inliner replaces each dlc.call of a dlc.func by the callee's body
// (DLCInlinerInterface): differentiation and lowering work on inlined
// training steps. Calls of calls are inlined too, and the private
// sub-network, once it has no callers left, is removed.

// NOCALL-NOT: dlc.call
// NOCALL-NOT: @hidden_layer

// CHECK-LABEL: dlc.model @classifier {
// CHECK-NEXT:    dlc.param @hidden.kernel : tensor<17x13xf32> = #dlc.glorot_uniform
// CHECK-NEXT:    dlc.param @hidden.bias : tensor<13xf32> = #dlc.zeros
// CHECK-NEXT:    dlc.param @out.kernel : tensor<13x3xf32> = #dlc.glorot_uniform
dlc.model @classifier {
  dlc.param @hidden.kernel : tensor<17x13xf32> = #dlc.glorot_uniform
  dlc.param @hidden.bias : tensor<13xf32> = #dlc.zeros
  dlc.param @out.kernel : tensor<13x3xf32> = #dlc.glorot_uniform

  dlc.func private @hidden_layer(%x: tensor<?x17xf32>) -> tensor<?x13xf32> {
    %w = dlc.read @hidden.kernel : tensor<17x13xf32>
    %b = dlc.read @hidden.bias : tensor<13xf32>
    %h = dlc.dense %x, %w, %b activation(tanh)
        : (tensor<?x17xf32>, tensor<17x13xf32>, tensor<13xf32>) -> tensor<?x13xf32>
    dlc.return %h : tensor<?x13xf32>
  }

  // CHECK-LABEL: dlc.func @predict(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>) -> tensor<?x3xf32> {
  // CHECK-NEXT:    %[[W:.*]] = dlc.read @hidden.kernel : tensor<17x13xf32>
  // CHECK-NEXT:    %[[B:.*]] = dlc.read @hidden.bias : tensor<13xf32>
  // CHECK-NEXT:    %[[H:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] activation(tanh) : (tensor<?x17xf32>, tensor<17x13xf32>, tensor<13xf32>) -> tensor<?x13xf32>
  // CHECK-NEXT:    %[[K:.*]] = dlc.read @out.kernel : tensor<13x3xf32>
  // CHECK-NEXT:    %[[P:.*]] = dlc.dense %[[H]], %[[K]] activation(softmax) : (tensor<?x13xf32>, tensor<13x3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:    dlc.return %[[P]] : tensor<?x3xf32>
  // CHECK-NEXT:  }
  dlc.func @predict(%x: tensor<?x17xf32>) -> tensor<?x3xf32> {
    %h = dlc.call @hidden_layer(%x) : (tensor<?x17xf32>) -> tensor<?x13xf32>
    %k = dlc.read @out.kernel : tensor<13x3xf32>
    %p = dlc.dense %h, %k activation(softmax)
        : (tensor<?x13xf32>, tensor<13x3xf32>) -> tensor<?x3xf32>
    dlc.return %p : tensor<?x3xf32>
  }

  // The step calls @predict, which calls @hidden_layer: both are inlined.
  // CHECK-LABEL: dlc.train @train_step(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>, %[[Y:[^:]*]]: tensor<?xi32>) -> (tensor<f32>, tensor<f32>) optimizer #dlc.rmsprop params [@hidden.kernel, @hidden.bias, @out.kernel] {
  // CHECK-NEXT:    %[[W:.*]] = dlc.read @hidden.kernel : tensor<17x13xf32>
  // CHECK-NEXT:    %[[B:.*]] = dlc.read @hidden.bias : tensor<13xf32>
  // CHECK-NEXT:    %[[H:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] activation(tanh) : (tensor<?x17xf32>, tensor<17x13xf32>, tensor<13xf32>) -> tensor<?x13xf32>
  // CHECK-NEXT:    %[[K:.*]] = dlc.read @out.kernel : tensor<13x3xf32>
  // CHECK-NEXT:    %[[P:.*]] = dlc.dense %[[H]], %[[K]] activation(softmax) : (tensor<?x13xf32>, tensor<13x3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:    %[[L:.*]] = dlc.sparse_categorical_crossentropy %[[P]], %[[Y]] : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
  // CHECK-NEXT:    %[[A:.*]] = dlc.sparse_categorical_accuracy %[[P]], %[[Y]] : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
  // CHECK-NEXT:    dlc.minimize %[[L]], %[[A]] : tensor<f32>, tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @train_step(%x: tensor<?x17xf32>, %y: tensor<?xi32>)
      -> (tensor<f32>, tensor<f32>)
      optimizer #dlc.rmsprop
      params [@hidden.kernel, @hidden.bias, @out.kernel] {
    %p = dlc.call @predict(%x) : (tensor<?x17xf32>) -> tensor<?x3xf32>
    %loss = dlc.sparse_categorical_crossentropy %p, %y
        : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    %accuracy = dlc.sparse_categorical_accuracy %p, %y
        : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss, %accuracy : tensor<f32>, tensor<f32>
  }

  // A step that calls a function twice gets two copies of its body.
  // CHECK-LABEL: dlc.train @twice(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>) -> tensor<f32> optimizer #dlc.sgd params [@hidden.kernel] {
  // CHECK-NEXT:    %[[W1:.*]] = dlc.read @hidden.kernel : tensor<17x13xf32>
  // CHECK-NEXT:    %[[B1:.*]] = dlc.read @hidden.bias : tensor<13xf32>
  // CHECK-NEXT:    %[[H1:.*]] = dlc.dense %[[X]], %[[W1]], %[[B1]] activation(tanh) : (tensor<?x17xf32>, tensor<17x13xf32>, tensor<13xf32>) -> tensor<?x13xf32>
  // CHECK-NEXT:    %[[W2:.*]] = dlc.read @hidden.kernel : tensor<17x13xf32>
  // CHECK-NEXT:    %[[B2:.*]] = dlc.read @hidden.bias : tensor<13xf32>
  // CHECK-NEXT:    %[[H2:.*]] = dlc.dense %[[X]], %[[W2]], %[[B2]] activation(tanh) : (tensor<?x17xf32>, tensor<17x13xf32>, tensor<13xf32>) -> tensor<?x13xf32>
  // CHECK-NEXT:    %[[L:.*]] = dlc.mean_squared_error %[[H1]], %[[H2]] reduction(sum) : (tensor<?x13xf32>, tensor<?x13xf32>) -> tensor<f32>
  // CHECK-NEXT:    dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  // CHECK-NEXT: }
  dlc.train @twice(%x: tensor<?x17xf32>) -> tensor<f32>
      optimizer #dlc.sgd params [@hidden.kernel] {
    %h1 = dlc.call @hidden_layer(%x) : (tensor<?x17xf32>) -> tensor<?x13xf32>
    %h2 = dlc.call @hidden_layer(%x) : (tensor<?x17xf32>) -> tensor<?x13xf32>
    %loss = dlc.mean_squared_error %h1, %h2 reduction(sum)
        : (tensor<?x13xf32>, tensor<?x13xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}
