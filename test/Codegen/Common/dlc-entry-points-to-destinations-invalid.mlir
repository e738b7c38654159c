// RUN: dlc-opt %s --dlc-entry-points-to-destinations --verify-diagnostics

// Entry points return ranked tensors only.

// expected-error @below {{'func.func' op entry point result is not a ranked tensor: 'f32'}}
func.func @scalar(%x: f32) -> f32 attributes {dlc.entry = "scalar"} {
  return %x : f32
}
