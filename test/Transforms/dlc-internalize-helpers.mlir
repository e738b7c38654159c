// RUN: dlc-opt %s --dlc-internalize-helpers | FileCheck %s

// Only entry points stay global symbols: a helper the pipeline created gets
// internal linkage (two models linked into one program would otherwise
// clash on it); declarations of external functions keep theirs.
// CHECK-LABEL: func.func @mnist_cnn_predict(
// CHECK-NOT:     llvm.linkage
// CHECK-SAME:    attributes {dlc.entry = "predict"}
func.func @mnist_cnn_predict(%x: memref<?x10xf32>) attributes {dlc.entry = "predict"} {
  func.call @dealloc_helper(%x) : (memref<?x10xf32>) -> ()
  return
}

// CHECK-LABEL: func.func private @dealloc_helper(
// CHECK-SAME:    attributes {llvm.linkage = #llvm.linkage<internal>}
func.func private @dealloc_helper(%x: memref<?x10xf32>) {
  func.call @external(%x) : (memref<?x10xf32>) -> ()
  return
}

// CHECK-LABEL: func.func private @external(
// CHECK-NOT:     llvm.linkage
func.func private @external(memref<?x10xf32>)
