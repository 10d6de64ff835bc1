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
got=$("$scratch/cmake-build/integrate_by_name" 'exp(-a*x*x)' -inf inf a=2)
[ "$got" = "$expected" ] || { echo "cmake C++ build printed: $got"; exit 1; }
# The exported target names the include directory once.
includes=$(grep -o 'INTERFACE_INCLUDE_DIRECTORIES "[^"]*"' \
  "$scratch/prefix/lib/cmake/llcjit/llcjitTargets.cmake")
[ "$includes" = 'INTERFACE_INCLUDE_DIRECTORIES "${_IMPORT_PREFIX}/include"' ] ||
  { echo "exported include directories: $includes"; exit 1; }

# pkg-config: its Cflags are the C++ API's (-std=c++20), a C program takes
# only the include directory; Libs carry no rpath, as a distribution's
# libraries do not, so the programs run with LD_LIBRARY_PATH.
export PKG_CONFIG_PATH="$scratch/prefix/lib/pkgconfig"
pkg-config --libs llcjit | grep -qv rpath || { echo "pkg-config Libs carry an rpath"; exit 1; }
cc -std=c99 -o "$scratch/integrate-pc" "$source/examples/integrate/integrate.c" \
  $(pkg-config --cflags-only-I --libs llcjit)
c++ -o "$scratch/integrate-by-name-pc" "$source/examples/integrate/integrate_by_name.cpp" \
  $(pkg-config --cflags --libs llcjit)
export LD_LIBRARY_PATH="$scratch/prefix/lib"
got=$("$scratch/integrate-pc" 'exp(-a*x*x)' -inf inf 2)
[ "$got" = "$expected" ] || { echo "pkg-config build printed: $got"; exit 1; }
got=$("$scratch/integrate-by-name-pc" 'exp(-a*x*x)' -inf inf a=2)
[ "$got" = "$expected" ] || { echo "pkg-config C++ build printed: $got"; exit 1; }
echo "installed package: 4 passed, 0 failed"
