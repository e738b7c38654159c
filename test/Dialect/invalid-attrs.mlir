// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// Errors of the initializer and optimizer attributes
// (dialects/dlc/Attrs.cpp).

//===----------------------------------------------------------------------===//
// Initializers
//===----------------------------------------------------------------------===//

// constant: +inf
dlc.model @m {
  // expected-error @+1 {{'dlc.param' op constant initializer must be finite}}
  dlc.param @p : tensor<3xf32> = #dlc.constant<0x7FF0000000000000>
}

// -----

// constant: NaN
dlc.model @m {
  // expected-error @+1 {{'dlc.param' op constant initializer must be finite}}
  dlc.param @p : tensor<3xf32> = #dlc.constant<0x7FF8000000000000>
}

// -----

// uniform: lo > hi
dlc.model @m {
  // expected-error @+1 {{uniform initializer needs finite lo < hi, found [1.000000e+00, 0.000000e+00)}}
  dlc.param @p : tensor<3xf32> = #dlc.uniform<1.0, 0.0>
}

// -----

// uniform: lo == hi (the range is half-open)
dlc.model @m {
  // expected-error @+1 {{uniform initializer needs finite lo < hi, found [5.000000e-01, 5.000000e-01)}}
  dlc.param @p : tensor<3xf32> = #dlc.uniform<0.5, 0.5>
}

// -----

// uniform: an infinite bound
dlc.model @m {
  // expected-error @+1 {{uniform initializer needs finite lo < hi, found [0.000000e+00, INF)}}
  dlc.param @p : tensor<3xf32> = #dlc.uniform<0.0, 0x7FF0000000000000>
}

// -----

// normal: stddev 0
dlc.model @m {
  // expected-error @+1 {{normal initializer needs a finite mean and stddev > 0, found mean 0.000000e+00 and stddev 0.000000e+00}}
  dlc.param @p : tensor<3xf32> = #dlc.normal<mean = 0.0, stddev = 0.0>
}

// -----

// normal: a negative stddev
dlc.model @m {
  // expected-error @+1 {{normal initializer needs a finite mean and stddev > 0, found mean 0.000000e+00 and stddev -1.000000e+00}}
  dlc.param @p : tensor<3xf32> = #dlc.normal<stddev = -1.0>
}

// -----

// normal: a NaN mean
dlc.model @m {
  // expected-error @+1 {{normal initializer needs a finite mean and stddev > 0, found mean nan and stddev 5.000000e-02}}
  dlc.param @p : tensor<3xf32> = #dlc.normal<mean = 0x7FF8000000000000>
}

// -----

// orthogonal: a rank-1 parameter
dlc.model @m {
  // expected-error @+1 {{'dlc.param' op orthogonal initializer needs a tensor of rank at least 2, found 'tensor<3xf32>'}}
  dlc.param @p : tensor<3xf32> = #dlc.orthogonal
}

// -----

// orthogonal: a scalar parameter
dlc.model @m {
  // expected-error @+1 {{'dlc.param' op orthogonal initializer needs a tensor of rank at least 2, found 'tensor<f32>'}}
  dlc.param @p : tensor<f32> = #dlc.orthogonal<gain = 2.0>
}

// -----

// float hyperparameters are float literals: 0 is an integer
dlc.model @m {
  // expected-error @+3 {{unexpected decimal integer literal for a floating point value}}
  // expected-note @+2 {{add a trailing dot to make the literal a float}}
  // expected-error @+1 {{failed to parse DLC_UniformAttr parameter 'lo' which is to be a `::llvm::APFloat`}}
  dlc.param @p : tensor<3xf32> = #dlc.uniform<0, 1>
}

// -----

// an optimizer is not an initializer
dlc.model @m {
  // expected-error @+1 {{custom op 'dlc.param' invalid kind of attribute specified}}
  dlc.param @p : tensor<3xf32> = #dlc.adam
}

// -----

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

// sgd: lr 0
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{sgd lr must be in (0.000000e+00, inf), found 0.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 0.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// sgd: a negative lr
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{sgd lr must be in (0.000000e+00, inf), found -1.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = -1.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// sgd: an infinite lr
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{sgd lr must be in (0.000000e+00, inf), found INF}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 0x7FF0000000000000> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// sgd: momentum 1 (the range is [0, 1))
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{sgd momentum must be in [0.000000e+00, 1.000000e+00), found 1.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<momentum = 1.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// sgd: a negative momentum
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{sgd momentum must be in [0.000000e+00, 1.000000e+00), found -5.000000e-01}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<momentum = -0.5> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// sgd: nesterov without momentum
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{sgd nesterov needs a momentum > 0}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<nesterov = true> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// sgd: nesterov with an lr but still no momentum
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{sgd nesterov needs a momentum > 0}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<lr = 0.1, nesterov = true> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// sgd: nesterov is true or false
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+2 {{expected 'true' or 'false'}}
  // expected-error @+1 {{failed to parse DLC_SGDAttr parameter 'nesterov' which is to be a `bool`}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.sgd<nesterov = yes> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// adam: lr 0
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{adam lr must be in (0.000000e+00, inf), found 0.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.adam<lr = 0.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// adam: beta1 1 (the range is [0, 1))
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{adam beta1 must be in [0.000000e+00, 1.000000e+00), found 1.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.adam<beta1 = 1.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// adam: a negative beta1
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{adam beta1 must be in [0.000000e+00, 1.000000e+00), found -1.000000e-01}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.adam<beta1 = -0.1> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// adam: beta2 1
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{adam beta2 must be in [0.000000e+00, 1.000000e+00), found 1.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.adam<beta2 = 1.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// adam: epsilon 0
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{adam epsilon must be in (0.000000e+00, inf), found 0.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.adam<epsilon = 0.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// rmsprop: a negative lr
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{rmsprop lr must be in (0.000000e+00, inf), found -1.000000e-03}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.rmsprop<lr = -0.001> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// rmsprop: rho 1
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{rmsprop rho must be in [0.000000e+00, 1.000000e+00), found 1.000000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.rmsprop<rho = 1.0> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// rmsprop: momentum above 1
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{rmsprop momentum must be in [0.000000e+00, 1.000000e+00), found 1.500000e+00}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.rmsprop<momentum = 1.5> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

// rmsprop: a negative epsilon
dlc.model @m {
  dlc.param @p : tensor<3xf32> = #dlc.zeros
  // expected-error @+1 {{rmsprop epsilon must be in (0.000000e+00, inf), found -1.000000e-07}}
  dlc.train @t(%x: tensor<?x3xf32>) -> tensor<f32> optimizer #dlc.rmsprop<epsilon = -1.0e-07> params [@p] {
    %w = dlc.read @p : tensor<3xf32>
    %l = dlc.mean_squared_error %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
    dlc.minimize %l : tensor<f32>
  }
}

// -----

dlc.model @m {
  // expected-error @+1 {{orthogonal initializer needs a finite gain > 0, found -1}}
  dlc.param @w : tensor<3x3xf32> = #dlc.orthogonal<gain = -1.0>
}
