// Kernels whose threads work together, run on the host and checked by
// running them, in both thread orders.
// RUN: dlc-opt %s --dlc-gpu-launches-to-loops --convert-scf-to-cf --convert-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN:   | FileCheck %s --check-prefix=EXEC
// RUN: dlc-opt %s --dlc-gpu-launches-to-loops=reverse --convert-scf-to-cf --convert-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN:   | FileCheck %s --check-prefix=EXEC
// RUN: dlc-opt %s --dlc-gpu-launches-to-loops --canonicalize | FileCheck %s

func.func private @printF32(f32)
func.func private @printNewline()

// Block sums by a tree in workgroup memory: 2 blocks of 8 threads, each
// thread's value its global index; block 0 sums 0..7 = 28, block 1 sums
// 8..15 = 92. Every step reads what other threads wrote before the
// barrier: without the phases (or with a thread order that mattered) the
// sums would differ.
func.func @block_sums(%out: memref<2xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c8, %sy = %c1, %sz = %c1)
             workgroup(%tile : memref<8xf32, #gpu.address_space<workgroup>>) {
    %base = arith.muli %bx, %sx : index
    %i = arith.addi %base, %tx : index
    %int = arith.index_cast %i : index to i32
    %v = arith.sitofp %int : i32 to f32
    memref.store %v, %tile[%tx] : memref<8xf32, #gpu.address_space<workgroup>>
    gpu.barrier
    // Strides 4, 2, 1: a loop around barriers, uniform over the block.
    %c0 = arith.constant 0 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    scf.for %step = %c0 to %c3 step %c1 {
      %stride = arith.shrui %c4, %step : index
      %active = arith.cmpi ult, %tx, %stride : index
      scf.if %active {
        %other = arith.addi %tx, %stride : index
        %a = memref.load %tile[%tx] : memref<8xf32, #gpu.address_space<workgroup>>
        %b = memref.load %tile[%other] : memref<8xf32, #gpu.address_space<workgroup>>
        %s = arith.addf %a, %b : f32
        memref.store %s, %tile[%tx] : memref<8xf32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
    }
    %first = arith.cmpi eq, %tx, %c0 : index
    scf.if %first {
      %sum = memref.load %tile[%c0] : memref<8xf32, #gpu.address_space<workgroup>>
      memref.store %sum, %out[%bx] : memref<2xf32>
    }
    gpu.terminator
  }
  return
}
// The phases: the stores before the first barrier for every thread, then
// the loop over strides once per block, each step a loop over the threads.
// CHECK-LABEL: func.func @block_sums
// CHECK-NOT:     gpu.
// CHECK:         %[[TILE:.*]] = memref.alloca() : memref<8xf32>
// CHECK:         scf.for %[[BLOCK:.*]] =
// CHECK:           scf.for %[[T:.*]] =
// CHECK:             memref.store %{{.*}}, %[[TILE]][%[[T]]] : memref<8xf32>
// CHECK:           scf.for %[[STEP:.*]] =
// CHECK:             %[[STRIDE:.*]] = arith.shrui %{{.*}}, %[[STEP]]
// CHECK:             scf.for %[[T2:.*]] =
// CHECK:               arith.cmpi ult, %[[T2]], %[[STRIDE]]
// CHECK:           scf.for %[[T3:.*]] =
// CHECK:             memref.store %{{.*}}, %{{.*}}[%[[BLOCK]]] : memref<2xf32>

