// RUN: dlc-opt %s --dlc-hoist-local-buffers --split-input-file | FileCheck %s

// Buffers of a tile loop are allocated once, in the entry block: a static
// one as it is, a dynamic one whose sizes have constant upper bounds as a
// byte buffer of the largest size (64-byte multiple) viewed at the actual
// sizes. The bound of the halo (max(0, rows - 1) <= 7) needs interval
// arithmetic through affine.max, which the value-bounds interface lacks.

// CHECK-LABEL: func.func @tiles(
// CHECK-NEXT:    %[[HALO:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK-NEXT:    %[[FIXED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x4xf32>
// CHECK-NEXT:    %[[TILE:.*]] = memref.alloc() {alignment = 64 : i64} : memref<512xi8>
// CHECK:         scf.for
// CHECK:           %[[ROWS:.*]] = affine.min
// CHECK:           %[[H:.*]] = affine.max
// CHECK:           memref.view %[[TILE]][%{{.*}}][%[[ROWS]]] : memref<512xi8> to memref<?x16xf32>
// CHECK:           memref.view %[[HALO]][%{{.*}}][%[[H]]] : memref<128xi8> to memref<?x3xf32>
// CHECK-NOT:       memref.alloc
// CHECK:         return
func.func @tiles(%out: memref<64x64xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %cst = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c8 {
    %rows = affine.min affine_map<(d0)[s0] -> (8, s0 - d0)>(%i)[%n]
    %halo = affine.max affine_map<(d0) -> (0, d0 - 1)>(%rows)
    %tile = memref.alloc(%rows) {alignment = 64 : i64} : memref<?x16xf32>
    %fixed = memref.alloc() {alignment = 64 : i64} : memref<4x4xf32>
    %padded = memref.alloc(%halo) : memref<?x3xf32>
    linalg.fill ins(%cst : f32) outs(%tile : memref<?x16xf32>)
    linalg.fill ins(%cst : f32) outs(%fixed : memref<4x4xf32>)
    linalg.fill ins(%cst : f32) outs(%padded : memref<?x3xf32>)
  }
  return
}

// -----

// A buffer carried from one iteration to the next and returned needs a new
// one per iteration: it stays. A size with no constant bound (the batch)
// stays dynamic: that buffer moves above the loop, as far as its size is
// defined. A buffer chosen in an scf.if moves to the entry block.

// CHECK-LABEL: func.func @stays(
// CHECK-NEXT:    %[[IF:.*]] = memref.alloc() : memref<8xf32>
// CHECK:         scf.for {{.*}} iter_args
// CHECK-NEXT:      %[[NEXT:.*]] = memref.alloc() : memref<8xf32>
// CHECK:           scf.yield %[[NEXT]]
// CHECK:         %[[BATCH:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK-NEXT:    scf.for
// CHECK-NEXT:      linalg.fill ins(%{{.*}} : f32) outs(%[[BATCH]]
// CHECK:           scf.if
// CHECK-NOT:         memref.alloc
// CHECK:             scf.yield %[[IF]]
func.func @stays(%n: index, %init: memref<8xf32>, %c: i1) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cst = arith.constant 0.0 : f32
  %last = scf.for %i = %c0 to %n step %c1 iter_args(%state = %init) -> memref<8xf32> {
    %next = memref.alloc() : memref<8xf32>
    memref.copy %state, %next : memref<8xf32> to memref<8xf32>
    scf.yield %next : memref<8xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %batch = memref.alloc(%n) : memref<?xf32>
    linalg.fill ins(%cst : f32) outs(%batch : memref<?xf32>)
    %chosen = scf.if %c -> memref<8xf32> {
      %fresh = memref.alloc() : memref<8xf32>
      scf.yield %fresh : memref<8xf32>
    } else {
      scf.yield %init : memref<8xf32>
    }
    linalg.fill ins(%cst : f32) outs(%chosen : memref<8xf32>)
  }
  return %last : memref<8xf32>
}

// -----

// Iterations of scf.forall run concurrently: a buffer inside one moves to
// the start of the forall body, not out of it.

// CHECK-LABEL: func.func @parallel(
// CHECK:         scf.forall
// CHECK-NEXT:      memref.alloc() : memref<16xf32>
// CHECK-NEXT:      scf.for
func.func @parallel(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cst = arith.constant 0.0 : f32
  scf.forall (%t) in (4) {
    scf.for %i = %c0 to %n step %c1 {
      %private = memref.alloc() : memref<16xf32>
      linalg.fill ins(%cst : f32) outs(%private : memref<16xf32>)
    }
  }
  return
}

// -----

// A recurrent state: a buffer made in every iteration and carried to the
// next needs only two, used in turn (the iteration reads one and writes the
// other). Its size, read from the carried buffer, is the initial buffer's.
// They are allocated before the loop, where the memory planner finds them.

