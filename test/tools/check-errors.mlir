// `dlc check` reports a bad model with its location and fails; it also
// reports files it cannot read and files without a model.

// RUN: not dlc check %s 2>&1 | FileCheck %s
// RUN: not dlc check %s.missing 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: echo "module {}" > %t.mlir && not dlc check %t.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not dlc check %examples/cnn/model.mlir --model nope 2>&1 | FileCheck %s --check-prefix=NAMED

// MISSING: dlc: error: cannot open input file '{{.*}}check-errors.mlir.missing'
// EMPTY: dlc: error: {{.*}}: no dlc.model in this file
// NAMED: dlc: error: {{.*}}: no dlc.model named 'nope'

dlc.model @broken {
  dlc.param @w : tensor<4x3xf32> = #dlc.glorot_uniform
  dlc.func @predict(%x: tensor<?x5xf32>) -> tensor<?x3xf32> {
    %w = dlc.read @w : tensor<4x3xf32>
    // CHECK: check-errors.mlir:[[@LINE+1]]:10: error: 'dlc.dense' op expects a kernel with 5 rows (the input's last axis), found tensor<4x3xf32>
    %y = dlc.dense %x, %w : (tensor<?x5xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
    dlc.return %y : tensor<?x3xf32>
  }
}
