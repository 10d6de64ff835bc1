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
for name, label in [("BM_Compile_Gaussian", "compile exp(-a*x*x)"),
                    ("BM_Compile_Erosion", "compile min(values)"),
                    ("BM_Compile_ThirtyTerms", "compile a 30-term expression")]:
    line(label, f"{compile_times[name] * 1e3:.2f} ms", "target <= 1 ms")
line("compile, cached", f"{compile_times['BM_Compile_Cached'] * 1e9:.0f} ns")
jit = calls["BM_Call_Jit"] / points
aot = calls["BM_Call_Aot"] / points
batch = calls["BM_Batch_Jit"] / points
line("call exp(-a*x*x), JIT'd, double (double, void *)", f"{jit * 1e9:.2f} ns")
line("call exp(-a*x*x), compiled ahead of time by g++ -O2", f"{aot * 1e9:.2f} ns")
line("ratio JIT / ahead of time", f"{jit / aot:.2f}", "target <= 1.05")
line("batch entry point, per element", f"{batch * 1e9:.2f} ns")
line("ratio scalar call / batch element", f"{jit / batch:.1f}x")
line("RSS growth over 10,000 dropped compiles", f"{memory['growth_mb']:.1f} MB", "target <= 10 MB")
PY
