// RUN: dlc-opt %s --dlc-cpu-tile-and-vectorize | FileCheck %s
// RUN: dlc-opt %s --dlc-cpu-tile-and-vectorize | FileCheck %s --check-prefix=NOLINALG

// The CPU schedule on linalg-on-tensors entry points (the form
// dlc-lower-to-linalg and dlc-entry-points-to-destinations produce). No
// linalg op is left: everything is loops around vector code.
// NOLINALG-NOT: linalg.

// A dense layer, 512 -> 512, relu, dynamic batch: column panels of 128,
// in each, register tiles of 8 x 32 whose reduction loop carries the 8x32
// accumulator as a vector (initialised from the broadcast bias) and does
// one 8x1 by 1x32 vector.contract per step; the relu is applied to the
// accumulator in the same nest. The 8-row loop is peeled: full tiles up to
// floor(N / 8) * 8, then the rest one row at a time across the 128 columns
// of the panel (eight accumulators, no mask: a masked contraction would
// keep its accumulator in memory).

// CHECK-DAG: #[[FLOOR8:.*]] = affine_map<()[s0] -> ((s0 floordiv 8) * 8)>
// CHECK-DAG: #[[BCAST:.*]] = affine_map<(d0) -> (0, d0)>
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[ACC:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[BCAST4:.*]] = affine_map<(d0) -> (0, 0, 0, d0)>
// CHECK-DAG: #[[REMAINING:.*]] = affine_map<(d0) -> (-d0 + 100, 64)>
// CHECK-DAG: #[[SWAP:.*]] = affine_map<(d0, d1) -> (d1, d0)>

