// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s
// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s --check-prefix=GONE

// GONE-NOT: dlc.model @
// GONE-NOT: dlc.dense
// GONE-NOT: dlc.read @

// dlc.dense lowers to a linalg.matmul accumulating onto the bias broadcast
// along the rows (a linalg.generic), then one elementwise generic for the
// activation. Without a bias the matmul accumulates onto a zero fill; a
// rank-3 input with one dynamic leading axis is collapsed to a matrix and the
// result expanded back; with two dynamic leading axes the contraction is a
// generic over all axes.

// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[FIRST:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[LAST3:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[LHS4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[RHS4:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[OUT4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>

dlc.model @net {
  dlc.param @d1.kernel : tensor<17x3xf32> = #dlc.glorot_uniform
  dlc.param @d1.bias : tensor<3xf32> = #dlc.zeros
  dlc.param @d2.kernel : tensor<3x5xf32> = #dlc.glorot_uniform

  // CHECK-LABEL: func.func @net_relu(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>, %[[W:[^:]*]]: tensor<17x3xf32>, %[[B:[^:]*]]: tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-SAME:      attributes {dlc.entry = "relu", dlc.model = "net", dlc.params = [@d1.kernel, @d1.bias], llvm.emit_c_interface}
  // CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x17xf32>
  // CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
  // CHECK:         %[[BIAS:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
  // CHECK-SAME:        ins(%[[B]] : tensor<3xf32>) outs(%[[E]] : tensor<?x3xf32>)
  // CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      linalg.yield %[[IN]] : f32
  // CHECK:         %[[MM:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x17xf32>, tensor<17x3xf32>) outs(%[[BIAS]] : tensor<?x3xf32>) -> tensor<?x3xf32>
  // CHECK:         %[[ACT:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
  // CHECK-SAME:        ins(%[[MM]] : tensor<?x3xf32>)
  // CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT:      %[[R:.*]] = arith.maximumf %[[V]], %[[ZERO]] : f32
  // CHECK-NEXT:      linalg.yield %[[R]] : f32
  // CHECK:         return %[[ACT]] : tensor<?x3xf32>
  // CHECK-NEXT:  }
  dlc.func @relu(%x: tensor<?x17xf32>) -> tensor<?x3xf32> {
    %w = dlc.read @d1.kernel : tensor<17x3xf32>
    %b = dlc.read @d1.bias : tensor<3xf32>
    %y = dlc.dense %x, %w, %b activation(relu) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }

  // No bias, identity activation: a zero fill, the matmul, nothing else.
  // CHECK-LABEL: func.func @net_no_bias(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x17xf32>, %[[W:[^:]*]]: tensor<17x3xf32>) -> tensor<?x3xf32>
  // CHECK-SAME:      dlc.params = [@d1.kernel]
  // CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT:    %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:    %[[MM:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x17xf32>, tensor<17x3xf32>) outs(%[[FILL]] : tensor<?x3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:    return %[[MM]] : tensor<?x3xf32>
  dlc.func @no_bias(%x: tensor<?x17xf32>) -> tensor<?x3xf32> {
    %w = dlc.read @d1.kernel : tensor<17x3xf32>
    %y = dlc.dense %x, %w : (tensor<?x17xf32>, tensor<17x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }

  // Softmax along the last axis: a max reduction from -inf, exp(x - max), a
  // sum reduction, a division.
  // CHECK-LABEL: func.func @net_softmax(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x3xf32>, %[[W:[^:]*]]: tensor<3x5xf32>) -> tensor<?x5xf32>
  // CHECK:         %[[MM:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x3xf32>, tensor<3x5xf32>)
  // CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK-NEXT:    %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<?xf32>) -> tensor<?xf32>
  // CHECK-NEXT:    %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[FIRST]]], iterator_types = ["parallel", "reduction"]} ins(%[[MM]] : tensor<?x5xf32>) outs(%[[MAXINIT]] : tensor<?xf32>)
  // CHECK:           arith.maximumf
  // CHECK:         %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[FIRST]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[MM]], %[[MAX]] : tensor<?x5xf32>, tensor<?xf32>)
  // CHECK:           %[[SHIFTED:.*]] = arith.subf
  // CHECK-NEXT:      math.exp %[[SHIFTED]] : f32
  // CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[FIRST]]], iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<?x5xf32>)
  // CHECK:           arith.addf
  // CHECK:         %[[DIV:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[FIRST]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[SUM]] : tensor<?x5xf32>, tensor<?xf32>)
  // CHECK:           arith.divf
  // CHECK:         return %[[DIV]] : tensor<?x5xf32>
  dlc.func @softmax(%x: tensor<?x3xf32>) -> tensor<?x5xf32> {
    %w = dlc.read @d2.kernel : tensor<3x5xf32>
    %y = dlc.dense %x, %w activation(softmax) : (tensor<?x3xf32>, tensor<3x5xf32>) -> tensor<?x5xf32>
    dlc.return %y : tensor<?x5xf32>
  }

  // [N, 13, 17] is collapsed to [N * 13, 17] for the matmul, and the
  // activated result expanded back to [N, 13, 3].
  // CHECK-LABEL: func.func @net_rank3(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17xf32>, %[[W:[^:]*]]: tensor<17x3xf32>, %[[B:[^:]*]]: tensor<3xf32>) -> tensor<?x13x3xf32>
  // CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<?x13x17xf32> into tensor<?x17xf32>
  // CHECK:         %[[BIAS:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ID2]]], {{.*}} ins(%[[B]] : tensor<3xf32>)
  // CHECK:         %[[MM:.*]] = linalg.matmul ins(%[[FLAT]], %[[W]] : tensor<?x17xf32>, tensor<17x3xf32>) outs(%[[BIAS]] : tensor<?x3xf32>)
  // CHECK:         %[[ACT:.*]] = linalg.generic {{.*}} ins(%[[MM]] : tensor<?x3xf32>)
  // CHECK:           math.tanh
  // CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x13x17xf32>
  // CHECK-NEXT:    %[[OUT:.*]] = tensor.expand_shape %[[ACT]] {{\[}}[0, 1], [2]] output_shape [%[[N]], 13, 3] : tensor<?x3xf32> into tensor<?x13x3xf32>
  // CHECK-NEXT:    return %[[OUT]] : tensor<?x13x3xf32>
  dlc.func @rank3(%x: tensor<?x13x17xf32>) -> tensor<?x13x3xf32> {
    %w = dlc.read @d1.kernel : tensor<17x3xf32>
    %b = dlc.read @d1.bias : tensor<3xf32>
    %y = dlc.dense %x, %w, %b activation(tanh) : (tensor<?x13x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x13x3xf32>
    dlc.return %y : tensor<?x13x3xf32>
  }

  // Two dynamic leading axes cannot be collapsed: the contraction is a
  // generic over (batch, time, unit, feature). Leaky ReLU's slope is 0.2.
  // CHECK-LABEL: func.func @net_rank3_dynamic(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x?x17xf32>, %[[W:[^:]*]]: tensor<17x3xf32>, %[[B:[^:]*]]: tensor<3xf32>) -> tensor<?x?x3xf32>
  // CHECK-NOT:     tensor.collapse_shape
  // CHECK:         %[[BIAS:.*]] = linalg.generic {indexing_maps = [#[[LAST3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[B]] : tensor<3xf32>)
  // CHECK:         %[[C:.*]] = linalg.generic {indexing_maps = [#[[LHS4]], #[[RHS4]], #[[OUT4]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<?x?x17xf32>, tensor<17x3xf32>) outs(%[[BIAS]] : tensor<?x?x3xf32>)
  // CHECK-NEXT:    ^bb0(%[[XI:.*]]: f32, %[[WI:.*]]: f32, %[[ACC:.*]]: f32):
  // CHECK-NEXT:      %[[P:.*]] = arith.mulf %[[XI]], %[[WI]] : f32
  // CHECK-NEXT:      %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
  // CHECK-NEXT:      linalg.yield %[[S]] : f32
  // CHECK:         %[[ACT:.*]] = linalg.generic {{.*}} ins(%[[C]] : tensor<?x?x3xf32>)
  // CHECK:           %[[SLOPE:.*]] = arith.constant 2.000000e-01 : f32
  // CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[V:[^,]*]], %[[SLOPE]] : f32
  // CHECK-NEXT:      %[[POS:.*]] = arith.cmpf ogt, %[[V]], %{{.*}} : f32
  // CHECK-NEXT:      arith.select %[[POS]], %[[V]], %[[SCALED]] : f32
  // CHECK-NOT:     tensor.expand_shape
  // CHECK:         return %[[ACT]] : tensor<?x?x3xf32>
  dlc.func @rank3_dynamic(%x: tensor<?x?x17xf32>) -> tensor<?x?x3xf32> {
    %w = dlc.read @d1.kernel : tensor<17x3xf32>
    %b = dlc.read @d1.bias : tensor<3xf32>
    %y = dlc.dense %x, %w, %b activation(leaky_relu) : (tensor<?x?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x?x3xf32>
    dlc.return %y : tensor<?x?x3xf32>
  }
}
