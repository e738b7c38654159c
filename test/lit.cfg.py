# The dlc lit suite: dialect round trips and diagnostics, passes, and the
# dlc driver on the chapter models.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "gpu", "integration", "numerical", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "reference"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_obj_root, "test")

import sys
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%examples", os.path.join(config.dlc_src_root, "examples")))

# Compiling kernels for NVIDIA GPUs needs the CUDA toolkit (ptxas,
# fatbinary, libdevice); no GPU.
cuda_root = next((os.environ[v] for v in ("CUDA_ROOT", "CUDA_HOME", "CUDA_PATH")
                  if os.environ.get(v)), "/usr/local/cuda")
if os.path.exists(os.path.join(cuda_root, "bin", "ptxas")):
    config.available_features.add("cuda-toolkit")

# Data parallelism across processes: OpenMPI's mpirun on this machine
# (as root in CI, oversubscribed, shared memory without cross-process reads).
if config.dlc_mpirun:
    config.available_features.add("mpi")
    config.substitutions.append(("%mpirun", config.dlc_mpirun +
        " --allow-run-as-root --oversubscribe"
        " --mca btl self,vader --mca btl_vader_single_copy_mechanism none"))

# Running lowered MLIR (mlir-runner) with its C support library.
config.substitutions.append(("%mlir_c_runner_utils", os.path.join(
    os.path.dirname(config.llvm_tools_dir), "lib", "libmlir_c_runner_utils.so")))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["dlc", "dlc-opt"], [config.dlc_tools_dir])