// CHECK-LABEL: func.func @dense_relu(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x512xf32>, %[[W:[^:]*]]: tensor<512x512xf32>, %[[B:[^:]*]]: tensor<512xf32>, %[[OUT:[^:]*]]: memref<?x512xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8x32xf32>
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG:     %[[C512:.*]] = arith.constant 512 : index
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x512xf32>
// CHECK:         %[[FULL:.*]] = affine.apply #[[FLOOR8]]()[%[[N]]]
// CHECK-NEXT:    %[[PANELS:.*]] = scf.for %[[J:[^ ]*]] = %[[C0]] to %[[C512]] step %[[C128]] iter_args(%{{.*}}) -> (tensor<?x512xf32>) {
// CHECK-NEXT:      tensor.extract_slice %{{.*}}[0, %[[J]]] [%[[N]], 128] [1, 1] : tensor<?x512xf32> to tensor<?x128xf32>
// CHECK-NEXT:      %[[MAIN:.*]] = scf.for %[[I:[^ ]*]] = %[[C0]] to %[[FULL]] step %[[C8]] iter_args(%{{.*}}) -> (tensor<?x128xf32>) {
// CHECK-NEXT:        tensor.extract_slice %{{.*}}[%[[I]], 0] [8, 128] [1, 1] : tensor<?x128xf32> to tensor<8x128xf32>
// CHECK-NEXT:        scf.for %[[JJ:[^ ]*]] = %[[C0]] to %[[C128]] step %[[C32]] iter_args(%[[TILE:.*]] = %{{.*}}) -> (tensor<8x128xf32>) {
// CHECK:               %[[BIAS:.*]] = vector.transfer_read %[[B]][%{{.*}}], %{{.*}} {in_bounds = [true, true], permutation_map = #[[BCAST]]} : tensor<512xf32>, vector<8x32xf32>
// CHECK-NEXT:          %[[SUM:.*]] = scf.for %[[K:[^ ]*]] = %[[C0]] to %[[C512]] step %[[C1]] iter_args(%[[A:.*]] = %[[BIAS]]) -> (vector<8x32xf32>) {
// CHECK-NEXT:            %[[XS:.*]] = vector.transfer_read %[[X]][%[[I]], %[[K]]], %{{.*}} {in_bounds = [true, true]} : tensor<?x512xf32>, vector<8x1xf32>
// CHECK-NEXT:            %[[WS:.*]] = vector.transfer_read %[[W]][%[[K]], %{{.*}}], %{{.*}} {in_bounds = [true, true]} : tensor<512x512xf32>, vector<1x32xf32>
// CHECK-NEXT:            %[[C:.*]] = vector.contract {indexing_maps = [#[[LHS]], #[[RHS]], #[[ACC]]], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %[[XS]], %[[WS]], %[[A]] : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK-NEXT:            scf.yield %[[C]] : vector<8x32xf32>
// CHECK-NEXT:          }
// CHECK-NEXT:          %[[RELU:.*]] = arith.maximumf %[[SUM]], %[[ZERO]] : vector<8x32xf32>
// CHECK-NEXT:          %[[WRITTEN:.*]] = vector.transfer_write %[[RELU]], %[[TILE]][%[[C0]], %[[JJ]]] {in_bounds = [true, true]} : vector<8x32xf32>, tensor<8x128xf32>
// CHECK-NEXT:          scf.yield %[[WRITTEN]] : tensor<8x128xf32>
// CHECK:             tensor.insert_slice %{{.*}} into %{{.*}}[%[[I]], 0] [8, 128] [1, 1] : tensor<8x128xf32> into tensor<?x128xf32>
// The remainder rows [floor(N / 8) * 8, N), one at a time, unmasked.
// CHECK:           vector.transfer_read %[[B]][%[[J]]], %{{.*}} : tensor<512xf32>, vector<1x128xf32>
// CHECK-NEXT:      scf.for %{{.*}} = %[[FULL]] to %[[N]] step %[[C8]] iter_args(%{{.*}} = %[[MAIN]]) -> (tensor<?x128xf32>) {
// CHECK:             scf.for %{{.*}} = %[[C0]] to %{{.*}} step %[[C1]]
// CHECK:               scf.for %{{.*}} = %[[C0]] to %[[C512]] step %[[C1]] iter_args(%{{.*}}) -> (vector<1x128xf32>)
// CHECK-NEXT:            %[[XS:.*]] = vector.transfer_read %[[X]][%{{.*}}], %{{.*}} {in_bounds = [true, true]} : tensor<?x512xf32>, vector<1x1xf32>
// CHECK-NEXT:            vector.transfer_read %[[W]][%{{.*}}, %[[J]]]{{.*}} : tensor<512x512xf32>, vector<1x128xf32>
// CHECK-NEXT:            vector.contract {{.*}} %[[XS]], %{{.*}}, %{{.*}} : vector<1x1xf32>, vector<1x128xf32> into vector<1x128xf32>
// CHECK:               arith.maximumf %{{.*}}, %{{.*}} : vector<1x128xf32>
// CHECK:         bufferization.materialize_in_destination %[[PANELS]] in restrict writable %[[OUT]]
// CHECK-NEXT:    return

// The recurrent step of SimpleRNN(50): 50 -> 50 columns, dynamic batch.
// Every tile has a static shape, no mask anywhere: register tiles of 8 rows
// by 32, 16 and the last 2 columns (a vector of 18 floats would be built
// from single-element inserts), and the remainder rows one at a time in
// the same widths (a one-row tile of 48 columns ran 15x slower).
// CHECK-LABEL: func.func @dense_50(
// CHECK-NOT:     vector.create_mask
// CHECK:         scf.for
// CHECK:           vector.transfer_read %{{.*}}[%{{.*}}, %[[C0:.*]]], {{.*}} : tensor<50x50xf32>, vector<1x32xf32>
// CHECK-NEXT:      vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK:           vector.transfer_read {{.*}} : tensor<50x50xf32>, vector<1x16xf32>
// CHECK-NEXT:      vector.contract {{.*}} : vector<8x1xf32>, vector<1x16xf32> into vector<8x16xf32>
// CHECK:           vector.transfer_read {{.*}} : tensor<50x50xf32>, vector<1x2xf32>
// CHECK-NEXT:      vector.contract {{.*}} : vector<8x1xf32>, vector<1x2xf32> into vector<8x2xf32>
// CHECK:         scf.for
// CHECK:             vector.contract {{.*}} : vector<1x1xf32>, vector<1x32xf32> into vector<1x32xf32>
// CHECK:             vector.contract {{.*}} : vector<1x1xf32>, vector<1x16xf32> into vector<1x16xf32>
// CHECK:             vector.contract {{.*}} : vector<1x1xf32>, vector<1x2xf32> into vector<1x2xf32>
// CHECK-NOT:     vector.create_mask
// CHECK:         return

