// RUN: dlc-opt %s --dlc-gpu-launches-to-loops --split-input-file -verify-diagnostics

// A barrier that only some threads reach is undefined on a GPU; it cannot
// be split into phases either.
func.func @divergent_barrier(%out: memref<32xf32>) {
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %low = arith.cmpi ult, %tx, %c16 : index
    // expected-error @below {{'scf.if' op around a collective has a condition that depends on the thread}}
    scf.if %low {
      gpu.barrier
    }
    gpu.terminator
  }
  return
}

// -----

// Workgroup memory is a plain buffer on the host, used by loads and stores.
func.func @workgroup_view(%out: memref<32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
             workgroup(%tile : memref<32xf32, #gpu.address_space<workgroup>>) {
    // expected-error @below {{'memref.subview' op uses workgroup memory other than by a load or a store}}
    %half = memref.subview %tile[0] [16] [1] : memref<32xf32, #gpu.address_space<workgroup>> to memref<16xf32, strided<[1]>, #gpu.address_space<workgroup>>
    gpu.barrier
    gpu.terminator
  }
  return
}

// -----

// Threads of more than one dimension with collectives.
func.func @two_dimensional(%out: memref<32xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  // expected-error @below {{'gpu.launch' op with collectives runs on the host only with blocks of one dimension}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c2, %sz = %c1) {
    gpu.barrier
    gpu.terminator
  }
  return
}
