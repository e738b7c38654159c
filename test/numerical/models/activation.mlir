// dlc.activation of every kind on ranks 1 to 4, leaky_relu with Keras'
// default slope (0.2), alpha 0.1, 0 and 1.5, and softmax along the last axis
// (of size 37, 5 and 1, and along the batch axis of a rank-1 tensor).
dlc.model @activation {
  dlc.param @w : tensor<17x37xf32> = #dlc.glorot_uniform

  dlc.func @kinds(%x: tensor<?x37xf32>)
      -> (tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>,
          tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>) {
    %identity = dlc.activation identity %x : tensor<?x37xf32>
    %relu = dlc.activation relu %x : tensor<?x37xf32>
    %sigmoid = dlc.activation sigmoid %x : tensor<?x37xf32>
    %tanh = dlc.activation tanh %x : tensor<?x37xf32>
    %softmax = dlc.activation softmax %x : tensor<?x37xf32>
    %leaky = dlc.activation leaky_relu %x : tensor<?x37xf32>
    dlc.return %identity, %relu, %sigmoid, %tanh, %softmax, %leaky
        : tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>,
          tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>
  }

  dlc.func @leaky_relu(%x: tensor<?x37xf32>)
      -> (tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>,
          tensor<?x37xf32>) {
    %default = dlc.activation leaky_relu %x : tensor<?x37xf32>
    %tenth = dlc.activation leaky_relu %x {alpha = 0.1 : f64} : tensor<?x37xf32>
    %zero = dlc.activation leaky_relu %x {alpha = 0.0 : f64} : tensor<?x37xf32>
    %steep = dlc.activation leaky_relu %x {alpha = 1.5 : f64} : tensor<?x37xf32>
    dlc.return %default, %tenth, %zero, %steep
        : tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>, tensor<?x37xf32>
  }

  dlc.func @ranks(%v: tensor<?xf32>, %seq: tensor<?x5x3xf32>,
                  %img: tensor<?x13x17x5xf32>)
      -> (tensor<?xf32>, tensor<?xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>,
          tensor<?x13x17x5xf32>, tensor<?x13x17x5xf32>,
          tensor<?x13x17x5xf32>) {
    %vs = dlc.activation sigmoid %v : tensor<?xf32>
    %vsoft = dlc.activation softmax %v : tensor<?xf32>
    %st = dlc.activation tanh %seq : tensor<?x5x3xf32>
    %ssoft = dlc.activation softmax %seq : tensor<?x5x3xf32>
    %ir = dlc.activation relu %img : tensor<?x13x17x5xf32>
    %isoft = dlc.activation softmax %img : tensor<?x13x17x5xf32>
    %il = dlc.activation leaky_relu %img {alpha = 0.3 : f64}
        : tensor<?x13x17x5xf32>
    dlc.return %vs, %vsoft, %st, %ssoft, %ir, %isoft, %il
        : tensor<?xf32>, tensor<?xf32>, tensor<?x5x3xf32>, tensor<?x5x3xf32>,
          tensor<?x13x17x5xf32>, tensor<?x13x17x5xf32>, tensor<?x13x17x5xf32>
  }

  // Two dynamic axes (the test gives both the batch size).
  dlc.func @two_dynamic_axes(%x: tensor<?x?x5xf32>)
      -> (tensor<?x?x5xf32>, tensor<?x?x5xf32>, tensor<?x?x5xf32>) {
    %a = dlc.activation softmax %x : tensor<?x?x5xf32>
    %b = dlc.activation leaky_relu %x {alpha = 0.1 : f64} : tensor<?x?x5xf32>
    %c = dlc.mul %a, %b : tensor<?x?x5xf32>
    dlc.return %a, %b, %c : tensor<?x?x5xf32>, tensor<?x?x5xf32>, tensor<?x?x5xf32>
  }

  // Softmax over a class axis of size 1 is exactly 1.
  dlc.func @softmax_one(%x: tensor<?x1xf32>, %s: tensor<?x5x1xf32>)
      -> (tensor<?x1xf32>, tensor<?x5x1xf32>) {
    %a = dlc.activation softmax %x : tensor<?x1xf32>
    %b = dlc.activation softmax %s : tensor<?x5x1xf32>
    dlc.return %a, %b : tensor<?x1xf32>, tensor<?x5x1xf32>
  }

  // Chained activations after a layer whose outputs reach beyond +-1.
  dlc.func @chained(%x: tensor<?x17xf32>) -> (tensor<?x37xf32>, tensor<?x37xf32>) {
    %w = dlc.read @w : tensor<17x37xf32>
    %h = dlc.dense %x, %w : (tensor<?x17xf32>, tensor<17x37xf32>) -> tensor<?x37xf32>
    %l = dlc.activation leaky_relu %h {alpha = 0.01 : f64} : tensor<?x37xf32>
    %t = dlc.activation tanh %l : tensor<?x37xf32>
    %s = dlc.activation sigmoid %t : tensor<?x37xf32>
    %m = dlc.activation softmax %s : tensor<?x37xf32>
    %r = dlc.activation relu %h : tensor<?x37xf32>
    %i = dlc.activation identity %r : tensor<?x37xf32>
    dlc.return %m, %i : tensor<?x37xf32>, tensor<?x37xf32>
  }
}
