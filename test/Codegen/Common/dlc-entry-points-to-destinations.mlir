// RUN: dlc-opt %s --dlc-entry-points-to-destinations | FileCheck %s
// RUN: dlc-opt %s --dlc-entry-points-to-destinations=shared-args | FileCheck %s --check-prefix=SHARED

// Each tensor result of a func.func with dlc.entry becomes a trailing memref
// argument (identity layout, the result's shape, dynamic sizes kept) that
// the function writes with a restrict, writable
// bufferization.materialize_in_destination; the function returns nothing.
// Functions without dlc.entry, declarations and entry points without results
// are untouched.

// CHECK-LABEL: func.func @net_predict(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x3xf32>, %[[W:[^:]*]]: tensor<3x4xf32>, %[[OUT0:[^:]*]]: memref<?x4xf32>, %[[OUT1:[^:]*]]: memref<f32>)
// CHECK-NOT:       ->
// CHECK-SAME:      attributes {dlc.entry = "predict", dlc.model = "net", dlc.params = [@w], llvm.emit_c_interface} {
// CHECK:         %[[MM:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x3xf32>, tensor<3x4xf32>)
// CHECK:         %[[LOSS:.*]] = linalg.fill {{.*}} -> tensor<f32>
// CHECK-NEXT:    bufferization.materialize_in_destination %[[MM]] in restrict writable %[[OUT0]] : (tensor<?x4xf32>, memref<?x4xf32>) -> ()
// CHECK-NEXT:    bufferization.materialize_in_destination %[[LOSS]] in restrict writable %[[OUT1]] : (tensor<f32>, memref<f32>) -> ()
// CHECK-NEXT:    return{{$}}
// CHECK-NEXT:  }
func.func @net_predict(%x: tensor<?x3xf32>, %w: tensor<3x4xf32>) -> (tensor<?x4xf32>, tensor<f32>) attributes {dlc.entry = "predict", dlc.model = "net", dlc.params = [@w], llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3xf32>
  %e = tensor.empty(%n) : tensor<?x4xf32>
  %cst = arith.constant 0.0 : f32
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<?x4xf32>) -> tensor<?x4xf32>
  %m = linalg.matmul ins(%x, %w : tensor<?x3xf32>, tensor<3x4xf32>) outs(%f : tensor<?x4xf32>) -> tensor<?x4xf32>
  %s = tensor.empty() : tensor<f32>
  %z = linalg.fill ins(%cst : f32) outs(%s : tensor<f32>) -> tensor<f32>
  return %m, %z : tensor<?x4xf32>, tensor<f32>
}

// One value returned twice (here an argument) is written into both buffers.
// CHECK-LABEL: func.func @twice(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<2x4xf64>, %[[A:[^:]*]]: memref<2x4xf64>, %[[B:[^:]*]]: memref<2x4xf64>) attributes {dlc.entry = "twice"} {
// CHECK-NEXT:    bufferization.materialize_in_destination %[[X]] in restrict writable %[[A]] : (tensor<2x4xf64>, memref<2x4xf64>) -> ()
// CHECK-NEXT:    bufferization.materialize_in_destination %[[X]] in restrict writable %[[B]] : (tensor<2x4xf64>, memref<2x4xf64>) -> ()
// CHECK-NEXT:    return{{$}}
func.func @twice(%x: tensor<2x4xf64>) -> (tensor<2x4xf64>, tensor<2x4xf64>) attributes {dlc.entry = "twice"} {
  return %x, %x : tensor<2x4xf64>, tensor<2x4xf64>
}

// CHECK-LABEL: func.func @helper(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:    return %[[X]] : tensor<4xf32>
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// CHECK-LABEL: func.func @nothing() attributes {dlc.entry = "nothing"} {
// CHECK-NEXT:    return{{$}}
func.func @nothing() attributes {dlc.entry = "nothing"} {
  return
}

// CHECK-LABEL: func.func private @external(tensor<4xf32>) -> tensor<4xf32> attributes {dlc.entry = "ext"}
func.func private @external(tensor<4xf32>) -> tensor<4xf32> attributes {dlc.entry = "ext"}

// CHECK-NOT: bufferization.materialize_in_destination

// A training step's in-place contract holds (the update is the last reader
// of the parameter and reads it elementwise) and is dropped with the tensor
// signature it describes; with shared-args it goes on as pairs of
// arguments (the new parameter, argument 3, with the parameter, argument 0).
// CHECK-LABEL: func.func @net_step(
// CHECK-SAME:      attributes {dlc.entry = "step", dlc.train}
// CHECK-NOT:     dlc.in_place
// SHARED-LABEL: func.func @net_step(
// SHARED-SAME:      attributes {dlc.entry = "step", dlc.shared_args = array<i64: 3, -1, -1, 0>, dlc.train}
#id = affine_map<(d0) -> (d0)>
func.func @net_step(%w: tensor<4xf32>, %g: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>) attributes {dlc.entry = "step", dlc.in_place = array<i64: -1, 0>, dlc.train} {
  %loss = tensor.empty() : tensor<f32>
  %sum = linalg.generic {indexing_maps = [#id, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%w : tensor<4xf32>) outs(%loss : tensor<f32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  %e = tensor.empty() : tensor<4xf32>
  %new = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%w, %g : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.subf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<4xf32>
  return %sum, %new : tensor<f32>, tensor<4xf32>
}
