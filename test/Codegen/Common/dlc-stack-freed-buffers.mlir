// RUN: dlc-opt %s --pass-pipeline='builtin.module(func.func(dlc-stack-freed-buffers))' | FileCheck %s
// RUN: dlc-opt %s --pass-pipeline='builtin.module(func.func(dlc-stack-freed-buffers{max-bytes=8}))' | FileCheck %s --check-prefix=SMALL

// The deallocation pipeline's helper arrays: small, static, freed in the
// block that allocates them. They go on the stack and their deallocs go.
// CHECK-LABEL: func.func @helper_arrays(
// CHECK:         memref.alloca() : memref<3xindex>
// CHECK:         memref.alloca() {alignment = 64 : i64} : memref<3xi1>
// CHECK-NOT:     memref.dealloc %{{.*}} : memref<3x
// SMALL-LABEL: func.func @helper_arrays(
// SMALL:         memref.alloc() : memref<3xindex>
// SMALL:         memref.alloca() {alignment = 64 : i64} : memref<3xi1>
func.func @helper_arrays(%p: index) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<3xindex>
  %b = memref.alloc() {alignment = 64 : i64} : memref<3xi1>
  memref.store %p, %a[%c0] : memref<3xindex>
  %false = arith.constant false
  memref.store %false, %b[%c0] : memref<3xi1>
  memref.dealloc %a : memref<3xindex>
  memref.dealloc %b : memref<3xi1>
  return
}

// Not: a dynamic size, a buffer that is not freed here, one freed in a
// nested block, or one too large.
// CHECK-LABEL: func.func @kept(
// CHECK-COUNT-4: memref.alloc
// CHECK-NOT:     memref.alloca
func.func @kept(%n: index, %c: i1) -> memref<4xf32> {
  %dynamic = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %dynamic : memref<?xf32>
  %returned = memref.alloc() : memref<4xf32>
  %nested = memref.alloc() : memref<4xf32>
  scf.if %c {
    memref.dealloc %nested : memref<4xf32>
  }
  %large = memref.alloc() : memref<2048xf32>
  memref.dealloc %large : memref<2048xf32>
  return %returned : memref<4xf32>
}
