// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the model-level ops: dlc.model, dlc.param with every
// initializer, dlc.read, dlc.func (public and private), dlc.call,
// dlc.return, dlc.train with every optimizer, and dlc.minimize with and
// without metrics. Hyperparameters equal to their defaults are elided when
// printed.

// CHECK-LABEL: dlc.model @initializers
dlc.model @initializers {
  // CHECK-NEXT: dlc.param @zeros : tensor<3xf32> = #dlc.zeros
  dlc.param @zeros : tensor<3xf32> = #dlc.zeros
  // CHECK-NEXT: dlc.param @ones : tensor<17xf32> = #dlc.ones
  dlc.param @ones : tensor<17xf32> = #dlc.ones
  // CHECK-NEXT: dlc.param @constant : tensor<1xf32> = #dlc.constant<2.500000e-01>
  dlc.param @constant : tensor<1xf32> = #dlc.constant<0.25>
  // CHECK-NEXT: dlc.param @constant_negative : tensor<13x17xf32> = #dlc.constant<-3.000000e+00>
  dlc.param @constant_negative : tensor<13x17xf32> = #dlc.constant<-3.0>
  // CHECK-NEXT: dlc.param @scalar : tensor<f32> = #dlc.constant<1.500000e+00>
  dlc.param @scalar : tensor<f32> = #dlc.constant<1.5>
  // CHECK-NEXT: dlc.param @uniform : tensor<13x17xf32> = #dlc.uniform<0.000000e+00, 1.000000e+00>
  dlc.param @uniform : tensor<13x17xf32> = #dlc.uniform<0.0, 1.0>
  // CHECK-NEXT: dlc.param @uniform_symmetric : tensor<17xf32> = #dlc.uniform<-1.250000e-01, 1.250000e-01>
  dlc.param @uniform_symmetric : tensor<17xf32> = #dlc.uniform<-0.125, 0.125>
  // CHECK-NEXT: dlc.param @normal : tensor<3x3xf32> = #dlc.normal<mean = 1.000000e+00, stddev = 5.000000e-01>
  dlc.param @normal : tensor<3x3xf32> = #dlc.normal<mean = 1.0, stddev = 0.5>
  // CHECK-NEXT: dlc.param @normal_mean : tensor<3xf32> = #dlc.normal<mean = -2.000000e+00>
  dlc.param @normal_mean : tensor<3xf32> = #dlc.normal<mean = -2.0>
  // CHECK-NEXT: dlc.param @normal_stddev : tensor<3xf32> = #dlc.normal<stddev = 2.000000e+00>
  dlc.param @normal_stddev : tensor<3xf32> = #dlc.normal<stddev = 2.0>
  // CHECK-NEXT: dlc.param @normal_default : tensor<3xf32> = #dlc.normal<>
  dlc.param @normal_default : tensor<3xf32> = #dlc.normal<>
  // CHECK-NEXT: dlc.param @normal_spelled_default : tensor<3xf32> = #dlc.normal<>
  dlc.param @normal_spelled_default : tensor<3xf32> = #dlc.normal<mean = 0.0, stddev = 0.05>
  // CHECK-NEXT: dlc.param @glorot : tensor<3x3x1x17xf32> = #dlc.glorot_uniform
  dlc.param @glorot : tensor<3x3x1x17xf32> = #dlc.glorot_uniform
  // CHECK-NEXT: dlc.param @he : tensor<13x17xf32> = #dlc.he_uniform
  dlc.param @he : tensor<13x17xf32> = #dlc.he_uniform
  // CHECK-NEXT: dlc.param @orthogonal : tensor<17x17xf32> = #dlc.orthogonal
  dlc.param @orthogonal : tensor<17x17xf32> = #dlc.orthogonal
  // CHECK-NEXT: dlc.param @orthogonal_gain : tensor<3x13x17xf32> = #dlc.orthogonal<gain = 2.000000e+00>
  dlc.param @orthogonal_gain : tensor<3x13x17xf32> = #dlc.orthogonal<gain = 2.0>
  // CHECK-NEXT: dlc.param @orthogonal_unit_gain : tensor<13x3xf32> = #dlc.orthogonal
  dlc.param @orthogonal_unit_gain : tensor<13x3xf32> = #dlc.orthogonal<gain = 1.0>
  // CHECK-NEXT: dlc.param @with_attrs : tensor<1x1xf32> = #dlc.zeros {note = "kept"}
  dlc.param @with_attrs : tensor<1x1xf32> = #dlc.zeros {note = "kept"}
  // CHECK-NEXT: }
}