// A loop over tiles carrying a per-thread sum across barriers: 32 threads,
// 4 tiles of 32 values (k = 0..127, value k); each tile is staged in
// workgroup memory and thread t adds element (t + j) % 32 of it for every
// j, so each thread's sum is the total, 8128.
func.func @tiles(%out: memref<32xf32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
             workgroup(%tile : memref<32xf32, #gpu.address_space<workgroup>>) {
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %zero = arith.constant 0.0 : f32
    %sum = scf.for %t = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> f32 {
      %offset = arith.muli %t, %c32 : index
      %k = arith.addi %offset, %tx : index
      %int = arith.index_cast %k : index to i32
      %v = arith.sitofp %int : i32 to f32
      memref.store %v, %tile[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %tileSum = scf.for %j = %c0 to %c32 step %c1 iter_args(%a = %acc) -> f32 {
        %shifted = arith.addi %tx, %j : index
        %at = arith.remui %shifted, %c32 : index
        %e = memref.load %tile[%at] : memref<32xf32, #gpu.address_space<workgroup>>
        %n = arith.addf %a, %e : f32
        scf.yield %n : f32
      }
      gpu.barrier
      scf.yield %tileSum : f32
    }
    memref.store %sum, %out[%tx] : memref<32xf32>
    gpu.terminator
  }
  return
}
// The sum each thread carries across the barriers lives in a slot per
// thread (and its new value in another until every thread has read the
// old one).
// CHECK-LABEL: func.func @tiles
// CHECK:         %[[TILE:.*]] = memref.alloca() : memref<32xf32>
// CHECK:         %[[ACC:.*]] = memref.alloca() : memref<32xf32>
// CHECK:         %[[NEXT:.*]] = memref.alloca() : memref<32xf32>
// CHECK:         scf.for %[[T:.*]] =
// CHECK:           memref.store %{{.*}}, %[[ACC]][%[[T]]]
// CHECK:         scf.for %[[K:.*]] =
// CHECK:           scf.for %[[T1:.*]] =
// CHECK:             memref.store %{{.*}}, %[[TILE]][%[[T1]]]
// CHECK:           scf.for %[[T2:.*]] =
// CHECK:             %[[OLD:.*]] = memref.load %[[ACC]][%[[T2]]]
// CHECK:             %[[SUM:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[OLD]])
// CHECK:             memref.store %[[SUM]], %[[NEXT]][%[[T2]]]
// CHECK:           scf.for %[[T3:.*]] =
// CHECK:             %[[NEW:.*]] = memref.load %[[NEXT]][%[[T3]]]
// CHECK:             memref.store %[[NEW]], %[[ACC]][%[[T3]]]
// CHECK:         scf.for %[[T4:.*]] =
// CHECK:           %[[FINAL:.*]] = memref.load %[[ACC]][%[[T4]]]
// CHECK:           memref.store %[[FINAL]], %{{.*}}[%[[T4]]] : memref<32xf32>

// A warp sum by shuffles (xor 16, 8, 4, 2, 1): 64 threads, two warps,
// thread t's value t; every lane of warp 0 ends with 0 + ... + 31 = 496,
// of warp 1 with 32 + ... + 63 = 1520. Also down 1: lane 31 of a warp has
// no lane below it and keeps its own value.
func.func @warp_sums(%out: memref<64xf32>, %down: memref<64xf32>) {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %int = arith.index_cast %tx : index to i32
    %v = arith.sitofp %int : i32 to f32
    %i1 = arith.constant 1 : i32
    %i2 = arith.constant 2 : i32
    %i4 = arith.constant 4 : i32
    %i8 = arith.constant 8 : i32
    %i16 = arith.constant 16 : i32
    %i32 = arith.constant 32 : i32
    %s16, %p16 = gpu.shuffle xor %v, %i16, %i32 : f32
    %a16 = arith.addf %v, %s16 : f32
    %s8, %p8 = gpu.shuffle xor %a16, %i8, %i32 : f32
    %a8 = arith.addf %a16, %s8 : f32
    %s4, %p4 = gpu.shuffle xor %a8, %i4, %i32 : f32
    %a4 = arith.addf %a8, %s4 : f32
    %s2, %p2 = gpu.shuffle xor %a4, %i2, %i32 : f32
    %a2 = arith.addf %a4, %s2 : f32
    %s1, %p1 = gpu.shuffle xor %a2, %i1, %i32 : f32
    %a1 = arith.addf %a2, %s1 : f32
    memref.store %a1, %out[%tx] : memref<64xf32>
    %d, %pd = gpu.shuffle down %v, %i1, %i32 : f32
    memref.store %d, %down[%tx] : memref<64xf32>
    gpu.terminator
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c30 = arith.constant 30 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %c63 = arith.constant 63 : index
  %sums = memref.alloca() : memref<2xf32>
  func.call @block_sums(%sums) : (memref<2xf32>) -> ()
  %s0 = memref.load %sums[%c0] : memref<2xf32>
  %s1 = memref.load %sums[%c1] : memref<2xf32>
  func.call @printF32(%s0) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%s1) : (f32) -> ()
  func.call @printNewline() : () -> ()
  // EXEC: 28
  // EXEC-NEXT: 92
  %tiles = memref.alloca() : memref<32xf32>
  func.call @tiles(%tiles) : (memref<32xf32>) -> ()
  %t0 = memref.load %tiles[%c0] : memref<32xf32>
  %t31 = memref.load %tiles[%c31] : memref<32xf32>
  func.call @printF32(%t0) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%t31) : (f32) -> ()
  func.call @printNewline() : () -> ()
  // EXEC-NEXT: 8128
  // EXEC-NEXT: 8128
  %warps = memref.alloca() : memref<64xf32>
  %down = memref.alloca() : memref<64xf32>
  func.call @warp_sums(%warps, %down) : (memref<64xf32>, memref<64xf32>) -> ()
  %w0 = memref.load %warps[%c0] : memref<64xf32>
  %w31 = memref.load %warps[%c31] : memref<64xf32>
  %w32 = memref.load %warps[%c32] : memref<64xf32>
  %w63 = memref.load %warps[%c63] : memref<64xf32>
  %d30 = memref.load %down[%c30] : memref<64xf32>
  %d31 = memref.load %down[%c31] : memref<64xf32>
  func.call @printF32(%w0) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%w31) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%w32) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%w63) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%d30) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%d31) : (f32) -> ()
  func.call @printNewline() : () -> ()
  // EXEC-NEXT: 496
  // EXEC-NEXT: 496
  // EXEC-NEXT: 1520
  // EXEC-NEXT: 1520
  // EXEC-NEXT: 31
  // EXEC-NEXT: 31
  return
}
