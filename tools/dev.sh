#!/usr/bin/env bash
# The project's two commands, and the benchmarks:
#   tools/dev.sh demo    install what is missing, build, run the seed demo
#   tools/dev.sh test    install what is missing, build, run every test:
#                        the suite, the suite under ASan+UBSan, and the fuzzers
#   tools/dev.sh bench   install what is missing, build, run bench/
# Needs root (or sudo) only when Debian packages are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=$(nproc)
# Seconds per fuzz target; unset: 30 for compile, 20 for the others (90 s).
FUZZ_SECONDS=${LLCJIT_FUZZ_SECONDS:-}

PACKAGES=(
  cmake make g++ pkg-config
  llvm-19-dev libzstd-dev clang-19 libclang-rt-19-dev clang-format-19 clang-tidy-19
  libfmt-dev libcli11-dev libgtest-dev libbenchmark-dev libtbb-dev libpng-dev libedit-dev
  python3 python3-dev python3-numpy python3-scipy python3-pytest python3-tqdm
  python3-dask python3-distributed
  python3-pip python3-setuptools python3-wheel
)
BENCH_PACKAGES=(python3-numba python3-opencv python3-numexpr libgsl-dev) # the peers the benchmarks compare with

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

# Runs build-asan/bin/llcjit-fuzz-TARGET for FUZZ_SECONDS (or DEFAULT)
# seconds on a copy of fuzz/corpus/TARGET and prints libFuzzer's totals; on a
# crash, prints the end of the log and the input, and stops the script.
run_fuzzer() { # run_fuzzer TARGET DEFAULT_SECONDS [libFuzzer options...]
  local target=$1 seconds=${FUZZ_SECONDS:-$2}
  shift 2
  local corpus=build-asan/fuzz-corpus/$target log=build-asan/fuzz-$target.log
  echo "== fuzzing $target for $seconds s"
  rm -rf "$corpus" build-asan/fuzz-artifacts/"$target"
  mkdir -p build-asan/fuzz-corpus build-asan/fuzz-artifacts/"$target"
  cp -r fuzz/corpus/"$target" "$corpus"
  # Use-after-return detection off: it makes every C++ throw scan the fake
  # stacks (half the parse fuzzer's time); the sanitized suite keeps it.
  # The disk cache is off: fuzzed formulas are not worth keeping.
  if ! LLCJIT_CACHE=off ASAN_OPTIONS=detect_stack_use_after_return=0 UBSAN_OPTIONS=print_stacktrace=1 \
    build-asan/bin/llcjit-fuzz-"$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix=build-asan/fuzz-artifacts/"$target"/ "$@" "$corpus" >"$log" 2>&1; then
    tail -n 60 "$log"
    local input
    for input in build-asan/fuzz-artifacts/"$target"/*; do
      [ -e "$input" ] || continue
      echo "-- $input:"
      od -A d -c "$input" | head -n 20
    done
    echo "the $target fuzzer found a failure: the input is $(ls build-asan/fuzz-artifacts/"$target"/*)" \
      "(rerun: build-asan/bin/llcjit-fuzz-$target FILE; docs/reliability.md)" >&2
    exit 1
  fi
  grep -E '^(Done|stat::)' "$log"
}

# The code's layout and the checks of .clang-tidy, on every file of the
# project (a finding stops the script); needs build/compile_commands.json.
check_style() {
  echo "== style: clang-format-19 (.clang-format) on every C and C++ file"
  git ls-files '*.c' '*.cpp' '*.h' '*.hpp' | xargs clang-format-19 --dry-run --Werror
  echo "== clang-tidy-19 (.clang-tidy) on src/, tools/ and python/src/"
  if ! run-clang-tidy-19 -p build -j "$JOBS" -quiet 'src/|tools/llcjit/' >build/tidy.log 2>&1; then
    grep -E 'error:|warning:' build/tidy.log | sort -u >&2
    echo "clang-tidy found the problems above" >&2
    exit 1
  fi
  echo "clang-tidy: no findings"
}

run_tests() {
  echo "== test suite"
  build build
  check_style
  run_ctest build

  # This tree links libLLVM.so, as distributions that share LLVM would: both
  # ways of linking it are tested.
  echo "== test suite under AddressSanitizer and UndefinedBehaviorSanitizer (clang-19)"
  build build-asan -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DLLCJIT_SANITIZE=ON -DLLCJIT_FUZZ=ON -DLLCJIT_STATIC_LLVM=OFF
  run_ctest build-asan ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

  # Each libFuzzer target for a bounded time, on a copy of its corpus
  # (fuzz/corpus/<target>, which it grows); a crash stops the script.
  run_fuzzer compile 30 -max_len=512 -dict=fuzz/llcjit.dict
  run_fuzzer parse 20 -max_len=4096 -dict=fuzz/llcjit.dict
  run_fuzzer files 20 -max_len=4096 -dict=fuzz/files.dict
  run_fuzzer capi 20 -max_len=4096

  echo "== all: the suite twice (plain and sanitized) and the fuzzers"
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
    build/bin/llcjit-bench-callable-quad
    /usr/bin/python3 bench/cli_sweep_bench.py build
    /usr/bin/python3 bench/bridge_bench.py build
    /usr/bin/python3 bench/per_call_bench.py build
    /usr/bin/python3 bench/evaluate_bench.py build
    /usr/bin/python3 bench/filter_bench.py build
    /usr/bin/python3 bench/window_bench.py build
    /usr/bin/python3 bench/window_dtype_bench.py build
    /usr/bin/python3 bench/image_scale_bench.py build
    /usr/bin/python3 bench/dtype_bench.py build
    /usr/bin/python3 bench/byte_order_bench.py build
    /usr/bin/python3 bench/transform_bench.py build
    /usr/bin/python3 bench/filter1d_bench.py build
    /usr/bin/python3 bench/gradient_bench.py build
    /usr/bin/python3 bench/shape_bench.py build
    /usr/bin/python3 bench/colour_bench.py build
    /usr/bin/python3 bench/start_bench.py build
    /usr/bin/python3 -W ignore bench/dask_bench.py build
    ;;
  *)
    echo "usage: $0 demo|test|bench" >&2
    exit 2
    ;;
esac
