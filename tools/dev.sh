#!/usr/bin/env bash
# The project's two commands, and the benchmarks:
#   tools/dev.sh demo    install what is missing, build, run the seed demo
#   tools/dev.sh test    install what is missing, build, run every test:
#                        the suite, the suite under ASan+UBSan, and the fuzzer
#   tools/dev.sh bench   install what is missing, build, run bench/
# Needs root (or sudo) only when Debian packages are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=$(nproc)
FUZZ_SECONDS=${LLCJIT_FUZZ_SECONDS:-60}

PACKAGES=(
  cmake make g++ pkg-config
  llvm-19-dev libzstd-dev clang-19 libclang-rt-19-dev
  libfmt-dev libcli11-dev libgtest-dev libbenchmark-dev libtbb-dev libpng-dev libedit-dev
  python3 python3-numpy python3-scipy python3-pytest
  python3-pip python3-setuptools python3-wheel
)
BENCH_PACKAGES=(python3-numba) # the peer the benchmarks compare with

install_missing() { # install_missing [extra packages...]
  local missing=()
  for package in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "== installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() { # build DIR [cmake options...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

# Runs ctest in DIR and adds its count of tests to PASSED (a failure stops
# the script).
PASSED=0
run_ctest() { # run_ctest DIR [environment...]
  local dir=$1
  shift
  env "$@" ctest --test-dir "$dir" -j "$JOBS" --output-on-failure | tee "$dir/ctest.log"
  local count
  count=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$dir/ctest.log")
  PASSED=$((PASSED + count))
}

run_tests() {
  echo "== test suite"
  build build
  run_ctest build

  echo "== test suite under AddressSanitizer and UndefinedBehaviorSanitizer (clang-19)"
  build build-asan -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DLLCJIT_SANITIZE=ON -DLLCJIT_FUZZ=ON
  run_ctest build-asan ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

  echo "== fuzzing parse+compile for ${FUZZ_SECONDS} s"
  rm -rf build-asan/fuzz-corpus && cp -r fuzz/corpus build-asan/fuzz-corpus
  if ! build-asan/bin/llcjit-fuzz -max_total_time="$FUZZ_SECONDS" -max_len=512 \
    -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -dict=fuzz/llcjit.dict build-asan/fuzz-corpus >build-asan/fuzz.log 2>&1; then
    tail -n 80 build-asan/fuzz.log
    echo "the fuzzer found a failure; the input is in the crash-* file above" >&2
    exit 1
  fi
  grep -E '^(Done|stat::)' build-asan/fuzz.log

  echo "== all: the suite twice (plain and sanitized) and the fuzzer"
  echo "tests: ${PASSED} passed, 0 failed"
}

case "${1:-}" in
  demo)
    install_missing
    build build
    build/bin/llcjit demo
    ;;
  test)
    install_missing
    run_tests
    ;;
  bench)
    install_missing "${BENCH_PACKAGES[@]}"
    build build
    bench/run.sh
    /usr/bin/python3 bench/quad_sweep.py build
    /usr/bin/python3 bench/bridge_bench.py build
    /usr/bin/python3 bench/filter_bench.py build
    ;;
  *)
    echo "usage: $0 demo|test|bench" >&2
    exit 2
    ;;
esac
