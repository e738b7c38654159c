// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// The dlc.* attributes lowering puts on functions are checked wherever they
// appear (dialects/dlc/FunctionAttrs.cpp).

// expected-error @below {{'func.func' op attribute 'dlc.entry' must be a string, found 1 : i64}}
func.func @f() attributes {dlc.entry = 1} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.params' must be an array of parameter symbols, found ["w"]}}
func.func @f() attributes {dlc.params = ["w"]} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.slots' must be an array of strings, found [@m]}}
func.func @f() attributes {dlc.slots = [@m]} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.train' needs 'dlc.entry' too}}
func.func @f() attributes {dlc.train} {
  return
}

// -----

// expected-error @below {{'arith.constant' op attribute 'dlc.model' belongs on a function}}
%c = arith.constant {dlc.model = "m"} 0 : index

// -----

// expected-error @below {{'func.func' op attribute 'dlc.in_place' is only meaningful on a training step}}
func.func @f(%w: tensor<3xf32>) -> tensor<3xf32> attributes {dlc.entry = "f", dlc.in_place = array<i64: 0>} {
  return %w : tensor<3xf32>
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.in_place' has 1 entries for 2 results}}
func.func @f(%w: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {dlc.entry = "f", dlc.train, dlc.in_place = array<i64: 0>} {
  %l = tensor.empty() : tensor<f32>
  return %l, %w : tensor<f32>, tensor<3xf32>
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.in_place' maps result 0 to argument 1, out of range}}
func.func @f(%w: tensor<3xf32>) -> tensor<3xf32> attributes {dlc.entry = "f", dlc.train, dlc.in_place = array<i64: 1>} {
  return %w : tensor<3xf32>
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.in_place' maps result 0 ('tensor<3xf32>') to argument 0 ('tensor<3xf64>'): a shared buffer needs one type}}
func.func @f(%w: tensor<3xf64>, %v: tensor<3xf32>) -> tensor<3xf32> attributes {dlc.entry = "f", dlc.train, dlc.in_place = array<i64: 0>} {
  return %v : tensor<3xf32>
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.shared_args' is only meaningful on a training step}}
func.func @f(%w: memref<3xf32>, %n: memref<3xf32>) attributes {dlc.entry = "f", dlc.shared_args = array<i64: 1, 0>} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.shared_args' has 3 entries for 2 arguments}}
func.func @f(%w: memref<3xf32>, %n: memref<3xf32>) attributes {dlc.entry = "f", dlc.train, dlc.shared_args = array<i64: 1, 0, -1>} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.shared_args' maps argument 0 to 0, not another argument}}
func.func @f(%w: memref<3xf32>, %n: memref<3xf32>) attributes {dlc.entry = "f", dlc.train, dlc.shared_args = array<i64: 0, -1>} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.shared_args' maps argument 0 to 1 but not 1 back}}
func.func @f(%w: memref<3xf32>, %n: memref<3xf32>) attributes {dlc.entry = "f", dlc.train, dlc.shared_args = array<i64: 1, -1>} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.shared_args' maps argument 0 to 1, not another argument}}
func.func @f(%w: memref<3xf32>, %n: memref<3xf32>) attributes {dlc.entry = "f", dlc.train, dlc.shared_args = array<i64: 1>} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.shared_args' maps argument 0 ('memref<3xf32>') to argument 1 ('memref<4xf32>'): a shared buffer needs one shape and element type}}
func.func @f(%w: memref<3xf32>, %n: memref<4xf32>) attributes {dlc.entry = "f", dlc.train, dlc.shared_args = array<i64: 1, 0>} {
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.scratch' must be an array of array<i64: bytes, (arg, axis)...>, found [array<i64: 64, 0>]}}
func.func @f() attributes {dlc.scratch = [array<i64: 64, 0>]} {
  return
}

// -----

func.func @f(%arena: memref<?xi8>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'memref.view' op attribute 'dlc.scratch_slot' must be an array<i64: term, begin, end> with begin <= end, found array<i64: 0, 64, 0>}}
  %v = memref.view %arena[%c0][] {dlc.scratch_slot = array<i64: 0, 64, 0>} : memref<?xi8> to memref<16xf32>
  return
}

// -----

// expected-error @below {{'func.func' op attribute 'dlc.scratch_slot' belongs on a memref.view of the arena}}
func.func @f() attributes {dlc.scratch_slot = array<i64: 0, 0, 64>} {
  return
}

// -----

// expected-error @below {{'func.func' op has unknown dlc attribute 'dlc.entyr'}}
func.func @f() attributes {dlc.entyr = "f"} {
  return
}
