"""The disk cache and the tiers as a user meets them, through `llcjit eval`:
a second process loads what the first compiled, processes started together
share one directory safely, and every tier prints the same value."""
import math
import os
import subprocess

import pytest

TOOL = os.environ.get("LLCJIT_TOOL", "llcjit")


def eval_in(cache, *arguments, **environment):
    env = {**os.environ, "LLCJIT_CACHE_DIR": str(cache), **environment}
    env.pop("LLCJIT_CACHE", None)  # the suite runs with the cache off
    env.update(environment)
    return subprocess.run([TOOL, "eval", "--verbose", *arguments], capture_output=True,
                          text=True, timeout=60, env=env)


def entries(cache):
    return sorted(p for p in cache.iterdir() if p.name.startswith("llvmcache-")
                  and p.name != "llvmcache.timestamp") if cache.exists() else []


def test_a_second_process_loads_what_the_first_compiled(tmp_path):
    first = eval_in(tmp_path, "exp(-a*x*x)", "a=2", "x=0.5", "--tier", "optimised")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "0.6065306597126334\n"
    assert "compiled at the optimised tier and evaluated in" in first.stderr
    assert len(entries(tmp_path)) == 1
    second = eval_in(tmp_path, "exp(-a*x*x)", "a=2", "x=0.5")
    assert second.stdout == first.stdout
    assert "optimised code loaded from the disk cache and evaluated in" in second.stderr


def test_the_automatic_tier_compiles_quick_code_on_a_miss(tmp_path):
    result = eval_in(tmp_path, "sin(x) / x", "x=0.25")
    assert "compiled at the quick tier" in result.stderr
    assert entries(tmp_path) == []  # quick code is not worth keeping


@pytest.mark.parametrize("tier", ["automatic", "quick", "optimised", "optimized"])
def test_every_tier_prints_the_same_value(tmp_path, tier):
    result = eval_in(tmp_path, "lgamma(x) * cos(a*x) + x^3", "x=2.75", "a=1.5", "--tier", tier)
    assert result.returncode == 0, result.stderr
    # Python's own libm calls, printed as Python prints them.
    assert result.stdout == f"{math.lgamma(2.75) * math.cos(1.5 * 2.75) + 2.75 ** 3!r}\n"


def test_processes_started_together_share_the_directory(tmp_path):
    runs = [subprocess.Popen([TOOL, "eval", "tanh(a*x) + a", "x=0.5", "a=3", "--tier",
                              "optimised"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "LLCJIT_CACHE_DIR": str(tmp_path),
                                             "LLCJIT_CACHE": "on"})
            for _ in range(8)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert {out for out, _ in outputs} == {f"{math.tanh(1.5) + 3!r}\n"}
    assert len(entries(tmp_path)) == 1
    assert not [p for p in tmp_path.iterdir() if "temp" in p.name]


def test_no_disk_cache_and_the_environment_turn_it_off(tmp_path):
    eval_in(tmp_path, "x + 1", "x=1", "--tier", "optimised", "--no-disk-cache")
    assert entries(tmp_path) == []
    eval_in(tmp_path, "x + 1", "x=1", "--tier", "optimised", LLCJIT_CACHE="off")
    assert entries(tmp_path) == []


def test_a_bad_tier_is_a_usage_error(tmp_path):
    result = eval_in(tmp_path, "x", "x=1", "--tier", "fast")
    assert result.returncode == 2
    assert "--tier: fast not in {automatic,quick,optimised,optimized}" in result.stderr
