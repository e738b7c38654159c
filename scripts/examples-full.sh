#!/usr/bin/env bash
# Runs the example applications at the chapter's full length (--full) and
# checks their figures: each application exits non-zero when it misses them
# (see examples/<name>/README.md). Builds the applications first.
#   scripts/examples-full.sh [NAME...]   (default: every example below)
# Each example's pictures, histories, checkpoints and log (run.log) go to
# $DLC_EXAMPLES_OUT/<name> (default build/examples-full/<name>).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DLC_BUILD_DIR:-$root/build}
out=${DLC_EXAMPLES_OUT:-$build/examples-full}

# One function per example: its full run, writing into the folder $1.
example_perceptron() {
  "$build/bin/dlc-example-perceptron" --full --out "$1"
}
example_mlp() {
  "$build/bin/dlc-example-mlp" --full --out "$1"
}
example_cnn() {
  "$build/bin/dlc-example-cnn" --full --data "$("$root/scripts/fetch-mnist.sh")" \
    --out "$1"
}
example_rnn() {
  "$build/bin/dlc-example-rnn" --full --out "$1"
}
# The GAN's judge is the CNN of the cnn example's full run when this run
# made one, else a CNN the GAN example trains briefly itself.
example_gan() {
  local judge=()
  if [ -f "$out/cnn/cnn.ckpt" ]; then
    judge=(--judge "$out/cnn/cnn.ckpt")
  fi
  "$build/bin/dlc-example-gan" --full --data "$("$root/scripts/fetch-mnist.sh")" \
    "${judge[@]}" --out "$1"
}
example_autoencoder() {
  "$build/bin/dlc-example-autoencoder" --full \
    --data "$("$root/scripts/fetch-mnist.sh")" --out "$1"
}

# In chapter order, one a line.
examples=(
  perceptron
  mlp
  cnn
  rnn
  gan
  autoencoder
)
if [ $# -gt 0 ]; then
  examples=("$@")
fi
for name in "${examples[@]}"; do
  if ! declare -F "example_$name" > /dev/null; then
    echo "examples-full: no example '$name'" >&2
    exit 2
  fi
done
"$root/scripts/build.sh" "${examples[@]/#/dlc-example-}"

failed=()
summary=()
for name in "${examples[@]}"; do
  mkdir -p "$out/$name"
  echo "==> $name: full run into $out/$name"
  start=$SECONDS
  if "example_$name" "$out/$name" 2>&1 | tee "$out/$name/run.log"; then
    summary+=("$name: passed in $((SECONDS - start)) s")
  else
    summary+=("$name: FAILED after $((SECONDS - start)) s (see $out/$name/run.log)")
    failed+=("$name")
  fi
  echo
done
printf '%s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
