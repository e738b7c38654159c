// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the losses and metrics with every optional clause.
// Clauses spelled with their default value (reduction(mean), scale(1.0),
// threshold(0.5)) are elided when printed.

// CHECK-LABEL: dlc.model @losses
dlc.model @losses {
  // CHECK-LABEL: dlc.func @mean_squared_error(
  // CHECK-SAME:  %[[P:[^:]*]]: tensor<?x1xf32>, %[[T:[^:]*]]: tensor<?x1xf32>, %[[P3:[^:]*]]: tensor<?x13x17xf32>, %[[T3:[^:]*]]: tensor<?x13x17xf32>, %[[V:[^:]*]]: tensor<?xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
  // CHECK-NEXT:  %[[MEAN:.*]] = dlc.mean_squared_error %[[P]], %[[T]] : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[SUM:.*]] = dlc.mean_squared_error %[[P]], %[[T]] reduction(sum) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[HALF_SUM:.*]] = dlc.mean_squared_error %[[P]], %[[T]] reduction(sum) scale(5.000000e-01) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[SCALED:.*]] = dlc.mean_squared_error %[[P3]], %[[T3]] scale(2.500000e+00) : (tensor<?x13x17xf32>, tensor<?x13x17xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[DEFAULTS:.*]] = dlc.mean_squared_error %[[P]], %[[T]] : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[RANK1:.*]] = dlc.mean_squared_error %[[V]], %[[V]] : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.return %[[MEAN]], %[[SUM]], %[[HALF_SUM]], %[[SCALED]], %[[DEFAULTS]], %[[RANK1]] : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
  // CHECK-NEXT:  }
  dlc.func @mean_squared_error(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>, %p3: tensor<?x13x17xf32>, %t3: tensor<?x13x17xf32>, %v: tensor<?xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
    %mean = dlc.mean_squared_error %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %sum = dlc.mean_squared_error %p, %t reduction(sum) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %half_sum = dlc.mean_squared_error %p, %t reduction(sum) scale(5.000000e-01) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %scaled = dlc.mean_squared_error %p3, %t3 scale(2.5) : (tensor<?x13x17xf32>, tensor<?x13x17xf32>) -> tensor<f32>
    %defaults = dlc.mean_squared_error %p, %t reduction(mean) scale(1.0) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %rank1 = dlc.mean_squared_error %v, %v : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    dlc.return %mean, %sum, %half_sum, %scaled, %defaults, %rank1 : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
  }

  // CHECK-LABEL: dlc.func @binary_crossentropy(
  // CHECK-SAME:  %[[P:[^:]*]]: tensor<?x1xf32>, %[[T:[^:]*]]: tensor<?x1xf32>, %[[P2:[^:]*]]: tensor<3x17xf32>, %[[T2:[^:]*]]: tensor<3x17xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
  // CHECK-NEXT:  %[[PLAIN:.*]] = dlc.binary_crossentropy %[[P]], %[[T]] : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[LOGITS:.*]] = dlc.binary_crossentropy %[[P]], %[[T]] from_logits : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[ALL:.*]] = dlc.binary_crossentropy %[[P]], %[[T]] from_logits reduction(sum) scale(1.250000e-01) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[STATIC:.*]] = dlc.binary_crossentropy %[[P2]], %[[T2]] reduction(sum) : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.return %[[PLAIN]], %[[LOGITS]], %[[ALL]], %[[STATIC]] : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
  // CHECK-NEXT:  }
  dlc.func @binary_crossentropy(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>, %p2: tensor<3x17xf32>, %t2: tensor<3x17xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
    %plain = dlc.binary_crossentropy %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %logits = dlc.binary_crossentropy %p, %t from_logits : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %all = dlc.binary_crossentropy %p, %t from_logits reduction(sum) scale(0.125) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %static = dlc.binary_crossentropy %p2, %t2 reduction(sum) : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<f32>
    dlc.return %plain, %logits, %all, %static : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
  }

  // CHECK-LABEL: dlc.func @categorical_crossentropy(
  // CHECK-SAME:  %[[P:[^:]*]]: tensor<?x17xf32>, %[[T:[^:]*]]: tensor<?x17xf32>, %[[P3:[^:]*]]: tensor<?x13x3xf32>, %[[T3:[^:]*]]: tensor<?x13x3xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  // CHECK-NEXT:  %[[PLAIN:.*]] = dlc.categorical_crossentropy %[[P]], %[[T]] : (tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[LOGITS:.*]] = dlc.categorical_crossentropy %[[P]], %[[T]] from_logits scale(3.000000e+00) : (tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[SEQ:.*]] = dlc.categorical_crossentropy %[[P3]], %[[T3]] reduction(sum) : (tensor<?x13x3xf32>, tensor<?x13x3xf32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.return %[[PLAIN]], %[[LOGITS]], %[[SEQ]] : tensor<f32>, tensor<f32>, tensor<f32>
  // CHECK-NEXT:  }
  dlc.func @categorical_crossentropy(%p: tensor<?x17xf32>, %t: tensor<?x17xf32>, %p3: tensor<?x13x3xf32>, %t3: tensor<?x13x3xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
    %plain = dlc.categorical_crossentropy %p, %t : (tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<f32>
    %logits = dlc.categorical_crossentropy %p, %t from_logits scale(3.0) : (tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<f32>
    %seq = dlc.categorical_crossentropy %p3, %t3 reduction(sum) : (tensor<?x13x3xf32>, tensor<?x13x3xf32>) -> tensor<f32>
    dlc.return %plain, %logits, %seq : tensor<f32>, tensor<f32>, tensor<f32>
  }

  // CHECK-LABEL: dlc.func @sparse_categorical_crossentropy(
  // CHECK-SAME:  %[[P:[^:]*]]: tensor<?x17xf32>, %[[L:[^:]*]]: tensor<?xi32>, %[[P3:[^:]*]]: tensor<?x13x3xf32>, %[[L3:[^:]*]]: tensor<?x13xi64>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  // CHECK-NEXT:  %[[PLAIN:.*]] = dlc.sparse_categorical_crossentropy %[[P]], %[[L]] : (tensor<?x17xf32>, tensor<?xi32>) -> tensor<f32>
  // CHECK-NEXT:  %[[ALL:.*]] = dlc.sparse_categorical_crossentropy %[[P]], %[[L]] from_logits reduction(sum) scale(2.500000e-01) : (tensor<?x17xf32>, tensor<?xi32>) -> tensor<f32>
  // CHECK-NEXT:  %[[SEQ:.*]] = dlc.sparse_categorical_crossentropy %[[P3]], %[[L3]] from_logits : (tensor<?x13x3xf32>, tensor<?x13xi64>) -> tensor<f32>
  // CHECK-NEXT:  dlc.return %[[PLAIN]], %[[ALL]], %[[SEQ]] : tensor<f32>, tensor<f32>, tensor<f32>
  // CHECK-NEXT:  }
  dlc.func @sparse_categorical_crossentropy(%p: tensor<?x17xf32>, %l: tensor<?xi32>, %p3: tensor<?x13x3xf32>, %l3: tensor<?x13xi64>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
    %plain = dlc.sparse_categorical_crossentropy %p, %l : (tensor<?x17xf32>, tensor<?xi32>) -> tensor<f32>
    %all = dlc.sparse_categorical_crossentropy %p, %l from_logits reduction(sum) scale(0.25) : (tensor<?x17xf32>, tensor<?xi32>) -> tensor<f32>
    %seq = dlc.sparse_categorical_crossentropy %p3, %l3 from_logits : (tensor<?x13x3xf32>, tensor<?x13xi64>) -> tensor<f32>
    dlc.return %plain, %all, %seq : tensor<f32>, tensor<f32>, tensor<f32>
  }

  // CHECK-LABEL: dlc.func @metrics(
  // CHECK-SAME:  %[[P:[^:]*]]: tensor<?x1xf32>, %[[T:[^:]*]]: tensor<?x1xf32>, %[[C:[^:]*]]: tensor<?x17xf32>, %[[CT:[^:]*]]: tensor<?x17xf32>, %[[L:[^:]*]]: tensor<?xi64>, %[[C3:[^:]*]]: tensor<?x13x3xf32>, %[[L3:[^:]*]]: tensor<?x13xi32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
  // CHECK-NEXT:  %[[BINARY:.*]] = dlc.binary_accuracy %[[P]], %[[T]] : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[THRESHOLD:.*]] = dlc.binary_accuracy %[[P]], %[[T]] threshold(7.500000e-01) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[DEFAULT_THRESHOLD:.*]] = dlc.binary_accuracy %[[P]], %[[T]] : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[CATEGORICAL:.*]] = dlc.categorical_accuracy %[[C]], %[[CT]] : (tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<f32>
  // CHECK-NEXT:  %[[SPARSE:.*]] = dlc.sparse_categorical_accuracy %[[C]], %[[L]] : (tensor<?x17xf32>, tensor<?xi64>) -> tensor<f32>
  // CHECK-NEXT:  %[[SPARSE_SEQ:.*]] = dlc.sparse_categorical_accuracy %[[C3]], %[[L3]] : (tensor<?x13x3xf32>, tensor<?x13xi32>) -> tensor<f32>
  // CHECK-NEXT:  dlc.return %[[BINARY]], %[[THRESHOLD]], %[[DEFAULT_THRESHOLD]], %[[CATEGORICAL]], %[[SPARSE]], %[[SPARSE_SEQ]] : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
  // CHECK-NEXT:  }
  dlc.func @metrics(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>, %c: tensor<?x17xf32>, %ct: tensor<?x17xf32>, %l: tensor<?xi64>, %c3: tensor<?x13x3xf32>, %l3: tensor<?x13xi32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
    %binary = dlc.binary_accuracy %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %threshold = dlc.binary_accuracy %p, %t threshold(0.75) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %default_threshold = dlc.binary_accuracy %p, %t threshold(0.5) : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %categorical = dlc.categorical_accuracy %c, %ct : (tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<f32>
    %sparse = dlc.sparse_categorical_accuracy %c, %l : (tensor<?x17xf32>, tensor<?xi64>) -> tensor<f32>
    %sparse_seq = dlc.sparse_categorical_accuracy %c3, %l3 : (tensor<?x13x3xf32>, tensor<?x13xi32>) -> tensor<f32>
    dlc.return %binary, %threshold, %default_threshold, %categorical, %sparse, %sparse_seq : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
  }

  // CHECK-LABEL: dlc.func @double(
  // CHECK-SAME:  %[[P:[^:]*]]: tensor<?x3xf64>, %[[T:[^:]*]]: tensor<?x3xf64>, %[[L:[^:]*]]: tensor<?xi32>) -> (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) {
  // CHECK-NEXT:  %[[MSE:.*]] = dlc.mean_squared_error %[[P]], %[[T]] : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
  // CHECK-NEXT:  %[[BCE:.*]] = dlc.binary_crossentropy %[[P]], %[[T]] : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
  // CHECK-NEXT:  %[[CCE:.*]] = dlc.categorical_crossentropy %[[P]], %[[T]] : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
  // CHECK-NEXT:  %[[SCCE:.*]] = dlc.sparse_categorical_crossentropy %[[P]], %[[L]] : (tensor<?x3xf64>, tensor<?xi32>) -> tensor<f64>
  // CHECK-NEXT:  %[[BACC:.*]] = dlc.binary_accuracy %[[P]], %[[T]] threshold(2.500000e-01) : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
  // CHECK-NEXT:  %[[CACC:.*]] = dlc.categorical_accuracy %[[P]], %[[T]] : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
  // CHECK-NEXT:  %[[SACC:.*]] = dlc.sparse_categorical_accuracy %[[P]], %[[L]] : (tensor<?x3xf64>, tensor<?xi32>) -> tensor<f64>
  // CHECK-NEXT:  dlc.return %[[MSE]], %[[BCE]], %[[CCE]], %[[SCCE]], %[[BACC]], %[[CACC]], %[[SACC]] : tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>
  // CHECK-NEXT:  }
  dlc.func @double(%p: tensor<?x3xf64>, %t: tensor<?x3xf64>, %l: tensor<?xi32>) -> (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) {
    %mse = dlc.mean_squared_error %p, %t : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
    %bce = dlc.binary_crossentropy %p, %t : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
    %cce = dlc.categorical_crossentropy %p, %t : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
    %scce = dlc.sparse_categorical_crossentropy %p, %l : (tensor<?x3xf64>, tensor<?xi32>) -> tensor<f64>
    %bacc = dlc.binary_accuracy %p, %t threshold(0.25) : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
    %cacc = dlc.categorical_accuracy %p, %t : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
    %sacc = dlc.sparse_categorical_accuracy %p, %l : (tensor<?x3xf64>, tensor<?xi32>) -> tensor<f64>
    dlc.return %mse, %bce, %cce, %scce, %bacc, %cacc, %sacc : tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>
  }
  // CHECK-NEXT: }
}
