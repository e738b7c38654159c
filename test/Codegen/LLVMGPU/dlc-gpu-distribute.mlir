// RUN: dlc-opt %s --dlc-gpu-distribute --canonicalize --split-input-file | FileCheck %s

// An elementwise op over a dynamic batch: one thread per element, the
// innermost loop fastest, the grid from the batch at run time, the last
// block guarded; the entry point takes the stream last and every launch
// runs on it.
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @relu(%x: memref<?x10xf32>, %y: memref<?x10xf32>)
    attributes {dlc.entry = "relu"} {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#map, #map],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x10xf32>) outs(%y : memref<?x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}
// CHECK-LABEL: func.func @relu
// CHECK-SAME:    %[[X:.*]]: memref<?x10xf32>, %[[Y:.*]]: memref<?x10xf32>, %[[STREAM:.*]]: !gpu.async.token
// CHECK-DAG:     %[[C10:.*]] = arith.constant 10 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[B:.*]] = memref.dim %[[X]]
// CHECK:         %[[N:.*]] = arith.muli %[[B]], %[[C10]]
// CHECK:         %[[BLOCKS:.*]] = arith.ceildivui %[[N]], %[[C256]]
// CHECK:         %[[GRID:.*]] = arith.maxui %[[BLOCKS]]
// CHECK:         gpu.launch async [%[[STREAM]]] blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[GRID]], {{.*}} threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%[[BS:.*]] = %[[C256]],
// CHECK:           %[[BASE:.*]] = arith.muli %[[BX]], %[[BS]]
// CHECK:           %[[I:.*]] = arith.addi %[[BASE]], %[[TX]]
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %[[I]], %[[N]]
// CHECK:           scf.if %[[IN]] {
// CHECK:             %[[COL:.*]] = arith.remui %[[I]], %[[C10]]
// CHECK:             %[[ROW:.*]] = arith.divui %[[I]], %[[C10]]
// CHECK:             %[[V:.*]] = memref.load %[[X]][%[[ROW]], %[[COL]]]
// CHECK:             %[[R:.*]] = arith.maximumf %[[V]]
// CHECK:             memref.store %[[R]], %[[Y]][%[[ROW]], %[[COL]]]
// CHECK:           gpu.terminator

// -----

// A matmul: each thread runs the reduction loop with its output in a
// register, one load and one store of it; a static size gives a block of
// the size rounded up to a warp.
func.func @matmul(%a: memref<3x5xf32>, %b: memref<5x7xf32>,
                  %c: memref<3x7xf32>) attributes {dlc.entry = "matmul"} {
  linalg.matmul ins(%a, %b : memref<3x5xf32>, memref<5x7xf32>)
                outs(%c : memref<3x7xf32>)
  return
}
// CHECK-LABEL: func.func @matmul
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C5:.*]] = arith.constant 5 : index
// CHECK:         gpu.launch async {{.*}} threads({{.*}}) in ({{.*}} = %[[C32]],
// CHECK:           scf.if
// CHECK:             %[[J:.*]] = arith.remui
// CHECK:             %[[I:.*]] = arith.divui
// CHECK:             %[[INIT:.*]] = memref.load %{{.*}}[%[[I]], %[[J]]]
// CHECK:             %[[SUM:.*]] = scf.for %[[K:.*]] = %{{.*}} to %[[C5]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]])
// CHECK:               %[[A:.*]] = memref.load %{{.*}}[%[[I]], %[[K]]]
// CHECK:               %[[B:.*]] = memref.load %{{.*}}[%[[K]], %[[J]]]
// CHECK:               %[[P:.*]] = arith.mulf %[[A]], %[[B]]
// CHECK:               %[[S:.*]] = arith.addf %[[ACC]], %[[P]]
// CHECK:               scf.yield %[[S]]
// CHECK:             memref.store %[[SUM]], %{{.*}}[%[[I]], %[[J]]]

// -----

