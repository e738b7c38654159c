#!/usr/bin/env bash
# The main job: install what is missing, build dlc, and run it on every
# chapter model in examples/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${DLC_BUILD_DIR:-$root/build}

for model in "$root"/examples/*/model.mlir; do
  name=$(basename "$(dirname "$model")")
  echo "==> dlc check examples/$name/model.mlir"
  "$build/bin/dlc" check "$model"
  echo
done
