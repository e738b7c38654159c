// RUN: dlc-opt %s --dlc-copies-to-linalg | FileCheck %s
// RUN: dlc-opt %s --dlc-copies-to-linalg | FileCheck %s --check-prefix=NOCOPY
// RUN: dlc-opt %s --pass-pipeline='builtin.module(func.func(dlc-copies-to-linalg))' | FileCheck %s

// Every memref.copy, whatever its layouts, ranks and element type, and
// wherever it is nested, becomes a linalg.copy between the same buffers.

// NOCOPY-NOT: memref.copy

// CHECK-LABEL: func.func @copies(
// CHECK-SAME:      %[[A:[^:]*]]: memref<?x4xf32>, %[[B:[^:]*]]: memref<?x4xf32>, %[[C:[^:]*]]: memref<4x4xf32, strided<[8, 1], offset: ?>>, %[[D:[^:]*]]: memref<4x4xf32>, %[[S:[^:]*]]: memref<f64>, %[[T:[^:]*]]: memref<f64>)
// CHECK-NEXT:    linalg.copy ins(%[[A]] : memref<?x4xf32>) outs(%[[B]] : memref<?x4xf32>)
// CHECK-NEXT:    linalg.copy ins(%[[C]] : memref<4x4xf32, strided<[8, 1], offset: ?>>) outs(%[[D]] : memref<4x4xf32>)
// CHECK-NEXT:    linalg.copy ins(%[[S]] : memref<f64>) outs(%[[T]] : memref<f64>)
// CHECK-NEXT:    return
func.func @copies(%a: memref<?x4xf32>, %b: memref<?x4xf32>, %c: memref<4x4xf32, strided<[8, 1], offset: ?>>, %d: memref<4x4xf32>, %s: memref<f64>, %t: memref<f64>) {
  memref.copy %a, %b : memref<?x4xf32> to memref<?x4xf32>
  memref.copy %c, %d : memref<4x4xf32, strided<[8, 1], offset: ?>> to memref<4x4xf32>
  memref.copy %s, %t : memref<f64> to memref<f64>
  return
}

// A copy of a subview inside a loop.
// CHECK-LABEL: func.func @nested(
// CHECK-SAME:      %[[SRC:[^:]*]]: memref<8x16xi32>, %[[DST:[^:]*]]: memref<8x16xi32>)
// CHECK:         scf.for %[[I:.*]] =
// CHECK:           %[[FROM:.*]] = memref.subview %[[SRC]][%[[I]], 0] [1, 16] [1, 1]
// CHECK:           %[[TO:.*]] = memref.subview %[[DST]][%[[I]], 0] [1, 16] [1, 1]
// CHECK-NEXT:      linalg.copy ins(%[[FROM]] : memref<1x16xi32, strided<[16, 1], offset: ?>>) outs(%[[TO]] : memref<1x16xi32, strided<[16, 1], offset: ?>>)
// CHECK-NEXT:    }
func.func @nested(%src: memref<8x16xi32>, %dst: memref<8x16xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %from = memref.subview %src[%i, 0] [1, 16] [1, 1] : memref<8x16xi32> to memref<1x16xi32, strided<[16, 1], offset: ?>>
    %to = memref.subview %dst[%i, 0] [1, 16] [1, 1] : memref<8x16xi32> to memref<1x16xi32, strided<[16, 1], offset: ?>>
    memref.copy %from, %to : memref<1x16xi32, strided<[16, 1], offset: ?>> to memref<1x16xi32, strided<[16, 1], offset: ?>>
  }
  return
}
