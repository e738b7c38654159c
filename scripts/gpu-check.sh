#!/usr/bin/env bash
# The GPU checks of dlc's CUDA target, in two halves.
#
#   scripts/gpu-check.sh --prepare
#       Here, on a machine with the toolchain (no GPU needed): builds the GPU
#       programs and gathers them, the shared libraries they need beyond
#       glibc, and a slice of MNIST (10,000 training and 2,000 test images)
#       into build/gpu-check, about 25 MiB to carry to the GPU machine.
#
#   scripts/gpu-check.sh
#       On the GPU machine, from the repository root with build/gpu-check
#       carried (it has CUDA's driver, PyTorch, no LLVM): checks that the
#       programs start; compares every entry point of every chapter model on
#       the GPU with the CPU (dlc-gpu-check); trains XOR through the CUDA
#       class with fit and checkpoints (dlc-integration-xor-cuda); runs the
#       perceptron and MLP examples and, for 2 epochs of the MNIST slice, the
#       CNN and autoencoder examples with --device cuda; times the
#       CNN's training and inference on the GPU and the CPU, and PyTorch's
#       (eager and torch.compile) on the same GPU. Everything goes into
#       $OUT/gpu-check.md (build/gpu-check/results.md without $OUT), with
#       the GPU, the driver and the date. Under 5 minutes on an H100/H200.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DLC_BUILD_DIR:-$root/build}
pack=$build/gpu-check
programs=(dlc-gpu-check dlc-integration-xor-cuda dlc-example-perceptron
  dlc-example-mlp dlc-example-cnn dlc-example-autoencoder)

if [ "${1:-}" = "--prepare" ]; then
  set -e
  "$root/scripts/build.sh" "${programs[@]}"
  "$root/scripts/fetch-mnist.sh" > /dev/null
  rm -rf "$pack"
  mkdir -p "$pack/bin" "$pack/lib" "$pack/mnist"
  for program in "${programs[@]}"; do
    cp "$build/bin/$program" "$pack/bin/"
    # The libraries beyond glibc (whose version the GPU machine must have).
    ldd "$build/bin/$program" | awk '/=>/ {print $3}' |
      grep -v -E '/(libc|libm|libdl|libpthread|librt|ld-linux[^/]*)\.so' |
      xargs -r -I{} cp -L -n {} "$pack/lib/"
  done
  python3 - "$root/data/mnist" "$pack/mnist" <<'EOF'
import struct, sys
source, target = sys.argv[1], sys.argv[2]
for prefix, count in (("train", 10000), ("t10k", 2000)):
    for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
        with open(f"{source}/{prefix}-{kind}", "rb") as f:
            data = f.read()
        magic, = struct.unpack(">I", data[:4])
        dims = magic & 0xff
        shape = list(struct.unpack(f">{dims}I", data[4:4 + 4 * dims]))
        sample = 1
        for size in shape[1:]:
            sample *= size
        shape[0] = count
        header = struct.pack(">I", magic) + struct.pack(f">{dims}I", *shape)
        body = data[4 + 4 * dims:4 + 4 * dims + count * sample]
        with open(f"{target}/{prefix}-{kind}", "wb") as f:
            f.write(header + body)
EOF
  du -sh "$pack"
  exit 0
fi

out=${OUT:-$pack}
report=$out/gpu-check.md
[ -n "${OUT:-}" ] || report=$pack/results.md
mkdir -p "$out"
export LD_LIBRARY_PATH=$pack/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
status=0
{
  echo "# dlc GPU check, $(date -u +%Y-%m-%d)"
  echo
  echo '```'
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1
  echo '```'
} > "$report"

# step NAME COMMAND...: runs it with a time limit, its output into the
# report; a failure is recorded and the next step runs.
step() {
  local name=$1
  shift
  echo "== $name"
  {
    echo
    echo "## $name"
    echo
    echo '```'
  } >> "$report"
  timeout 240 "$@" 2>&1 | tee -a "$report.tmp"
  local code=${PIPESTATUS[0]}
  cat "$report.tmp" >> "$report"
  rm -f "$report.tmp"
  echo "exit $code" >> "$report"
  echo '```' >> "$report"
  [ "$code" -eq 0 ] || status=1
}

for program in "${programs[@]}"; do
  step "$program starts" "$pack/bin/$program" --help
done
step "every entry point on the GPU against the CPU; CNN throughput and launches per training step" \
  "$pack/bin/dlc-gpu-check" --bench
step "XOR through the CUDA class (predict, training, fit, checkpoints)" \
  "$pack/bin/dlc-integration-xor-cuda"
step "the CNN example on the GPU, 2 epochs of the MNIST slice" \
  "$pack/bin/dlc-example-cnn" --device cuda --epochs 2 \
  --data "$pack/mnist" --out "$out/cnn"
step "the perceptron example on the GPU" \
  "$pack/bin/dlc-example-perceptron" --device cuda --out "$out/perceptron"
step "the MLP example on the GPU" \
  "$pack/bin/dlc-example-mlp" --device cuda --out "$out/mlp"
step "the autoencoder example on the GPU, 2 epochs of the MNIST slice" \
  "$pack/bin/dlc-example-autoencoder" --device cuda --epochs 2 \
  --data "$pack/mnist" --out "$out/autoencoder"
step "PyTorch on the same GPU" python3 "$root/scripts/gpu-bench-pytorch.py"
echo "report: $report"
exit $status
