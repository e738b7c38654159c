// RUN: dlc-opt %s --dlc-cpu-tile-and-vectorize | FileCheck %s

// A module whose first scheduled op is a pooling (no matmul or convolution
// anywhere) is tiled and vectorized like any other.
//

// CHECK-LABEL: func.func @max_pool(
// CHECK-NOT:     linalg.
// CHECK:         vector.transfer_write %{{.*}} : vector<1x1x1x64xf32>, tensor<?x5x5x64xf32>
// CHECK:         vector.transfer_read %{{.*}} : tensor<?x11x11x64xf32>, vector<1x10x32xf32>
// CHECK:         arith.maximumf %{{.*}}, %{{.*}} : vector<1x1x32xf32>
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @max_pool(%x: tensor<?x11x11x64xf32>, %out: memref<?x5x5x64xf32>) attributes {dlc.entry = "pool"} {
  %neginf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x11x11x64xf32>
  %e = tensor.empty(%n) : tensor<?x5x5x64xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e : tensor<?x5x5x64xf32>) -> tensor<?x5x5x64xf32>
  %window = tensor.empty() : tensor<2x2xf32>
  %pool = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %window : tensor<?x11x11x64xf32>, tensor<2x2xf32>) outs(%init : tensor<?x5x5x64xf32>) -> tensor<?x5x5x64xf32>
  bufferization.materialize_in_destination %pool in restrict writable %out : (tensor<?x5x5x64xf32>, memref<?x5x5x64xf32>) -> ()
  return
}