// A 3x3 convolution, 32 -> 64 filters, bias and relu, on 13x13 images: one
// whole output row of 11 pixels by 16 filters per tile (11 accumulator
// vectors, no partial tile), loops over the 3 kernel rows and the 32 input
// channels carrying the 1x11x16 accumulator, each step decomposed to 1-D
// and contracted for the 3 kernel columns (rank-1 updates); the relu is
// applied to the accumulator in the same nest.


// CHECK-LABEL: func.func @conv_relu(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x13x32xf32>, %[[K:[^:]*]]: tensor<3x3x32x64xf32>, %[[B:[^:]*]]: tensor<64xf32>, %[[OUT:[^:]*]]: memref<?x11x11x64xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C11:.*]] = arith.constant 11 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[NEST:.*]] = scf.for %[[IMG:[^ ]*]] = %[[C0]] to %[[N]] step %[[C1]]
// CHECK-NEXT:      scf.for %[[ROW:[^ ]*]] = %[[C0]] to %[[C11]] step %[[C1]]
// CHECK-NEXT:        scf.for %[[F:[^ ]*]] = %[[C0]] to %[[C64]] step %[[C16]]
// CHECK:               vector.transfer_read %[[B]][%[[F]]], %{{.*}} {in_bounds = [true, true, true, true], permutation_map = #[[BCAST4]]} : tensor<64xf32>, vector<1x1x11x16xf32>
// CHECK:               %[[SUM:.*]] = scf.for %[[KH:[^ ]*]] = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%{{.*}}) -> (vector<1x11x16xf32>) {
// CHECK:                 scf.for %[[IC:[^ ]*]] = %[[C0]] to %[[C32]] step %[[C1]] iter_args(%{{.*}}) -> (vector<1x11x16xf32>) {
// CHECK:                   vector.transfer_read %[[X]][%[[IMG]], %{{.*}}, %[[C0]], %[[IC]]], %{{.*}} : tensor<?x13x13x32xf32>, vector<1x13x1xf32>
// CHECK:                   vector.transfer_read %[[K]][%[[KH]], %[[C0]], %[[IC]], %[[F]]], %{{.*}} : tensor<3x3x32x64xf32>, vector<3x1x16xf32>
// CHECK-COUNT-3:           vector.contract {{.*}} : vector<1x11x1xf32>, vector<1x16xf32> into vector<1x11x16xf32>
// CHECK-NEXT:              scf.yield %{{.*}} : vector<1x11x16xf32>
// CHECK-NEXT:            }
// CHECK-NEXT:            scf.yield %{{.*}} : vector<1x11x16xf32>
// CHECK-NEXT:          }
// CHECK-NEXT:          %[[S4:.*]] = vector.broadcast %[[SUM]] : vector<1x11x16xf32> to vector<1x1x11x16xf32>
// CHECK-NEXT:          %[[RELU:.*]] = arith.maximumf %[[S4]], %{{.*}} : vector<1x1x11x16xf32>
// CHECK-NEXT:          vector.transfer_write %[[RELU]], %{{.*}}[%[[IMG]], %[[ROW]], %[[C0]], %[[F]]] {in_bounds = [true, true, true, true]} : vector<1x1x11x16xf32>, tensor<?x11x11x64xf32>
// CHECK-NOT:         vector<1x1x3x
// CHECK:         bufferization.materialize_in_destination %[[NEST]] in restrict writable %[[OUT]]

