// RUN: dlc-opt %s --dlc-gpu-launches-to-loops | FileCheck %s

// A kernel runs as loops over its blocks and threads, with the ids they
// give; the entry point loses its stream.
// CHECK-LABEL: func.func @scale(
// CHECK-SAME:    %[[X:.*]]: memref<?xf32>, %[[N:.*]]: index)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]]
// CHECK:           scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]]
// CHECK:             scf.for %[[BX:.*]] = %[[C0]] to %[[G:.*]] step %[[C1]]
// CHECK:               scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]]
// CHECK:                 scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]]
// CHECK:                   scf.for %[[TX:.*]] = %[[C0]] to %[[C32]] step %[[C1]]
// CHECK:                     %[[BASE:.*]] = arith.muli %[[BX]], %[[C32]]
// CHECK:                     %[[I:.*]] = arith.addi %[[BASE]], %[[TX]]
// CHECK:                     scf.if
// CHECK:                       memref.store %{{.*}}, %[[X]][%[[I]]]
// CHECK-NOT:     gpu.
func.func @scale(%x: memref<?xf32>, %n: index, %stream: !gpu.async.token) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %g = arith.ceildivui %n, %c32 : index
  %t = gpu.launch async [%stream] blocks(%bx, %by, %bz) in (%gx = %g, %gy = %c1, %gz = %c1)
      threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %base = arith.muli %bx, %sx : index
    %i = arith.addi %base, %tx : index
    %inside = arith.cmpi ult, %i, %n : index
    scf.if %inside {
      %v = memref.load %x[%i] : memref<?xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %x[%i] : memref<?xf32>
    }
    gpu.terminator
  }
  return
}
