// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// dlc.conv2d lowers to linalg.conv_2d_nhwc_hwcf with the layer's strides and
// dilations, accumulating onto the bias broadcast along the channels (or a
// zero fill without a bias), then one elementwise generic for the
// activation. `same` padding pads the spatial axes with zeros first,
// TensorFlow's way: an odd total goes to the bottom/right.

// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

dlc.model @cnn {
  dlc.param @k : tensor<3x3x3x8xf32> = #dlc.glorot_uniform
  dlc.param @b : tensor<8xf32> = #dlc.zeros
  dlc.param @k2 : tensor<2x2x3x8xf32> = #dlc.glorot_uniform

  // CHECK-LABEL: func.func @cnn_valid(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17x3xf32>, %[[K:[^:]*]]: tensor<3x3x3x8xf32>, %[[B:[^:]*]]: tensor<8xf32>) -> tensor<?x11x15x8xf32>
  // CHECK-SAME:      attributes {dlc.entry = "valid", dlc.model = "cnn", dlc.params = [@k, @b], llvm.emit_c_interface}
  // CHECK-NOT:     tensor.pad
  // CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x13x17x3xf32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x11x15x8xf32>
  // CHECK-NEXT:    %[[BIAS:.*]] = linalg.generic {indexing_maps = [#[[CHANNEL]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[B]] : tensor<8xf32>) outs(%[[E]] : tensor<?x11x15x8xf32>)
  // CHECK:         %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
  // CHECK-SAME:        ins(%[[X]], %[[K]] : tensor<?x13x17x3xf32>, tensor<3x3x3x8xf32>) outs(%[[BIAS]] : tensor<?x11x15x8xf32>) -> tensor<?x11x15x8xf32>
  // CHECK:         %[[ACT:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], {{.*}} ins(%[[CONV]] : tensor<?x11x15x8xf32>)
  // CHECK:           arith.maximumf
  // CHECK:         return %[[ACT]] : tensor<?x11x15x8xf32>
  dlc.func @valid(%x: tensor<?x13x17x3xf32>) -> tensor<?x11x15x8xf32> {
    %k = dlc.read @k : tensor<3x3x3x8xf32>
    %b = dlc.read @b : tensor<8xf32>
    %y = dlc.conv2d %x, %k, %b activation(relu) : (tensor<?x13x17x3xf32>, tensor<3x3x3x8xf32>, tensor<8xf32>) -> tensor<?x11x15x8xf32>
    dlc.return %y : tensor<?x11x15x8xf32>
  }

  // CHECK-LABEL: func.func @cnn_strided(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17x3xf32>, %[[K:[^:]*]]: tensor<3x3x3x8xf32>) -> tensor<?x6x5x8xf32>
  // CHECK-SAME:      dlc.params = [@k]
  // CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT:    %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x6x5x8xf32>)
  // CHECK-NEXT:    %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>}
  // CHECK-SAME:        ins(%[[X]], %[[K]] : tensor<?x13x17x3xf32>, tensor<3x3x3x8xf32>) outs(%[[FILL]] : tensor<?x6x5x8xf32>)
  // CHECK-NEXT:    return %[[CONV]] : tensor<?x6x5x8xf32>
  dlc.func @strided(%x: tensor<?x13x17x3xf32>) -> tensor<?x6x5x8xf32> {
    %k = dlc.read @k : tensor<3x3x3x8xf32>
    %y = dlc.conv2d %x, %k strides [2, 3] : (tensor<?x13x17x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x6x5x8xf32>
    dlc.return %y : tensor<?x6x5x8xf32>
  }

  // 13 rows, stride 2, 3 taps: 7 rows out, 2 rows of padding (1 + 1);
  // 17 columns, stride 2, 3 taps dilated by 2 (extent 5): 9 columns out,
  // 4 columns of padding (2 + 2).
  // CHECK-LABEL: func.func @cnn_same(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17x3xf32>, %[[K:[^:]*]]: tensor<3x3x3x8xf32>, %[[B:[^:]*]]: tensor<8xf32>) -> tensor<?x7x9x8xf32>
  // CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-NEXT:    %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 1, 2, 0] high[0, 1, 2, 0] {
  // CHECK:           tensor.yield %[[ZERO]] : f32
  // CHECK-NEXT:    } : tensor<?x13x17x3xf32> to tensor<?x15x21x3xf32>
  // The batch size comes from the unpadded input.
  // CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x13x17x3xf32>
  // CHECK:         %[[BIAS:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<8xf32>)
  // CHECK:         %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
  // CHECK-SAME:        ins(%[[PADDED]], %[[K]] : tensor<?x15x21x3xf32>, tensor<3x3x3x8xf32>) outs(%[[BIAS]] : tensor<?x7x9x8xf32>)
  // CHECK:         %[[ACT:.*]] = linalg.generic {{.*}} ins(%[[CONV]] : tensor<?x7x9x8xf32>)
  // CHECK:           %[[NEG:.*]] = arith.negf
  // CHECK-NEXT:      math.exp %[[NEG]]
  // CHECK:         return %[[ACT]] : tensor<?x7x9x8xf32>
  dlc.func @same(%x: tensor<?x13x17x3xf32>) -> tensor<?x7x9x8xf32> {
    %k = dlc.read @k : tensor<3x3x3x8xf32>
    %b = dlc.read @b : tensor<8xf32>
    %y = dlc.conv2d %x, %k, %b strides [2, 2] dilations [1, 2] padding(same) activation(sigmoid) : (tensor<?x13x17x3xf32>, tensor<3x3x3x8xf32>, tensor<8xf32>) -> tensor<?x7x9x8xf32>
    dlc.return %y : tensor<?x7x9x8xf32>
  }

  // A 2x2 window at stride 1 needs one row and one column of padding: both
  // go after the image.
  // CHECK-LABEL: func.func @cnn_same_odd(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17x3xf32>, %[[K:[^:]*]]: tensor<2x2x3x8xf32>) -> tensor<?x13x17x8xf32>
  // CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 1, 1, 0]
  // CHECK:         } : tensor<?x13x17x3xf32> to tensor<?x14x18x3xf32>
  // CHECK:         linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PADDED]], %[[K]] : tensor<?x14x18x3xf32>, tensor<2x2x3x8xf32>)
  dlc.func @same_odd(%x: tensor<?x13x17x3xf32>) -> tensor<?x13x17x8xf32> {
    %k = dlc.read @k2 : tensor<2x2x3x8xf32>
    %y = dlc.conv2d %x, %k padding(same) : (tensor<?x13x17x3xf32>, tensor<2x2x3x8xf32>) -> tensor<?x13x17x8xf32>
    dlc.return %y : tensor<?x13x17x8xf32>
  }
}
