#!/usr/bin/env bash
# Runs the benchmarks in build/ and prints the figures docs/performance.md
# records, with their targets and the ratios between compared rows.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for program in compile calls; do
  build/bin/llcjit-bench-$program --benchmark_format=json \
    --benchmark_out="$out/$program.json" --benchmark_out_format=json >/dev/null
done
build/bin/llcjit-bench-memory >"$out/memory.json"

/usr/bin/python3 - "$out" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])

def medians(name):
    rows = json.loads((out / f"{name}.json").read_text())["benchmarks"]
    result = {}
    for row in rows:
        base = row["run_name"].split("/")[0]
        if row.get("aggregate_name", "median") == "median":
            unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3}[row["time_unit"]]
            result[base] = row["real_time"] * unit
    return result

compile_times = medians("compile")
calls = medians("calls")
memory = json.loads((out / "memory.json").read_text())
points = 4096

def line(what, value, target=""):
    print(f"  {what:<58} {value:>14}  {target}")

print("llcjit benchmarks (median of 5 repetitions)")
line("engine start-up", f"{compile_times['BM_EngineStartup'] * 1e3:.2f} ms", "target <= 50 ms")
line("engine start-up and first compile of exp(-a*x*x)",
     f"{compile_times['BM_EngineStartupAndFirstCompile'] * 1e3:.2f} ms", "target <= 50 ms")
for name, label in [("Gaussian", "exp(-a*x*x)"), ("Erosion", "min(values)"),
                    ("ThirtyTerms", "a 30-term expression")]:
    line(f"compile {label}, optimised tier", f"{compile_times['BM_Compile_' + name] * 1e3:.2f} ms",
         "target <= 1 ms")
    line(f"compile {label}, quick tier", f"{compile_times['BM_Quick_' + name] * 1e3:.2f} ms",
         "target <= 0.3 ms")
line("compile exp(-a*x*x), automatic tier (quick code, stubs)",
     f"{compile_times['BM_Automatic_Gaussian'] * 1e3:.2f} ms")
line("load exp(-a*x*x) from the disk cache",
     f"{compile_times['BM_DiskCacheHit_Gaussian'] * 1e6:.0f} us", "target <= 100 us")
line("new engine + first fused kernel (3x3 min), cache off",
     f"{compile_times['BM_FirstFusedKernel'] * 1e3:.2f} ms", "target <= 2 ms")
line("new engine + first fused kernel, from the disk cache",
     f"{compile_times['BM_FirstFusedKernelFromDisk'] * 1e3:.2f} ms", "target <= 2 ms")
line("compile, cached in memory", f"{compile_times['BM_Compile_Cached'] * 1e9:.0f} ns")
jit = calls["BM_Call_Jit"] / points
aot = calls["BM_Call_Aot"] / points
batch = calls["BM_Batch_Jit"] / points
line("call exp(-a*x*x), JIT'd, double (double, void *)", f"{jit * 1e9:.2f} ns")
line("call exp(-a*x*x), compiled ahead of time by g++ -O2", f"{aot * 1e9:.2f} ns")
line("ratio JIT / ahead of time", f"{jit / aot:.2f}", "target <= 1.05")
quick = calls["BM_Call_Quick"] / points
automatic = calls["BM_Call_Automatic"] / points
line("call, quick tier", f"{quick * 1e9:.2f} ns", f"{quick / jit:.2f}x optimised")
line("call, automatic tier after tier-up (through its stub)", f"{automatic * 1e9:.2f} ns",
     f"{automatic / jit:.2f}x optimised")
line("batch entry point, per element", f"{batch * 1e9:.2f} ns")
line("ratio scalar call / batch element", f"{jit / batch:.1f}x")
line("RSS growth over 10,000 dropped compiles", f"{memory['growth_mb']:.1f} MB", "target <= 10 MB")
PY
