// RUN: dlc-opt %s --dlc-export-entry-points -split-input-file -verify-diagnostics | FileCheck %s

// The C interface wrapper of an entry point becomes
// dlc_<model>_<entry>_strided
// (its callers follow); the entry point is internal; other functions keep
// their names and linkage.
// CHECK-LABEL: llvm.func internal @mlp_predict(
// CHECK-LABEL: llvm.func @dlc_mlp_predict_strided(
// CHECK:         llvm.call @mlp_predict(
// CHECK-LABEL: llvm.func @helper(
// CHECK-LABEL: llvm.func @caller(
// CHECK:         llvm.call @dlc_mlp_predict_strided(
llvm.func @mlp_predict(%arg0: !llvm.ptr) attributes {dlc.entry = "predict", llvm.emit_c_interface} {
  llvm.return
}
llvm.func @_mlir_ciface_mlp_predict(%arg0: !llvm.ptr) attributes {dlc.entry = "predict", llvm.emit_c_interface} {
  llvm.call @mlp_predict(%arg0) : (!llvm.ptr) -> ()
  llvm.return
}
llvm.func @helper(%arg0: !llvm.ptr) {
  llvm.return
}
llvm.func @caller(%arg0: !llvm.ptr) {
  llvm.call @_mlir_ciface_mlp_predict(%arg0) : (!llvm.ptr) -> ()
  llvm.return
}

// -----

// expected-error @below {{entry point without its C interface wrapper}}
llvm.func @lonely(%arg0: !llvm.ptr) attributes {dlc.entry = "predict"} {
  llvm.return
}
