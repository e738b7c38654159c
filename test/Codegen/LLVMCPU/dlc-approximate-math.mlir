// RUN: dlc-opt %s --dlc-approximate-math | FileCheck %s

// math.exp, math.log, math.log1p and math.tanh on f32, scalars and vectors,
// become MLIR's polynomial approximations (fma chains, range reduction with
// bitcasts and shifts, no libm call); the f64 ops are left to libm.
//

// CHECK-LABEL: func.func @exp_f32(
// CHECK-NOT:     math.exp
// CHECK:         math.floor %{{.*}} : f32
// CHECK:         math.fma %{{.*}} : f32
// CHECK:         arith.fptosi %{{.*}} : f32 to i32
// CHECK:         arith.shli %{{.*}} : i32
// CHECK:         arith.bitcast %{{.*}} : i32 to f32
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @exp_f32(%x: f32) -> f32 {
  %e = math.exp %x : f32
  return %e : f32
}

// CHECK-LABEL: func.func @log_f32(
// CHECK-NOT:     math.log
// CHECK:         arith.bitcast %{{.*}} : f32 to i32
// CHECK:         arith.shrui %{{.*}} : i32
// CHECK:         math.fma %{{.*}} : f32
// CHECK-NOT:     math.log
// CHECK:         return
func.func @log_f32(%x: f32) -> f32 {
  %l = math.log %x : f32
  return %l : f32
}

// CHECK-LABEL: func.func @tanh_f32(
// CHECK-NOT:     math.tanh
// CHECK:         math.absf %{{.*}} : f32
// CHECK:         math.fma %{{.*}} : f32
// CHECK:         arith.divf %{{.*}} : f32
// CHECK-NOT:     math.tanh
// CHECK:         return
func.func @tanh_f32(%x: f32) -> f32 {
  %t = math.tanh %x : f32
  return %t : f32
}

// Vectors are approximated lane-wise in vector ops, with no unrolling.
// CHECK-LABEL: func.func @vector_f32(
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.log
// CHECK-NOT:     math.tanh
// CHECK-NOT:     vector.extract
// CHECK:         math.fma %{{.*}} : vector<8xf32>
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.log
// CHECK-NOT:     math.tanh
// CHECK-NOT:     vector.extract
// CHECK:         return %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
func.func @vector_f32(%x: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %e = math.exp %x : vector<8xf32>
  %l = math.log %x : vector<8xf32>
  %t = math.tanh %x : vector<8xf32>
  %p = math.log1p %x : vector<8xf32>
  return %e, %l, %t, %p : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
}

// f64 keeps libm's precision: nothing changes.
// CHECK-LABEL: func.func @double(
// CHECK-SAME:      %[[X:[^:]*]]: f64, %[[V:[^:]*]]: vector<4xf64>)
// CHECK-NEXT:    %[[E:.*]] = math.exp %[[X]] : f64
// CHECK-NEXT:    %[[L:.*]] = math.log %[[X]] : f64
// CHECK-NEXT:    %[[T:.*]] = math.tanh %[[X]] : f64
// CHECK-NEXT:    %[[VE:.*]] = math.exp %[[V]] : vector<4xf64>
// CHECK-NEXT:    return %[[E]], %[[L]], %[[T]], %[[VE]]
func.func @double(%x: f64, %v: vector<4xf64>) -> (f64, f64, f64, vector<4xf64>) {
  %e = math.exp %x : f64
  %l = math.log %x : f64
  %t = math.tanh %x : f64
  %ve = math.exp %v : vector<4xf64>
  return %e, %l, %t, %ve : f64, f64, f64, vector<4xf64>
}
