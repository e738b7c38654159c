#!/usr/bin/env bash
# Install what is missing, build dlc, and run every test: the lit suite and
# the unit tests, through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
# The examples' short-mode tests train on MNIST.
"$root/scripts/fetch-mnist.sh" > /dev/null
build=${DLC_BUILD_DIR:-$root/build}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
