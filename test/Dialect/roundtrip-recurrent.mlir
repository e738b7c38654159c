// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --mlir-print-op-generic | dlc-opt | FileCheck %s

// Round trip of dlc.simple_rnn, dlc.lstm and dlc.gru with every optional
// clause. Inputs are [batch, 13 steps, 3 features] (or a dynamic number of steps);
// the layers have 17 units, or 1. Clauses spelled with their default value
// (activation(tanh), recurrent_activation(sigmoid), reset_after = true) are
// elided when printed.

// CHECK-LABEL: dlc.model @recurrent
dlc.model @recurrent {
  // CHECK-LABEL: dlc.func @simple_rnn(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13x3xf32>, %[[K:[^:]*]]: tensor<3x17xf32>, %[[R:[^:]*]]: tensor<17x17xf32>, %[[B:[^:]*]]: tensor<17xf32>, %[[H:[^:]*]]: tensor<?x17xf32>, %[[T:[^:]*]]: tensor<?x?x3xf32>) {
  // CHECK-NEXT:  %[[PLAIN:.*]] = dlc.simple_rnn %[[X]], %[[K]], %[[R]] : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[BIAS:.*]] = dlc.simple_rnn %[[X]], %[[K]], %[[R]], %[[B]] : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[TANH:.*]] = dlc.simple_rnn %[[X]], %[[K]], %[[R]], %[[B]] : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[RELU:.*]] = dlc.simple_rnn %[[X]], %[[K]], %[[R]], %[[B]] activation(relu) : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[INIT:.*]] = dlc.simple_rnn %[[X]], %[[K]], %[[R]] initial(%[[H]]) : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<?x17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[SEQ:.*]] = dlc.simple_rnn %[[X]], %[[K]], %[[R]], %[[B]] return_sequences : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x13x17xf32>
  // CHECK-NEXT:  %[[ALL:.*]] = dlc.simple_rnn %[[X]], %[[K]], %[[R]], %[[B]] initial(%[[H]]) activation(sigmoid) return_sequences : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>, tensor<?x17xf32>) -> tensor<?x13x17xf32>
  // CHECK-NEXT:  %[[DYNAMIC_TIME:.*]] = dlc.simple_rnn %[[T]], %[[K]], %[[R]] return_sequences : (tensor<?x?x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>) -> tensor<?x?x17xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @simple_rnn(%x: tensor<?x13x3xf32>, %k: tensor<3x17xf32>, %r: tensor<17x17xf32>, %b: tensor<17xf32>, %h: tensor<?x17xf32>, %t: tensor<?x?x3xf32>) {
    %plain = dlc.simple_rnn %x, %k, %r : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>) -> tensor<?x17xf32>
    %bias = dlc.simple_rnn %x, %k, %r, %b : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x17xf32>
    %tanh = dlc.simple_rnn %x, %k, %r, %b activation(tanh) : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x17xf32>
    %relu = dlc.simple_rnn %x, %k, %r, %b activation(relu) : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x17xf32>
    %init = dlc.simple_rnn %x, %k, %r initial(%h) : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<?x17xf32>) -> tensor<?x17xf32>
    %seq = dlc.simple_rnn %x, %k, %r, %b return_sequences : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>) -> tensor<?x13x17xf32>
    %all = dlc.simple_rnn %x, %k, %r, %b initial(%h) activation(sigmoid) return_sequences : (tensor<?x13x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>, tensor<17xf32>, tensor<?x17xf32>) -> tensor<?x13x17xf32>
    %dynamic_time = dlc.simple_rnn %t, %k, %r return_sequences : (tensor<?x?x3xf32>, tensor<3x17xf32>, tensor<17x17xf32>) -> tensor<?x?x17xf32>
    dlc.return
  }

  // CHECK-LABEL: dlc.func @lstm(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13x3xf32>, %[[K:[^:]*]]: tensor<3x68xf32>, %[[R:[^:]*]]: tensor<17x68xf32>, %[[B:[^:]*]]: tensor<68xf32>, %[[H:[^:]*]]: tensor<?x17xf32>, %[[C:[^:]*]]: tensor<?x17xf32>, %[[X1:[^:]*]]: tensor<1x1x1xf32>, %[[K1:[^:]*]]: tensor<1x4xf32>, %[[R1:[^:]*]]: tensor<1x4xf32>) {
  // CHECK-NEXT:  %[[PLAIN:.*]] = dlc.lstm %[[X]], %[[K]], %[[R]] : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[BIAS:.*]] = dlc.lstm %[[X]], %[[K]], %[[R]], %[[B]] : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>, tensor<68xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[INIT:.*]] = dlc.lstm %[[X]], %[[K]], %[[R]], %[[B]] initial(%[[H]], %[[C]]) : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>, tensor<68xf32>, tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[ACTS:.*]] = dlc.lstm %[[X]], %[[K]], %[[R]] activation(relu) recurrent_activation(tanh) : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[SEQ:.*]] = dlc.lstm %[[X]], %[[K]], %[[R]] return_sequences : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x13x17xf32>
  // CHECK-NEXT:  %[[ALL:.*]] = dlc.lstm %[[X]], %[[K]], %[[R]], %[[B]] initial(%[[H]], %[[C]]) activation(sigmoid) recurrent_activation(identity) return_sequences : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>, tensor<68xf32>, tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<?x13x17xf32>
  // CHECK-NEXT:  %[[DEFAULTS:.*]] = dlc.lstm %[[X]], %[[K]], %[[R]] : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[ONE_UNIT:.*]] = dlc.lstm %[[X1]], %[[K1]], %[[R1]] : (tensor<1x1x1xf32>, tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x1xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @lstm(%x: tensor<?x13x3xf32>, %k: tensor<3x68xf32>, %r: tensor<17x68xf32>, %b: tensor<68xf32>, %h: tensor<?x17xf32>, %c: tensor<?x17xf32>, %x1: tensor<1x1x1xf32>, %k1: tensor<1x4xf32>, %r1: tensor<1x4xf32>) {
    %plain = dlc.lstm %x, %k, %r : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x17xf32>
    %bias = dlc.lstm %x, %k, %r, %b : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>, tensor<68xf32>) -> tensor<?x17xf32>
    %init = dlc.lstm %x, %k, %r, %b initial(%h, %c) : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>, tensor<68xf32>, tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<?x17xf32>
    %acts = dlc.lstm %x, %k, %r activation(relu) recurrent_activation(tanh) : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x17xf32>
    %seq = dlc.lstm %x, %k, %r return_sequences : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x13x17xf32>
    %all = dlc.lstm %x, %k, %r, %b initial(%h, %c) activation(sigmoid) recurrent_activation(identity) return_sequences : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>, tensor<68xf32>, tensor<?x17xf32>, tensor<?x17xf32>) -> tensor<?x13x17xf32>
    %defaults = dlc.lstm %x, %k, %r activation(tanh) recurrent_activation(sigmoid) : (tensor<?x13x3xf32>, tensor<3x68xf32>, tensor<17x68xf32>) -> tensor<?x17xf32>
    %one_unit = dlc.lstm %x1, %k1, %r1 : (tensor<1x1x1xf32>, tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x1xf32>
    dlc.return
  }

  // CHECK-LABEL: dlc.func @gru(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13x3xf32>, %[[K:[^:]*]]: tensor<3x51xf32>, %[[R:[^:]*]]: tensor<17x51xf32>, %[[B2:[^:]*]]: tensor<2x51xf32>, %[[B:[^:]*]]: tensor<51xf32>, %[[H:[^:]*]]: tensor<?x17xf32>) {
  // CHECK-NEXT:  %[[PLAIN:.*]] = dlc.gru %[[X]], %[[K]], %[[R]] : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[RESET_AFTER:.*]] = dlc.gru %[[X]], %[[K]], %[[R]], %[[B2]] : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<2x51xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[RESET_AFTER_SPELLED:.*]] = dlc.gru %[[X]], %[[K]], %[[R]], %[[B2]] : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<2x51xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[RESET_BEFORE:.*]] = dlc.gru %[[X]], %[[K]], %[[R]], %[[B]] {reset_after = false} : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<51xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[RESET_BEFORE_NO_BIAS:.*]] = dlc.gru %[[X]], %[[K]], %[[R]] {reset_after = false} : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[INIT:.*]] = dlc.gru %[[X]], %[[K]], %[[R]], %[[B2]] initial(%[[H]]) : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<2x51xf32>, tensor<?x17xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[ACTS:.*]] = dlc.gru %[[X]], %[[K]], %[[R]] activation(relu) : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>) -> tensor<?x17xf32>
  // CHECK-NEXT:  %[[ALL:.*]] = dlc.gru %[[X]], %[[K]], %[[R]], %[[B]] initial(%[[H]]) activation(leaky_relu) recurrent_activation(tanh) return_sequences {reset_after = false} : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<51xf32>, tensor<?x17xf32>) -> tensor<?x13x17xf32>
  // CHECK-NEXT:  dlc.return
  // CHECK-NEXT:  }
  dlc.func @gru(%x: tensor<?x13x3xf32>, %k: tensor<3x51xf32>, %r: tensor<17x51xf32>, %b2: tensor<2x51xf32>, %b: tensor<51xf32>, %h: tensor<?x17xf32>) {
    %plain = dlc.gru %x, %k, %r : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>) -> tensor<?x17xf32>
    %reset_after = dlc.gru %x, %k, %r, %b2 : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<2x51xf32>) -> tensor<?x17xf32>
    %reset_after_spelled = dlc.gru %x, %k, %r, %b2 {reset_after = true} : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<2x51xf32>) -> tensor<?x17xf32>
    %reset_before = dlc.gru %x, %k, %r, %b {reset_after = false} : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<51xf32>) -> tensor<?x17xf32>
    %reset_before_no_bias = dlc.gru %x, %k, %r {reset_after = false} : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>) -> tensor<?x17xf32>
    %init = dlc.gru %x, %k, %r, %b2 initial(%h) : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<2x51xf32>, tensor<?x17xf32>) -> tensor<?x17xf32>
    %acts = dlc.gru %x, %k, %r activation(relu) recurrent_activation(sigmoid) : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>) -> tensor<?x17xf32>
    %all = dlc.gru %x, %k, %r, %b initial(%h) activation(leaky_relu) recurrent_activation(tanh) return_sequences {reset_after = false} : (tensor<?x13x3xf32>, tensor<3x51xf32>, tensor<17x51xf32>, tensor<51xf32>, tensor<?x17xf32>) -> tensor<?x13x17xf32>
    dlc.return
  }

  // Stacked layers: a sequence-returning LSTM feeds a GRU, in f64.
  // CHECK-LABEL: dlc.func @stacked(
  // CHECK-SAME:  %[[X:[^:]*]]: tensor<?x13x3xf64>, %[[K1:[^:]*]]: tensor<3x68xf64>, %[[R1:[^:]*]]: tensor<17x68xf64>, %[[K2:[^:]*]]: tensor<17x3xf64>, %[[R2:[^:]*]]: tensor<1x3xf64>) -> tensor<?x1xf64> {
  // CHECK-NEXT:  %[[S:.*]] = dlc.lstm %[[X]], %[[K1]], %[[R1]] return_sequences : (tensor<?x13x3xf64>, tensor<3x68xf64>, tensor<17x68xf64>) -> tensor<?x13x17xf64>
  // CHECK-NEXT:  %[[Y:.*]] = dlc.gru %[[S]], %[[K2]], %[[R2]] : (tensor<?x13x17xf64>, tensor<17x3xf64>, tensor<1x3xf64>) -> tensor<?x1xf64>
  // CHECK-NEXT:  dlc.return %[[Y]] : tensor<?x1xf64>
  // CHECK-NEXT:  }
  dlc.func @stacked(%x: tensor<?x13x3xf64>, %k1: tensor<3x68xf64>, %r1: tensor<17x68xf64>, %k2: tensor<17x3xf64>, %r2: tensor<1x3xf64>) -> tensor<?x1xf64> {
    %s = dlc.lstm %x, %k1, %r1 return_sequences : (tensor<?x13x3xf64>, tensor<3x68xf64>, tensor<17x68xf64>) -> tensor<?x13x17xf64>
    %y = dlc.gru %s, %k2, %r2 : (tensor<?x13x17xf64>, tensor<17x3xf64>, tensor<1x3xf64>) -> tensor<?x1xf64>
    dlc.return %y : tensor<?x1xf64>
  }
  // CHECK-NEXT: }
}