// A reduction to a scalar (a loss): one thread, which also runs the fill
// before it (a chain on one buffer); linalg.index is the thread's loop
// index. The two kernels touch different results: one launch, whose first
// block runs the chain and the others the second kernel.
#in = affine_map<(d0) -> (d0)>
#out = affine_map<(d0) -> ()>
func.func @sum(%x: memref<?xf32>, %s: memref<f32>, %i: memref<?xf32>)
    attributes {dlc.entry = "sum"} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%s : memref<f32>)
  linalg.generic {indexing_maps = [#in, #out],
                  iterator_types = ["reduction"]}
      ins(%x : memref<?xf32>) outs(%s : memref<f32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.addf %in, %out : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#in], iterator_types = ["parallel"]}
      outs(%i : memref<?xf32>) {
  ^bb0(%out: f32):
    %index = linalg.index 0 : index
    %int = arith.index_cast %index : index to i32
    %float = arith.sitofp %int : i32 to f32
    linalg.yield %float : f32
  }
  return
}
// CHECK-LABEL: func.func @sum
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[N:.*]] = memref.dim %{{.*}}, %{{.*}} : memref<?xf32>
// CHECK-DAG:     %[[M:.*]] = memref.dim %[[I:.*]], %{{.*}} : memref<?xf32>
// CHECK:         %[[MBLOCKS:.*]] = arith.ceildivui %[[M]], %[[C256]]
// CHECK:         %[[MGRID:.*]] = arith.maxui %[[MBLOCKS]], %[[C1]]
// CHECK:         %[[GRID:.*]] = arith.addi %[[MGRID]], %[[C1]]
// CHECK:         gpu.launch {{.*}} blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %[[GRID]], {{.*}} threads({{.*}}) in ({{.*}} = %[[C256]],
// CHECK-NOT:     gpu.launch
// CHECK:           %[[SECOND:.*]] = arith.cmpi uge, %[[BX]], %[[C1]]
// CHECK:           scf.if %[[SECOND]] {
// CHECK:             %[[LOCAL:.*]] = arith.subi %[[BX]], %[[C1]]
// CHECK:             arith.muli %[[LOCAL]]
// CHECK-NOT:         linalg.index
// CHECK:             %[[INT:.*]] = arith.index_cast %[[J:.*]] : index to i32
// CHECK:             %[[F:.*]] = arith.sitofp %[[INT]]
// CHECK:             memref.store %[[F]], %[[I]][%[[J]]]
// CHECK:           } else {
// CHECK:             %[[INSIDE:.*]] = arith.cmpi ult, %{{.*}}, %[[C1]]
// CHECK:             scf.if %[[INSIDE]]
// CHECK:               memref.store %{{.*}}, %[[S:.*]][] : memref<f32>
// CHECK:               %[[INIT:.*]] = memref.load %[[S]][] : memref<f32>
// CHECK:               %[[SUM:.*]] = scf.for %{{.*}} = %{{.*}} to %[[N]] {{.*}} iter_args(%{{.*}} = %[[INIT]])
// CHECK:               memref.store %[[SUM]], %[[S]][] : memref<f32>

// -----

// Convolution windows: the input index is the sum of the output and
// window positions (the loop over the one input channel folds away).
func.func @conv(%x: memref<?x5x5x1xf32>, %k: memref<3x3x1x2xf32>,
                %y: memref<?x3x3x2xf32>) attributes {dlc.entry = "conv"} {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>,
                            strides = dense<1> : tensor<2xi64>}
      ins(%x, %k : memref<?x5x5x1xf32>, memref<3x3x1x2xf32>)
      outs(%y : memref<?x3x3x2xf32>)
  return
}
// CHECK-LABEL: func.func @conv
// CHECK:         gpu.launch
// CHECK-COUNT-2:   scf.for
// CHECK:             %[[ROW:.*]] = arith.addi
// CHECK:             %[[COL:.*]] = arith.addi
// CHECK:             memref.load %{{.*}}[%{{.*}}, %[[ROW]], %[[COL]], %{{.*}}] : memref<?x5x5x1xf32>

// -----

// Functions that are not entry points are left alone.
func.func @helper(%x: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%x : memref<4xf32>)
  return
}
// CHECK-LABEL: func.func @helper(
// CHECK-SAME:    %{{.*}}: memref<4xf32>)
// CHECK:         linalg.fill
