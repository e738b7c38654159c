#!/usr/bin/env bash
# Configures (once) and builds dlc in build/ with clang-22, lld, ninja and
# ccache. Extra arguments go to `ninja` (for example a target name).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DLC_BUILD_DIR:-$root/build}
# Paths relative to the checkout in ccache's keys: another clone of the
# project (CI's) reuses the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=${DLC_BUILD_TYPE:-Release} \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld \
    -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    ${DLC_CMAKE_ARGS:-}
fi
cmake --build "$build" -- "$@"