// CHECK-LABEL: func.func @alternate(
// CHECK-SAME:      %[[INIT:[^:]*]]: memref<?x8xf32>, %{{[^:]*}}: index, %[[OUT:[^:]*]]: memref<?x8xf32>
// CHECK:         %[[N:.*]] = memref.dim %[[INIT]], %c0
// CHECK:         %[[EVEN:.*]] = memref.alloc(%[[N]]) : memref<?x8xf32>
// CHECK:         %[[ODD:.*]] = memref.alloc(%[[N]]) : memref<?x8xf32>
// CHECK:         scf.for %[[I:.*]] = %[[LB:.*]] to %{{.*}} step %[[STEP:.*]] iter_args(%[[STATE:.*]] = %[[INIT]])
// CHECK:           %[[K:.*]] = arith.subi %[[I]], %[[LB]]
// CHECK:           %[[ITER:.*]] = arith.divsi %[[K]], %[[STEP]]
// CHECK:           %[[PARITY:.*]] = arith.remsi %[[ITER]], %c2
// CHECK:           %[[IS_EVEN:.*]] = arith.cmpi eq, %[[PARITY]], %c0{{.*}}
// CHECK:           %[[NEXT:.*]] = arith.select %[[IS_EVEN]], %[[EVEN]], %[[ODD]]
// CHECK:           memref.copy %[[STATE]], %[[NEXT]]
// CHECK:           scf.yield %[[NEXT]]
// CHECK-NOT:     memref.alloc
func.func @alternate(%init: memref<?x8xf32>, %steps: index, %out: memref<?x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %last = scf.for %t = %c0 to %steps step %c1 iter_args(%state = %init) -> memref<?x8xf32> {
    %n = memref.dim %state, %c0 : memref<?x8xf32>
    %next = memref.alloc(%n) : memref<?x8xf32>
    memref.copy %state, %next : memref<?x8xf32> to memref<?x8xf32>
    scf.yield %next : memref<?x8xf32>
  }
  memref.copy %last, %out : memref<?x8xf32> to memref<?x8xf32>
  return
}

// -----

// Not when the received buffer may be passed on unchanged (it would have to
// outlive the next iteration): the allocation stays.

// CHECK-LABEL: func.func @passed_on(
// CHECK:         scf.for
// CHECK:           memref.alloc() : memref<8xf32>
func.func @passed_on(%init: memref<8xf32>, %steps: index, %c: i1, %out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %last = scf.for %t = %c0 to %steps step %c1 iter_args(%state = %init) -> memref<8xf32> {
    %next = memref.alloc() : memref<8xf32>
    memref.copy %state, %next : memref<8xf32> to memref<8xf32>
    %chosen = arith.select %c, %next, %state : memref<8xf32>
    scf.yield %chosen : memref<8xf32>
  }
  memref.copy %last, %out : memref<8xf32> to memref<8xf32>
  return
}

// -----

// Two carried states, the second (an LSTM's cell state) sized from the
// first (its hidden state), and a temporary sized from a state (a GRU's
// recurrent product): once the states alternate between buffers of the
// initial sizes, every size is read before the loop and nothing is
// allocated inside it.

// CHECK-LABEL: func.func @two_states(
// CHECK-SAME:      %[[H0:[^:]*]]: memref<?x8xf32>, %[[C0:[^:]*]]: memref<?x8xf32>
// CHECK-COUNT-5: memref.alloc
// CHECK:         scf.for
// CHECK-NOT:       memref.alloc
// CHECK:           scf.yield
func.func @two_states(%h0: memref<?x8xf32>, %c0: memref<?x8xf32>, %steps: index, %out: memref<?x8xf32>) {
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %last:2 = scf.for %t = %i0 to %steps step %i1 iter_args(%h = %h0, %c = %c0) -> (memref<?x8xf32>, memref<?x8xf32>) {
    %n = memref.dim %h, %i0 : memref<?x8xf32>
    %tmp = memref.alloc(%n) : memref<?x24xf32>
    %cn = memref.alloc(%n) : memref<?x8xf32>
    memref.copy %c, %cn : memref<?x8xf32> to memref<?x8xf32>
    %hn = memref.alloc(%n) : memref<?x8xf32>
    memref.copy %h, %hn : memref<?x8xf32> to memref<?x8xf32>
    %v = memref.subview %tmp[0, 0] [%n, 8] [1, 1] : memref<?x24xf32> to memref<?x8xf32, strided<[24, 1]>>
    memref.copy %hn, %v : memref<?x8xf32> to memref<?x8xf32, strided<[24, 1]>>
    scf.yield %hn, %cn : memref<?x8xf32>, memref<?x8xf32>
  }
  memref.copy %last#1, %out : memref<?x8xf32> to memref<?x8xf32>
  return
}

// -----

// A temporary sized like the state, when the state starts in a buffer
// allocated with a size from outside the loop (a training step's copy of
// the initial state): the alternating buffers have that size too, so the
// temporary leaves the loop.

// CHECK-LABEL: func.func @state_from_alloc(
// CHECK:         scf.for
// CHECK-NOT:       memref.alloc
// CHECK:           scf.yield
func.func @state_from_alloc(%x: memref<?x8xf32>, %steps: index, %out: memref<?x8xf32>) {
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %b = memref.dim %x, %i0 : memref<?x8xf32>
  %h0 = memref.alloc(%b) : memref<?x8xf32>
  memref.copy %x, %h0 : memref<?x8xf32> to memref<?x8xf32>
  %last = scf.for %t = %i0 to %steps step %i1 iter_args(%h = %h0) -> (memref<?x8xf32>) {
    %n = memref.dim %h, %i0 : memref<?x8xf32>
    %tmp = memref.alloc(%n) : memref<?x24xf32>
    %hn = memref.alloc(%b) : memref<?x8xf32>
    %v = memref.subview %tmp[0, 0] [%n, 8] [1, 1] : memref<?x24xf32> to memref<?x8xf32, strided<[24, 1]>>
    memref.copy %h, %v : memref<?x8xf32> to memref<?x8xf32, strided<[24, 1]>>
    memref.copy %v, %hn : memref<?x8xf32, strided<[24, 1]>> to memref<?x8xf32>
    scf.yield %hn : memref<?x8xf32>
  }
  memref.copy %last, %out : memref<?x8xf32> to memref<?x8xf32>
  return
}
