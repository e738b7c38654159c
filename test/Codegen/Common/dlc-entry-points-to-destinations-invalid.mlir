// RUN: dlc-opt %s --dlc-entry-points-to-destinations -split-input-file --verify-diagnostics

// Entry points return ranked tensors only.

// expected-error @below {{'func.func' op entry point result is not a ranked tensor: 'f32'}}
func.func @scalar(%x: f32) -> f32 attributes {dlc.entry = "scalar"} {
  return %x : f32
}

// -----

// A training step that reads a parameter after writing its new value cannot
// share the two buffers (dlc.in_place).

#id = affine_map<(d0) -> (d0)>
// expected-error @below {{'func.func' op cannot share the buffer of argument 0 with result 0: the argument is read after the result is written}}
func.func @read_after(%w: tensor<4xf32>, %g: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) attributes {dlc.entry = "step", dlc.in_place = array<i64: 0, -1>, dlc.train} {
  %e = tensor.empty() : tensor<4xf32>
  %new = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%w, %g : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %d = arith.subf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<4xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %late = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%w : tensor<4xf32>) outs(%e2 : tensor<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<4xf32>
  return %new, %late : tensor<4xf32>, tensor<4xf32>
}

// -----

// Nor one whose update reads other elements of the parameter.

// expected-error @below {{'func.func' op cannot share the buffer of argument 0 with result 0: the op computing the result reads the argument other than elementwise}}
func.func @reversed(%w: tensor<4xf32>) -> tensor<4xf32> attributes {dlc.entry = "step", dlc.in_place = array<i64: 0>, dlc.train} {
  %e = tensor.empty() : tensor<4xf32>
  %new = linalg.generic {indexing_maps = [affine_map<(d0) -> (3 - d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%w : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<4xf32>
  return %new : tensor<4xf32>
}

// -----

// Nor give one argument's buffer to two results.

#id = affine_map<(d0) -> (d0)>
// expected-error @below {{'func.func' op cannot share the buffer of argument 0 with result 1: the argument is shared with another result}}
func.func @twice(%w: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) attributes {dlc.entry = "step", dlc.in_place = array<i64: 0, 0>, dlc.train} {
  %e = tensor.empty() : tensor<4xf32>
  %new = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%w : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<4xf32>
  return %new, %new : tensor<4xf32>, tensor<4xf32>
}
