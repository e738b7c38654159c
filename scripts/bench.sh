#!/usr/bin/env bash
# Builds and runs the benchmarks single-threaded, pinned to one core.
# Extra arguments go to Google Benchmark (for example --benchmark_filter=Cnn).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" dlc-bench
build=${DLC_BUILD_DIR:-$root/build}
exec taskset -c 0 "$build/bin/dlc-bench" --benchmark_counters_tabular=true "$@"
