#!/usr/bin/env bash
# Installs the build tree into a scratch prefix and builds the example host
# application against the installed package, with CMake and with pkg-config.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
test -f "$scratch/prefix/include/llcjit/llcjit.h"
test -f "$scratch/prefix/lib/cmake/llcjit/llcjitConfig.cmake"
"$scratch/prefix/bin/llcjit" eval 'sqrt(2)' | grep -qx '1.4142135623730951'

expected='1.2533141373155017 +- 4.47e-09 (270 evaluations)'

# CMake: find_package(llcjit) -> llcjit::llcjit
cmake -S "$source/examples/integrate" -B "$scratch/cmake-build" \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/cmake-build" >/dev/null
got=$("$scratch/cmake-build/integrate" 'exp(-a*x*x)' -inf inf 2)
[ "$got" = "$expected" ] || { echo "cmake build printed: $got"; exit 1; }

# pkg-config
export PKG_CONFIG_PATH="$scratch/prefix/lib/pkgconfig"
cc -std=c99 -o "$scratch/integrate-pc" "$source/examples/integrate/integrate.c" \
  $(pkg-config --cflags --libs llcjit)
got=$("$scratch/integrate-pc" 'exp(-a*x*x)' -inf inf 2)
[ "$got" = "$expected" ] || { echo "pkg-config build printed: $got"; exit 1; }
echo "installed package: 2 passed, 0 failed"
