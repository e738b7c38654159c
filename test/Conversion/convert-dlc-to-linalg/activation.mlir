// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// dlc.add, dlc.mul and the pointwise dlc.activations become one elementwise
// linalg.generic each (identity is no op at all); softmax normalises along
// the last axis with a max reduction, exp(x - max), a sum reduction and a
// division. Entry points may return several results.

// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<() -> ()>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROWS3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>

dlc.model @acts {
  // CHECK-LABEL: func.func @acts_elementwise(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>, %[[Y:[^:]*]]: tensor<?x17xf32>) -> (tensor<?x17xf32>, tensor<?x17xf32>)
  // CHECK-SAME:      dlc.params = []
  // CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x17xf32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x17xf32>
  // CHECK-NEXT:    %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[Y]] : tensor<?x17xf32>, tensor<?x17xf32>) outs(%[[E]] : tensor<?x17xf32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[R:.*]] = arith.addf %[[A]], %[[B]] : f32
  // CHECK-NEXT:      linalg.yield %[[R]] : f32
  // CHECK:         %[[PROD:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[SUM]], %[[Y]] : tensor<?x17xf32>, tensor<?x17xf32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[A]], %[[B]] : f32
  // CHECK-NEXT:      linalg.yield %[[R]] : f32
  // CHECK:         return %[[SUM]], %[[PROD]] : tensor<?x17xf32>, tensor<?x17xf32>
  dlc.func @elementwise(%x: tensor<?x17xf32>, %y: tensor<?x17xf32>) -> (tensor<?x17xf32>, tensor<?x17xf32>) {
    %s = dlc.add %x, %y : tensor<?x17xf32>
    %p = dlc.mul %s, %y : tensor<?x17xf32>
    dlc.return %s, %p : tensor<?x17xf32>, tensor<?x17xf32>
  }

  // A 0-d tensor: a generic with no loops.
  // CHECK-LABEL: func.func @acts_scalar(
  // CHECK-SAME:      %[[S:[^:]*]]: tensor<f32>) -> tensor<f32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.empty() : tensor<f32>
  // CHECK-NEXT:    %[[T:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []} ins(%[[S]] : tensor<f32>) outs(%[[E]] : tensor<f32>)
  // CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[R:.*]] = math.tanh %[[V]] : f32
  // CHECK-NEXT:      linalg.yield %[[R]] : f32
  // CHECK:         return %[[T]] : tensor<f32>
  dlc.func @scalar(%s: tensor<f32>) -> tensor<f32> {
    %t = dlc.activation tanh %s : tensor<f32>
    dlc.return %t : tensor<f32>
  }

  // CHECK-LABEL: func.func @acts_identity(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:    return %[[X]] : tensor<?x17xf32>
  dlc.func @identity(%x: tensor<?x17xf32>) -> tensor<?x17xf32> {
    %t = dlc.activation identity %x : tensor<?x17xf32>
    dlc.return %t : tensor<?x17xf32>
  }

  // CHECK-LABEL: func.func @acts_sigmoid(
  // CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<?x17xf32>)
  // CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[V]] : f32
  // CHECK-NEXT:      %[[EXP:.*]] = math.exp %[[NEG]] : f32
  // CHECK-NEXT:      %[[DEN:.*]] = arith.addf %[[ONE]], %[[EXP]] : f32
  // CHECK-NEXT:      %[[R:.*]] = arith.divf %[[ONE]], %[[DEN]] : f32
  // CHECK-NEXT:      linalg.yield %[[R]] : f32
  dlc.func @sigmoid(%x: tensor<?x17xf32>) -> tensor<?x17xf32> {
    %t = dlc.activation sigmoid %x : tensor<?x17xf32>
    dlc.return %t : tensor<?x17xf32>
  }

  // Leaky ReLU with an explicit alpha, on f64.
  // CHECK-LABEL: func.func @acts_leaky(
  // CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<?x17xf64>)
  // CHECK-NEXT:    ^bb0(%[[V:.*]]: f64, %{{.*}}: f64):
  // CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
  // CHECK-NEXT:      %[[ALPHA:.*]] = arith.constant 1.000000e-01 : f64
  // CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[V]], %[[ALPHA]] : f64
  // CHECK-NEXT:      %[[POS:.*]] = arith.cmpf ogt, %[[V]], %[[ZERO]] : f64
  // CHECK-NEXT:      %[[R:.*]] = arith.select %[[POS]], %[[V]], %[[SCALED]] : f64
  // CHECK-NEXT:      linalg.yield %[[R]] : f64
  dlc.func @leaky(%x: tensor<?x17xf64>) -> tensor<?x17xf64> {
    %t = dlc.activation leaky_relu %x {alpha = 1.000000e-01 : f64} : tensor<?x17xf64>
    dlc.return %t : tensor<?x17xf64>
  }

  // The default slope is 0.2.
  // CHECK-LABEL: func.func @acts_leaky_default(
  // CHECK:         arith.constant 2.000000e-01 : f32
  dlc.func @leaky_default(%x: tensor<?x17xf32>) -> tensor<?x17xf32> {
    %t = dlc.activation leaky_relu %x : tensor<?x17xf32>
    dlc.return %t : tensor<?x17xf32>
  }

  // Softmax of a rank-3 tensor reduces the last axis only.
  // CHECK-LABEL: func.func @acts_softmax(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x3xf32>) -> tensor<?x13x3xf32>
  // CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK-NEXT:    %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<?x13xf32>)
  // CHECK-NEXT:    %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[ROWS3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<?x13x3xf32>) outs(%[[MAXINIT]] : tensor<?x13xf32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32):
  // CHECK-NEXT:      arith.maximumf %[[A]], %[[B]] : f32
  // CHECK:         %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[ROWS3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<?x13x3xf32>, tensor<?x13xf32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[D:.*]] = arith.subf %[[A]], %[[B]] : f32
  // CHECK-NEXT:      %[[E:.*]] = math.exp %[[D]] : f32
  // CHECK-NEXT:      linalg.yield %[[E]] : f32
  // CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT:    %[[SUMINIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x13xf32>)
  // CHECK-NEXT:    %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[ROWS3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[EXP]] : tensor<?x13x3xf32>) outs(%[[SUMINIT]] : tensor<?x13xf32>)
  // CHECK:         %[[DIV:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[ROWS3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[EXP]], %[[SUM]] : tensor<?x13x3xf32>, tensor<?x13xf32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[A]], %[[B]] : f32
  // CHECK-NEXT:      linalg.yield %[[Q]] : f32
  // CHECK:         return %[[DIV]] : tensor<?x13x3xf32>
  dlc.func @softmax(%x: tensor<?x13x3xf32>) -> tensor<?x13x3xf32> {
    %t = dlc.activation softmax %x : tensor<?x13x3xf32>
    dlc.return %t : tensor<?x13x3xf32>
  }
}
