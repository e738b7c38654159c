// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// Errors of dlc.model, dlc.param, dlc.read, dlc.func, dlc.train, dlc.call,
// dlc.return and dlc.minimize (dialects/dlc/Model.cpp).

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.read' op cannot appear directly in a dlc.model; expected dlc.param, dlc.func or dlc.train}}
  %w = dlc.read @p : tensor<3xf32>
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.model' op cannot appear directly in a dlc.model; expected dlc.param, dlc.func or dlc.train}}
  dlc.model @inner {
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.param' op expects a static shape, found tensor<?x3xf32>}}
  dlc.param @p : tensor<?x3xf32> = #dlc.zeros
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.param' op expects no axis of size 0, found tensor<3x0xf32>}}
  dlc.param @p : tensor<3x0xf32> = #dlc.zeros
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.param' op attribute 'type' failed to satisfy constraint: type attribute of ranked tensor of 32-bit float or 64-bit float values}}
  dlc.param @p : tensor<3xi32> = #dlc.zeros
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
}
// expected-error @+1 {{'dlc.param' op expects parent op 'dlc.model'}}
dlc.param @q : tensor<3xf32> = #dlc.zeros

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.func @f() -> tensor<3xf32> {
    // expected-error @+1 {{'dlc.read' op 'q' does not name a dlc.param of model @m}}
    %w = dlc.read @q : tensor<3xf32>
    dlc.return %w : tensor<3xf32>
  }
}

// -----

dlc.model @m {
  dlc.func @g() {
    dlc.return
  }
  dlc.func @f() -> tensor<3xf32> {
    // expected-error @+1 {{'dlc.read' op 'g' does not name a dlc.param of model @m}}
    %w = dlc.read @g : tensor<3xf32>
    dlc.return %w : tensor<3xf32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3x4xf32> = #dlc.glorot_uniform
  dlc.func @f() -> tensor<4x3xf32> {
    // expected-error @+1 {{'dlc.read' op reads parameter @p as tensor<4x3xf32>, but it is declared tensor<3x4xf32>}}
    %w = dlc.read @p : tensor<4x3xf32>
    dlc.return %w : tensor<4x3xf32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.func @f() -> tensor<3xf64> {
    // expected-error @+1 {{'dlc.read' op reads parameter @p as tensor<3xf64>, but it is declared tensor<3xf32>}}
    %w = dlc.read @p : tensor<3xf64>
    dlc.return %w : tensor<3xf64>
  }
}

// -----

func.func @outside() -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.read' op must be inside a dlc.model}}
  %w = dlc.read @p : tensor<3xf32>
  return %w : tensor<3xf32>
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op expects argument #1 to be a ranked tensor of f32, f64, i32 or i64, found tensor<*xf32>}}
  dlc.func @f(%x: tensor<?x3xf32>, %y: tensor<*xf32>) {
    dlc.return
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op expects argument #0 to be a ranked tensor of f32, f64, i32 or i64, found f32}}
  dlc.func @f(%x: f32) {
    dlc.return
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op expects result #0 to be a ranked tensor of f32, f64, i32 or i64, found tensor<3xi8>}}
  dlc.func @f(%x: tensor<3xi8>) -> tensor<3xi8> {
    dlc.return %x : tensor<3xi8>
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op expects argument #0 to be a ranked tensor of f32, f64, i32 or i64, found tensor<?x3xbf16>}}
  dlc.func @f(%x: tensor<?x3xbf16>) {
    dlc.return
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32>
}

// -----

dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    // expected-error @+1 {{'dlc.return' op has 0 operands, but the enclosing function returns 1}}
    dlc.return
  }
}

// -----

dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    // expected-error @+1 {{'dlc.return' op operand #0 has type tensor<3x3xf32>, but the enclosing function returns tensor<?x3xf32>}}
    dlc.return %y : tensor<3x3xf32>
  }
}
