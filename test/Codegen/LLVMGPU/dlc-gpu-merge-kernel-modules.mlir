// RUN: dlc-opt %s --dlc-gpu-merge-kernel-modules | FileCheck %s

// Two outlined kernels in one module, the launches pointed at it.
// CHECK:       gpu.module @first {
// CHECK:         gpu.func @first
// CHECK:         gpu.func @second
// CHECK:       }
// CHECK-NOT:   gpu.module
// CHECK:       func.func @f
// CHECK:         gpu.launch_func @first::@first
// CHECK:         gpu.launch_func @first::@second
module attributes {gpu.container_module} {
  gpu.module @first {
    gpu.func @first() kernel { gpu.return }
  }
  gpu.module @second {
    gpu.func @second() kernel { gpu.return }
  }
  func.func @f() {
    %c1 = arith.constant 1 : index
    gpu.launch_func @first::@first blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @second::@second blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    return
  }
}
