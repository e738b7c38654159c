// The GPU pipeline on the chapter models: every entry point (training
// steps included) becomes host code in the LLVM dialect that launches
// kernels on the stream it takes last, and the kernels one fatbin
// (gpu.binary) with a cubin for sm_80 and sm_90 and sm_90's PTX.
// REQUIRES: cuda-toolkit
// RUN: dlc-opt %examples/mlp/model.mlir --dlc-gpu | FileCheck %s
// RUN: dlc-opt %examples/mlp/model.mlir --dlc-gpu --mlir-print-ir-before=dlc-gpu-serialize 2>&1 >/dev/null | FileCheck %s --check-prefix=TARGETS
// RUN: dlc-opt %examples/mlp/model.mlir --dlc-gpu=gpu-arch=sm_80 --mlir-print-ir-before=dlc-gpu-serialize 2>&1 >/dev/null | FileCheck %s --check-prefix=SM80
// RUN: dlc-opt %examples/cnn/model.mlir --dlc-gpu | FileCheck %s --check-prefix=ONLYHOST
// RUN: dlc-opt %examples/rnn/model.mlir --dlc-gpu | FileCheck %s --check-prefix=ONLYHOST

// CHECK:       gpu.binary @mlp_predict_kernel  [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx81", link = ["{{.*}}/nvvm/libdevice/libdevice.10.bc"]>, "
// CHECK-NOT:   gpu.binary
// CHECK:       llvm.func internal @mlp_train_step(
// CHECK-SAME:    %[[STREAM:[^:]*]]: !llvm.ptr) attributes
// CHECK:         gpu.launch_func <%[[STREAM]] : !llvm.ptr> @mlp_predict_kernel::@
// CHECK:       llvm.func @dlc_mlp_train_step_strided(

// TARGETS:     gpu.module @mlp_predict_kernel [#nvvm.target<O = 3, chip = "sm_80", features = "+ptx81", link = [{{.*}}]>, #nvvm.target<O = 3, chip = "sm_90", features = "+ptx81", link = [{{.*}}]>]
// TARGETS-NOT: gpu.module
// SM80:        gpu.module @{{.*}} [#nvvm.target<O = 3, chip = "sm_80", {{.*}}>] {

// Nothing but LLVM, the binary and the launches is left of the host code.
// ONLYHOST-NOT: {{ (linalg|memref|scf|arith|tensor|func|cf|math|vector|gpu\.launch |gpu\.module)\.}}
// ONLYHOST:     gpu.binary
// ONLYHOST-NOT: {{ (linalg|memref|scf|arith|tensor|func|cf|math|vector)\.}}
