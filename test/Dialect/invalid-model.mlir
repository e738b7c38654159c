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
  // expected-error @+1 {{'dlc.func' op expects argument #1 to be a ranked tensor of f32, f64, i32 or i64, found 'tensor<*xf32>'}}
  dlc.func @f(%x: tensor<?x3xf32>, %y: tensor<*xf32>) {
    dlc.return
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op expects argument #0 to be a ranked tensor of f32, f64, i32 or i64, found 'f32'}}
  dlc.func @f(%x: f32) {
    dlc.return
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op expects result #0 to be a ranked tensor of f32, f64, i32 or i64, found 'tensor<3xi8>'}}
  dlc.func @f(%x: tensor<3xi32>) -> tensor<3xi8> {
    dlc.return %x : tensor<3xi32>
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op expects argument #0 to be a ranked tensor of f32, f64, i32 or i64, found 'tensor<?x3xbf16>'}}
  dlc.func @f(%x: tensor<?x3xbf16>) {
    dlc.return
  }
}

// -----

dlc.model @m {
  // A function must have a body: its entry point or sub-network.
  // expected-error @+1 {{expected '{' to begin a region}}
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
  dlc.func @f(%x: tensor<3x3xf32>) -> tensor<?x3xf32> {
    // expected-error @+1 {{'dlc.return' op operand #0 has type tensor<3x3xf32>, but the enclosing function returns tensor<?x3xf32>}}
    dlc.return %x : tensor<3x3xf32>
  }
}

// -----

dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    // expected-error @+1 {{'dlc.return' op has 2 operands, but the enclosing function returns 1}}
    dlc.return %x, %x : tensor<?x3xf32>, tensor<?x3xf32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    // expected-error @+1 {{'dlc.return' op expects parent op 'dlc.func'}}
    dlc.return %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    // expected-error @+1 {{'dlc.minimize' op expects parent op 'dlc.train'}}
    dlc.minimize %l : tensor<f32>
  }
}

// -----

//===----------------------------------------------------------------------===//
// dlc.train
//===----------------------------------------------------------------------===//

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op must return its loss (a tensor<f32> or tensor<f64>) as its first result}}
  dlc.train @t(%x: tensor<?x3xf32>) optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op expects result #0 (the loss) to be a float scalar tensor, found tensor<1xf32>}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<1xf32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op expects result #1 (the metric) to be a float scalar tensor, found tensor<i32>}}
  dlc.train @t(%x: tensor<?x3xf32>) -> (tensor<f32>, tensor<i32>) optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op expects argument #0 to be a ranked tensor of f32, f64, i32 or i64, found 'tensor<?x3xf16>'}}
  dlc.train @t(%x: tensor<?x3xf16>) -> tensor<f32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %w, %w : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op names no parameters to update; list them with 'params [@name, ...]'}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op lists parameter @p twice}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p, @p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op updates 'q', which is not a dlc.param of model @m}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p, @q] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    dlc.return %x : tensor<?x3xf32>
  }
  // expected-error @+1 {{'dlc.train' op updates 'f', which is not a dlc.param of model @m}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@f] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.param @q : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.train' op updates parameter @q, which this step never reads (directly or through a call), so it has no gradient}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p, @q] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// A parameter read only by a function that the step does not call has no
