// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// The differentiated IR of a dense layer with a sigmoid and a mean squared
// error, and Adam's update of its kernel and bias.
//
// The loss gradient 2 (y - t) / (N * 2) meets the sigmoid's y (1 - y); the
// kernel gradient is x^T dz as one matmul that reads x transposed through
// its indexing maps (no transposed copy of the batch), the bias gradient the
// column sums of dz. The step counter advances; Adam's m and v follow
// Keras' formulas with the bias correction lr * sqrt(1 - b2^t) / (1 - b1^t).

// CHECK-DAG:   #[[KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG:   #[[KN:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG:   #[[MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @m_step(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x3xf32>, %[[T:[^:]*]]: tensor<?x2xf32>, %[[W:[^:]*]]: tensor<3x2xf32>, %[[B:[^:]*]]: tensor<2xf32>, %[[WM:[^:]*]]: tensor<3x2xf32>, %[[WV:[^:]*]]: tensor<3x2xf32>, %[[BM:[^:]*]]: tensor<2xf32>, %[[BV:[^:]*]]: tensor<2xf32>, %[[STEP:[^:]*]]: tensor<i64>)
// CHECK:         %[[Z:.*]] = linalg.matmul ins(%[[X]], %[[W]] :
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[Z]] :
// CHECK:           math.exp
// The loss (squared errors, summed), its gradient, then the sigmoid's.
// CHECK:         linalg.generic {{.*}} ins(%[[Y]], %[[T]] :
// CHECK:         %[[DY:.*]] = linalg.generic {{.*}} ins(%[[Y]], %[[T]] :
// CHECK-NEXT:    ^bb0
// CHECK:           arith.subf
// CHECK-NEXT:      arith.addf
// CHECK-NEXT:      arith.mulf
// CHECK:         %[[DZ:.*]] = linalg.generic {{.*}} ins(%[[Y]], %[[DY]] :
// CHECK-NEXT:    ^bb0(%[[YV:[^:]*]]: f32, %[[DV:[^:]*]]: f32, %{{.*}}: f32):
// CHECK:           %[[ONE_MINUS:.*]] = arith.subf %{{.*}}, %[[YV]]
// CHECK-NEXT:      %[[SLOPE:.*]] = arith.mulf %[[YV]], %[[ONE_MINUS]]
// CHECK-NEXT:      arith.mulf %[[DV]], %[[SLOPE]]
// Kernel and bias gradients.
// CHECK:         %[[DW:.*]] = linalg.matmul indexing_maps = [#[[KM]], #[[KN]], #[[MN]]] ins(%[[X]], %[[DZ]] : tensor<?x3xf32>, tensor<?x2xf32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK:         %[[DB:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%[[DZ]] : tensor<?x2xf32>) outs(%{{.*}} : tensor<2xf32>)
// The step count and Adam's bias correction, once per step.
// CHECK:         %[[COUNT:.*]] = tensor.extract %[[STEP]][] : tensor<i64>
// CHECK:         %[[NEXT:.*]] = arith.addi %[[COUNT]], %c1_i64
// CHECK:         %[[B1T:.*]] = math.powf %{{.*}}, %[[STEPF:.*]] : f32
// CHECK:         %[[B2T:.*]] = math.powf %{{.*}}, %[[STEPF]] : f32
// CHECK:         math.sqrt
// CHECK:         %[[ALPHA:.*]] = arith.divf
// Adam on the kernel: new w, m and v from one elementwise op.
// CHECK:         %[[KUP:.*]]:3 = linalg.generic {{.*}} ins(%[[W]], %[[DW]], %[[WM]], %[[WV]] :
// CHECK-NEXT:    ^bb0(%[[WE:[^:]*]]: f32, %[[GE:[^:]*]]: f32, %[[ME:[^:]*]]: f32, %[[VE:[^:]*]]: f32,
// CHECK:           arith.mulf %{{.*}}, %[[ME]]
// CHECK:           arith.mulf %{{.*}}, %[[GE]]
// CHECK:           %[[NM:.*]] = arith.addf
// CHECK:           %[[SQ:.*]] = arith.mulf %[[GE]], %[[GE]]
// CHECK:           arith.mulf %{{.*}}, %[[VE]]
// CHECK:           %[[NV:.*]] = arith.addf
// CHECK:           math.sqrt %[[NV]]
// CHECK:           arith.mulf %[[ALPHA]], %[[NM]]
// CHECK:           arith.divf
// CHECK:           %[[NW:.*]] = arith.subf %[[WE]],
// CHECK:           linalg.yield %[[NW]], %[[NM]], %[[NV]]
// And on the bias, from its own gradient.
// CHECK:         %[[BUP:.*]]:3 = linalg.generic {{.*}} ins(%[[B]], %[[DB]], %[[BM]], %[[BV]] :
// CHECK:         return %{{.*}}, %[[KUP]]#0, %[[BUP]]#0, %[[KUP]]#1, %[[KUP]]#2, %[[BUP]]#1, %[[BUP]]#2,
dlc.model @m {
  dlc.param @w : tensor<3x2xf32> = #dlc.zeros
  dlc.param @b : tensor<2xf32> = #dlc.zeros
  dlc.train @step(%x: tensor<?x3xf32>, %t: tensor<?x2xf32>) -> tensor<f32> optimizer #dlc.adam params [@w, @b] {
    %w = dlc.read @w : tensor<3x2xf32>
    %b = dlc.read @b : tensor<2xf32>
    %y = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    %l = dlc.mean_squared_error %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
