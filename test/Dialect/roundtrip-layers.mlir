// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of the layer ops: dlc.dense, dlc.conv2d, dlc.max_pool2d,
// dlc.avg_pool2d, dlc.flatten, dlc.reshape, dlc.concat, dlc.add, dlc.mul and
// dlc.activation, with every optional clause. Clauses spelled with their
// default value (activation(identity), padding(valid), strides and
// dilations [1, 1]) are elided when printed.

// CHECK-LABEL: dlc.model @layers
dlc.model @layers {
  // CHECK-LABEL: dlc.func @dense(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x17xf32>, %[[W:[^:]*]]: tensor<17x3xf32>, %[[B:[^:]*]]: tensor<3xf32>, %[[SEQ:[^:]*]]: tensor<?x13x17xf32>, %[[ONE:[^:]*]]: tensor<1x1xf32>, %[[K1:[^:]*]]: tensor<1x1xf32>, %[[B1:[^:]*]]: tensor<1xf32>) {
  // CHECK-NEXT:  %[[NO_BIAS:.*]] = dlc.dense %[[X]], %[[W]] : (tensor<?x17xf32>, tensor<17x3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[IDENTITY:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[RELU:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] activation(relu) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[SIGMOID:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] activation(sigmoid) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[TANH:.*]] = dlc.dense %[[X]], %[[W]] activation(tanh) : (tensor<?x17xf32>, tensor<17x3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[SOFTMAX:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] activation(softmax) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[LEAKY:.*]] = dlc.dense %[[X]], %[[W]], %[[B]] activation(leaky_relu) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK-NEXT:  %[[RANK3:.*]] = dlc.dense %[[SEQ]], %[[W]], %[[B]] activation(relu) : (tensor<?x13x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x13x3xf32>
  // CHECK-NEXT:  %[[STATIC:.*]] = dlc.dense %[[ONE]], %[[K1]], %[[B1]] : (tensor<1x1xf32>, tensor<1x1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @dense(%x: tensor<?x17xf32>, %w: tensor<17x3xf32>, %b: tensor<3xf32>, %seq: tensor<?x13x17xf32>, %one: tensor<1x1xf32>, %k1: tensor<1x1xf32>, %b1: tensor<1xf32>) {
    %no_bias = dlc.dense %x, %w : (tensor<?x17xf32>, tensor<17x3xf32>) -> tensor<?x3xf32>
    %identity = dlc.dense %x, %w, %b activation(identity) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %relu = dlc.dense %x, %w, %b activation(relu) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %sigmoid = dlc.dense %x, %w, %b activation(sigmoid) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %tanh = dlc.dense %x, %w activation(tanh) : (tensor<?x17xf32>, tensor<17x3xf32>) -> tensor<?x3xf32>
    %softmax = dlc.dense %x, %w, %b activation(softmax) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %leaky = dlc.dense %x, %w, %b activation(leaky_relu) : (tensor<?x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %rank3 = dlc.dense %seq, %w, %b activation(relu) : (tensor<?x13x17xf32>, tensor<17x3xf32>, tensor<3xf32>) -> tensor<?x13x3xf32>
    %static = dlc.dense %one, %k1, %b1 : (tensor<1x1xf32>, tensor<1x1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
    dlc.return
  }

  // CHECK-LABEL: dlc.func @conv2d(
  // CHECK-SAME:  %[[IMG:[^:]*]]: tensor<?x13x17x3xf32>, %[[K:[^:]*]]: tensor<3x3x3x1xf32>, %[[B:[^:]*]]: tensor<1xf32>, %[[K5:[^:]*]]: tensor<5x1x3x1xf32>) {
  // CHECK-NEXT:  %[[VALID:.*]] = dlc.conv2d %[[IMG]], %[[K]], %[[B]] : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x11x15x1xf32>
  // CHECK-NEXT:  %[[NO_BIAS:.*]] = dlc.conv2d %[[IMG]], %[[K]] activation(relu) : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>) -> tensor<?x11x15x1xf32>
  // CHECK-NEXT:  %[[STRIDED:.*]] = dlc.conv2d %[[IMG]], %[[K]], %[[B]] strides [2, 3] : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x6x5x1xf32>
  // CHECK-NEXT:  %[[DILATED:.*]] = dlc.conv2d %[[IMG]], %[[K]], %[[B]] dilations [2, 2] : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x9x13x1xf32>
  // CHECK-NEXT:  %[[SAME:.*]] = dlc.conv2d %[[IMG]], %[[K]], %[[B]] padding(same) activation(tanh) : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x13x17x1xf32>
  // CHECK-NEXT:  %[[ALL:.*]] = dlc.conv2d %[[IMG]], %[[K5]] strides [2, 2] dilations [1, 3] padding(same) activation(leaky_relu) : (tensor<?x13x17x3xf32>, tensor<5x1x3x1xf32>) -> tensor<?x7x9x1xf32>
  // CHECK-NEXT:  %[[DEFAULTS:.*]] = dlc.conv2d %[[IMG]], %[[K]], %[[B]] : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x11x15x1xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @conv2d(%img: tensor<?x13x17x3xf32>, %k: tensor<3x3x3x1xf32>, %b: tensor<1xf32>, %k5: tensor<5x1x3x1xf32>) {
    %valid = dlc.conv2d %img, %k, %b : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x11x15x1xf32>
    %no_bias = dlc.conv2d %img, %k activation(relu) : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>) -> tensor<?x11x15x1xf32>
    %strided = dlc.conv2d %img, %k, %b strides [2, 3] : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x6x5x1xf32>
    %dilated = dlc.conv2d %img, %k, %b dilations [2, 2] : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x9x13x1xf32>
    %same = dlc.conv2d %img, %k, %b padding(same) activation(tanh) : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x13x17x1xf32>
    %all = dlc.conv2d %img, %k5 strides [2, 2] dilations [1, 3] padding(same) activation(leaky_relu) : (tensor<?x13x17x3xf32>, tensor<5x1x3x1xf32>) -> tensor<?x7x9x1xf32>
    %defaults = dlc.conv2d %img, %k, %b strides [1, 1] dilations [1, 1] padding(valid) activation(identity) : (tensor<?x13x17x3xf32>, tensor<3x3x3x1xf32>, tensor<1xf32>) -> tensor<?x11x15x1xf32>
    dlc.return
  }

  // CHECK-LABEL: dlc.func @pooling(
  // CHECK-SAME:  %[[IMG:[^:]*]]: tensor<?x13x17x3xf32>) {
  // CHECK-NEXT:  %[[MAX:.*]] = dlc.max_pool2d %[[IMG]] size [2, 2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
  // CHECK-NEXT:  %[[MAX_STRIDED:.*]] = dlc.max_pool2d %[[IMG]] size [3, 3] strides [1, 2] : tensor<?x13x17x3xf32> -> tensor<?x11x8x3xf32>
  // CHECK-NEXT:  %[[MAX_SAME:.*]] = dlc.max_pool2d %[[IMG]] size [2, 2] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
  // CHECK-NEXT:  %[[MAX_ALL:.*]] = dlc.max_pool2d %[[IMG]] size [3, 1] strides [2, 1] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x7x17x3xf32>
  // CHECK-NEXT:  %[[AVG:.*]] = dlc.avg_pool2d %[[IMG]] size [13, 17] : tensor<?x13x17x3xf32> -> tensor<?x1x1x3xf32>
  // CHECK-NEXT:  %[[AVG_STRIDED:.*]] = dlc.avg_pool2d %[[IMG]] size [2, 3] strides [3, 2] : tensor<?x13x17x3xf32> -> tensor<?x4x8x3xf32>
  // CHECK-NEXT:  %[[AVG_SAME:.*]] = dlc.avg_pool2d %[[IMG]] size [3, 3] strides [2, 2] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
  // CHECK-NEXT:  %[[AVG_VALID:.*]] = dlc.avg_pool2d %[[IMG]] size [1, 1] : tensor<?x13x17x3xf32> -> tensor<?x13x17x3xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @pooling(%img: tensor<?x13x17x3xf32>) {
    %max = dlc.max_pool2d %img size [2, 2] : tensor<?x13x17x3xf32> -> tensor<?x6x8x3xf32>
    %max_strided = dlc.max_pool2d %img size [3, 3] strides [1, 2] : tensor<?x13x17x3xf32> -> tensor<?x11x8x3xf32>
    %max_same = dlc.max_pool2d %img size [2, 2] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    %max_all = dlc.max_pool2d %img size [3, 1] strides [2, 1] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x7x17x3xf32>
    %avg = dlc.avg_pool2d %img size [13, 17] : tensor<?x13x17x3xf32> -> tensor<?x1x1x3xf32>
    %avg_strided = dlc.avg_pool2d %img size [2, 3] strides [3, 2] : tensor<?x13x17x3xf32> -> tensor<?x4x8x3xf32>
    %avg_same = dlc.avg_pool2d %img size [3, 3] strides [2, 2] padding(same) : tensor<?x13x17x3xf32> -> tensor<?x7x9x3xf32>
    %avg_valid = dlc.avg_pool2d %img size [1, 1] padding(valid) : tensor<?x13x17x3xf32> -> tensor<?x13x17x3xf32>
    dlc.return
  }

  // CHECK-LABEL: dlc.func @shapes(
  // CHECK-SAME:  %[[IMG:[^:]*]]: tensor<?x13x17x3xf32>, %[[FLAT:[^:]*]]: tensor<?x663xf32>, %[[A:[^:]*]]: tensor<?x13x1xf32>, %[[B:[^:]*]]: tensor<?x13x3xf32>, %[[V:[^:]*]]: tensor<?xf32>) {
  // CHECK-NEXT:  %[[FLATTENED:.*]] = dlc.flatten %[[IMG]] : tensor<?x13x17x3xf32> -> tensor<?x663xf32>
  // CHECK-NEXT:  %[[FLAT2:.*]] = dlc.flatten %[[A]] : tensor<?x13x1xf32> -> tensor<?x13xf32>
  // CHECK-NEXT:  %[[IMAGE:.*]] = dlc.reshape %[[FLAT]] : tensor<?x663xf32> -> tensor<?x13x17x3xf32>
  // CHECK-NEXT:  %[[SEQ:.*]] = dlc.reshape %[[IMG]] : tensor<?x13x17x3xf32> -> tensor<?x221x3xf32>
  // CHECK-NEXT:  %[[SCALARS:.*]] = dlc.reshape %[[V]] : tensor<?xf32> -> tensor<?x1xf32>
  // CHECK-NEXT:  %[[CAT:.*]] = dlc.concat %[[A]], %[[B]] axis 2 : (tensor<?x13x1xf32>, tensor<?x13x3xf32>) -> tensor<?x13x4xf32>
  // CHECK-NEXT:  %[[CAT1:.*]] = dlc.concat %[[A]], %[[B]], %[[A]] axis 2 : (tensor<?x13x1xf32>, tensor<?x13x3xf32>, tensor<?x13x1xf32>) -> tensor<?x13x5xf32>
  // CHECK-NEXT:  %[[CAT_TIME:.*]] = dlc.concat %[[B]], %[[B]] axis 1 : (tensor<?x13x3xf32>, tensor<?x13x3xf32>) -> tensor<?x26x3xf32>
  // CHECK-NEXT:  %[[SINGLE:.*]] = dlc.concat %[[FLAT]] axis 1 : (tensor<?x663xf32>) -> tensor<?x663xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @shapes(%img: tensor<?x13x17x3xf32>, %flat: tensor<?x663xf32>, %a: tensor<?x13x1xf32>, %b: tensor<?x13x3xf32>, %v: tensor<?xf32>) {
    %flattened = dlc.flatten %img : tensor<?x13x17x3xf32> -> tensor<?x663xf32>
    %flat2 = dlc.flatten %a : tensor<?x13x1xf32> -> tensor<?x13xf32>
    %image = dlc.reshape %flat : tensor<?x663xf32> -> tensor<?x13x17x3xf32>
    %seq = dlc.reshape %img : tensor<?x13x17x3xf32> -> tensor<?x221x3xf32>
    %scalars = dlc.reshape %v : tensor<?xf32> -> tensor<?x1xf32>
    %cat = dlc.concat %a, %b axis 2 : (tensor<?x13x1xf32>, tensor<?x13x3xf32>) -> tensor<?x13x4xf32>
    %cat1 = dlc.concat %a, %b, %a axis 2 : (tensor<?x13x1xf32>, tensor<?x13x3xf32>, tensor<?x13x1xf32>) -> tensor<?x13x5xf32>
    %cat_time = dlc.concat %b, %b axis 1 : (tensor<?x13x3xf32>, tensor<?x13x3xf32>) -> tensor<?x26x3xf32>
    %single = dlc.concat %flat axis 1 : (tensor<?x663xf32>) -> tensor<?x663xf32>
    dlc.return
  }

  // CHECK-LABEL: dlc.func @elementwise(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x17xf32>, %[[Y:[^:]*]]: tensor<?x17xf32>, %[[S:[^:]*]]: tensor<f32>) {
  // CHECK-NEXT:  %[[SUM:.*]] = dlc.add %[[X]], %[[Y]] : tensor<?x17xf32>
  // CHECK-NEXT:  %[[PRODUCT:.*]] = dlc.mul %[[X]], %[[Y]] : tensor<?x17xf32>
  // CHECK-NEXT:  %[[SCALAR_SUM:.*]] = dlc.add %[[S]], %[[S]] : tensor<f32>
  // CHECK-NEXT:  %[[IDENTITY:.*]] = dlc.activation identity %[[X]] : tensor<?x17xf32>
  // CHECK-NEXT:  %[[RELU:.*]] = dlc.activation relu %[[X]] : tensor<?x17xf32>
  // CHECK-NEXT:  %[[SIGMOID:.*]] = dlc.activation sigmoid %[[X]] : tensor<?x17xf32>
  // CHECK-NEXT:  %[[TANH:.*]] = dlc.activation tanh %[[S]] : tensor<f32>
  // CHECK-NEXT:  %[[SOFTMAX:.*]] = dlc.activation softmax %[[X]] : tensor<?x17xf32>
  // CHECK-NEXT:  %[[LEAKY:.*]] = dlc.activation leaky_relu %[[X]] : tensor<?x17xf32>
  // CHECK-NEXT:  %[[LEAKY_ALPHA:.*]] = dlc.activation leaky_relu %[[X]] {alpha = 1.000000e-01 : f64} : tensor<?x17xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @elementwise(%x: tensor<?x17xf32>, %y: tensor<?x17xf32>, %s: tensor<f32>) {
    %sum = dlc.add %x, %y : tensor<?x17xf32>
    %product = dlc.mul %x, %y : tensor<?x17xf32>
    %scalar_sum = dlc.add %s, %s : tensor<f32>
    %identity = dlc.activation identity %x : tensor<?x17xf32>
    %relu = dlc.activation relu %x : tensor<?x17xf32>
    %sigmoid = dlc.activation sigmoid %x : tensor<?x17xf32>
    %tanh = dlc.activation tanh %s : tensor<f32>
    %softmax = dlc.activation softmax %x : tensor<?x17xf32>
    %leaky = dlc.activation leaky_relu %x : tensor<?x17xf32>
    %leaky_alpha = dlc.activation leaky_relu %x {alpha = 1.000000e-01 : f64} : tensor<?x17xf32>
    dlc.return
  }

  // Layers compose, and results flow to dlc.return.
  // CHECK-LABEL: dlc.func @composed(
  // CHECK-SAME:  %[[IMG:[^:]*]]: tensor<?x13x17x1xf64>, %[[K:[^:]*]]: tensor<3x3x1x3xf64>, %[[W:[^:]*]]: tensor<120x1xf64>) -> tensor<?x1xf64> {
  // CHECK-NEXT:  %[[C:.*]] = dlc.conv2d %[[IMG]], %[[K]] activation(relu) : (tensor<?x13x17x1xf64>, tensor<3x3x1x3xf64>) -> tensor<?x11x15x3xf64>
  // CHECK-NEXT:  %[[P:.*]] = dlc.max_pool2d %[[C]] size [2, 2] : tensor<?x11x15x3xf64> -> tensor<?x5x7x3xf64>
  // CHECK-NEXT:  %[[A:.*]] = dlc.avg_pool2d %[[P]] size [1, 2] strides [1, 2] padding(same) : tensor<?x5x7x3xf64> -> tensor<?x5x4x3xf64>
  // CHECK-NEXT:  %[[R:.*]] = dlc.reshape %[[A]] : tensor<?x5x4x3xf64> -> tensor<?x20x3xf64>
  // CHECK-NEXT:  %[[F:.*]] = dlc.flatten %[[R]] : tensor<?x20x3xf64> -> tensor<?x60xf64>
  // CHECK-NEXT:  %[[G:.*]] = dlc.reshape %[[F]] : tensor<?x60xf64> -> tensor<?x30x2xf64>
  // CHECK-NEXT:  %[[H:.*]] = dlc.flatten %[[G]] : tensor<?x30x2xf64> -> tensor<?x60xf64>
  // CHECK-NEXT:  %[[S:.*]] = dlc.add %[[F]], %[[H]] : tensor<?x60xf64>
  // CHECK-NEXT:  %[[CAT:.*]] = dlc.concat %[[S]], %[[F]] axis 1 : (tensor<?x60xf64>, tensor<?x60xf64>) -> tensor<?x120xf64>
  // CHECK-NEXT:  %[[Y:.*]] = dlc.dense %[[CAT]], %[[W]] activation(sigmoid) : (tensor<?x120xf64>, tensor<120x1xf64>) -> tensor<?x1xf64>
  // CHECK-NEXT:  %[[Z:.*]] = dlc.mul %[[Y]], %[[Y]] : tensor<?x1xf64>
  // CHECK-NEXT:  dlc.return %[[Z]] : tensor<?x1xf64>
  // CHECK-NEXT:  }
  dlc.func @composed(%img: tensor<?x13x17x1xf64>, %k: tensor<3x3x1x3xf64>, %w: tensor<120x1xf64>) -> tensor<?x1xf64> {
    %c = dlc.conv2d %img, %k activation(relu) : (tensor<?x13x17x1xf64>, tensor<3x3x1x3xf64>) -> tensor<?x11x15x3xf64>
    %p = dlc.max_pool2d %c size [2, 2] : tensor<?x11x15x3xf64> -> tensor<?x5x7x3xf64>
    %a = dlc.avg_pool2d %p size [1, 2] strides [1, 2] padding(same) : tensor<?x5x7x3xf64> -> tensor<?x5x4x3xf64>
    %r = dlc.reshape %a : tensor<?x5x4x3xf64> -> tensor<?x20x3xf64>
    %f = dlc.flatten %r : tensor<?x20x3xf64> -> tensor<?x60xf64>
    %g = dlc.reshape %f : tensor<?x60xf64> -> tensor<?x30x2xf64>
    %h = dlc.flatten %g : tensor<?x30x2xf64> -> tensor<?x60xf64>
    %s = dlc.add %f, %h : tensor<?x60xf64>
    %cat = dlc.concat %s, %f axis 1 : (tensor<?x60xf64>, tensor<?x60xf64>) -> tensor<?x120xf64>
    %y = dlc.dense %cat, %w activation(sigmoid) : (tensor<?x120xf64>, tensor<120x1xf64>) -> tensor<?x1xf64>
    %z = dlc.mul %y, %y : tensor<?x1xf64>
    dlc.return %z : tensor<?x1xf64>
  }
  // CHECK-NEXT: }
}
