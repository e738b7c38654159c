// RUN: dlc-opt %s --convert-dlc-to-linalg=train-steps=false | FileCheck %s
// RUN: dlc-opt %s --convert-dlc-to-linalg=train-steps=false | FileCheck %s --check-prefix=GONE
// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s --check-prefix=TRAIN

// Every public dlc.func of every dlc.model becomes func.func
// @<model>_<entry>: its inputs, then the parameters it reads in first-read
// order (each once, unread ones left out), with dlc.entry, dlc.model,
// dlc.params and llvm.emit_c_interface. dlc.calls of private functions are
// inlined, calls in inlined bodies too. The models are erased with their
// private functions. Every training step also gets @<model>_<step>_evaluate
// (its forward pass, loss and metrics without an update, for validation),
// marked with dlc.evaluates. With train-steps=false the training steps
// themselves are erased, not lowered. Other functions are left alone.

// GONE-NOT: dlc.model @
// GONE-NOT: dlc.call
// GONE-NOT: dlc.read @
// GONE-NOT: dlc.train
// GONE-NOT: dlc.minimize
// GONE-NOT: @hidden_layer
// GONE-NOT: @twice
// GONE-NOT: @classifier_train_step(
// GONE-NOT: @trainer_only_step(
// GONE-NOT: dlc.train
// GONE-NOT: @unused

// By default (train-steps=true) each training step also becomes a function
// @<model>_<step> marked dlc.train: its inputs, the parameters it reads, the
// optimizer state of each updated parameter (none for plain SGD; Adam's m and
// v), the step counter; it returns the loss, the updated parameters and
// state, and the next step count; dlc.in_place names, per result, the
// argument whose buffer the caller may pass for it too. (Its body, the differentiated forward pass,
// is not checked here.)
// TRAIN-LABEL: func.func @classifier_predict(
// TRAIN-LABEL: func.func @classifier_embed(
// TRAIN-LABEL: func.func @classifier_train_step(
// TRAIN-SAME:      %{{[^:]*}}: tensor<?x17xf32>, %{{[^:]*}}: tensor<?xi32>, %{{[^:]*}}: tensor<13x3xf32>, %{{[^:]*}}: tensor<13xf32>, %{{[^:]*}}: tensor<17x13xf32>, %{{[^:]*}}: tensor<i64>)
// TRAIN-SAME:      -> (tensor<f32>, tensor<13x3xf32>, tensor<13xf32>, tensor<17x13xf32>, tensor<i64>)
// TRAIN-SAME:      attributes {dlc.entry = "train_step", dlc.in_place = array<i64: -1, 2, 3, 4, 5>, dlc.model = "classifier", dlc.params = [@out.kernel, @hidden.bias, @hidden.kernel], dlc.slots = [], dlc.train, dlc.updates = [@out.kernel, @hidden.bias, @hidden.kernel], llvm.emit_c_interface}
// TRAIN-LABEL: func.func @trainer_only_step(
// TRAIN-SAME:      %{{[^:]*}}: tensor<?x2xf32>, %{{[^:]*}}: tensor<?x1xf32>, %{{[^:]*}}: tensor<2x1xf32>, %{{[^:]*}}: tensor<2x1xf32>, %{{[^:]*}}: tensor<2x1xf32>, %{{[^:]*}}: tensor<i64>)
// TRAIN-SAME:      -> (tensor<f32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<i64>)
// TRAIN-SAME:      dlc.in_place = array<i64: -1, 2, 3, 4, 5>, {{.*}} dlc.slots = ["m", "v"], dlc.train, dlc.updates = [@w]
// Its halves for data parallelism. @<model>_<step>_gradients takes a slice
// of a batch and the batch's size after the step's inputs and returns the
// slice's share of the loss (its samples over the batch's: a mean over the
// batch) and the gradient of each updated parameter, so that the slices'
// results add up to the batch's.
// TRAIN-LABEL: func.func @trainer_only_step_gradients(
// TRAIN-SAME:      %[[X:[^:]*]]: tensor<?x2xf32>, %{{[^:]*}}: tensor<?x1xf32>, %[[TOTAL:[^:]*]]: tensor<i64>, %{{[^:]*}}: tensor<2x1xf32>)
// TRAIN-SAME:      -> (tensor<f32>, tensor<2x1xf32>)
// TRAIN-SAME:      attributes {dlc.entry = "step_gradients", dlc.model = "trainer_only", dlc.params = [@w], dlc.updates = [@w], llvm.emit_c_interface}
// TRAIN:           %[[N:.*]] = tensor.extract %[[TOTAL]][]
// TRAIN:           %[[COUNT:.*]] = arith.sitofp %[[N]]
// TRAIN:           %[[SHARE:.*]] = arith.divf %{{.*}}, %[[COUNT]]
// TRAIN:           tensor.from_elements %[[SHARE]]
// @<model>_<step>_apply takes the gradients as its inputs, then the
// parameters, the state and the step count, and updates them as the step
// does (and in place).
// TRAIN-LABEL: func.func @trainer_only_step_apply(
// TRAIN-SAME:      %{{[^:]*}}: tensor<2x1xf32>, %{{[^:]*}}: tensor<2x1xf32>, %{{[^:]*}}: tensor<2x1xf32>, %{{[^:]*}}: tensor<2x1xf32>, %{{[^:]*}}: tensor<i64>)
// TRAIN-SAME:      -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<i64>)
// TRAIN-SAME:      attributes {dlc.entry = "step_apply", dlc.in_place = array<i64: 1, 2, 3, 4>, dlc.model = "trainer_only", dlc.params = [@w], dlc.slots = ["m", "v"], dlc.train, dlc.updates = [@w], llvm.emit_c_interface}

