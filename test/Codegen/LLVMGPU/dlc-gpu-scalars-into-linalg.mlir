// RUN: dlc-opt %s --dlc-gpu-scalars-into-linalg --split-input-file | FileCheck %s

// Adam's step: the step count is read from a 0-d tensor, the bias
// correction computed from it and used in the update's body. The tensor
// becomes an input with a constant map and the scalar is computed in the
// body; the new step count is a 0-d generic.
#map = affine_map<(d0) -> (d0)>
func.func @adam(%p: tensor<5xf32>, %g: tensor<5xf32>, %step: tensor<i64>)
    -> (tensor<5xf32>, tensor<i64>) {
  %one = arith.constant 1 : i64
  %beta = arith.constant 0.9 : f32
  %count = tensor.extract %step[] : tensor<i64>
  %next = arith.addi %count, %one : i64
  %new_step = tensor.from_elements %next : tensor<i64>
  %float = arith.sitofp %next : i64 to f32
  %power = math.powf %beta, %float : f32
  %empty = tensor.empty() : tensor<5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map, #map],
                       iterator_types = ["parallel"]}
      ins(%p, %g : tensor<5xf32>, tensor<5xf32>) outs(%empty : tensor<5xf32>) {
  ^bb0(%in: f32, %grad: f32, %out: f32):
    %scaled = arith.mulf %grad, %power : f32
    %new = arith.subf %in, %scaled : f32
    linalg.yield %new : f32
  } -> tensor<5xf32>
  return %r, %new_step : tensor<5xf32>, tensor<i64>
}
// CHECK-DAG:   #[[ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-DAG:   #[[NONE:.*]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @adam
// CHECK-SAME:    %[[P:.*]]: tensor<5xf32>, %[[G:.*]]: tensor<5xf32>, %[[STEP:.*]]: tensor<i64>
// CHECK:         %[[NEWSTEP:.*]] = linalg.generic {indexing_maps = [#[[NONE]], #[[NONE]]], iterator_types = []} ins(%[[STEP]] : tensor<i64>)
// CHECK-NEXT:    ^bb0(%[[COUNT:.*]]: i64, %{{.*}}: i64):
// CHECK:           %[[NEXT:.*]] = arith.addi %[[COUNT]]
// CHECK-NEXT:      linalg.yield %[[NEXT]]
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[SCALAR]], #[[ID]]]
// CHECK-SAME:      ins(%[[P]], %[[G]], %[[STEP]] : tensor<5xf32>, tensor<5xf32>, tensor<i64>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %[[GRAD:.*]]: f32, %[[C:.*]]: i64, %{{.*}}: f32):
// CHECK:           %[[N:.*]] = arith.addi %[[C]]
// CHECK-NEXT:      %[[F:.*]] = arith.sitofp %[[N]]
// CHECK-NEXT:      %[[POW:.*]] = math.powf %{{.*}}, %[[F]]
// CHECK-NEXT:      arith.mulf %[[GRAD]], %[[POW]]
// CHECK:         return %[[R]], %[[NEWSTEP]]

// -----

// The same in a training step, whose caller passes one buffer for the step
// count and the new one: the kernels read a copy of the count taken at the
// start, since the new count's kernel may now run before them.
#map = affine_map<(d0) -> (d0)>
func.func @adam_step(%p: tensor<5xf32>, %step: tensor<i64>)
    -> (tensor<5xf32>, tensor<i64>)
    attributes {dlc.entry = "step", dlc.train} {
  %one = arith.constant 1 : i64
  %count = tensor.extract %step[] : tensor<i64>
  %next = arith.addi %count, %one : i64
  %new_step = tensor.from_elements %next : tensor<i64>
  %float = arith.sitofp %next : i64 to f32
  %empty = tensor.empty() : tensor<5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map],
                       iterator_types = ["parallel"]}
      ins(%p : tensor<5xf32>) outs(%empty : tensor<5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %new = arith.subf %in, %float : f32
    linalg.yield %new : f32
  } -> tensor<5xf32>
  return %r, %new_step : tensor<5xf32>, tensor<i64>
}
// CHECK-LABEL: func.func @adam_step
// CHECK-SAME:    %[[P:.*]]: tensor<5xf32>, %[[STEP:.*]]: tensor<i64>
// CHECK-NEXT:    %[[EMPTY:.*]] = tensor.empty() : tensor<i64>
// CHECK-NEXT:    %[[COPY:.*]] = linalg.copy ins(%[[STEP]] : tensor<i64>) outs(%[[EMPTY]] : tensor<i64>)
// CHECK-NOT:     ins(%[[STEP]]
// CHECK:         %[[NEWSTEP:.*]] = linalg.generic {{.*}} ins(%[[COPY]] : tensor<i64>)
// CHECK-NOT:     ins(%[[STEP]]
// CHECK:         linalg.generic {{.*}} ins(%[[P]], %[[COPY]] : tensor<5xf32>, tensor<i64>)

// -----

// A fill of a scalar read from a tensor becomes a generic that reads it;
// a fill of a constant stays.
func.func @fill(%t: tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %zero = arith.constant 0.0 : f32
  %v = tensor.extract %t[] : tensor<f32>
  %empty = tensor.empty() : tensor<3xf32>
  %a = linalg.fill ins(%v : f32) outs(%empty : tensor<3xf32>) -> tensor<3xf32>
  %b = linalg.fill ins(%zero : f32) outs(%empty : tensor<3xf32>) -> tensor<3xf32>
  return %a, %b : tensor<3xf32>, tensor<3xf32>
}
// CHECK-LABEL: func.func @fill
// CHECK-SAME:    %[[T:.*]]: tensor<f32>
// CHECK:         linalg.generic {{.*}} ins(%[[T]] : tensor<f32>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[V]]
// CHECK:         linalg.fill ins(%{{.*}} : f32)

// -----

// A 0-d tensor of a value the host computes (a constant) is still written
// by a kernel.
func.func @constant() -> tensor<f32> {
  %c = arith.constant 2.0 : f32
  %t = tensor.from_elements %c : tensor<f32>
  return %t : tensor<f32>
}
// CHECK-LABEL: func.func @constant
// CHECK-NOT:     tensor.from_elements
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<f32>)
// CHECK:           linalg.yield %{{.*}} : f32