// CHECK-LABEL: dlc.model @functions
// CHECK-SAME:  attributes {version = 3 : i64} {
dlc.model @functions attributes {version = 3 : i64} {
  // CHECK-NEXT: dlc.param @w : tensor<17x3xf32> = #dlc.glorot_uniform
  dlc.param @w : tensor<17x3xf32> = #dlc.glorot_uniform
  // CHECK-NEXT: dlc.param @b : tensor<3xf32> = #dlc.zeros
  dlc.param @b : tensor<3xf32> = #dlc.zeros

  // A private sub-network with no arguments and two results.
  // CHECK-LABEL: dlc.func private @weights(
  // CHECK-SAME:  ) -> (tensor<17x3xf32>, tensor<3xf32>) {
  // CHECK-NEXT:  %[[W:.*]] = dlc.read @w : tensor<17x3xf32>
  // CHECK-NEXT:  %[[B:.*]] = dlc.read @b : tensor<3xf32>
  // CHECK-NEXT:  dlc.return %[[W]], %[[B]] : tensor<17x3xf32>, tensor<3xf32>
  // CHECK-NEXT:  }
  dlc.func private @weights() -> (tensor<17x3xf32>, tensor<3xf32>) {
    %w = dlc.read @w : tensor<17x3xf32>
    %b = dlc.read @b : tensor<3xf32>
    dlc.return %w, %b : tensor<17x3xf32>, tensor<3xf32>
  }

  // CHECK-LABEL: dlc.func @logits(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x17xf32>) -> tensor<?x3xf32> {
  // CHECK-NEXT:  %[[PARAMS:.*]]:2 = dlc.call @weights() : () -> (tensor<17x3xf32>, tensor<3xf32>)
  // CHECK-NEXT:  %[[Y:.*]] = dlc.dense %[[X]], %[[PARAMS]]#0, %[[PARAMS]]#1 : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  dlc.return %[[Y]] : tensor<?x3xf32>
  // CHECK-NEXT:  }
  dlc.func @logits(%x: tensor<?x17xf32>) -> tensor<?x3xf32> {
    %params:2 = dlc.call @weights() : () -> (tensor<17x3xf32>, tensor<3xf32>)
    %y = dlc.dense %x, %params#0, %params#1 : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }

  // An entry point with no results, and one with integer arguments and
  // argument, result and function attributes.
  // CHECK-LABEL: dlc.func @nothing(
  // CHECK-SAME:  ) {
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @nothing() {
    dlc.return
  }
  // CHECK-LABEL: dlc.func @labels(
  // CHECK-SAME:  %[[Y:[^:]*]]: tensor<?xi32> {dlc.name = "y"}, %[[Z:[^:]*]]: tensor<1xi64>) -> (tensor<?xi32> {dlc.name = "out"}) attributes {exported} {
  // CHECK-NEXT:  dlc.return %[[Y]] : tensor<?xi32>
  // CHECK-NEXT:  }
  dlc.func @labels(%y: tensor<?xi32> {dlc.name = "y"}, %z: tensor<1xi64>) -> (tensor<?xi32> {dlc.name = "out"}) attributes {exported} {
    dlc.return %y : tensor<?xi32>
  }

  // CHECK-LABEL: dlc.train @step(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x17xf32>, %[[Y:[^:]*]]: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@w, @b] {
  // CHECK-NEXT:  %[[P:.*]] = dlc.call @logits(%[[X]]) : (tensor<?x17xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[LOSS:.*]] = dlc.categorical_crossentropy %[[P]], %[[Y]] from_logits : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[LOSS]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @step(%x: tensor<?x17xf32>, %y: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@w, @b] {
    %p = dlc.call @logits(%x) : (tensor<?x17xf32>) -> tensor<?x3xf32>
    %loss = dlc.categorical_crossentropy %p, %y from_logits : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }

  // Only @w is updated: @b is read but frozen.
  // CHECK-LABEL: dlc.train @step_with_metrics(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x17xf32> {dlc.name = "x"}, %[[Y:[^:]*]]: tensor<?x3xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) optimizer #dlc.adam params [@w] attributes {tag = "metrics"} {
  // CHECK-NEXT:  %[[P:.*]] = dlc.call @logits(%[[X]]) : (tensor<?x17xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[LOSS:.*]] = dlc.categorical_crossentropy %[[P]], %[[Y]] from_logits : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[ACC:.*]] = dlc.categorical_accuracy %[[P]], %[[Y]] : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[ACC2:.*]] = dlc.binary_accuracy %[[P]], %[[Y]] : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[LOSS]], %[[ACC]], %[[ACC2]] : tensor<f32>, tensor<f32>, tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @step_with_metrics(%x: tensor<?x17xf32> {dlc.name = "x"}, %y: tensor<?x3xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) optimizer #dlc.adam params [@w] attributes {tag = "metrics"} {
    %p = dlc.call @logits(%x) : (tensor<?x17xf32>) -> tensor<?x3xf32>
    %loss = dlc.categorical_crossentropy %p, %y from_logits : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    %acc = dlc.categorical_accuracy %p, %y : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    %acc2 = dlc.binary_accuracy %p, %y : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %loss, %acc, %acc2 : tensor<f32>, tensor<f32>, tensor<f32>
  }
  // CHECK-NEXT: }
}