// CHECK-LABEL: func.func @untouched(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:    return %[[X]] : tensor<4xf32>
// CHECK-NEXT:  }
func.func @untouched(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

dlc.model @classifier {
  dlc.param @hidden.kernel : tensor<17x13xf32> = #dlc.glorot_uniform
  dlc.param @hidden.bias : tensor<13xf32> = #dlc.zeros
  dlc.param @out.kernel : tensor<13x3xf32> = #dlc.glorot_uniform
  dlc.param @unused : tensor<3xf32> = #dlc.zeros

  // Reads the bias before the kernel.
  dlc.func private @hidden_layer(%x: tensor<?x17xf32>) -> tensor<?x13xf32> {
    %b = dlc.read @hidden.bias : tensor<13xf32>
    %w = dlc.read @hidden.kernel : tensor<17x13xf32>
    %h = dlc.dense %x, %w, %b activation(tanh) : (tensor<?x17xf32>, tensor<17x13xf32>, tensor<13xf32>) -> tensor<?x13xf32>
    dlc.return %h : tensor<?x13xf32>
  }
  dlc.func private @twice(%x: tensor<?x17xf32>) -> tensor<?x13xf32> {
    %a = dlc.call @hidden_layer(%x) : (tensor<?x17xf32>) -> tensor<?x13xf32>
    %b = dlc.call @hidden_layer(%x) : (tensor<?x17xf32>) -> tensor<?x13xf32>
    %s = dlc.add %a, %b : tensor<?x13xf32>
    dlc.return %s : tensor<?x13xf32>
  }

  // @out.kernel is read first, then @hidden.bias and @hidden.kernel inside
  // the (twice) inlined hidden layer: three parameter arguments in that
  // order, both copies of the layer reading the same ones.
  // CHECK-LABEL: func.func @classifier_predict(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>, %[[OUT:[^:]*]]: tensor<13x3xf32>, %[[BIAS:[^:]*]]: tensor<13xf32>, %[[KERNEL:[^:]*]]: tensor<17x13xf32>) -> tensor<?x3xf32>
  // CHECK-SAME:      attributes {dlc.entry = "predict", dlc.model = "classifier", dlc.params = [@out.kernel, @hidden.bias, @hidden.kernel], llvm.emit_c_interface} {
  // CHECK:         %[[B1:.*]] = linalg.generic {{.*}} ins(%[[BIAS]] : tensor<13xf32>)
  // CHECK:         %[[M1:.*]] = linalg.matmul ins(%[[X]], %[[KERNEL]] : tensor<?x17xf32>, tensor<17x13xf32>) outs(%[[B1]] : tensor<?x13xf32>)
  // CHECK:         %[[H1:.*]] = linalg.generic {{.*}} ins(%[[M1]] : tensor<?x13xf32>)
  // CHECK:           math.tanh
  // CHECK:         %[[B2:.*]] = linalg.generic {{.*}} ins(%[[BIAS]] : tensor<13xf32>)
  // CHECK:         %[[M2:.*]] = linalg.matmul ins(%[[X]], %[[KERNEL]] : tensor<?x17xf32>, tensor<17x13xf32>) outs(%[[B2]] : tensor<?x13xf32>)
  // CHECK:         %[[H2:.*]] = linalg.generic {{.*}} ins(%[[M2]] : tensor<?x13xf32>)
  // CHECK:           math.tanh
  // CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[H1]], %[[H2]] : tensor<?x13xf32>, tensor<?x13xf32>)
  // CHECK:           arith.addf
  // CHECK:         linalg.matmul ins(%[[SUM]], %[[OUT]] : tensor<?x13xf32>, tensor<13x3xf32>)
  // CHECK:         return %{{.*}} : tensor<?x3xf32>
  // CHECK-NEXT:  }
  dlc.func @predict(%x: tensor<?x17xf32>) -> tensor<?x3xf32> {
    %k = dlc.read @out.kernel : tensor<13x3xf32>
    %h = dlc.call @twice(%x) : (tensor<?x17xf32>) -> tensor<?x13xf32>
    %p = dlc.dense %h, %k activation(softmax) : (tensor<?x13xf32>, tensor<13x3xf32>) -> tensor<?x3xf32>
    dlc.return %p : tensor<?x3xf32>
  }

  // A second entry point of the same model gets its own function and its own
  // parameter list.
  // CHECK-LABEL: func.func @classifier_embed(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>, %[[BIAS:[^:]*]]: tensor<13xf32>, %[[KERNEL:[^:]*]]: tensor<17x13xf32>) -> tensor<?x13xf32>
  // CHECK-SAME:      attributes {dlc.entry = "embed", dlc.model = "classifier", dlc.params = [@hidden.bias, @hidden.kernel], llvm.emit_c_interface} {
  // CHECK:         linalg.matmul ins(%[[X]], %[[KERNEL]] :
  // CHECK-NOT:     linalg.matmul
  // CHECK:         return
  dlc.func @embed(%x: tensor<?x17xf32>) -> tensor<?x13xf32> {
    %h = dlc.call @hidden_layer(%x) : (tensor<?x17xf32>) -> tensor<?x13xf32>
    dlc.return %h : tensor<?x13xf32>
  }

  dlc.train @train_step(%x: tensor<?x17xf32>, %y: tensor<?xi32>) -> tensor<f32> optimizer #dlc.sgd params [@hidden.kernel, @hidden.bias, @out.kernel] {
    %p = dlc.call @predict(%x) : (tensor<?x17xf32>) -> tensor<?x3xf32>
    %loss = dlc.sparse_categorical_crossentropy %p, %y : (tensor<?x3xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.minimize %loss : tensor<f32>
  }
}

// Nothing public but a training step: only its evaluation entry.
// CHECK-LABEL: func.func @classifier_train_step_evaluate(
// CHECK-SAME:      -> tensor<f32> attributes {dlc.entry = "train_step_evaluate", dlc.evaluates = "train_step", dlc.model = "classifier"
// CHECK-LABEL: func.func @trainer_only_step_evaluate(
// CHECK-SAME:      %{{.*}}: tensor<?x2xf32>, %{{.*}}: tensor<?x1xf32>, %{{.*}}: tensor<2x1xf32>) -> tensor<f32> attributes {dlc.entry = "step_evaluate", dlc.evaluates = "step", dlc.model = "trainer_only", dlc.params = [@w], llvm.emit_c_interface}
// CHECK:         linalg.matmul
// CHECK:         return
// CHECK-NOT:   func.func
dlc.model @trainer_only {
  dlc.param @w : tensor<2x1xf32> = #dlc.zeros
  dlc.func private @f(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
    %w = dlc.read @w : tensor<2x1xf32>
    %y = dlc.dense %x, %w : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }
  dlc.train @step(%x: tensor<?x2xf32>, %y: tensor<?x1xf32>) -> tensor<f32> optimizer #dlc.adam params [@w] {
    %p = dlc.call @f(%x) : (tensor<?x2xf32>) -> tensor<?x1xf32>
    %l = dlc.mean_squared_error %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
