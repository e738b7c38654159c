#!/usr/bin/env bash
# Builds and runs the benchmarks: the single-threaded ones pinned to one
# core, the thread-pool ones (BM_*Threads) to two, so that the 2-thread row
# has a second core to run on. Extra arguments go to Google Benchmark; with
# a --benchmark_filter of your own everything runs once, on one core.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" dlc-bench
build=${DLC_BUILD_DIR:-$root/build}
bench=("$build/bin/dlc-bench" --benchmark_counters_tabular=true)
for arg in "$@"; do
  case "$arg" in
  --benchmark_filter*) exec taskset -c 0 "${bench[@]}" "$@" ;;
  esac
done
taskset -c 0 "${bench[@]}" --benchmark_filter=-Threads "$@"
if [ "$(nproc)" -ge 2 ]; then
  exec taskset -c 0,1 "${bench[@]}" --benchmark_filter=Threads "$@"
fi