// gradient in the step either.
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.param @q : tensor<3xf32> = #dlc.zeros
  dlc.func @uses_q() -> tensor<3xf32> {
    %w = dlc.read @q : tensor<3xf32>
    dlc.return %w : tensor<3xf32>
  }
  dlc.func @uses_p() -> tensor<3xf32> {
    %w = dlc.read @p : tensor<3xf32>
    dlc.return %w : tensor<3xf32>
  }
  // expected-error @+1 {{'dlc.train' op updates parameter @q, which this step never reads (directly or through a call), so it has no gradient}}
  dlc.train @t(%x: tensor<3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p, @q] {
    %w = dlc.call @uses_p() : () -> tensor<3xf32>
    %l = dlc.mean_squared_error %w, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    // expected-error @+1 {{'dlc.minimize' op has 2 operands, but the enclosing function returns 1}}
    dlc.minimize %l, %l : tensor<f32>, tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.train @t(%x: tensor<?x3xf32>) -> (tensor<f32>, tensor<f32>) optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    // expected-error @+1 {{'dlc.minimize' op has 1 operands, but the enclosing function returns 2}}
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf64> = #dlc.zeros
  dlc.train @t(%x: tensor<?x3xf64>) -> tensor<f32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf64>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
    // expected-error @+1 {{'dlc.minimize' op operand #0 has type tensor<f64>, but the enclosing function returns tensor<f32>}}
    dlc.minimize %l : tensor<f64>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    // expected-error @+1 {{'dlc.minimize' op operand #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<3xf32>'}}
    dlc.minimize %w : tensor<3xf32>
  }
}

// -----

//===----------------------------------------------------------------------===//
// dlc.call
//===----------------------------------------------------------------------===//

dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    // expected-error @+1 {{'dlc.call' op calls @g, which is not defined in model @m}}
    %y = dlc.call @g(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<f32> {
    // expected-error @+1 {{'dlc.call' op calls @t, which is a 'dlc.train'; only dlc.func can be called}}
    %l = dlc.call @t(%x) : (tensor<?x3xf32>) -> tensor<f32>
    dlc.return %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  dlc.func @f() -> tensor<3xf32> {
    // expected-error @+1 {{'dlc.call' op calls @p, which is a 'dlc.param'; only dlc.func can be called}}
    %w = dlc.call @p() : () -> tensor<3xf32>
    dlc.return %w : tensor<3xf32>
  }
}

// -----

dlc.model @m {
  dlc.func @g(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    dlc.return %x : tensor<?x3xf32>
  }
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    // expected-error @+1 {{'dlc.call' op passes 2 arguments, but @g takes 1}}
    %y = dlc.call @g(%x, %x) : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }
}

// -----

dlc.model @m {
  dlc.func @g(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    dlc.return %x : tensor<?x3xf32>
  }
  dlc.func @f(%x: tensor<5x3xf32>) -> tensor<?x3xf32> {
    // expected-error @+1 {{'dlc.call' op passes tensor<5x3xf32> as argument #0, but @g expects tensor<?x3xf32>}}
    %y = dlc.call @g(%x) : (tensor<5x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }
}

// -----

dlc.model @m {
  dlc.func @g(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    dlc.return %x : tensor<?x3xf32>
  }
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf64> {
    // expected-error @+1 {{'dlc.call' op expects results ('tensor<?x3xf64>'), but @g returns ('tensor<?x3xf32>')}}
    %y = dlc.call @g(%x) : (tensor<?x3xf32>) -> tensor<?x3xf64>
    dlc.return %y : tensor<?x3xf64>
  }
}

// -----

func.func @outside(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'dlc.call' op must be inside a dlc.model}}
  %y = dlc.call @outside(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op is called recursively; recursive calls are not supported}}
  dlc.func @f(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    %y = dlc.call @f(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{'dlc.func' op is called recursively; recursive calls are not supported}}
  dlc.func @even(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    %y = dlc.call @odd(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }
  dlc.func private @odd(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    %y = dlc.call @even(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }
}

// -----

//===----------------------------------------------------------------------===//
// The optimizer clause of dlc.train (a parse error)
//===----------------------------------------------------------------------===//

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{expected an optimizer (#dlc.sgd, #dlc.adam or #dlc.rmsprop), found #dlc.zeros}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.zeros params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{expected an optimizer (#dlc.sgd, #dlc.adam or #dlc.rmsprop), found 1.000000e-01 : f64}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer 0.1 : f64 params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// Every training step gets an entry point <step>_evaluate.
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{'dlc.func' op is named @t_evaluate, the entry point dlc adds for evaluating the training step @t; rename one of them}}
  dlc.func @t_evaluate(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
    dlc.return %x : tensor<?x3xf32>
  }
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}