// 2x2 max pooling at stride 2: the -inf fill is vectorized on its own (one
// 64-channel vector per pixel), the pooling is tiled to one output row of 5
// pixels by 32 channels and one window row, decomposed to 1-D and reduced
// with vector maximumf.
// CHECK-LABEL: func.func @max_pool(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x11x11x64xf32>, %[[OUT:[^:]*]]: memref<?x5x5x64xf32>)
// CHECK-DAG:     %[[NEGINF:.*]] = arith.constant dense<0xFF800000> : vector<1x1x1x64xf32>
// CHECK:         %[[FILLED:.*]] = scf.for
// CHECK:               vector.transfer_write %[[NEGINF]], %{{.*}} : vector<1x1x1x64xf32>, tensor<?x5x5x64xf32>
// CHECK:         %[[POOLED:.*]] = scf.for %{{.*}} iter_args(%{{.*}} = %[[FILLED]])
// CHECK:             scf.for %{{.*}} step %{{.*}} iter_args
// CHECK:               scf.for %{{.*}} iter_args
// CHECK:                 %[[IN:.*]] = vector.transfer_read %[[X]]{{.*}} : tensor<?x11x11x64xf32>, vector<1x10x32xf32>
// CHECK:                 vector.transfer_read {{.*}} : tensor<?x5x5x64xf32>, vector<1x5x32xf32>
// CHECK-COUNT-10:        arith.maximumf %{{.*}}, %{{.*}} : vector<1x1x32xf32>
// CHECK:                 vector.transfer_write %{{.*}} : vector<1x5x32xf32>, tensor<1x1x5x32xf32>
// CHECK:         bufferization.materialize_in_destination %[[POOLED]] in restrict writable %[[OUT]]

// An elementwise op over [N, 37]: one row per iteration as a single
// (odd-sized, unmasked) vector<1x37xf32>.
// CHECK-LABEL: func.func @sigmoid_37(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x37xf32>, %[[OUT:[^:]*]]: memref<?x37xf32>)
// CHECK-NOT:     vector.create_mask
// CHECK:         %[[LOOP:.*]] = scf.for %[[I:[^ ]*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<?x37xf32>) {
// CHECK-NEXT:      %[[V:.*]] = vector.transfer_read %[[X]][%[[I]], %{{.*}}], %{{.*}} {in_bounds = [true, true]} : tensor<?x37xf32>, vector<1x37xf32>
// CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[V]] : vector<1x37xf32>
// CHECK-NEXT:      %[[EXP:.*]] = math.exp %[[NEG]] : vector<1x37xf32>
// CHECK-NEXT:      %[[DEN:.*]] = arith.addf %[[EXP]], %{{.*}} : vector<1x37xf32>
// CHECK-NEXT:      %[[R:.*]] = arith.divf %{{.*}}, %[[DEN]] : vector<1x37xf32>
// CHECK-NEXT:      %[[W:.*]] = vector.transfer_write %[[R]], %[[ACC]][%[[I]], %{{.*}}] {in_bounds = [true, true]} : vector<1x37xf32>, tensor<?x37xf32>
// CHECK-NEXT:      scf.yield %[[W]] : tensor<?x37xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    bufferization.materialize_in_destination %[[LOOP]] in restrict writable %[[OUT]]

// Over [N, 100]: vectors of 64 along the row, masked (create_mask of the
// remaining width) for the second, partial one.
// CHECK-LABEL: func.func @relu_100(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x100xf32>, %[[OUT:[^:]*]]: memref<?x100xf32>)
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C100:.*]] = arith.constant 100 : index
// CHECK:         scf.for %[[I:[^ ]*]] =
// CHECK-NEXT:      scf.for %[[J:[^ ]*]] = %{{.*}} to %[[C100]] step %[[C64]]
// CHECK-NEXT:        %[[W:.*]] = affine.min #[[REMAINING]](%[[J]])
// CHECK:             %[[M1:.*]] = vector.create_mask %[[W]] : vector<64xi1>
// CHECK-NEXT:        %[[M:.*]] = vector.insert %[[M1]], %{{.*}} [0] : vector<64xi1> into vector<1x64xi1>
// CHECK-NEXT:        %[[V:.*]] = vector.transfer_read %[[X]][%[[I]], %[[J]]], %{{.*}}, %[[M]] {in_bounds = [true, true]} : tensor<?x100xf32>, vector<1x64xf32>
// CHECK-NEXT:        %[[R:.*]] = arith.maximumf %[[V]], %{{.*}} : vector<1x64xf32>
// CHECK-NEXT:        vector.transfer_write %[[R]], %{{.*}}[%{{.*}}, %{{.*}}], %[[M]] {in_bounds = [true, true]} : vector<1x64xf32>, tensor<1x?xf32>

