#!/usr/bin/env bash
# Data-parallel training's scaling figures (issue 13), reproducible with
# this one command: builds dlc-bench-parallel, runs the chapter CNN and
# autoencoder training steps on one thread (the fused step), on 2 threads,
# and under mpirun on 1 and 2 processes of one thread, and writes
# bench/PARALLEL.md naming the CPU. Needs MPI (scripts/setup.sh installs
# OpenMPI) and 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" dlc-bench-parallel
build=${DLC_BUILD_DIR:-$root/build}
bench=$build/bin/dlc-bench-parallel
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_btl=self,vader
mpirun=(mpirun --allow-run-as-root --oversubscribe --bind-to core)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
  taskset -c 0 "$bench" --fused
  taskset -c 0,1 "$bench" --threads 2
  "${mpirun[@]}" -np 1 "$bench"
  "${mpirun[@]}" -np 2 "$bench"
} | tee "$out"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
python3 - "$out" "$cpu" > "$root/bench/PARALLEL.md" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
print("# Data-parallel training: threads and processes\n")
print(f"Written by `scripts/bench-parallel.sh` on {sys.argv[2]} "
      "(2 cores). Training images/s of the chapter CNN and autoencoder, "
      "each global batch cut into one slice per worker; speedup against "
      "the fused step on one thread; the gradient block and the time of "
      "its allreduce alone (MPI on loopback, shared memory).\n")
print("| model | batch | workers | images/s | speedup | gradient block "
      "| allreduce |")
print("|---|---:|---|---:|---:|---:|---:|")
base = {}
for r in rows:
    key = (r["model"], r["batch"])
    if r["mode"] == "fused":
        base[key] = r["images_per_s"]
for r in rows:
    key = (r["model"], r["batch"])
    if r["mode"] == "fused":
        workers = "1 thread, fused step"
    elif r["processes"] == 1 and r["threads"] > 1:
        workers = f"{r['threads']} threads"
    else:
        workers = f"mpirun -np {r['processes']}"
    reduce = f"{r['allreduce_us']:.0f} µs" if r["processes"] > 1 else "-"
    print(f"| {r['model']} | {r['batch']} | {workers} | "
          f"{r['images_per_s']:,.0f} | {r['images_per_s'] / base[key]:.2f}x | "
          f"{r['gradient_bytes'] / 1024:.0f} KiB | {reduce} |")
PY
echo "wrote bench/PARALLEL.md"
