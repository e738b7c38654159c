// RUN: dlc-opt %s --dlc-gpu-serialize --split-input-file -verify-diagnostics

module attributes {gpu.container_module} {
  // expected-error @below {{has no targets: attach NVVM targets first}}
  gpu.module @kernels {
  }
}

// -----

module attributes {gpu.container_module} {
  // expected-error @below {{has a target that is not NVVM}}
  gpu.module @kernels [#rocdl.target<chip = "gfx90a">] {
  }
}
