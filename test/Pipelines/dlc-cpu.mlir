// The named pipelines on the chapter models.
//
// dlc-cpu compiles a model to the LLVM dialect only: the entry point
// (internal) and its C interface wrapper, exported as dlc_<model>_<entry>,
// no op of any other dialect left; the MLP and the CNN
// need no heap allocation (the recurrent models still do).
// RUN: dlc-opt %examples/mlp/model.mlir --dlc-cpu | FileCheck %s --check-prefix=LLVM
// RUN: dlc-opt %examples/mlp/model.mlir --dlc-cpu | FileCheck %s --check-prefixes=ONLYLLVM,NOHEAP
// RUN: dlc-opt %examples/gan/model.mlir --dlc-cpu | FileCheck %s --check-prefix=ONLYLLVM
//
// Training steps through conv2d, pooling or recurrent layers cannot be
// lowered yet (no gradients), and the pipelines lower training steps: the
// CNN and RNN examples are compiled here without theirs (the sed drops the
// dlc.train blocks).
// RUN: sed '/^  dlc.train/,/^  }/d' %examples/cnn/model.mlir > %t.cnn.mlir
// RUN: sed '/^  dlc.train/,/^  }/d' %examples/rnn/model.mlir > %t.rnn.mlir
// RUN: dlc-opt %t.cnn.mlir --dlc-cpu | FileCheck %s --check-prefixes=ONLYLLVM,NOHEAP
// RUN: dlc-opt %t.rnn.mlir --dlc-cpu | FileCheck %s --check-prefix=ONLYLLVM
//
// dlc-cpu is dlc-lower-to-linalg, dlc-cpu-bufferize and dlc-cpu-to-llvm.
// RUN: dlc-opt %examples/mlp/model.mlir --dlc-cpu -o %t.whole.mlir
// RUN: dlc-opt %examples/mlp/model.mlir --dlc-lower-to-linalg --dlc-cpu-bufferize --dlc-cpu-to-llvm -o %t.staged.mlir
// RUN: diff %t.whole.mlir %t.staged.mlir
//
// dlc-lower-to-linalg: the CNN's entry point on linalg and tensors.
// RUN: dlc-opt %t.cnn.mlir --dlc-lower-to-linalg | FileCheck %s --check-prefix=LINALG

// LLVM-LABEL: llvm.func internal @mlp_predict(
// LLVM-SAME:      attributes {{{.*}}dlc.entry = "predict"{{.*}}dlc.model = "mlp", dlc.params = [@dense1.kernel, @dense1.bias, @dense2.kernel, @dense2.bias]{{.*}}llvm.emit_c_interface}
// LLVM:           llvm.intr.fmuladd
// LLVM:           llvm.return
// LLVM-LABEL: llvm.func @dlc_mlp_predict_strided(
// LLVM-SAME:      %{{.*}}: !llvm.ptr
// LLVM:           llvm.call @mlp_predict(
// LLVM:           llvm.return

// ONLYLLVM-NOT: {{^ *(%[^ ]+ = )?"?(affine|arith|bufferization|builtin|cf|dlc|func|linalg|math|memref|scf|tensor|ub|vector)\.}}
// NOHEAP-NOT: @malloc
// NOHEAP-NOT: @free
// ONLYLLVM-NOT: @memrefCopy

// Two conv/pool stages then two dense layers: each layer's bias broadcast
// (a generic), its named op accumulating onto it, its relu (a generic); the
// softmax's max, exp, sum and division generics last.
// LINALG-LABEL: func.func @mnist_cnn_predict(
// LINALG-SAME:      %[[X:[^:]*]]: tensor<?x28x28x1xf32>, %[[K1:[^:]*]]: tensor<3x3x1x32xf32>, %[[B1:[^:]*]]: tensor<32xf32>, %[[K2:[^:]*]]: tensor<3x3x32x64xf32>, %[[B2:[^:]*]]: tensor<64xf32>, %[[W3:[^:]*]]: tensor<1600x64xf32>, %[[B3:[^:]*]]: tensor<64xf32>, %[[W4:[^:]*]]: tensor<64x10xf32>, %[[B4:[^:]*]]: tensor<10xf32>) -> tensor<?x10xf32>
// LINALG-SAME:      dlc.params = [@conv1.kernel, @conv1.bias, @conv2.kernel, @conv2.bias, @dense1.kernel, @dense1.bias, @dense2.kernel, @dense2.bias]
// LINALG:         %[[I1:.*]] = linalg.generic {{.*}} ins(%[[B1]] : tensor<32xf32>)
// LINALG:         %[[C1:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[X]], %[[K1]] : {{.*}}) outs(%[[I1]] : tensor<?x26x26x32xf32>)
// LINALG:         %[[R1:.*]] = linalg.generic {{.*}} ins(%[[C1]] : tensor<?x26x26x32xf32>)
// LINALG:           arith.maximumf
// LINALG:         %[[P1:.*]] = linalg.pooling_nhwc_max {{.*}} ins(%[[R1]], %{{.*}} : tensor<?x26x26x32xf32>, tensor<2x2xf32>) {{.*}} -> tensor<?x13x13x32xf32>
// LINALG:         %[[I2:.*]] = linalg.generic {{.*}} ins(%[[B2]] : tensor<64xf32>)
// LINALG:         %[[C2:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[P1]], %[[K2]] : {{.*}}) outs(%[[I2]] : tensor<?x11x11x64xf32>)
// LINALG:         %[[R2:.*]] = linalg.generic {{.*}} ins(%[[C2]] : tensor<?x11x11x64xf32>)
// LINALG:         %[[P2:.*]] = linalg.pooling_nhwc_max {{.*}} ins(%[[R2]], %{{.*}} : tensor<?x11x11x64xf32>, tensor<2x2xf32>) {{.*}} -> tensor<?x5x5x64xf32>
// LINALG:         %[[F:.*]] = tensor.collapse_shape %[[P2]] {{\[}}[0], [1, 2, 3]] : tensor<?x5x5x64xf32> into tensor<?x1600xf32>
// LINALG:         %[[I3:.*]] = linalg.generic {{.*}} ins(%[[B3]] : tensor<64xf32>)
// LINALG:         %[[M3:.*]] = linalg.matmul ins(%[[F]], %[[W3]] : tensor<?x1600xf32>, tensor<1600x64xf32>) outs(%[[I3]] : tensor<?x64xf32>)
// LINALG:         %[[R3:.*]] = linalg.generic {{.*}} ins(%[[M3]] : tensor<?x64xf32>)
// LINALG:         %[[I4:.*]] = linalg.generic {{.*}} ins(%[[B4]] : tensor<10xf32>)
// LINALG:         %[[M4:.*]] = linalg.matmul ins(%[[R3]], %[[W4]] : tensor<?x64xf32>, tensor<64x10xf32>) outs(%[[I4]] : tensor<?x10xf32>)
// LINALG:         %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[M4]] : tensor<?x10xf32>)
// LINALG:         %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[M4]], %[[MAX]] : tensor<?x10xf32>, tensor<?xf32>)
// LINALG:           math.exp
// LINALG:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<?x10xf32>)
// LINALG:         %[[DIV:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<?x10xf32>, tensor<?xf32>)
// LINALG:           arith.divf
// LINALG:         return %[[DIV]] : tensor<?x10xf32>
// LINALG-NOT:     dlc.
