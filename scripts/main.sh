#!/usr/bin/env bash
# The main job: install what is missing, build dlc, and run it on every
# chapter model in examples/: check (summary and memory plan), then compile
# each to an object file and a C++ header under build/examples/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${DLC_BUILD_DIR:-$root/build}

mkdir -p "$build/examples"
for model in "$root"/examples/*/model.mlir; do
  name=$(basename "$(dirname "$model")")
  echo "==> dlc check examples/$name/model.mlir"
  "$build/bin/dlc" check "$model"
  echo "==> dlc compile examples/$name/model.mlir"
  "$build/bin/dlc" compile "$model" -o "$build/examples/$name.o" \
    --header "$build/examples/$name.h"
  ls -l "$build/examples/$name.o" "$build/examples/$name.h"
  echo
done
