// RUN: dlc-opt %s --dlc-plan-scratch | FileCheck %s

// Static buffers share memory when their lifetimes do not overlap: %a and
// %c (400 bytes each, 448 with the 64-byte alignment) take offset 0 in
// turn, %b (live with both) takes 448: 512 bytes in all. Buffers sized by
// the batch form their own group, scaled by axis 0 of argument 0: %t (10
// floats a sample) and %u (its collapsed copy, 10 x batch floats) take 64
// bytes a sample each. Each view says where it lies: its term of the plan
// and its byte range in units of that term. Deallocations of planned
// buffers go.
// CHECK-LABEL: func.func @reuse(
// CHECK-SAME:      %[[X:.*]]: memref<?x10xf32>, %{{.*}}: memref<?x10xf32>, %[[ARENA:.*]]: memref<?xi8>)
// CHECK-SAME:      dlc.heap_allocs = 0 : i64, dlc.scratch = [array<i64: 512>, array<i64: 128, 0, 0>]
// CHECK-NOT:     memref.alloc
// CHECK:         %[[BATCH:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x10xf32>
// CHECK:         %[[BATCHBASE:.*]] = arith.addi
// CHECK:         memref.view %[[ARENA]][%{{.*}}][] {dlc.scratch_slot = array<i64: 0, 0, 448>} : memref<?xi8> to memref<100xf32>
// CHECK:         %[[C448:.*]] = arith.constant 448 : index
// CHECK:         memref.view %[[ARENA]][%{{.*}}][] {dlc.scratch_slot = array<i64: 0, 448, 512>} : memref<?xi8> to memref<3xf32>
// CHECK:         memref.view %[[ARENA]][%{{.*}}][] {dlc.scratch_slot = array<i64: 0, 0, 448>} : memref<?xi8> to memref<100xf32>
// CHECK:         memref.view %[[ARENA]][%{{.*}}][%{{.*}}] {dlc.scratch_slot = array<i64: 1, 0, 64>} : memref<?xi8> to memref<?x10xf32>
// CHECK:         %[[C64:.*]] = arith.constant 64 : index
// CHECK:         memref.view %[[ARENA]][%{{.*}}][%{{.*}}] {dlc.scratch_slot = array<i64: 1, 64, 128>} : memref<?xi8> to memref<?xf32>
// CHECK-NOT:     memref.dealloc
// CHECK:         return
func.func @reuse(%x: memref<?x10xf32>, %y: memref<?x10xf32>) attributes {dlc.entry = "reuse"} {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %n = memref.dim %x, %c0 : memref<?x10xf32>
  %a = memref.alloc() : memref<100xf32>
  memref.store %f, %a[%c0] : memref<100xf32>
  %b = memref.alloc() : memref<3xf32>
  %va = memref.load %a[%c0] : memref<100xf32>
  memref.store %va, %b[%c0] : memref<3xf32>
  %c = memref.alloc() : memref<100xf32>
  %vb = memref.load %b[%c0] : memref<3xf32>
  memref.store %vb, %c[%c0] : memref<100xf32>
  %vc = memref.load %c[%c0] : memref<100xf32>
  %t = memref.alloc(%n) : memref<?x10xf32>
  memref.store %vc, %t[%c0, %c0] : memref<?x10xf32>
  %flat = memref.collapse_shape %t [[0, 1]] : memref<?x10xf32> into memref<?xf32>
  %m = memref.dim %flat, %c0 : memref<?xf32>
  %u = memref.alloc(%m) : memref<?xf32>
  memref.copy %flat, %u : memref<?xf32> to memref<?xf32>
  %vu = memref.load %u[%c0] : memref<?xf32>
  memref.store %vu, %y[%c0, %c0] : memref<?x10xf32>
  memref.dealloc %b : memref<3xf32>
  return
}

// A buffer live across the whole function (freed at its end) keeps its
// memory: %p and %q cannot share.
// CHECK-LABEL: func.func @freed_late(
// CHECK-SAME:      dlc.scratch = [array<i64: 128>]
func.func @freed_late(%y: memref<4xf32>) attributes {dlc.entry = "freed_late"} {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %p = memref.alloc() : memref<4xf32>
  memref.store %f, %p[%c0] : memref<4xf32>
  %q = memref.alloc() : memref<4xf32>
  memref.store %f, %q[%c0] : memref<4xf32>
  %v = memref.load %q[%c0] : memref<4xf32>
  memref.store %v, %y[%c0] : memref<4xf32>
  memref.dealloc %p : memref<4xf32>
  return
}

// Not planned, and counted as heap allocations: a returned buffer, one
// sized by something other than an input dimension, one inside a loop.
// CHECK-LABEL: func.func @kept(
// CHECK-SAME:      %{{.*}}: memref<?xi8>) -> memref<4xf32>
// CHECK-SAME:      dlc.heap_allocs = 3 : i64, dlc.scratch = []
// CHECK-COUNT-3: memref.alloc
func.func @kept(%x: memref<?x10xf32>, %k: index) -> memref<4xf32> attributes {dlc.entry = "kept"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.alloc() : memref<4xf32>
  %s = memref.alloc(%k) : memref<?xf32>
  scf.for %i = %c0 to %k step %c1 {
    %l = memref.alloc() : memref<8xf32>
    %v = memref.load %l[%c0] : memref<8xf32>
    memref.store %v, %s[%i] : memref<?xf32>
  }
  %w = memref.load %s[%c0] : memref<?xf32>
  memref.store %w, %r[%c0] : memref<4xf32>
  return %r : memref<4xf32>
}

// Functions other than entry points are left alone.
// CHECK-LABEL: func.func @helper(
// CHECK-SAME:      %{{.*}}: index) {
// CHECK:         memref.alloc() : memref<16xf32>
func.func @helper(%n: index) {
  %a = memref.alloc() : memref<16xf32>
  return
}
