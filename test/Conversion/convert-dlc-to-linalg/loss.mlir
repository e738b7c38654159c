// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// Losses and metrics lower to an elementwise generic for the per-element
// term, a generic reducing every axis into a zero-filled tensor<f32>, then a
// 0-d generic that multiplies by `scale` and divides by the number of values
// each sample averages (times the batch size for reduction(mean)).

// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ALL2:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<() -> ()>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ALL3:.*]] = affine_map<(d0, d1, d2) -> ()>
// CHECK-DAG: #[[ROWS3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ROW2:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ALL1:.*]] = affine_map<(d0) -> ()>

dlc.model @losses {
  // mean((p - t)^2) over [N, 3]: sum / (3 * N).
  // CHECK-LABEL: func.func @losses_mse(
  // CHECK-SAME:      %[[P:[^:]*]]: tensor<?x3xf32>, %[[T:[^:]*]]: tensor<?x3xf32>) -> tensor<f32>
  // CHECK-SAME:      attributes {dlc.entry = "mse", dlc.model = "losses", dlc.params = [], llvm.emit_c_interface}
  // CHECK:         %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[P]], %[[T]] : tensor<?x3xf32>, tensor<?x3xf32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[D:.*]] = arith.subf %[[A]], %[[B]] : f32
  // CHECK-NEXT:      %[[D2:.*]] = arith.mulf %[[D]], %[[D]] : f32
  // CHECK-NEXT:      linalg.yield %[[D2]] : f32
  // CHECK:         %[[E:.*]] = tensor.empty() : tensor<f32>
  // CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT:    %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<f32>) -> tensor<f32>
  // CHECK-NEXT:    %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ALL2]]], iterator_types = ["reduction", "reduction"]} ins(%[[SQ]] : tensor<?x3xf32>) outs(%[[ACC]] : tensor<f32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32):
  // CHECK-NEXT:      %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
  // CHECK-NEXT:      linalg.yield %[[S]] : f32
  // CHECK:         %[[PER:.*]] = arith.constant 3.000000e+00 : f32
  // CHECK:         %[[N:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x3xf32>
  // CHECK-NEXT:    %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
  // CHECK-NEXT:    %[[NF:.*]] = arith.sitofp %[[NI]] : i64 to f32
  // CHECK-NEXT:    %[[DIV:.*]] = arith.mulf %[[PER]], %[[NF]] : f32
  // CHECK:         %[[MEAN:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []} ins(%[[SUM]] : tensor<f32>)
  // CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[SCALE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[V]], %[[SCALE]] : f32
  // CHECK-NEXT:      %[[R:.*]] = arith.divf %[[SCALED]], %[[DIV]] : f32
  // CHECK-NEXT:      linalg.yield %[[R]] : f32
  // CHECK:         return %[[MEAN]] : tensor<f32>
  dlc.func @mse(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<f32> {
    %l = dlc.mean_squared_error %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return %l : tensor<f32>
  }

  // reduction(sum) divides by the 3 values per sample only.
  // CHECK-LABEL: func.func @losses_mse_sum(
  // CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
  // CHECK:         %[[PER:.*]] = arith.constant 3.000000e+00 : f32
  // CHECK-NOT:     tensor.dim
  // CHECK:         linalg.generic {{.*}} ins(%[[SUM]] : tensor<f32>)
  // CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
  // CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[V]], %[[SCALE]] : f32
  // CHECK-NEXT:      arith.divf %[[SCALED]], %[[PER]] : f32
  dlc.func @mse_sum(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<f32> {
    %l = dlc.mean_squared_error %p, %t reduction(sum) scale(0.5) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.return %l : tensor<f32>
  }

  // Binary cross-entropy on probabilities clips p to [1e-7, 1 - 1e-7]; on
  // logits it is max(x, 0) - x t + log1p(exp(-|x|)).
  // CHECK-LABEL: func.func @losses_bce(
  // CHECK-SAME:      %[[P:[^:]*]]: tensor<?x1xf32>, %[[T:[^:]*]]: tensor<?x1xf32>) -> (tensor<f32>, tensor<f32>)
  // CHECK:         linalg.generic {{.*}} ins(%[[P]], %[[T]] : tensor<?x1xf32>, tensor<?x1xf32>)
  // CHECK:           %[[LO:.*]] = arith.constant 1.000000e-07 : f32
  // CHECK-NEXT:      %[[HI:.*]] = arith.constant 0.99999988 : f32
  // CHECK-NEXT:      %[[C1:.*]] = arith.maximumf %{{.*}}, %[[LO]] : f32
  // CHECK-NEXT:      %[[C2:.*]] = arith.minimumf %[[C1]], %[[HI]] : f32
  // CHECK-NEXT:      math.log %[[C2]] : f32
  // CHECK:           math.log
  // CHECK:           arith.negf
  // CHECK:         %[[PROBS:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]]
  // CHECK:         linalg.generic {{.*}} ins(%[[P]], %[[T]] : tensor<?x1xf32>, tensor<?x1xf32>)
  // CHECK:           arith.maximumf
  // CHECK:           %[[ABS:.*]] = math.absf
  // CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[ABS]] : f32
  // CHECK-NEXT:      %[[EXP:.*]] = math.exp %[[NEG]] : f32
  // CHECK-NEXT:      math.log1p %[[EXP]] : f32
  // CHECK:         %[[LOGITS:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]]
  // CHECK:         return %[[PROBS]], %[[LOGITS]] : tensor<f32>, tensor<f32>
  dlc.func @bce(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> (tensor<f32>, tensor<f32>) {
    %a = dlc.binary_crossentropy %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    %b = dlc.binary_crossentropy %p, %t from_logits : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
    dlc.return %a, %b : tensor<f32>, tensor<f32>
  }

  // Categorical cross-entropy on [N, 13, 5]: each of the N * 13 rows is one
  // value averaged, so the divisor is 13 * N. From logits it uses a stable
  // log-sum-exp per row.
  // CHECK-LABEL: func.func @losses_cce(
  // CHECK-SAME:      %[[P:[^:]*]]: tensor<?x13x5xf32>, %[[T:[^:]*]]: tensor<?x13x5xf32>) -> (tensor<f32>, tensor<f32>)
  // CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[ID3]], #[[ID3]]], {{.*}} ins(%[[P]], %[[T]] : tensor<?x13x5xf32>, tensor<?x13x5xf32>)
  // CHECK:           math.log
  // CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[ALL3]]], iterator_types = ["reduction", "reduction", "reduction"]}
  // CHECK:         arith.constant 1.300000e+01 : f32
  // CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[ROWS3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[P]] : tensor<?x13x5xf32>)
  // CHECK:         %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[P]], %[[MAX]] : tensor<?x13x5xf32>, tensor<?x13xf32>)
  // CHECK:         %[[SUMEXP:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[ROWS3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[EXP]] : tensor<?x13x5xf32>)
  // CHECK:         %[[LSE:.*]] = linalg.generic {{.*}} ins(%[[MAX]], %[[SUMEXP]] : tensor<?x13xf32>, tensor<?x13xf32>)
  // CHECK-NEXT:    ^bb0(%[[M:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[LOG:.*]] = math.log %[[S]] : f32
  // CHECK-NEXT:      arith.addf %[[M]], %[[LOG]] : f32
  // CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[ID3]], #[[ROWS3]], #[[ID3]]], {{.*}} ins(%[[P]], %[[T]], %[[LSE]] : tensor<?x13x5xf32>, tensor<?x13x5xf32>, tensor<?x13xf32>)
  // CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[L:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[D:.*]] = arith.subf %[[L]], %[[X]] : f32
  // CHECK-NEXT:      arith.mulf %[[Y]], %[[D]] : f32
  // CHECK:         arith.constant 1.300000e+01 : f32
  dlc.func @cce(%p: tensor<?x13x5xf32>, %t: tensor<?x13x5xf32>) -> (tensor<f32>, tensor<f32>) {
    %a = dlc.categorical_crossentropy %p, %t : (tensor<?x13x5xf32>, tensor<?x13x5xf32>) -> tensor<f32>
    %b = dlc.categorical_crossentropy %p, %t from_logits : (tensor<?x13x5xf32>, tensor<?x13x5xf32>) -> tensor<f32>
    dlc.return %a, %b : tensor<f32>, tensor<f32>
  }

  // The label gathers with a select on linalg.index of the class axis.
  // CHECK-LABEL: func.func @losses_scce(
  // CHECK-SAME:      %[[P:[^:]*]]: tensor<?x5xf32>, %[[L:[^:]*]]: tensor<?xi32>) -> tensor<f32>
  // CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[ROW2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[P]], %[[L]] : tensor<?x5xf32>, tensor<?xi32>)
  // CHECK-NEXT:    ^bb0(%{{.*}}: f32, %[[LABEL:.*]]: i32, %{{.*}}: f32):
  // CHECK:           %[[LOG:.*]] = math.log
  // CHECK-NEXT:      %[[TERM:.*]] = arith.negf %[[LOG]] : f32
  // CHECK-NEXT:      %[[CLASS:.*]] = linalg.index 1 : index
  // CHECK-NEXT:      %[[LI:.*]] = arith.index_cast %[[LABEL]] : i32 to index
  // CHECK-NEXT:      %[[HIT:.*]] = arith.cmpi eq, %[[CLASS]], %[[LI]] : index
  // CHECK-NEXT:      %[[R:.*]] = arith.select %[[HIT]], %[[TERM]], %{{.*}} : f32
  // CHECK-NEXT:      linalg.yield %[[R]] : f32
  // CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
  // CHECK:         arith.constant 1.000000e+00 : f32
  // CHECK:         tensor.dim %[[P]]
  dlc.func @scce(%p: tensor<?x5xf32>, %l: tensor<?xi32>) -> tensor<f32> {
    %a = dlc.sparse_categorical_crossentropy %p, %l : (tensor<?x5xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return %a : tensor<f32>
  }

  // Metrics: binary accuracy compares (p > threshold) with the target; the
  // categorical ones compare arg-maxes (a two-result generic) as i64.
  // CHECK-LABEL: func.func @losses_acc(
  // CHECK-SAME:      %[[P:[^:]*]]: tensor<?x5xf32>, %[[T:[^:]*]]: tensor<?x5xf32>, %[[L:[^:]*]]: tensor<?xi32>) -> (tensor<f32>, tensor<f32>, tensor<f32>)
  // CHECK:         linalg.generic {{.*}} ins(%[[P]], %[[T]] : tensor<?x5xf32>, tensor<?x5xf32>)
  // CHECK:           %[[TH:.*]] = arith.constant 7.500000e-01 : f32
  // CHECK-NEXT:      %[[ABOVE:.*]] = arith.cmpf ogt, %{{.*}}, %[[TH]] : f32
  // CHECK:           arith.select %[[ABOVE]]
  // CHECK:           arith.cmpf oeq
  // CHECK:         %[[BIN:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]]
  // CHECK:         %[[PMAX:.*]]:2 = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW2]], #[[ROW2]]], iterator_types = ["parallel", "reduction"]} ins(%[[P]] : tensor<?x5xf32>) outs(%{{.*}}, %{{.*}} : tensor<?xf32>, tensor<?xi64>)
  // CHECK:         %[[TMAX:.*]]:2 = linalg.generic {{.*}} ins(%[[T]] : tensor<?x5xf32>)
  // CHECK:         linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[PMAX]]#1, %[[TMAX]]#1 : tensor<?xi64>, tensor<?xi64>)
  // CHECK:           arith.cmpi eq
  // CHECK:         linalg.generic {indexing_maps = [#[[ID1]], #[[ALL1]]], iterator_types = ["reduction"]}
  // CHECK:         %[[CAT:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]]
  // CHECK:         %[[PMAX2:.*]]:2 = linalg.generic {{.*}} ins(%[[P]] : tensor<?x5xf32>)
  // CHECK:         linalg.generic {{.*}} ins(%[[PMAX2]]#1, %[[L]] : tensor<?xi64>, tensor<?xi32>)
  // CHECK-NEXT:    ^bb0(%[[A:.*]]: i64, %[[B:.*]]: i32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[B64:.*]] = arith.extsi %[[B]] : i32 to i64
  // CHECK-NEXT:      arith.cmpi eq, %[[A]], %[[B64]] : i64
  // CHECK:         %[[SPARSE:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]]
  // CHECK:         return %[[BIN]], %[[CAT]], %[[SPARSE]] : tensor<f32>, tensor<f32>, tensor<f32>
  dlc.func @acc(%p: tensor<?x5xf32>, %t: tensor<?x5xf32>, %l: tensor<?xi32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
    %a = dlc.binary_accuracy %p, %t threshold(0.75) : (tensor<?x5xf32>, tensor<?x5xf32>) -> tensor<f32>
    %b = dlc.categorical_accuracy %p, %t : (tensor<?x5xf32>, tensor<?x5xf32>) -> tensor<f32>
    %c = dlc.sparse_categorical_accuracy %p, %l : (tensor<?x5xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return %a, %b, %c : tensor<f32>, tensor<f32>, tensor<f32>
  }
}
