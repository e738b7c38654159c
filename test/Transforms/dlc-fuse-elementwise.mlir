// RUN: dlc-opt %s --dlc-fuse-elementwise --split-input-file | FileCheck %s

// An elementwise chain becomes one generic.

#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @chain(
// CHECK:         linalg.generic
// CHECK:           arith.addf
// CHECK:           arith.maximumf
// CHECK-NOT:     linalg.generic
func.func @chain(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %zero = arith.constant 0.0 : f32
  %sum = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<?x8xf32>, tensor<?x8xf32>) outs(%a : tensor<?x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<?x8xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<?x8xf32>) outs(%b : tensor<?x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  } -> tensor<?x8xf32>
  return %relu : tensor<?x8xf32>
}

// -----

// The im2col of a convolution's weight gradient and the matmul that reduces
// it stay apart: the matmul keeps its named form (MLIR's fusion would fold
// the reshapes into it, make it a generic and fuse the gather back in).

#gather = affine_map<(n, h, w, kh, c) -> (n, h + kh, w, c)>
#out = affine_map<(n, h, w, kh, c) -> (n, h, w, kh, c)>
// CHECK-LABEL: func.func @weight_gradient(
// CHECK:         %[[COLS:.*]] = linalg.generic
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[COLS]]
// CHECK:         %[[DW:.*]] = linalg.matmul indexing_maps = {{.*}} ins(%[[FLAT]],
// CHECK:         tensor.expand_shape %[[DW]]
func.func @weight_gradient(%x: tensor<?x6x4x3xf32>, %dz: tensor<?x4x4x5xf32>) -> tensor<3x1x3x5xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x6x4x3xf32>
  %empty = tensor.empty(%n) : tensor<?x4x4x3x3xf32>
  %cols = linalg.generic {indexing_maps = [#gather, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<?x6x4x3xf32>) outs(%empty : tensor<?x4x4x3x3xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<?x4x4x3x3xf32>
  %flat = tensor.collapse_shape %cols [[0, 1, 2], [3, 4]] : tensor<?x4x4x3x3xf32> into tensor<?x9xf32>
  %dz2 = tensor.collapse_shape %dz [[0, 1, 2], [3]] : tensor<?x4x4x5xf32> into tensor<?x5xf32>
  %init = tensor.empty() : tensor<9x5xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<9x5xf32>) -> tensor<9x5xf32>
  %dw = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%flat, %dz2 : tensor<?x9xf32>, tensor<?x5xf32>) outs(%filled : tensor<9x5xf32>) -> tensor<9x5xf32>
  %out = tensor.expand_shape %dw [[0, 1, 2], [3]] output_shape [3, 1, 3, 5] : tensor<9x5xf32> into tensor<3x1x3x5xf32>
  return %out : tensor<3x1x3x5xf32>
}

// -----

// A gather is not fused into an elementwise consumer either; a producer
// with two uses is not duplicated.

#map = affine_map<(d0) -> (d0)>
#shift = affine_map<(d0) -> (d0 + 1)>
// CHECK-LABEL: func.func @kept(
// CHECK-COUNT-4: linalg.generic
func.func @kept(%a: tensor<9xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %shifted = linalg.generic {indexing_maps = [#shift, #map], iterator_types = ["parallel"]}
      ins(%a : tensor<9xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<8xf32>
  %twice = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%shifted : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %d = arith.addf %v, %v : f32
    linalg.yield %d : f32
  } -> tensor<8xf32>
  %sq = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%twice : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %d = arith.mulf %v, %v : f32
    linalg.yield %d : f32
  } -> tensor<8xf32>
  %neg = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%twice : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %d = arith.negf %v : f32
    linalg.yield %d : f32
  } -> tensor<8xf32>
  return %sq, %neg : tensor<8xf32>, tensor<8xf32>
}
