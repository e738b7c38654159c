// dlc.flatten, dlc.reshape (to and from rank 1), dlc.concat on axis 1 and on
// the last axis (of two and three inputs, and of one), dlc.add and dlc.mul
// on ranks 1 to 4, alone and between layers.
dlc.model @shape {
  dlc.param @w : tensor<6x11xf32> = #dlc.glorot_uniform
  dlc.param @v : tensor<6xf32> = #dlc.uniform<-1.0, 1.0>

  dlc.func @flatten(%img: tensor<?x13x17x3xf32>, %seq: tensor<?x5x7xf32>,
                    %one: tensor<?x1x1xf32>)
      -> (tensor<?x663xf32>, tensor<?x35xf32>, tensor<?x1xf32>) {
    %f = dlc.flatten %img : tensor<?x13x17x3xf32> -> tensor<?x663xf32>
    %g = dlc.flatten %seq : tensor<?x5x7xf32> -> tensor<?x35xf32>
    %h = dlc.flatten %one : tensor<?x1x1xf32> -> tensor<?x1xf32>
    dlc.return %f, %g, %h : tensor<?x663xf32>, tensor<?x35xf32>, tensor<?x1xf32>
  }

  dlc.func @reshape(%x: tensor<?x6xf32>, %y: tensor<?x2x3xf32>,
                    %img: tensor<?x13x17x3xf32>)
      -> (tensor<?x2x3xf32>, tensor<?x6xf32>, tensor<?x3x2x1xf32>,
          tensor<?x17x39xf32>, tensor<?x3x13x17xf32>) {
    %a = dlc.reshape %x : tensor<?x6xf32> -> tensor<?x2x3xf32>
    %b = dlc.reshape %y : tensor<?x2x3xf32> -> tensor<?x6xf32>
    %c = dlc.reshape %y : tensor<?x2x3xf32> -> tensor<?x3x2x1xf32>
    %d = dlc.reshape %img : tensor<?x13x17x3xf32> -> tensor<?x17x39xf32>
    %e = dlc.reshape %img : tensor<?x13x17x3xf32> -> tensor<?x3x13x17xf32>
    dlc.return %a, %b, %c, %d, %e
        : tensor<?x2x3xf32>, tensor<?x6xf32>, tensor<?x3x2x1xf32>,
          tensor<?x17x39xf32>, tensor<?x3x13x17xf32>
  }

  // Rank 1 in and out: a [?] vector becomes [?, 1] and back.
  dlc.func @reshape_rank1(%v: tensor<?xf32>, %col: tensor<?x1xf32>,
                          %cube: tensor<?x1x1xf32>)
      -> (tensor<?x1xf32>, tensor<?x1x1xf32>, tensor<?xf32>, tensor<?xf32>) {
    %a = dlc.reshape %v : tensor<?xf32> -> tensor<?x1xf32>
    %b = dlc.reshape %v : tensor<?xf32> -> tensor<?x1x1xf32>
    %c = dlc.reshape %col : tensor<?x1xf32> -> tensor<?xf32>
    %d = dlc.reshape %cube : tensor<?x1x1xf32> -> tensor<?xf32>
    dlc.return %a, %b, %c, %d
        : tensor<?x1xf32>, tensor<?x1x1xf32>, tensor<?xf32>, tensor<?xf32>
  }

  dlc.func @concat(%a: tensor<?x6xf32>, %b: tensor<?x5xf32>,
                   %p: tensor<?x2x3xf32>, %q: tensor<?x4x3xf32>,
                   %r: tensor<?x2x5xf32>, %img: tensor<?x13x17x3xf32>,
                   %mask: tensor<?x13x17x1xf32>)
      -> (tensor<?x11xf32>, tensor<?x17xf32>, tensor<?x6x3xf32>,
          tensor<?x2x8xf32>, tensor<?x13x17x4xf32>, tensor<?x26x17x3xf32>,
          tensor<?x13x34x3xf32>, tensor<?x6xf32>) {
    %ab = dlc.concat %a, %b axis 1
        : (tensor<?x6xf32>, tensor<?x5xf32>) -> tensor<?x11xf32>
    %aba = dlc.concat %a, %b, %a axis 1
        : (tensor<?x6xf32>, tensor<?x5xf32>, tensor<?x6xf32>) -> tensor<?x17xf32>
    %pq = dlc.concat %p, %q axis 1
        : (tensor<?x2x3xf32>, tensor<?x4x3xf32>) -> tensor<?x6x3xf32>
    %pr = dlc.concat %p, %r axis 2
        : (tensor<?x2x3xf32>, tensor<?x2x5xf32>) -> tensor<?x2x8xf32>
    %channels = dlc.concat %img, %mask axis 3
        : (tensor<?x13x17x3xf32>, tensor<?x13x17x1xf32>) -> tensor<?x13x17x4xf32>
    %rows = dlc.concat %img, %img axis 1
        : (tensor<?x13x17x3xf32>, tensor<?x13x17x3xf32>) -> tensor<?x26x17x3xf32>
    %cols = dlc.concat %img, %img axis 2
        : (tensor<?x13x17x3xf32>, tensor<?x13x17x3xf32>) -> tensor<?x13x34x3xf32>
    %single = dlc.concat %a axis 1 : (tensor<?x6xf32>) -> tensor<?x6xf32>
    dlc.return %ab, %aba, %pq, %pr, %channels, %rows, %cols, %single
        : tensor<?x11xf32>, tensor<?x17xf32>, tensor<?x6x3xf32>,
          tensor<?x2x8xf32>, tensor<?x13x17x4xf32>, tensor<?x26x17x3xf32>,
          tensor<?x13x34x3xf32>, tensor<?x6xf32>
  }

  dlc.func @elementwise(%a: tensor<?x6xf32>, %b: tensor<?x6xf32>,
                        %u: tensor<?xf32>, %v: tensor<?xf32>,
                        %img: tensor<?x13x17x3xf32>, %seq: tensor<?x2x3xf32>)
      -> (tensor<?x6xf32>, tensor<?x6xf32>, tensor<?xf32>, tensor<?xf32>,
          tensor<?x13x17x3xf32>, tensor<?x13x17x3xf32>, tensor<?x2x3xf32>,
          tensor<6xf32>) {
    %sum = dlc.add %a, %b : tensor<?x6xf32>
    %product = dlc.mul %a, %b : tensor<?x6xf32>
    %sum1 = dlc.add %u, %v : tensor<?xf32>
    %square1 = dlc.mul %u, %u : tensor<?xf32>
    %double = dlc.add %img, %img : tensor<?x13x17x3xf32>
    %square = dlc.mul %img, %img : tensor<?x13x17x3xf32>
    %s = dlc.mul %seq, %seq : tensor<?x2x3xf32>
    %t = dlc.add %s, %seq : tensor<?x2x3xf32>
    %p = dlc.read @v : tensor<6xf32>
    %pp = dlc.mul %p, %p : tensor<6xf32>
    %ppp = dlc.add %pp, %p : tensor<6xf32>
    dlc.return %sum, %product, %sum1, %square1, %double, %square, %t, %ppp
        : tensor<?x6xf32>, tensor<?x6xf32>, tensor<?xf32>, tensor<?xf32>,
          tensor<?x13x17x3xf32>, tensor<?x13x17x3xf32>, tensor<?x2x3xf32>,
          tensor<6xf32>
  }

  // Shape ops between layers: reshape -> dense -> concat -> add/mul ->
  // flatten.
  dlc.func @mixed(%x: tensor<?x2x3xf32>, %y: tensor<?x5xf32>)
      -> (tensor<?x16xf32>, tensor<?x2x8xf32>) {
    %flat = dlc.reshape %x : tensor<?x2x3xf32> -> tensor<?x6xf32>
    %w = dlc.read @w : tensor<6x11xf32>
    %h = dlc.dense %flat, %w activation(tanh)
        : (tensor<?x6xf32>, tensor<6x11xf32>) -> tensor<?x11xf32>
    %cat = dlc.concat %h, %y axis 1
        : (tensor<?x11xf32>, tensor<?x5xf32>) -> tensor<?x16xf32>
    %sq = dlc.mul %cat, %cat : tensor<?x16xf32>
    %out = dlc.add %sq, %cat : tensor<?x16xf32>
    %grid = dlc.reshape %out : tensor<?x16xf32> -> tensor<?x2x8xf32>
    dlc.return %out, %grid : tensor<?x16xf32>, tensor<?x2x8xf32>
  }
}
