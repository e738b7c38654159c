// RUN: dlc-opt %s --dlc-cpu-vectorize-copies | FileCheck %s
// RUN: dlc-opt %s --dlc-cpu-vectorize-copies=vector-bits=128 | FileCheck %s --check-prefix=BITS128
// RUN: not dlc-opt %s --dlc-cpu-vectorize-copies=vector-bits=12 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: dlc-opt %s --dlc-cpu-vectorize-copies --dlc-copies-to-linalg \
// RUN:   --convert-linalg-to-loops --expand-strided-metadata --lower-affine \
// RUN:   --convert-vector-to-scf --convert-scf-to-cf --convert-vector-to-llvm \
// RUN:   --convert-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN:   | FileCheck %s --check-prefix=EXEC

// A copy into a strided view, dynamic rows of 37 floats: a loop over the
// rows around two 16-float vectors and a scalar loop over the last 5.
// CHECK-LABEL: func.func @copies(
// CHECK-SAME:      %[[A:[^:]*]]: memref<?x37xf32>, %[[B:[^:]*]]: memref<?x37xf32, strided<[64, 1], offset: ?>>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C37:.*]] = arith.constant 37 : index
// CHECK:         %[[N:.*]] = memref.dim %[[A]], %[[C0]]
// CHECK:         scf.for %[[I:.*]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT:      scf.for %[[J:.*]] = %[[C0]] to %[[C32]] step %[[C16]] {
// CHECK-NEXT:        %[[V:.*]] = vector.load %[[A]][%[[I]], %[[J]]] : memref<?x37xf32>, vector<16xf32>
// CHECK-NEXT:        vector.store %[[V]], %[[B]][%[[I]], %[[J]]] : memref<?x37xf32, strided<[64, 1], offset: ?>>, vector<16xf32>
// CHECK:           scf.for %[[J:.*]] = %[[C32]] to %[[C37]] step %[[C1]] {
// CHECK-NEXT:        %[[S:.*]] = memref.load %[[A]][%[[I]], %[[J]]]
// CHECK-NEXT:        memref.store %[[S]], %[[B]][%[[I]], %[[J]]]
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @copies(%a: memref<?x37xf32>, %b: memref<?x37xf32, strided<[64, 1], offset: ?>>) {
  memref.copy %a, %b : memref<?x37xf32> to memref<?x37xf32, strided<[64, 1], offset: ?>>
  return
}

// 128-bit vectors: 4 floats, 2 doubles.
// BITS128-LABEL: func.func @copies(
// BITS128:         vector.load %{{.*}} : memref<?x37xf32>, vector<4xf32>
// BITS128-LABEL: func.func @f64_row(
// BITS128:         vector.load %{{.*}} : memref<20xf64>, vector<2xf64>
// BAD: error: dlc-cpu-vectorize-copies: vector-bits must be a power of two of at least 8, not 12

// f64: vectors of 8.
// CHECK-LABEL: func.func @f64_row(
// CHECK:         vector.load %{{.*}} : memref<20xf64>, vector<8xf64>
// CHECK-NOT:     memref.copy
func.func @f64_row(%a: memref<20xf64>, %b: memref<20xf64>) {
  memref.copy %a, %b : memref<20xf64> to memref<20xf64>
  return
}

// Scalars, rows that are not contiguous and bits are left to
// dlc-copies-to-linalg.
// CHECK-LABEL: func.func @left_alone(
// CHECK-NEXT:    memref.copy %{{.*}} : memref<f32> to memref<f32>
// CHECK-NEXT:    memref.copy %{{.*}} : memref<4x4xf32, strided<[8, 2]>> to memref<4x4xf32>
// CHECK-NEXT:    memref.copy %{{.*}} : memref<8xi1> to memref<8xi1>
func.func @left_alone(%s: memref<f32>, %t: memref<f32>, %u: memref<4x4xf32, strided<[8, 2]>>, %v: memref<4x4xf32>, %p: memref<8xi1>, %q: memref<8xi1>) {
  memref.copy %s, %t : memref<f32> to memref<f32>
  memref.copy %u, %v : memref<4x4xf32, strided<[8, 2]>> to memref<4x4xf32>
  memref.copy %p, %q : memref<8xi1> to memref<8xi1>
  return
}

// Run: 3 rows of 37 into a view of rows 64 floats apart; every element
// lands once, the gaps stay -1 (the first 40 of each row printed).
func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c37 = arith.constant 37 : index
  %c64 = arith.constant 64 : index
  %minus = arith.constant -1.0 : f32
  %src = memref.alloc() : memref<3x37xf32>
  %dst = memref.alloc() : memref<3x64xf32>
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c64 step %c1 {
      memref.store %minus, %dst[%i, %j] : memref<3x64xf32>
    }
    scf.for %j = %c0 to %c37 step %c1 {
      %k = arith.muli %i, %c37 : index
      %l = arith.addi %k, %j : index
      %n = arith.index_cast %l : index to i32
      %f = arith.sitofp %n : i32 to f32
      memref.store %f, %src[%i, %j] : memref<3x37xf32>
    }
  }
  %rows = memref.cast %src : memref<3x37xf32> to memref<?x37xf32>
  %view = memref.subview %dst[0, 0] [3, 37] [1, 1] : memref<3x64xf32> to memref<3x37xf32, strided<[64, 1]>>
  %target = memref.cast %view : memref<3x37xf32, strided<[64, 1]>> to memref<?x37xf32, strided<[64, 1], offset: ?>>
  call @copies(%rows, %target) : (memref<?x37xf32>, memref<?x37xf32, strided<[64, 1], offset: ?>>) -> ()
  scf.for %i = %c0 to %c3 step %c1 {
    %row = vector.load %dst[%i, %c0] : memref<3x64xf32>, vector<40xf32>
    vector.print %row : vector<40xf32>
  }
  return
}
// EXEC: ( 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, -1, -1, -1 )
// EXEC-NEXT: ( 37, 38, {{.*}}, 72, 73, -1, -1, -1 )
// EXEC-NEXT: ( 74, 75, {{.*}}, 109, 110, -1, -1, -1 )
