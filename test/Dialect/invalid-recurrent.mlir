// RUN: dlc-opt %s -split-input-file -verify-diagnostics

// Errors of dlc.simple_rnn, dlc.lstm and dlc.gru (dialects/dlc/Recurrent.cpp).
// Inputs are [batch, 17 steps, 3 features]; the layers have 4 units.

// simple_rnn: input of rank 2
dlc.model @m {
  dlc.func @f(%x: tensor<?x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects input of rank 3, found tensor<?x3xf32>}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: dynamic feature axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x?x?xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects input to be static except for the batch and time axes, found tensor<?x?x?xf32> (axis 2 is dynamic)}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x?x?xf32>, tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: recurrent kernel of rank 3
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<1x4x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects recurrent_kernel of rank 2, found tensor<1x4x4xf32>}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<1x4x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: recurrent kernel that is not [units, units]
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x5xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects recurrent_kernel of shape 4x4, found tensor<4x5xf32>}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: kernel rows do not match the input's features
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<1x4xf32>, %r: tensor<4x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects kernel of shape 3x4, found tensor<1x4xf32>}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x17x3xf32>, tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: bias of the wrong shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>, %b: tensor<3xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects bias of shape 4, found tensor<3xf32>}}
    %y = dlc.simple_rnn %x, %k, %r, %b : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<3xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: two initial states
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>, %h: tensor<?x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects 1 initial state tensor or none, found 2}}
    %y = dlc.simple_rnn %x, %k, %r initial(%h, %h) : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: initial state of the wrong shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>, %h: tensor<?x3xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects initial state #0 of shape ?x4, found tensor<?x3xf32>}}
    %y = dlc.simple_rnn %x, %k, %r initial(%h) : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<?x3xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: initial state with a static batch axis
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>, %h: tensor<1x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects initial state #0 of shape ?x4, found tensor<1x4xf32>}}
    %y = dlc.simple_rnn %x, %k, %r initial(%h) : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: sequence result without return_sequences
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects result of shape ?x4, found tensor<?x17x4xf32>}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<?x17x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: last-step result with return_sequences
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects result of shape ?x17x4, found tensor<?x4xf32>}}
    %y = dlc.simple_rnn %x, %k, %r return_sequences : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: mixed f32 and f64
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf64>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects one float element type, found 'f32' and 'f64' (operand #2)}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x4xf32>, tensor<4x4xf64>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: recurrent kernel with one gate block instead of four
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x4xf32>) {
    // expected-error @+1 {{'dlc.lstm' op expects recurrent_kernel of shape 4x16, found tensor<4x4xf32>}}
    %y = dlc.lstm %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x16xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: kernel with three gate blocks instead of four
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x16xf32>) {
    // expected-error @+1 {{'dlc.lstm' op expects kernel of shape 3x16, found tensor<3x12xf32>}}
    %y = dlc.lstm %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x16xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: bias of the wrong shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %b: tensor<4xf32>) {
    // expected-error @+1 {{'dlc.lstm' op expects bias of shape 16, found tensor<4xf32>}}
    %y = dlc.lstm %x, %k, %r, %b : (tensor<?x17x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: one initial state (it takes h and c)
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %h: tensor<?x4xf32>) {
    // expected-error @+1 {{'dlc.lstm' op expects 2 initial state tensors or none, found 1}}
    %y = dlc.lstm %x, %k, %r initial(%h) : (tensor<?x17x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: three initial states
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %h: tensor<?x4xf32>) {
    // expected-error @+1 {{'dlc.lstm' op expects 2 initial state tensors or none, found 3}}
    %y = dlc.lstm %x, %k, %r initial(%h, %h, %h) : (tensor<?x17x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: second initial state of the wrong shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>, %h: tensor<?x4xf32>, %c: tensor<?x16xf32>) {
    // expected-error @+1 {{'dlc.lstm' op expects initial state #1 of shape ?x4, found tensor<?x16xf32>}}
    %y = dlc.lstm %x, %k, %r initial(%h, %c) : (tensor<?x17x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>, tensor<?x4xf32>, tensor<?x16xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: wrong result shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x16xf32>, %r: tensor<4x16xf32>) {
    // expected-error @+1 {{'dlc.lstm' op expects result of shape ?x17x4, found tensor<?x16x4xf32>}}
    %y = dlc.lstm %x, %k, %r return_sequences : (tensor<?x17x3xf32>, tensor<3x16xf32>, tensor<4x16xf32>) -> tensor<?x16x4xf32>
    dlc.return
  }
}

// -----

// gru: recurrent kernel with four gate blocks instead of three
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x16xf32>) {
    // expected-error @+1 {{'dlc.gru' op expects recurrent_kernel of shape 4x12, found tensor<4x16xf32>}}
    %y = dlc.gru %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x16xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// gru: kernel of the wrong shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<12x3xf32>, %r: tensor<4x12xf32>) {
    // expected-error @+1 {{'dlc.gru' op expects kernel of shape 3x12, found tensor<12x3xf32>}}
    %y = dlc.gru %x, %k, %r : (tensor<?x17x3xf32>, tensor<12x3xf32>, tensor<4x12xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// gru: reset_after (the default) takes a [2, 3 * units] bias
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>, %b: tensor<12xf32>) {
    // expected-error @+1 {{'dlc.gru' op expects bias of shape 2x12, found tensor<12xf32>}}
    %y = dlc.gru %x, %k, %r, %b : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<12xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// gru: reset_after = false takes a [3 * units] bias
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>, %b: tensor<2x12xf32>) {
    // expected-error @+1 {{'dlc.gru' op expects bias of shape 12, found tensor<2x12xf32>}}
    %y = dlc.gru %x, %k, %r, %b {reset_after = false} : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<2x12xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// gru: two initial states
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>, %h: tensor<?x4xf32>) {
    // expected-error @+1 {{'dlc.gru' op expects 1 initial state tensor or none, found 2}}
    %y = dlc.gru %x, %k, %r initial(%h, %h) : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>, tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// gru: wrong result shape
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>) {
    // expected-error @+1 {{'dlc.gru' op expects result of shape ?x4, found tensor<?x12xf32>}}
    %y = dlc.gru %x, %k, %r : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>) -> tensor<?x12xf32>
    dlc.return
  }
}

// -----

// gru: an integer reset_after
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>) {
    // expected-error @+1 {{custom op 'dlc.gru' 'dlc.gru' op attribute 'reset_after' failed to satisfy constraint: bool attribute}}
    %y = dlc.gru %x, %k, %r {reset_after = 0 : i32} : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// gru: an unknown recurrent activation
dlc.model @m {
  dlc.func @f(%x: tensor<?x17x3xf32>, %k: tensor<3x12xf32>, %r: tensor<4x12xf32>) {
    // expected-error @+1 {{custom op 'dlc.gru' expected string or keyword containing one of the following enum values for attribute 'recurrent_activation' [identity, relu, sigmoid, tanh, softmax, leaky_relu]}}
    %y = dlc.gru %x, %k, %r recurrent_activation(hard_sigmoid) : (tensor<?x17x3xf32>, tensor<3x12xf32>, tensor<4x12xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// simple_rnn: softmax as the cell activation
dlc.model @m {
  dlc.func @f(%x: tensor<?x5x3xf32>, %k: tensor<3x4xf32>, %r: tensor<4x4xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op cannot use softmax as a cell activation}}
    %y = dlc.simple_rnn %x, %k, %r activation(softmax) : (tensor<?x5x3xf32>, tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    dlc.return
  }
}

// -----

// lstm: softmax as the gate activation
dlc.model @m {
  dlc.func @f(%x: tensor<?x5x3xf32>, %k: tensor<3x8xf32>, %r: tensor<2x8xf32>) {
    // expected-error @+1 {{'dlc.lstm' op cannot use softmax as a recurrent (gate) activation}}
    %y = dlc.lstm %x, %k, %r recurrent_activation(softmax) : (tensor<?x5x3xf32>, tensor<3x8xf32>, tensor<2x8xf32>) -> tensor<?x2xf32>
    dlc.return
  }
}

// -----

// simple_rnn: a recurrent kernel with dynamic axes
dlc.model @m {
  dlc.func @f(%x: tensor<?x5x3xf32>, %k: tensor<3x?xf32>, %r: tensor<?x?xf32>) {
    // expected-error @+1 {{'dlc.simple_rnn' op expects recurrent_kernel to be static, found tensor<?x?xf32> (axis 0 is dynamic)}}
    %y = dlc.simple_rnn %x, %k, %r : (tensor<?x5x3xf32>, tensor<3x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
    dlc.return
  }
}
