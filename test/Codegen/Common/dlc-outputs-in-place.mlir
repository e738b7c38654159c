// RUN: dlc-opt %s --dlc-outputs-in-place | FileCheck %s

// The result is computed into a tensor.empty (through a loop's iter_args and
// a tile written with transfer_write): the empty tensor becomes the caller's
// buffer, so bufferization writes it in place (no copy at the end). The
// slice of the empty tensor a tile starts from is folded to an empty tile.

// CHECK-LABEL: func.func @in_place(
// CHECK-SAME:      %[[OUT:[^:]*]]: memref<?x16xf32>
// CHECK:         %[[DEST:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<?x16xf32> to tensor<?x16xf32>
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %[[DEST]])
// CHECK:           tensor.empty() : tensor<1x16xf32>
// CHECK-NOT:     tensor.empty(%
// CHECK:         bufferization.materialize_in_destination
func.func @in_place(%x: tensor<?x16xf32>, %out: memref<?x16xf32>) attributes {dlc.entry = "f"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pad = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%n) : tensor<?x16xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %e) -> tensor<?x16xf32> {
    %tile = tensor.extract_slice %e[%i, 0] [1, 16] [1, 1] : tensor<?x16xf32> to tensor<1x16xf32>
    %v = vector.transfer_read %x[%i, %c0], %pad {in_bounds = [true, true]} : tensor<?x16xf32>, vector<1x16xf32>
    %t = vector.transfer_write %v, %tile[%c0, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, tensor<1x16xf32>
    %w = tensor.insert_slice %t into %acc[%i, 0] [1, 16] [1, 1] : tensor<1x16xf32> into tensor<?x16xf32>
    scf.yield %w : tensor<?x16xf32>
  }
  bufferization.materialize_in_destination %r in restrict writable %out : (tensor<?x16xf32>, memref<?x16xf32>) -> ()
  return
}

// Two results computed from one shared fill keep their empty tensor (each
// then gets its own buffer); so do training steps.

// CHECK-LABEL: func.func @shared(
// CHECK-NOT:     bufferization.to_tensor
// CHECK:         return
func.func @shared(%a: memref<4xf32>, %b: memref<4xf32>) attributes {dlc.entry = "g"} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  bufferization.materialize_in_destination %f in restrict writable %a : (tensor<4xf32>, memref<4xf32>) -> ()
  bufferization.materialize_in_destination %f in restrict writable %b : (tensor<4xf32>, memref<4xf32>) -> ()
  return
}

// CHECK-LABEL: func.func @training(
// CHECK-NOT:     bufferization.to_tensor
// CHECK:         return
func.func @training(%a: memref<4xf32>) attributes {dlc.entry = "t", dlc.train} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  bufferization.materialize_in_destination %f in restrict writable %a : (tensor<4xf32>, memref<4xf32>) -> ()
  return
}
