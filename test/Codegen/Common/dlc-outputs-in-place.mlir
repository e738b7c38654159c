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
// then gets its own buffer).

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

// A training step's optimizer update: three results (the parameter and
// two moments) that start from one empty tensor are each computed into
// their own output, not into scratch and copied there.
// CHECK-LABEL: func.func @update(
// CHECK-SAME:      %[[P:[^:]*]]: tensor<4xf32>, %[[G:[^:]*]]: tensor<4xf32>, %[[NEWP:[^:]*]]: memref<4xf32>, %[[NEWM:[^:]*]]: memref<4xf32>, %[[NEWV:[^:]*]]: memref<4xf32>)
// CHECK-DAG:     %[[OUTP:.*]] = bufferization.to_tensor %[[NEWP]] restrict writable
// CHECK-DAG:     %[[OUTM:.*]] = bufferization.to_tensor %[[NEWM]] restrict writable
// CHECK-DAG:     %[[OUTV:.*]] = bufferization.to_tensor %[[NEWV]] restrict writable
// CHECK:         linalg.generic {{.*}} ins(%[[P]], %[[G]] : tensor<4xf32>, tensor<4xf32>) outs(%[[OUTP]], %[[OUTM]], %[[OUTV]] : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
func.func @update(%p: tensor<4xf32>, %g: tensor<4xf32>, %np: memref<4xf32>, %nm: memref<4xf32>, %nv: memref<4xf32>) attributes {dlc.entry = "u", dlc.train} {
  %e = tensor.empty() : tensor<4xf32>
  %r:3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%p, %g : tensor<4xf32>, tensor<4xf32>) outs(%e, %e, %e : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  ^bb0(%in: f32, %grad: f32, %o0: f32, %o1: f32, %o2: f32):
    %new = arith.subf %in, %grad : f32
    %square = arith.mulf %grad, %grad : f32
    linalg.yield %new, %grad, %square : f32, f32, f32
  } -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  bufferization.materialize_in_destination %r#0 in restrict writable %np : (tensor<4xf32>, memref<4xf32>) -> ()
  bufferization.materialize_in_destination %r#1 in restrict writable %nm : (tensor<4xf32>, memref<4xf32>) -> ()
  bufferization.materialize_in_destination %r#2 in restrict writable %nv : (tensor<4xf32>, memref<4xf32>) -> ()
  return
}
