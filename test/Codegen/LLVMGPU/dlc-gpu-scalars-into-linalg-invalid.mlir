// RUN: dlc-opt %s --dlc-gpu-scalars-into-linalg --split-input-file -verify-diagnostics

#map = affine_map<(d0) -> (d0)>
func.func @vector_read(%t: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %c1 = arith.constant 1 : index
  // expected-error @below {{reads a scalar of a tensor of rank > 0 for a kernel}}
  %v = tensor.extract %t[%c1] : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#map], iterator_types = ["parallel"]}
      outs(%x : tensor<4xf32>) {
  ^bb0(%out: f32):
    %s = arith.addf %out, %v : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @vector_from_elements(%a: f32, %b: f32) -> tensor<2xf32> {
  // expected-error @below {{of rank > 0 would be written by the host}}
  %t = tensor.from_elements %a, %b : tensor<2xf32>
  return %t : tensor<2xf32>
}
