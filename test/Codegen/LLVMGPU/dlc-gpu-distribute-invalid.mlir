// RUN: dlc-opt %s --dlc-gpu-distribute --split-input-file -verify-diagnostics
// RUN: not dlc-opt %s --dlc-gpu-distribute=threads-per-block=100 2>&1 | FileCheck %s --check-prefix=THREADS

// RUN: not dlc-opt %s --dlc-gpu-distribute=split-chunk=0 2>&1 | FileCheck %s --check-prefix=SPLIT

// THREADS: threads-per-block must be a multiple of 32 up to 1024, not 100
// SPLIT: split-threads, split-chunk and coarsen must be positive

// The host never reads device memory.
func.func @host_load(%x: memref<f32>, %y: memref<4xf32>)
    attributes {dlc.entry = "host_load"} {
  // expected-error @below {{'memref.load' op accesses memory on the host}}
  %v = memref.load %x[] : memref<f32>
  linalg.fill ins(%v : f32) outs(%y : memref<4xf32>)
  return
}

// -----

// A buffer the scratch plan did not place would be host memory.
func.func @heap(%y: memref<4xf32>) attributes {dlc.entry = "heap"} {
  // expected-error @below {{'memref.alloc' op accesses memory on the host}}
  %b = memref.alloc() : memref<4xf32>
  memref.copy %b, %y : memref<4xf32> to memref<4xf32>
  return
}

// -----

// linalg on tensors has not been bufferized.
#map = affine_map<(d0) -> (d0)>
func.func @tensors(%x: tensor<4xf32>) -> tensor<4xf32>
    attributes {dlc.entry = "tensors"} {
  // expected-error @below {{is on tensors}}
  %r = linalg.generic {indexing_maps = [#map], iterator_types = ["parallel"]}
      outs(%x : tensor<4xf32>) {
  ^bb0(%out: f32):
    linalg.yield %out : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