// A weight gradient, cols^T . dz reduced over a dynamic batch: the zero
// fill on its own, then the reduction in blocks of 256 steps, each block
// adding into every 8x32 output tile (read from and written back to the
// output), so that the blocks of both inputs stay in cache.
// CHECK-LABEL: func.func @weight_gradient(
// CHECK-SAME:      %[[COLS:[^:]*]]: tensor<?x288xf32>, %[[DZ:[^:]*]]: tensor<?x64xf32>
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK:         %[[ZEROED:.*]] = scf.for
// CHECK:           vector.transfer_write %{{.*}} : vector<1x64xf32>, tensor<288x64xf32>
// CHECK:         scf.for %[[K0:[^ ]*]] = %{{.*}} to %{{.*}} step %[[C256]] iter_args(%{{.*}} = %[[ZEROED]]) -> (tensor<288x64xf32>) {
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK:               %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>
// CHECK-NEXT:          scf.for %{{.*}} iter_args(%{{.*}} = %[[ACC]]) -> (vector<8x32xf32>) {
// CHECK-NEXT:            affine.apply
// CHECK-NEXT:            vector.transfer_read %[[COLS]]{{.*}} : tensor<?x288xf32>, vector<1x8xf32>
// CHECK-NEXT:            vector.transfer_read %[[DZ]]{{.*}} : tensor<?x64xf32>, vector<1x32xf32>
// CHECK-NEXT:            vector.contract {{.*}} : vector<1x8xf32>, vector<1x32xf32> into vector<8x32xf32>

// A matmul reading a transposed weight (an input gradient): the transpose
// is computed once, before the matmul's loops, not inside every tile, in
// 16x16 blocks (16 rows of the weight read, transposed in registers).
// CHECK-LABEL: func.func @input_gradient(
// CHECK-SAME:      %[[DZ:[^:]*]]: tensor<?x64xf32>, %[[W:[^:]*]]: tensor<1600x64xf32>
// CHECK:         %[[WT:.*]] = scf.for
// CHECK:           %[[BLOCK:.*]] = vector.transfer_read %[[W]]{{.*}} permutation_map = #[[SWAP]]} : tensor<1600x64xf32>, vector<16x16xf32>
// CHECK-NEXT:      vector.transfer_write %[[BLOCK]], {{.*}} : vector<16x16xf32>, tensor<64x1600xf32>
// CHECK:         scf.for
// CHECK-NOT:       tensor<1600x64xf32>
// CHECK:           vector.transfer_read %[[WT]]{{.*}} : tensor<64x1600xf32>, vector<1x32xf32>
// CHECK-NOT:     tensor<1600x64xf32>
// CHECK:         return

// A convolution reading a padded input (the CNN's input gradient): the pad
// is a zero fill of the padded tensor, once, and an insert of the original
// into it; the convolution's tiles read the result, not a pad each.
// CHECK-LABEL: func.func @padded_conv(
// CHECK-SAME:      %[[DZ:[^:]*]]: tensor<?x11x11x64xf32>
// CHECK-NOT:     tensor.pad
// CHECK:         %[[ZEROED:.*]] = scf.for
// CHECK:           vector.transfer_write %{{.*}} : vector<1x1x1x64xf32>, tensor<?x15x15x64xf32>
// CHECK:         %[[PADDED:.*]] = tensor.insert_slice %[[DZ]] into %[[ZEROED]][0, 2, 2, 0] [%{{.*}}, 11, 11, 64] [1, 1, 1, 1]
// CHECK-NOT:     tensor.pad
// CHECK:         vector.transfer_read %[[PADDED]]{{.*}} : tensor<?x15x15x64xf32>, vector<1x15x1xf32>
// CHECK:         return

