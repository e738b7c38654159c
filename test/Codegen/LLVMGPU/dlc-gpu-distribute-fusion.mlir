// RUN: dlc-opt %s --dlc-gpu-distribute --canonicalize --split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-gpu-distribute=fuse=false --split-input-file | FileCheck %s --check-prefix=NOFUSE

// A dense layer: the bias broadcast, the matmul accumulating onto it and
// the relu in place write one buffer element by element: one kernel, a
// thread per element of it, which runs the three ops in turn.
#bias = affine_map<(d0, d1) -> (d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @dense_relu(%x: memref<?x7xf32>, %w: memref<7x5xf32>,
                      %b: memref<5xf32>, %y: memref<?x5xf32>)
    attributes {dlc.entry = "dense_relu"} {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#bias, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<5xf32>) outs(%y : memref<?x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.matmul ins(%x, %w : memref<?x7xf32>, memref<7x5xf32>)
                outs(%y : memref<?x5xf32>)
  linalg.generic {indexing_maps = [#id, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%y : memref<?x5xf32>) outs(%y : memref<?x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @dense_relu
// CHECK-SAME:    %[[Y:[^:]*]]: memref<?x5xf32>, %{{.*}}: !gpu.async.token
// CHECK:         %[[ROWS:.*]] = memref.dim %[[Y]]
// CHECK:         %[[N:.*]] = arith.muli %[[ROWS]], %{{.*}}
// CHECK:         gpu.launch
// CHECK-NOT:     gpu.launch
// CHECK:           arith.cmpi ult, %{{.*}}, %[[N]]
// CHECK:             %[[J:.*]] = arith.remui
// CHECK:             %[[I:.*]] = arith.divui
// CHECK:             %[[BIAS:.*]] = memref.load %{{.*}}[%[[J]]] : memref<5xf32>
// CHECK:             memref.store %[[BIAS]], %[[Y]][%[[I]], %[[J]]]
// CHECK:             %[[INIT:.*]] = memref.load %[[Y]][%[[I]], %[[J]]]
// CHECK:             %[[DOT:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]])
// CHECK:             memref.store %[[DOT]], %[[Y]][%[[I]], %[[J]]]
// CHECK:             %[[V:.*]] = memref.load %[[Y]][%[[I]], %[[J]]]
// CHECK:             %[[R:.*]] = arith.maximumf %[[V]]
// CHECK:             memref.store %[[R]], %[[Y]][%[[I]], %[[J]]]
// CHECK:         return

// NOFUSE-LABEL: func.func @dense_relu
// NOFUSE-COUNT-3: gpu.launch
// NOFUSE-NOT:     gpu.launch
// NOFUSE:         return

// -----

// An op that reads the chain's buffer at other elements (a transpose)
// cannot join it: every thread would need what others write.
#id = affine_map<(d0, d1) -> (d0, d1)>
#t = affine_map<(d0, d1) -> (d1, d0)>
func.func @transpose_in_place(%x: memref<4x4xf32>, %y: memref<4x4xf32>)
    attributes {dlc.entry = "transpose_in_place"} {
  linalg.copy ins(%x : memref<4x4xf32>) outs(%y : memref<4x4xf32>)
  linalg.generic {indexing_maps = [#t, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%y : memref<4x4xf32>) outs(%y : memref<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @transpose_in_place
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT:     gpu.launch

// -----

// A bias gradient: a sum over the batch and a 40x40 image for each of 3
// channels. Each of the 3 outputs is summed by S threads, S from the sizes
// at run time (enough threads in all, at least 256 points each); a thread
// sums its slice of the reduction points in row-major order, stepping the
// three indices like an odometer, and adds its partial sum atomically.
#in = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#out = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @bias_gradient(%g: memref<?x40x40x3xf32>, %db: memref<3xf32>)
    attributes {dlc.entry = "bias_gradient"} {
  linalg.generic {indexing_maps = [#in, #out],
                  iterator_types = ["reduction", "reduction", "reduction",
                                    "parallel"]}
      ins(%g : memref<?x40x40x3xf32>) outs(%db : memref<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @bias_gradient
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C40:.*]] = arith.constant 40 : index
// CHECK-DAG:     %[[C1600:.*]] = arith.constant 1600 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[PER_OUTPUT:.*]] = arith.constant 43691 : index
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[BATCH:.*]] = memref.dim
// CHECK:         %[[R:.*]] = arith.muli %[[BATCH]], %[[C1600]]
// CHECK:         %[[CHUNKS:.*]] = arith.ceildivui %[[R]], %[[C256]]
// CHECK:         %[[MIN:.*]] = arith.minui %[[CHUNKS]], %[[PER_OUTPUT]]
// CHECK:         %[[S:.*]] = arith.maxui %[[MIN]], %[[C1]]
// CHECK:         %[[CHUNK:.*]] = arith.ceildivui %[[R]], %[[S]]
// CHECK:         %[[POINTS:.*]] = arith.muli %[[S]], %[[C3]]
// CHECK:         gpu.launch
// CHECK:           arith.cmpi ult, %[[P:.*]], %[[POINTS]]
// CHECK:             %[[C:.*]] = arith.remui %[[P]], %[[C3]]
// CHECK:             %[[SLICE:.*]] = arith.divui %[[P]], %[[C3]]
// CHECK:             %[[BEGIN:.*]] = arith.muli %[[SLICE]], %[[CHUNK]]
// CHECK:             %[[NEXT:.*]] = arith.addi %[[BEGIN]], %[[CHUNK]]
// CHECK:             %[[END:.*]] = arith.minui %[[NEXT]], %[[R]]
// CHECK:             %[[W:.*]] = arith.remui %[[BEGIN]], %[[C40]]
// CHECK:             %[[REST:.*]] = arith.divui %[[BEGIN]], %[[C40]]
// CHECK:             %[[H:.*]] = arith.remui %[[REST]], %[[C40]]
// CHECK:             %[[N:.*]] = arith.divui %[[REST]], %[[C40]]
// CHECK:             %[[SUM:.*]]:4 = scf.for %{{.*}} = %[[BEGIN]] to %[[END]] step %[[C1]] iter_args(%[[ACC:.*]] = %[[ZERO]], %[[IN:.*]] = %[[N]], %[[IH:.*]] = %[[H]], %[[IW:.*]] = %[[W]])
// CHECK:               %[[V:.*]] = memref.load %{{.*}}[%[[IN]], %[[IH]], %[[IW]], %[[C]]]
// CHECK:               %[[ADD:.*]] = arith.addf %[[V]], %[[ACC]]
// CHECK:               scf.yield %[[ADD]],
// CHECK:             memref.atomic_rmw addf %[[SUM]]#0, %{{.*}}[%[[C]]]

// -----

// A short sum is not split.
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d1)>
func.func @short_sum(%g: memref<?x3xf32>, %db: memref<3xf32>)
    attributes {dlc.entry = "short_sum"} {
  linalg.generic {indexing_maps = [#in, #out],
                  iterator_types = ["reduction", "parallel"]}
      ins(%g : memref<?x3xf32>) outs(%db : memref<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @short_sum
// CHECK-NOT:     memref.atomic_rmw
// CHECK:         return

// -----

// A maximum is not a sum: partial maxima cannot be added.
#in = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d2)>
func.func @long_max(%g: memref<?x4096x3xf32>, %m: memref<3xf32>)
    attributes {dlc.entry = "long_max"} {
  linalg.generic {indexing_maps = [#in, #out],
                  iterator_types = ["reduction", "reduction", "parallel"]}
      ins(%g : memref<?x4096x3xf32>) outs(%m : memref<3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.maximumf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @long_max
// CHECK-NOT:     memref.atomic_rmw
// CHECK:         return

// -----

// A training step's results may be the buffers of its parameters (updated
// in place): the copy of the new parameter must wait for the kernel that
// reads the old one. In an inference entry point, results and inputs are
// apart, and the two kernels are one launch.
#id = affine_map<(d0) -> (d0)>
func.func @step(%p: memref<8xf32>, %new: memref<8xf32>, %arena: memref<?xi8>)
    attributes {dlc.entry = "step", dlc.train} {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %a = memref.view %arena[%c0][] {dlc.scratch_slot = array<i64: 0, 0, 64>}
      : memref<?xi8> to memref<8xf32>
  %b = memref.view %arena[%c64][] {dlc.scratch_slot = array<i64: 0, 64, 128>}
      : memref<?xi8> to memref<8xf32>
  linalg.copy ins(%a : memref<8xf32>) outs(%new : memref<8xf32>)
  linalg.copy ins(%p : memref<8xf32>) outs(%b : memref<8xf32>)
  return
}
// CHECK-LABEL: func.func @step
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT:     gpu.launch

func.func @infer(%p: memref<8xf32>, %new: memref<8xf32>, %arena: memref<?xi8>)
    attributes {dlc.entry = "infer"} {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %a = memref.view %arena[%c0][] {dlc.scratch_slot = array<i64: 0, 0, 64>}
      : memref<?xi8> to memref<8xf32>
  %b = memref.view %arena[%c64][] {dlc.scratch_slot = array<i64: 0, 64, 128>}
      : memref<?xi8> to memref<8xf32>
  linalg.copy ins(%a : memref<8xf32>) outs(%new : memref<8xf32>)
  linalg.copy ins(%p : memref<8xf32>) outs(%b : memref<8xf32>)
  return
}
// CHECK-LABEL: func.func @infer
// CHECK:         gpu.launch
// CHECK-NOT:     gpu.launch
// CHECK:         return

// -----

// With dlc.shared_args, a new parameter may be the buffer of its own
// parameter only: the updates of two parameters are independent, one
// launch (an optimizer's whole update); without it, the second update's
// read of %q may see the first's write of %new_p, and they are two.
#id = affine_map<(d0) -> (d0)>
func.func @updates(%p: memref<8xf32>, %q: memref<8xf32>, %g: memref<8xf32>,
                   %new_p: memref<8xf32>, %new_q: memref<8xf32>)
    attributes {dlc.entry = "step", dlc.train,
                dlc.shared_args = array<i64: 3, 4, -1, 0, 1>} {
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%p, %g : memref<8xf32>, memref<8xf32>) outs(%new_p : memref<8xf32>) {
  ^bb0(%w: f32, %d: f32, %o: f32):
    %r = arith.subf %w, %d : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%q, %g : memref<8xf32>, memref<8xf32>) outs(%new_q : memref<8xf32>) {
  ^bb0(%w: f32, %d: f32, %o: f32):
    %r = arith.subf %w, %d : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @updates
// CHECK-NOT:     dlc.shared_args
// CHECK:         gpu.launch
// CHECK-NOT:     gpu.launch
// CHECK:         return

func.func @updates_unpaired(%p: memref<8xf32>, %q: memref<8xf32>,
                            %g: memref<8xf32>, %new_p: memref<8xf32>,
                            %new_q: memref<8xf32>)
    attributes {dlc.entry = "step", dlc.train} {
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%p, %g : memref<8xf32>, memref<8xf32>) outs(%new_p : memref<8xf32>) {
  ^bb0(%w: f32, %d: f32, %o: f32):
    %r = arith.subf %w, %d : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%q, %g : memref<8xf32>, memref<8xf32>) outs(%new_q : memref<8xf32>) {
  ^bb0(%w: f32, %d: f32, %o: f32):
    %r = arith.subf %w, %d : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @updates_unpaired
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT:     gpu.launch

// -----

// A softmax over 10 classes: each row's maximum, exponentials, sum and
// quotients pass rows between ops of two shapes, which no chain of
// elements takes: a chain of rows, one kernel with a thread per row that
// runs each op over its row. The fill of the sum touches none of the
// chain's buffers, but has its rows (views of one size). (The views' slots
// in the arena, not their offsets, tell the pass they are apart.)
#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @softmax(%x: memref<?x10xf32>, %arena: memref<?xi8>)
    attributes {dlc.entry = "softmax"} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x10xf32>
  %max = memref.view %arena[%c0][%n] {dlc.scratch_slot = array<i64: 0, 0, 4>}
      : memref<?xi8> to memref<?xf32>
  %e = memref.view %arena[%c0][%n] {dlc.scratch_slot = array<i64: 0, 4, 44>}
      : memref<?xi8> to memref<?x10xf32>
  %sum = memref.view %arena[%c0][%n] {dlc.scratch_slot = array<i64: 0, 44, 48>}
      : memref<?xi8> to memref<?xf32>
  %y = memref.view %arena[%c0][%n] {dlc.scratch_slot = array<i64: 0, 48, 88>}
      : memref<?xi8> to memref<?x10xf32>
  %low = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%low : f32) outs(%max : memref<?xf32>)
  linalg.generic {indexing_maps = [#rows, #row],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x10xf32>) outs(%max : memref<?xf32>) {
  ^bb0(%in: f32, %m: f32):
    %r = arith.maximumf %in, %m : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#rows, #row, #rows],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : memref<?x10xf32>, memref<?xf32>)
      outs(%e : memref<?x10xf32>) {
  ^bb0(%in: f32, %m: f32, %o: f32):
    %d = arith.subf %in, %m : f32
    %r = math.exp %d : f32
    linalg.yield %r : f32
  }
  linalg.fill ins(%zero : f32) outs(%sum : memref<?xf32>)
  linalg.generic {indexing_maps = [#rows, #row],
                  iterator_types = ["parallel", "reduction"]}
      ins(%e : memref<?x10xf32>) outs(%sum : memref<?xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %r = arith.addf %in, %acc : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#rows, #row, #rows],
                  iterator_types = ["parallel", "parallel"]}
      ins(%e, %sum : memref<?x10xf32>, memref<?xf32>)
      outs(%y : memref<?x10xf32>) {
  ^bb0(%in: f32, %t: f32, %o: f32):
    %r = arith.divf %in, %t : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @softmax
// CHECK-SAME:    %[[X:[^:]*]]: memref<?x10xf32>
// CHECK:         %[[ROWS:.*]] = memref.dim %[[X]], %c0
// CHECK-DAG:     %[[MAX:.*]] = memref.view %{{.*}}[%c0][%[[ROWS]]] {{.*}}: memref<?xi8> to memref<?xf32>
// CHECK-DAG:     %[[E:.*]] = memref.view %{{.*}}[%c0][%[[ROWS]]] {{.*}}: memref<?xi8> to memref<?x10xf32>
// CHECK-DAG:     %[[SUM:.*]] = memref.view %{{.*}}[%c0][%[[ROWS]]] {{.*}}: memref<?xi8> to memref<?xf32>
// CHECK-DAG:     %[[Y:.*]] = memref.view %{{.*}}[%c0][%[[ROWS]]] {{.*}}: memref<?xi8> to memref<?x10xf32>
// CHECK:         gpu.launch
// CHECK:           %[[R:.*]] = arith.addi
// CHECK:           arith.cmpi ult, %[[R]], %[[ROWS]]
// CHECK:             memref.store %{{.*}}, %[[MAX]][%[[R]]]
// CHECK:             scf.for
// CHECK:               memref.load %[[X]][%[[R]], %{{.*}}]
// CHECK:               arith.maximumf
// CHECK:             memref.store %{{.*}}, %[[MAX]][%[[R]]]
// CHECK:             scf.for %[[J:.*]] = %c0 to %c10
// CHECK:               math.exp
// CHECK:               memref.store %{{.*}}, %[[E]][%[[R]], %[[J]]]
// CHECK:             memref.store %{{.*}}, %[[SUM]][%[[R]]]
// CHECK:             scf.for
// CHECK:               arith.addf
// CHECK:             scf.for %[[K:.*]] = %c0 to %c10
// CHECK:               arith.divf
// CHECK:               memref.store %{{.*}}, %[[Y]][%[[R]], %[[K]]]
// CHECK-NOT:     gpu.launch
// CHECK:         return
// NOFUSE-LABEL: func.func @softmax
// NOFUSE-COUNT-6: gpu.launch

// -----

// Rows of more than 64 points (a softmax over 100 classes) stay kernels of
// their own: a thread would run too much of a row.
#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @wide_rows(%x: memref<?x100xf32>, %max: memref<?xf32>,
                     %e: memref<?x100xf32>) attributes {dlc.entry = "wide"} {
  %low = arith.constant 0xFF800000 : f32
  linalg.fill ins(%low : f32) outs(%max : memref<?xf32>)
  linalg.generic {indexing_maps = [#rows, #row],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x100xf32>) outs(%max : memref<?xf32>) {
  ^bb0(%in: f32, %m: f32):
    %r = arith.maximumf %in, %m : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#rows, #row, #rows],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : memref<?x100xf32>, memref<?xf32>)
      outs(%e : memref<?x100xf32>) {
  ^bb0(%in: f32, %m: f32, %o: f32):
    %d = arith.subf %in, %m : f32
    linalg.yield %d : f32
  }
  return
}
// CHECK-LABEL: func.func @wide_rows
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT:     gpu.launch

// -----

// Views of the arena: where the scratch plan put two buffers in one place
// (%a is dead when %b is written), their kernels stay apart; where it put
// them apart (%b and %d), they are one launch; a view without a slot (%c)
// may be anywhere.
func.func @slots(%x: memref<8xf32>, %y: memref<8xf32>, %z: memref<8xf32>,
                 %arena: memref<?xi8>) attributes {dlc.entry = "slots"} {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %a = memref.view %arena[%c0][] {dlc.scratch_slot = array<i64: 0, 0, 64>}
      : memref<?xi8> to memref<8xf32>
  %b = memref.view %arena[%c0][] {dlc.scratch_slot = array<i64: 0, 0, 64>}
      : memref<?xi8> to memref<8xf32>
  %d = memref.view %arena[%c64][] {dlc.scratch_slot = array<i64: 0, 64, 128>}
      : memref<?xi8> to memref<8xf32>
  %c = memref.view %arena[%c128][] : memref<?xi8> to memref<8xf32>
  linalg.copy ins(%a : memref<8xf32>) outs(%y : memref<8xf32>)
  linalg.copy ins(%x : memref<8xf32>) outs(%b : memref<8xf32>)
  linalg.copy ins(%x : memref<8xf32>) outs(%d : memref<8xf32>)
  linalg.copy ins(%b : memref<8xf32>) outs(%z : memref<8xf32>)
  linalg.copy ins(%x : memref<8xf32>) outs(%c : memref<8xf32>)
  return
}
// CHECK-LABEL: func.func @slots
// CHECK-SAME:    (%{{[^:]*}}: memref<8xf32>, %[[Y:[^:]*]]: memref<8xf32>, %[[Z:[^:]*]]: memref<8xf32>
// CHECK:         %[[A:.*]] = memref.view {{.*}} {dlc.scratch_slot = array<i64: 0, 0, 64>}
// CHECK:         %[[B:.*]] = memref.view {{.*}} {dlc.scratch_slot = array<i64: 0, 0, 64>}
// CHECK:         %[[D:.*]] = memref.view {{.*}} {dlc.scratch_slot = array<i64: 0, 64, 128>}
// CHECK:         %[[C:.*]] = memref.view {{.*}}[] : memref<?xi8> to memref<8xf32>
// CHECK:         gpu.launch
// CHECK:           memref.load %[[A]]
// CHECK:           memref.store %{{.*}}, %[[Y]]
// CHECK:         gpu.launch
// CHECK-DAG:       memref.store %{{.*}}, %[[B]]
// CHECK-DAG:       memref.store %{{.*}}, %[[D]]
// CHECK:         gpu.launch
// CHECK:           memref.store %{{.*}}, %[[Z]]
// CHECK:         gpu.launch
// CHECK:           memref.store %{{.*}}, %[[C]]
// CHECK-NOT:     gpu.launch

// -----

// Coarsening: a convolution with 16 output channels; each thread runs 4
// of them (c, c + 4, c + 8, c + 12) in one nest of window loops, with 4
// accumulators: the input element that all 4 read is loaded once per
// window point (after CSE of the identical loads).
func.func @conv(%x: memref<?x10x10x3xf32>, %k: memref<3x3x3x16xf32>,
                %y: memref<?x8x8x16xf32>) attributes {dlc.entry = "conv"} {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>,
                            strides = dense<1> : tensor<2xi64>}
      ins(%x, %k : memref<?x10x10x3xf32>, memref<3x3x3x16xf32>)
      outs(%y : memref<?x8x8x16xf32>)
  return
}
// CHECK-LABEL: func.func @conv
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C12:.*]] = arith.constant 12 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK:         %[[BATCH:.*]] = memref.dim
// CHECK:         %[[POINTS:.*]] = arith.muli %[[BATCH]], %[[C256]]
// CHECK:         gpu.launch
// CHECK:           arith.cmpi ult, %[[P:.*]], %[[POINTS]]
// CHECK:             %[[C:.*]] = arith.remui %[[P]], %[[C4]]
// CHECK:             %[[C_4:.*]] = arith.addi %[[C]], %[[C4]]
// CHECK:             %[[C_8:.*]] = arith.addi %[[C]], %[[C8]]
// CHECK:             %[[C_12:.*]] = arith.addi %[[C]], %[[C12]]
// CHECK-COUNT-4:     memref.load %{{.*}} : memref<?x8x8x16xf32>
// CHECK:             %[[SUMS:.*]]:4 = scf.for
// CHECK:               scf.for
// CHECK:                 scf.for
// CHECK:                   memref.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C]]] : memref<3x3x3x16xf32>
// CHECK:                   memref.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C_4]]] : memref<3x3x3x16xf32>
// CHECK:                   memref.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C_8]]] : memref<3x3x3x16xf32>
// CHECK:                   memref.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C_12]]] : memref<3x3x3x16xf32>
// CHECK:                   scf.yield %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : f32, f32, f32, f32
// CHECK:             memref.store %[[SUMS]]#0, %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C]]]
// CHECK:             memref.store %[[SUMS]]#1, %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C_4]]]
// CHECK:             memref.store %[[SUMS]]#2, %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C_8]]]
// CHECK:             memref.store %[[SUMS]]#3, %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[C_12]]]

// -----

// The tiled schedule: a convolution with 64 output channels and a 3x3x32
// window is an implicit GEMM of M = batch x 10 x 10 outputs, N = 64, K =
// 288. A block of 256 threads computes 64 x 64 outputs, 16 a thread: it
// stages 16-deep slices of the input windows (64 x 16, a padding column)
// and of the filter (16 x 64) in workgroup memory, between barriers, and
// the activation after it runs at each output.
func.func @conv_relu(%x: memref<?x12x12x32xf32>, %k: memref<3x3x32x64xf32>,
                     %y: memref<?x10x10x64xf32>)
    attributes {dlc.entry = "conv_relu"} {
  %zero = arith.constant 0.0 : f32
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>,
                            strides = dense<1> : tensor<2xi64>}
      ins(%x, %k : memref<?x12x12x32xf32>, memref<3x3x32x64xf32>)
      outs(%y : memref<?x10x10x64xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%y : memref<?x10x10x64xf32>) {
  ^bb0(%out: f32):
    %r = arith.maximumf %out, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @conv_relu
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C100:.*]] = arith.constant 100 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C288:.*]] = arith.constant 288 : index
// CHECK:         %[[BATCH:.*]] = memref.dim
// CHECK:         %[[M:.*]] = arith.muli %[[BATCH]], %[[C100]]
// CHECK:         %[[TILES:.*]] = arith.ceildivui %[[M]], %[[C64]]
// CHECK:         %[[THREADS:.*]] = arith.muli %[[TILES]], %[[C256]]
// CHECK:         %[[BLOCKS:.*]] = arith.ceildivui %[[THREADS]], %[[C256]]
// CHECK:         %[[GRID:.*]] = arith.maxui %[[BLOCKS]]
// CHECK:         gpu.launch {{.*}} in ({{.*}} = %[[GRID]], {{.*}} threads({{.*}}) in ({{.*}} = %[[C256]], {{.*}} workgroup(%[[LHS:.*]] : memref<16x65xf32, #gpu.address_space<workgroup>>, %[[RHS:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[SUMS:.*]]:16 = scf.for %{{.*}} = %{{.*}} to %[[C288]] step %[[C16]] iter_args(
// CHECK-COUNT-4:     memref.store %{{.*}}, %[[LHS]]
// CHECK-COUNT-4:     memref.store %{{.*}}, %[[RHS]]
// CHECK:             gpu.barrier
// CHECK-COUNT-64:    arith.mulf
// CHECK:             gpu.barrier
// CHECK:             scf.yield
// CHECK:           scf.if
// CHECK:             memref.store %[[SUMS]]#0, %{{.*}} : memref<?x10x10x64xf32>
// CHECK:             %[[V:.*]] = memref.load %{{.*}} : memref<?x10x10x64xf32>
// CHECK:             arith.maximumf %[[V]]
// CHECK:         return

// NOFUSE-LABEL: func.func @conv_relu
// NOFUSE-NOT:     gpu.barrier
// NOFUSE:         return

// -----

// Warp sums: a dense layer over 1024 inputs gets a warp per output. Lane l
// sums the products l, l + 32, ...; five xor shuffles add the lanes'
// sums, outside any condition on the thread (a warp past the last output
// sums nothing); lane 0 adds the total to the output.
func.func @dense_warp(%x: memref<?x1024xf32>, %w: memref<1024x8xf32>,
                      %y: memref<?x8xf32>) attributes {dlc.entry = "dense_warp"} {
  linalg.matmul ins(%x, %w : memref<?x1024xf32>, memref<1024x8xf32>)
                outs(%y : memref<?x8xf32>)
  return
}
// CHECK-LABEL: func.func @dense_warp
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C1024:.*]] = arith.constant 1024 : index
// CHECK:         %[[ROWS:.*]] = memref.dim
// CHECK:         %[[OUTPUTS:.*]] = arith.muli %[[ROWS]]
// CHECK:         gpu.launch
// CHECK:           %[[T:.*]] = arith.addi
// CHECK:           %[[POINT:.*]] = arith.divui %[[T]], %[[C32]]
// CHECK:           %[[LANE:.*]] = arith.remui %[[T]], %[[C32]]
// CHECK:           %[[INSIDE:.*]] = arith.cmpi ult, %[[POINT]], %[[OUTPUTS]]
// CHECK:           %[[PARTIAL:.*]] = scf.if %[[INSIDE]] -> (f32)
// CHECK:             scf.for %{{.*}} = %[[LANE]] to %[[C1024]] step %[[C32]]
// CHECK:           %[[S16:.*]], %{{.*}} = gpu.shuffle xor %[[PARTIAL]]
// CHECK:           %[[A16:.*]] = arith.addf %[[PARTIAL]], %[[S16]]
// CHECK-COUNT-4:   gpu.shuffle xor
// CHECK:           %[[FIRST:.*]] = arith.cmpi eq, %[[LANE]], %[[C0]]
// CHECK:           %[[WRITES:.*]] = arith.andi %[[INSIDE]], %[[FIRST]]
// CHECK:           scf.if %[[WRITES]]
// CHECK:             %[[OLD:.*]] = memref.load %{{.*}} : memref<?x8xf32>
// CHECK:             %[[NEW:.*]] = arith.addf %[[OLD]]
// CHECK:             memref.store %[[NEW]], %{{.*}} : memref<?x8xf32>

// -----

// A buffer that is neither an argument nor a view of the arena (a select of
// two views, a loop's carried buffer) may be any of them: the copy that
// writes %a waits for the one that reads the select.
func.func @selected(%x: memref<8xf32>, %y: memref<8xf32>, %arena: memref<?xi8>,
                    %first: i1) attributes {dlc.entry = "selected"} {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %a = memref.view %arena[%c0][] {dlc.scratch_slot = array<i64: 0, 0, 64>}
      : memref<?xi8> to memref<8xf32>
  %b = memref.view %arena[%c64][] {dlc.scratch_slot = array<i64: 0, 64, 128>}
      : memref<?xi8> to memref<8xf32>
  %either = arith.select %first, %a, %b : memref<8xf32>
  linalg.copy ins(%either : memref<8xf32>) outs(%y : memref<8xf32>)
  linalg.copy ins(%x : memref<8xf32>) outs(%a : memref<8xf32>)
  return
}
// CHECK-LABEL: func.func @selected
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT:     gpu.launch
// CHECK:         return

// A select of two views is one of them: a copy into a third slot shares
// the launch.
func.func @selected_apart(%x: memref<8xf32>, %y: memref<8xf32>,
                          %arena: memref<?xi8>, %first: i1)
    attributes {dlc.entry = "selected_apart"} {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %a = memref.view %arena[%c0][] {dlc.scratch_slot = array<i64: 0, 0, 64>}
      : memref<?xi8> to memref<8xf32>
  %b = memref.view %arena[%c64][] {dlc.scratch_slot = array<i64: 0, 64, 128>}
      : memref<?xi8> to memref<8xf32>
  %c = memref.view %arena[%c128][] {dlc.scratch_slot = array<i64: 0, 128, 192>}
      : memref<?xi8> to memref<8xf32>
  %either = arith.select %first, %a, %b : memref<8xf32>
  linalg.copy ins(%either : memref<8xf32>) outs(%y : memref<8xf32>)
  linalg.copy ins(%x : memref<8xf32>) outs(%c : memref<8xf32>)
  return
}
// CHECK-LABEL: func.func @selected_apart
// CHECK-COUNT-1: gpu.launch
// CHECK-NOT:     gpu.launch
// CHECK:         return

// -----

// A split sum over 32 outputs: a block of 256 threads holds 8 slices of
// each output, so it adds its threads' partial sums in workgroup memory
// (strides 128, 64, 32, each after a barrier) and its first 32 threads add
// one sum each atomically: 8 times fewer atomics per output.
#in = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#out = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @bias_gradient_blocks(%g: memref<?x40x40x32xf32>, %db: memref<32xf32>)
    attributes {dlc.entry = "bias_gradient_blocks"} {
  linalg.generic {indexing_maps = [#in, #out],
                  iterator_types = ["reduction", "reduction", "reduction",
                                    "parallel"]}
      ins(%g : memref<?x40x40x32xf32>) outs(%db : memref<32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @bias_gradient_blocks
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C128:.*]] = arith.constant 128 : index
// CHECK:         gpu.launch {{.*}} workgroup(%[[PARTIALS:.*]] : memref<256xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[SUM:.*]] = scf.if %{{.*}} -> (f32)
// CHECK:           memref.store %[[SUM]], %[[PARTIALS]][%[[T:.*]]]
// CHECK-NEXT:      gpu.barrier
// CHECK:           arith.cmpi ult, %[[T]], %[[C128]]
// CHECK:           gpu.barrier
// CHECK:           arith.cmpi ult, %[[T]], %[[C64]]
// CHECK:           gpu.barrier
// CHECK:           arith.cmpi ult, %[[T]], %[[C32]]
// CHECK:           gpu.barrier
// CHECK:           %[[FIRST:.*]] = arith.cmpi ult, %[[T]], %[[C32]]
// CHECK:           scf.if
// CHECK:             %[[BLOCK_SUM:.*]] = memref.load %[[PARTIALS]][%[[T]]]
// CHECK:             memref.atomic_rmw addf %[[BLOCK_SUM]]