// CHECK-LABEL: dlc.model @optimizers
dlc.model @optimizers {
  // CHECK-NEXT: dlc.param @w : tensor<13x1xf32> = #dlc.glorot_uniform
  dlc.param @w : tensor<13x1xf32> = #dlc.glorot_uniform

  // CHECK-LABEL: dlc.func private @loss(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> {
  // CHECK-NEXT:  %[[W:.*]] = dlc.read @w : tensor<13x1xf32>
  // CHECK-NEXT:  %[[P:.*]] = dlc.dense %[[X]], %[[W]] : (tensor<?x13xf32>, tensor<13x1xf32>) -> tensor<?x1xf32>
  // CHECK-NEXT:  %[[L:.*]] = dlc.mean_squared_error %[[P]], %[[Y]] : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.return %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.func private @loss(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> {
    %w = dlc.read @w : tensor<13x1xf32>
    %p = dlc.dense %x, %w : (tensor<?x13xf32>, tensor<13x1xf32>) -> tensor<?x1xf32>
    %l = dlc.mean_squared_error %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.return %l : tensor<f32>
  }

  // CHECK-LABEL: dlc.train @sgd(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @sgd(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @sgd_spelled_defaults(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @sgd_spelled_defaults(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 0.01, momentum = 0.0, nesterov = false> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @sgd_lr(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 5.000000e-01> params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @sgd_lr(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 0.5> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @sgd_momentum(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd<momentum = 7.500000e-01> params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @sgd_momentum(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd<momentum = 0.75> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @sgd_nesterov(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 1.250000e-01, momentum = 8.750000e-01, nesterov = true> params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @sgd_nesterov(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 0.125, momentum = 0.875, nesterov = true> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @adam(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @adam(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @adam_empty(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @adam_empty(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam<> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @adam_gan(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam<lr = 2.000000e-04, beta1 = 5.000000e-01> params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @adam_gan(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam<lr = 2.0e-4, beta1 = 0.5> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @adam_all(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam<lr = 2.500000e-01, beta1 = 0.000000e+00, beta2 = 7.500000e-01, epsilon = 1.000000e-08> params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @adam_all(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam<lr = 0.25, beta1 = 0.0, beta2 = 0.75, epsilon = 1.0e-8> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @rmsprop(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.rmsprop params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @rmsprop(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.rmsprop params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @rmsprop_rho(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.rmsprop<rho = 5.000000e-01> params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @rmsprop_rho(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.rmsprop<rho = 0.5> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-LABEL: dlc.train @rmsprop_all(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13xf32>, %[[Y:[^:]*]]: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.rmsprop<lr = 6.250000e-02, rho = 2.500000e-01, momentum = 5.000000e-01, epsilon = 1.000000e-08> params [@w] {
  // CHECK-NEXT:  %[[L:.*]] = dlc.call @loss(%[[X]], %[[Y]]) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.minimize %[[L]] : tensor<f32>
  // CHECK-NEXT:  }
  dlc.train @rmsprop_all(%x: tensor<?x13xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.rmsprop<lr = 0.0625, rho = 0.25, momentum = 0.5, epsilon = 1.0e-8> params [@w] {
    %l = dlc.call @loss(%x, %y) : (tensor<?x13xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  // CHECK-NEXT: }
}

// A double-precision model: parameters, layers, losses and metrics in f64.
// CHECK-LABEL: dlc.model @double_precision
dlc.model @double_precision {
  // CHECK-NEXT: dlc.param @dense.kernel : tensor<17x3xf64> = #dlc.glorot_uniform
  dlc.param @dense.kernel : tensor<17x3xf64> = #dlc.glorot_uniform
  // CHECK-NEXT: dlc.param @dense.bias : tensor<3xf64> = #dlc.constant<5.000000e-01>
  dlc.param @dense.bias : tensor<3xf64> = #dlc.constant<0.5>

  // CHECK-LABEL: dlc.func @predict(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x17xf64>) -> tensor<?x3xf64> {
  // CHECK-NEXT:  %[[W:.*]] = dlc.read @dense.kernel : tensor<17x3xf64>
  // CHECK-NEXT:  %[[B:.*]] = dlc.read @dense.bias : tensor<3xf64>
  // CHECK-NEXT:  %[[Y:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] activation(softmax) : (tensor<?x17xf64>, tensor<17x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  // CHECK-NEXT:  dlc.return %[[Y]] : tensor<?x3xf64>
  // CHECK-NEXT:  }
  dlc.func @predict(%x: tensor<?x17xf64>) -> tensor<?x3xf64> {
    %w = dlc.read @dense.kernel : tensor<17x3xf64>
    %b = dlc.read @dense.bias : tensor<3xf64>
    %y = dlc.dense %x, %w, %b activation(softmax) : (tensor<?x17xf64>, tensor<17x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
    dlc.return %y : tensor<?x3xf64>
  }

  // CHECK-LABEL: dlc.train @train_step(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x17xf64>, %[[LABELS:[^:]*]]: tensor<?xi64>) -> (tensor<f64>, tensor<f64>) optimizer #dlc.sgd<lr = 2.500000e-01> params [@dense.kernel, @dense.bias] {
  // CHECK-NEXT:  %[[P:.*]] = dlc.call @predict(%[[X]]) : (tensor<?x17xf64>) -> tensor<?x3xf64>
  // CHECK-NEXT:  %[[LOSS:.*]] = dlc.sparse_categorical_crossentropy %[[P]], %[[LABELS]] : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
  // CHECK-NEXT:  %[[ACC:.*]] = dlc.sparse_categorical_accuracy %[[P]], %[[LABELS]] : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
  // CHECK-NEXT:  dlc.minimize %[[LOSS]], %[[ACC]] : tensor<f64>, tensor<f64>
  // CHECK-NEXT:  }
  dlc.train @train_step(%x: tensor<?x17xf64>, %labels: tensor<?xi64>) -> (tensor<f64>, tensor<f64>) optimizer #dlc.sgd<lr = 0.25> params [@dense.kernel, @dense.bias] {
    %p = dlc.call @predict(%x) : (tensor<?x17xf64>) -> tensor<?x3xf64>
    %loss = dlc.sparse_categorical_crossentropy %p, %labels : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
    %acc = dlc.sparse_categorical_accuracy %p, %labels : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
    dlc.minimize %loss, %acc : tensor<f64>, tensor<f64>
  }
  // CHECK-NEXT: }
}
