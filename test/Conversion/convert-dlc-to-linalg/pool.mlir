// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// Max pooling is linalg.pooling_nhwc_max onto a -inf fill (and `same`
// padding pads with -inf). Average pooling is linalg.pooling_nhwc_sum onto a
// zero fill, then a multiplication by a constant of reciprocal window counts
// broadcast over batch and channels: 1/area, or with `same` padding
// 1/(the part of the window inside the image), as Keras does.

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[SPATIAL:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>

dlc.model @pools {
  // Pooling reads no parameters.
  // CHECK-LABEL: func.func @pools_max(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17x3xf32>) -> tensor<?x6x8x3xf32>
  // CHECK-SAME:      attributes {dlc.entry = "max", dlc.model = "pools", dlc.params = [], llvm.emit_c_interface}
  // CHECK-NOT:     tensor.pad
  // CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x13x17x3xf32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x6x8x3xf32>
  // CHECK-NEXT:    %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK-NEXT:    %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[E]] : tensor<?x6x8x3xf32>)
  // CHECK-NEXT:    %[[WINDOW:.*]] = tensor.empty() : tensor<2x2xf32>
  // CHECK-NEXT:    %[[POOL:.*]] = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
  // CHECK-SAME:        ins(%[[X]], %[[WINDOW]] : tensor<?x13x17x3xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<?x6x8x3xf32>)
  // CHECK-NEXT:    return %[[POOL]] : tensor<?x6x8x3xf32>
  dlc.func @max(%x: tensor<?x13x17x3xf32>) -> tensor<?x6x8x3xf32> {
    %y = dlc.max_pool2d %x size [2, 2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    dlc.return %y : tensor<?x6x8x3xf32>
  }

  // CHECK-LABEL: func.func @pools_max_same(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17x3xf32>) -> tensor<?x7x9x3xf32>
  // CHECK:         %[[PADV:.*]] = arith.constant 0xFF800000 : f32
  // CHECK-NEXT:    %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 1, 1, 0] {
  // CHECK:           tensor.yield %[[PADV]] : f32
  // CHECK-NEXT:    } : tensor<?x13x17x3xf32> to tensor<?x14x18x3xf32>
  // CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK-NEXT:    %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32)
  // CHECK:         %[[POOL:.*]] = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
  // CHECK-SAME:        ins(%[[PADDED]], %{{.*}} : tensor<?x14x18x3xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<?x7x9x3xf32>)
  // CHECK-NEXT:    return %[[POOL]]
  dlc.func @max_same(%x: tensor<?x13x17x3xf32>) -> tensor<?x7x9x3xf32> {
    %y = dlc.max_pool2d %x size [2, 2] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    dlc.return %y : tensor<?x7x9x3xf32>
  }

  // A 2x3 window (strides default to the window): every count is 6.
  // CHECK-LABEL: func.func @pools_avg(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x4x6x3xf32>) -> tensor<?x2x2x3xf32>
  // CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT:    %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x2x2x3xf32>)
  // CHECK-NEXT:    %[[WINDOW:.*]] = tensor.empty() : tensor<2x3xf32>
  // CHECK-NEXT:    %[[SUM:.*]] = linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>}
  // CHECK-SAME:        ins(%[[X]], %[[WINDOW]] : tensor<?x4x6x3xf32>, tensor<2x3xf32>) outs(%[[INIT]] : tensor<?x2x2x3xf32>)
  // CHECK-NEXT:    %[[RCP:.*]] = arith.constant dense<0.166666672> : tensor<2x2xf32>
  // CHECK:         %[[MEAN:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[SPATIAL]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
  // CHECK-SAME:        ins(%[[SUM]], %[[RCP]] : tensor<?x2x2x3xf32>, tensor<2x2xf32>)
  // CHECK-NEXT:    ^bb0(%[[S:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT:      %[[M:.*]] = arith.mulf %[[S]], %[[R]] : f32
  // CHECK-NEXT:      linalg.yield %[[M]] : f32
  // CHECK:         return %[[MEAN]] : tensor<?x2x2x3xf32>
  dlc.func @avg(%x: tensor<?x4x6x3xf32>) -> tensor<?x2x2x3xf32> {
    %y = dlc.avg_pool2d %x size [2, 3] : tensor<?x4x6x3xf32> -> tensor<?x2x2x3xf32>
    dlc.return %y : tensor<?x2x2x3xf32>
  }

  // 3x3 image, 2x2 windows at stride 2, one row and column of zero padding
  // after the image: the windows cover 4, 2, 2 and 1 pixels.
  // CHECK-LABEL: func.func @pools_avg_same(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x3x3x2xf32>) -> tensor<?x2x2x2xf32>
  // CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 1, 1, 0]
  // CHECK:         %[[SUM:.*]] = linalg.pooling_nhwc_sum {{.*}} ins(%[[PADDED]], %{{.*}} : tensor<?x4x4x2xf32>, tensor<2x2xf32>)
  // CHECK-NEXT:    %[[RCP:.*]] = arith.constant dense<{{\[}}[2.500000e-01, 5.000000e-01], [5.000000e-01, 1.000000e+00]]> : tensor<2x2xf32>
  // CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[SPATIAL]], #[[ID]]], {{.*}} ins(%[[SUM]], %[[RCP]] : tensor<?x2x2x2xf32>, tensor<2x2xf32>)
  // CHECK:           arith.mulf
  dlc.func @avg_same(%x: tensor<?x3x3x2xf32>) -> tensor<?x2x2x2xf32> {
    %y = dlc.avg_pool2d %x size [2, 2] padding(same) : tensor<?x3x3x2xf32> -> tensor<?x2x2x2xf32>
    dlc.return %y : tensor<?x2x2x2xf32>
  }
}
