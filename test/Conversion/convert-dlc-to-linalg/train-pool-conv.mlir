// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// The differentiated IR of pooling and of a convolution's kernel.
//
// Max pooling whose windows tile the input: the gradient is one elementwise
// op over (n, oh, kh, ow, kw, c), the input split into windows by an
// expand_shape, the window's arg-max (from a recomputed forward) compared
// with the position in the window; then collapsed back. No floor-division
// map: tiles with halos could start at an odd row.
// The kernel gradient of a convolution: the input's windows gathered
// (im2col) and one matmul that reads them transposed, reducing over batch
// and pixels.

// CHECK-LABEL: func.func @pools_tiled(
// CHECK:         %[[ARGMAX:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK:         %[[SPLIT:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3, 4], [5]] {{.*}} : tensor<?x4x6x2xf32> into tensor<?x2x2x3x2x2xf32>
// CHECK:         %[[DX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[SPLIT]], %{{.*}}, %[[ARGMAX]]#1 : tensor<?x2x2x3x2x2xf32>, tensor<?x2x3x2xf32>, tensor<?x2x3x2xi32>)
// CHECK:           linalg.index 2
// CHECK:           linalg.index 4
// CHECK:           arith.cmpi eq
// CHECK:           arith.select
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[DX]] {{\[\[}}0], [1, 2], [3, 4], [5]] : tensor<?x2x2x3x2x2xf32> into tensor<?x4x6x2xf32>
// CHECK:         %[[COLS:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<?x4x6x1xf32>) outs(%{{.*}} : tensor<?x4x6x1x1x1xf32>)
// CHECK:         %[[COLS2:.*]] = tensor.collapse_shape %[[COLS]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<?x4x6x1x1x1xf32> into tensor<?x1xf32>
// CHECK:         %[[DZ2:.*]] = tensor.collapse_shape %[[FLAT]] {{\[\[}}0, 1, 2], [3]] : tensor<?x4x6x2xf32> into tensor<?x2xf32>
// CHECK:         %[[DW:.*]] = linalg.matmul indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}] ins(%[[COLS2]], %[[DZ2]] : tensor<?x1xf32>, tensor<?x2xf32>)
// CHECK:         tensor.expand_shape %[[DW]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 1, 1, 2] : tensor<1x2xf32> into tensor<1x1x1x2xf32>

// Average pooling with overlapping windows (3x3, stride 2): each of the nine
// window positions adds its share (dy times the window's reciprocal size)
// into the strided slice of the input gradient at that position.

// CHECK-LABEL: func.func @pools_overlapping(
// CHECK:         %[[S0:.*]] = tensor.extract_slice %[[ZERO:[a-z0-9_]+]][0, 0, 0, 0] [%{{.*}}, 2, 2, 2] [1, 2, 2, 1] : tensor<?x5x5x2xf32> to tensor<?x2x2x2xf32>
// CHECK:         %[[A0:.*]] = linalg.generic {{.*}} ins(%[[S0]], %{{.*}}, %{{.*}} : tensor<?x2x2x2xf32>, tensor<?x2x2x2xf32>, tensor<2x2xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:         %[[I0:.*]] = tensor.insert_slice %[[A0]] into %[[ZERO]][0, 0, 0, 0] [%{{.*}}, 2, 2, 2] [1, 2, 2, 1]
// CHECK:         tensor.extract_slice %[[I0]][0, 0, 1, 0] [%{{.*}}, 2, 2, 2] [1, 2, 2, 1]
// CHECK-COUNT-7: tensor.insert_slice
// CHECK:         %[[LAST:.*]] = tensor.insert_slice %{{.*}}[0, 2, 2, 0] [%{{.*}}, 2, 2, 2] [1, 2, 2, 1] : tensor<?x2x2x2xf32> into tensor<?x5x5x2xf32>
// CHECK:         tensor.collapse_shape %[[LAST]] {{\[\[}}0, 1, 2], [3]]

dlc.model @pools {
  dlc.param @k : tensor<1x1x1x2xf32> = #dlc.ones
  dlc.train @tiled(%x: tensor<?x4x6x1xf32>, %t: tensor<?x2x3x2xf32>) -> tensor<f32> optimizer #dlc.sgd params [@k] {
    %k = dlc.read @k : tensor<1x1x1x2xf32>
    %c = dlc.conv2d %x, %k : (tensor<?x4x6x1xf32>, tensor<1x1x1x2xf32>) -> tensor<?x4x6x2xf32>
    %p = dlc.max_pool2d %c size [2, 2] : tensor<?x4x6x2xf32> -> tensor<?x2x3x2xf32>
    %l = dlc.mean_squared_error %p, %t : (tensor<?x2x3x2xf32>, tensor<?x2x3x2xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  dlc.train @overlapping(%x: tensor<?x5x5x1xf32>, %t: tensor<?x2x2x2xf32>) -> tensor<f32> optimizer #dlc.sgd params [@k] {
    %k = dlc.read @k : tensor<1x1x1x2xf32>
    %c = dlc.conv2d %x, %k : (tensor<?x5x5x1xf32>, tensor<1x1x1x2xf32>) -> tensor<?x5x5x2xf32>
    %p = dlc.avg_pool2d %c size [3, 3] strides [2, 2] : tensor<?x5x5x2xf32> -> tensor<?x2x2x2xf32>
    %l = dlc.mean_squared_error %p, %t : (tensor<?x2x2x2xf32>, tensor<?x2x2x2xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
