#!/usr/bin/env bash
# The benchmark suite, with its peers in the same run: installs them
# (scripts/setup.sh bench), builds dlc-bench, and runs on one pinned core
#   - dlc-bench's layers and chapter models (medians of 5 repetitions), the
#     core's FMA peak measured by the same program;
#   - the chapter layers alone against oneDNN and OpenBLAS (one thread, in
#     the same program), the core's stream bandwidth;
#   - bench/pytorch_models.py, the same models in Debian's PyTorch with one
#     thread;
#   - the chapter models through the portable C++ dlc emits (dlc-bench-cpp),
#     and each model's compile time and object size;
# then the thread-pool rows on two cores, and writes bench/RESULTS.md
# (bench/report.py) naming the CPU.
#
# With arguments, they go to dlc-bench alone (for example
# --benchmark_filter=rnn), run once on one core, and no results file is
# written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" bench
"$root/scripts/build.sh" dlc dlc-bench dlc-bench-cpp
build=${DLC_BUILD_DIR:-$root/build}
# One thread for the peers too; OpenBLAS picks its kernels for this core
# (a CPU type or cache size forced elsewhere is unset for this command).
bench=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1
  OPENBLAS_NUM_THREADS=1 "$build/bin/dlc-bench"
  --benchmark_counters_tabular=true)
if [ $# -gt 0 ]; then
  exec taskset -c 0 "${bench[@]}" "$@"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
repeat=(--benchmark_repetitions=5 --benchmark_report_aggregates_only=true)
taskset -c 0 "${bench[@]}" --benchmark_filter=-threads "${repeat[@]}" \
  --benchmark_out="$out/dlc.json" --benchmark_out_format=json
echo "bench: the models through --emit=cpp"
taskset -c 0 "$build/bin/dlc-bench-cpp" --benchmark_filter=-threads \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/cpp.json" --benchmark_out_format=json >/dev/null
echo "bench: compile times and object sizes"
for model in perceptron mlp cnn autoencoder gan rnn; do
  start=$(date +%s.%N)
  taskset -c 0 "$build/bin/dlc" compile "$root/examples/$model/model.mlir" \
    -o "$out/$model.o" --header "$out/$model.h"
  end=$(date +%s.%N)
  echo "$model $start $end $(stat -c %s "$out/$model.o")"
done > "$out/compile.txt"
echo "bench: PyTorch, the same models (about 2 minutes)"
taskset -c 0 env OMP_NUM_THREADS=1 THREADS=1 \
  /usr/bin/python3 "$root/bench/pytorch_models.py" > "$out/torch.json"
threads=()
if [ "$(nproc)" -ge 2 ]; then
  taskset -c 0,1 "${bench[@]}" --benchmark_filter=threads "${repeat[@]}" \
    --benchmark_out="$out/threads.json" --benchmark_out_format=json
  threads=(--threads "$out/threads.json")
fi
python3 "$root/bench/report.py" --dlc "$out/dlc.json" \
  --torch "$out/torch.json" --cpp "$out/cpp.json" \
  --compile "$out/compile.txt" "${threads[@]}" --out "$root/bench/RESULTS.md"
