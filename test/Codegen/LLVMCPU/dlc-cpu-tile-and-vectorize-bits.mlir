// RUN: dlc-opt %s --dlc-cpu-tile-and-vectorize | FileCheck %s --check-prefix=BITS512
// RUN: dlc-opt %s --dlc-cpu-tile-and-vectorize=vector-bits=256 | FileCheck %s --check-prefix=BITS256
// RUN: dlc-opt %s --dlc-cpu-tile-and-vectorize=vector-bits=128 | FileCheck %s --check-prefix=BITS128
// RUN: not dlc-opt %s --dlc-cpu-tile-and-vectorize=vector-bits=100 2>&1 | FileCheck %s --check-prefix=BAD

// The schedules' sizes follow the vectors they are for (what --emit=cpp's
// --cpp-vector-bits chooses): a matmul's register tile is two vectors wide
// and as many rows as a quarter of the registers (AVX-512: 8 x 32 of 32
// registers of 16 lanes; AVX2: 4 x 16 of 16 registers of 8; NEON: 8 x 8 of
// 32 registers of 4), and an elementwise op is one vector of four registers'
// lanes along its innermost loop.

// BITS512: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// BITS256: vector.contract {{.*}} : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// BITS128: vector.contract {{.*}} : vector<8x1xf32>, vector<1x8xf32> into vector<8x8xf32>
// BITS512: arith.negf %{{.*}} : vector<1x64xf32>
// BITS256: arith.negf %{{.*}} : vector<1x32xf32>
// BITS128: arith.negf %{{.*}} : vector<1x16xf32>

// BAD: error: dlc-cpu-tile-and-vectorize: vector-bits must be 128, 256 or 512, not 100

func.func @dense(%x: tensor<?x64xf32>, %w: tensor<64x64xf32>, %out: memref<?x64xf32>) attributes {dlc.entry = "dense"} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e = tensor.empty(%n) : tensor<?x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?x64xf32>) -> tensor<?x64xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<?x64xf32>, tensor<64x64xf32>) outs(%init : tensor<?x64xf32>) -> tensor<?x64xf32>
  bufferization.materialize_in_destination %mm in restrict writable %out : (tensor<?x64xf32>, memref<?x64xf32>) -> ()
  return
}

#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @negate(%x: tensor<?x100xf32>, %out: memref<?x100xf32>) attributes {dlc.entry = "negate"} {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x100xf32>
  %e = tensor.empty(%n) : tensor<?x100xf32>
  %neg = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x100xf32>) outs(%e : tensor<?x100xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.negf %in : f32
    linalg.yield %r : f32
  } -> tensor<?x100xf32>
  bufferization.materialize_in_destination %neg in restrict writable %out : (tensor<?x100xf32>, memref<?x100xf32>) -> ()
  return
}
