// RUN: dlc-opt %s --dlc-order-constant-globals | FileCheck %s
// RUN: dlc-opt %s --dlc-order-constant-globals --dlc-order-constant-globals | FileCheck %s

// Private globals are sorted by type and contents and renamed in that order,
// whatever order and names bufferization gave them; uses follow; public
// globals keep their names.

// CHECK:      memref.global "private" constant @dlc_constant_0 : memref<2xf32> = dense<[1.000000e+00, 2.000000e+00]>
// CHECK-NEXT: memref.global "private" constant @dlc_constant_1 : memref<2xf32> = dense<[3.000000e+00, 4.000000e+00]>
// CHECK-NEXT: memref.global "private" constant @dlc_constant_2 : memref<3xf32> = dense<5.000000e-01>
// CHECK:      memref.global @kept : memref<2xf32> = dense<0.000000e+00>
// CHECK-LABEL: func.func @f(
// CHECK:        memref.get_global @dlc_constant_1 : memref<2xf32>
// CHECK:        memref.get_global @dlc_constant_2 : memref<3xf32>
// CHECK:        memref.get_global @dlc_constant_0 : memref<2xf32>
// CHECK:        memref.get_global @kept : memref<2xf32>

memref.global "private" constant @__constant_2xf32_0 : memref<2xf32> = dense<[3.0, 4.0]>
memref.global @kept : memref<2xf32> = dense<0.0>
memref.global "private" constant @__constant_3xf32 : memref<3xf32> = dense<0.5>
memref.global "private" constant @__constant_2xf32 : memref<2xf32> = dense<[1.0, 2.0]>

func.func @f() -> (memref<2xf32>, memref<3xf32>, memref<2xf32>, memref<2xf32>) {
  %a = memref.get_global @__constant_2xf32_0 : memref<2xf32>
  %b = memref.get_global @__constant_3xf32 : memref<3xf32>
  %c = memref.get_global @__constant_2xf32 : memref<2xf32>
  %d = memref.get_global @kept : memref<2xf32>
  return %a, %b, %c, %d : memref<2xf32>, memref<3xf32>, memref<2xf32>, memref<2xf32>
}