// An im2col (an input read at (n, oh + kh, ow + kw, c)): its unit
// dimensions are folded within the innermost tile loop, which leaves a
// copy of whole 32-channel rows (not one float at a time).
// CHECK-LABEL: func.func @im2col(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x13x32xf32>
// CHECK:         %[[ROW:.*]] = tensor.extract_slice %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, 0] [1, 1, 1, 32] [1, 1, 1, 1]
// CHECK:         %[[FLAT:.*]] = tensor.extract_slice %[[ROW]][0, 0, 0, 0] [1, 1, 1, 32] [1, 1, 1, 1] : tensor<1x1x1x32xf32> to tensor<32xf32>
// CHECK:         tensor.insert_slice %[[FLAT]] into %{{.*}} : tensor<32xf32> into tensor<1x1x1x1x1x32xf32>

#row = affine_map<(d0, d1) -> (d1)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#bias4 = affine_map<(d0, d1, d2, d3) -> (d3)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

func.func @dense_relu(%x: tensor<?x512xf32>, %w: tensor<512x512xf32>, %b: tensor<512xf32>, %out: memref<?x512xf32>) attributes {dlc.entry = "dense"} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x512xf32>
  %e = tensor.empty(%n) : tensor<?x512xf32>
  %bias = linalg.generic {indexing_maps = [#row, #id2], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<512xf32>) outs(%e : tensor<?x512xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<?x512xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<?x512xf32>, tensor<512x512xf32>) outs(%bias : tensor<?x512xf32>) -> tensor<?x512xf32>
  %relu = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%mm : tensor<?x512xf32>) outs(%e : tensor<?x512xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<?x512xf32>
  bufferization.materialize_in_destination %relu in restrict writable %out : (tensor<?x512xf32>, memref<?x512xf32>) -> ()
  return
}

func.func @dense_50(%x: tensor<?x50xf32>, %w: tensor<50x50xf32>, %out: memref<?x50xf32>) attributes {dlc.entry = "dense50"} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x50xf32>
  %e = tensor.empty(%n) : tensor<?x50xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?x50xf32>) -> tensor<?x50xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<?x50xf32>, tensor<50x50xf32>) outs(%init : tensor<?x50xf32>) -> tensor<?x50xf32>
  bufferization.materialize_in_destination %mm in restrict writable %out : (tensor<?x50xf32>, memref<?x50xf32>) -> ()
  return
}

func.func @conv_relu(%x: tensor<?x13x13x32xf32>, %k: tensor<3x3x32x64xf32>, %b: tensor<64xf32>, %out: memref<?x11x11x64xf32>) attributes {dlc.entry = "conv"} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x13x13x32xf32>
  %e = tensor.empty(%n) : tensor<?x11x11x64xf32>
  %bias = linalg.generic {indexing_maps = [#bias4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<64xf32>) outs(%e : tensor<?x11x11x64xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<?x11x11x64xf32>
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %k : tensor<?x13x13x32xf32>, tensor<3x3x32x64xf32>) outs(%bias : tensor<?x11x11x64xf32>) -> tensor<?x11x11x64xf32>
  %relu = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv : tensor<?x11x11x64xf32>) outs(%e : tensor<?x11x11x64xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<?x11x11x64xf32>
  bufferization.materialize_in_destination %relu in restrict writable %out : (tensor<?x11x11x64xf32>, memref<?x11x11x64xf32>) -> ()
  return
}

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

func.func @sigmoid_37(%x: tensor<?x37xf32>, %out: memref<?x37xf32>) attributes {dlc.entry = "sigmoid"} {
  %one = arith.constant 1.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x37xf32>
  %e = tensor.empty(%n) : tensor<?x37xf32>
  %y = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x37xf32>) outs(%e : tensor<?x37xf32>) {
  ^bb0(%in: f32, %o: f32):
    %neg = arith.negf %in : f32
    %exp = math.exp %neg : f32
    %den = arith.addf %one, %exp : f32
    %r = arith.divf %one, %den : f32
    linalg.yield %r : f32
  } -> tensor<?x37xf32>
  bufferization.materialize_in_destination %y in restrict writable %out : (tensor<?x37xf32>, memref<?x37xf32>) -> ()
  return
}

