#!/usr/bin/env bash
# The main job: install what is missing, build dlc and the example
# applications, check and compile every chapter model, then run the six
# examples with their default settings: each trains its compiled model,
# evaluates it, saves and reloads a checkpoint and writes its pictures,
# histories and checkpoints under build/examples/<name>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${DLC_BUILD_DIR:-$root/build}
mnist=$("$root/scripts/fetch-mnist.sh")

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

start=$SECONDS
for name in perceptron mlp cnn rnn gan autoencoder; do
  echo "==> examples/$name: build/bin/dlc-example-$name (outputs in" \
       "build/examples/$name)"
  example_start=$SECONDS
  "$build/bin/dlc-example-$name" --data "$mnist" --out "$build/examples/$name"
  echo "--> $name took $((SECONDS - example_start)) s"
  echo
done
echo "All six examples ran in $((SECONDS - start)) s."