func.func @relu_100(%x: tensor<?x100xf32>, %out: memref<?x100xf32>) attributes {dlc.entry = "relu"} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x100xf32>
  %e = tensor.empty(%n) : tensor<?x100xf32>
  %y = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x100xf32>) outs(%e : tensor<?x100xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<?x100xf32>
  bufferization.materialize_in_destination %y in restrict writable %out : (tensor<?x100xf32>, memref<?x100xf32>) -> ()
  return
}

#tA = affine_map<(d0, d1, d2) -> (d2, d0)>
#tB = affine_map<(d0, d1, d2) -> (d2, d1)>
#tC = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @weight_gradient(%cols: tensor<?x288xf32>, %dz: tensor<?x64xf32>, %out: memref<288x64xf32>) attributes {dlc.entry = "wgrad"} {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<288x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<288x64xf32>) -> tensor<288x64xf32>
  %dw = linalg.matmul indexing_maps = [#tA, #tB, #tC] ins(%cols, %dz : tensor<?x288xf32>, tensor<?x64xf32>) outs(%init : tensor<288x64xf32>) -> tensor<288x64xf32>
  bufferization.materialize_in_destination %dw in restrict writable %out : (tensor<288x64xf32>, memref<288x64xf32>) -> ()
  return
}

func.func @input_gradient(%dz: tensor<?x64xf32>, %w: tensor<1600x64xf32>, %out: memref<?x1600xf32>) attributes {dlc.entry = "igrad"} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %dz, %c0 : tensor<?x64xf32>
  %et = tensor.empty() : tensor<64x1600xf32>
  %wt = linalg.transpose ins(%w : tensor<1600x64xf32>) outs(%et : tensor<64x1600xf32>) permutation = [1, 0]
  %e = tensor.empty(%n) : tensor<?x1600xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?x1600xf32>) -> tensor<?x1600xf32>
  %dx = linalg.matmul ins(%dz, %wt : tensor<?x64xf32>, tensor<64x1600xf32>) outs(%init : tensor<?x1600xf32>) -> tensor<?x1600xf32>
  bufferization.materialize_in_destination %dx in restrict writable %out : (tensor<?x1600xf32>, memref<?x1600xf32>) -> ()
  return
}

func.func @padded_conv(%dz: tensor<?x11x11x64xf32>, %k: tensor<3x3x64x32xf32>, %out: memref<?x13x13x32xf32>) attributes {dlc.entry = "padded"} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %n = tensor.dim %dz, %c0 : tensor<?x11x11x64xf32>
  %padded = tensor.pad %dz low[0, 2, 2, 0] high[0, 2, 2, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<?x11x11x64xf32> to tensor<?x15x15x64xf32>
  %e = tensor.empty(%n) : tensor<?x13x13x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?x13x13x32xf32>) -> tensor<?x13x13x32xf32>
  %dx = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%padded, %k : tensor<?x15x15x64xf32>, tensor<3x3x64x32xf32>) outs(%init : tensor<?x13x13x32xf32>) -> tensor<?x13x13x32xf32>
  bufferization.materialize_in_destination %dx in restrict writable %out : (tensor<?x13x13x32xf32>, memref<?x13x13x32xf32>) -> ()
  return
}

#window = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>
#id6 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>

func.func @im2col(%x: tensor<?x13x13x32xf32>, %out: memref<?x11x11x3x3x32xf32>) attributes {dlc.entry = "im2col"} {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x13x13x32xf32>
  %e = tensor.empty(%n) : tensor<?x11x11x3x3x32xf32>
  %cols = linalg.generic {indexing_maps = [#window, #id6], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<?x13x13x32xf32>) outs(%e : tensor<?x11x11x3x3x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<?x11x11x3x3x32xf32>
  bufferization.materialize_in_destination %cols in restrict writable %out : (tensor<?x11x11x3x3x32xf32>, memref<?x11x11x3x3x32xf32>) -> ()
  return
}
