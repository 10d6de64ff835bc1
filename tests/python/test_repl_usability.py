"""The REPL as users of Python's, MATLAB's and Julia's expect it: ans and _,
quit and exit, :help NAME from docs/language.md, tables of values, and one
message for a parameter without a value whichever command needs it."""
import math
import os
import pathlib
import re

import numpy as np
import pytest

from test_repl import script

ROOT = pathlib.Path(os.environ.get("LLCJIT_SOURCE_DIR", "."))


def test_ans_and_underscore_hold_the_last_value():
    out = script("2+3\n2*ans\n_ + 1\nexp(-a*x*x)\n:set a=2 x=0.5\nans\n").stdout.splitlines()
    assert out[:3] == ["5", "10", "11"]
    assert out[-1] == out[-2] == "0.6065306597126334"


def test_a_formula_keeps_the_ans_it_was_typed_with():
    # Evaluated again by :set, 10*ans does not feed on its own value.
    out = script("2\n10*ans + x\n:set x=1\n:set x=2\n").stdout.splitlines()
    assert out == ["2", "quad integrand of x", "(:set x=... to evaluate)", "21", "22"]


def test_ans_before_any_value_is_a_parameter_to_set():
    out = script("ans + 1\n").stdout
    assert ":set ans=..." in out


@pytest.mark.parametrize("word", ["quit", "exit", "  exit  ", ":quit", ":q"])
def test_quit_and_exit_leave(word):
    result = script(f"1\n{word}\n2\n")
    assert result.stdout == "1\n" and result.returncode == 0


def test_quit_inside_a_formula_is_a_name():
    assert script("quit + 1\n").stdout.startswith("quad integrand of x, parameters: quit")


def _documented_rows():
    rows = {}
    for line in (ROOT / "docs" / "language.md").read_text().splitlines():
        m = re.match(r"\| (`.*?`) \| (.*) \|$", line)
        if m:
            for name in re.findall(r"`(\w+)\(", m.group(1)):
                rows.setdefault(name, []).append(
                    (m.group(1).replace("`", ""), m.group(2).replace("`", "")))
    return rows


def test_help_name_shows_the_documented_line_of_every_builtin():
    rows = _documented_rows()
    names = re.findall(r'BuiltinInfo\{"(\w+)"',
                       (ROOT / "src" / "frontend" / "builtins.cpp").read_text())
    assert names and set(names) <= set(rows), set(names) - set(rows)
    out = script("".join(f":help {name}\n" for name in names)).stdout.splitlines()
    expected = [f"{usage:<22} {meaning}" for name in names for usage, meaning in rows[name]]
    assert out == expected


def test_help_of_an_unknown_name_suggests_one():
    result = script(":help medain\n:help zzz\n")
    assert result.stderr.splitlines() == [
        "error: no builtin function 'medain'; did you mean 'median'?",
        "error: no builtin function 'zzz' (docs/language.md lists them)"]


def test_set_with_a_range_prints_a_table():
    out = script("exp(-a*x*x)\n:set a=2\n:set x=0:1:5\n").stdout.splitlines()
    assert out[-6] == "   x  exp(-a*x*x)"
    xs = np.linspace(0, 1, 5)
    for line, x in zip(out[-5:], xs):
        left, right = line.split()
        assert float(left) == x and float(right) == math.exp(-2 * x * x)
    # the table does not bind x
    assert "x = (unset)" in script("x^2\n:set x=0:1:2\n:params\n").stdout


def test_set_table_of_a_filter_kernel_parameter():
    out = script("median(values) * k\n:set values=1,5,3\n:set k=1:3:3\n").stdout.splitlines()
    assert out[-3:] == ["1  3", "2  6", "3  9"]


@pytest.mark.parametrize("command", [":quad 0 1", ":plot 0 1", ":filter {d}/in.npy {d}/out.npy --size 3"])
def test_a_parameter_without_a_value_gets_one_message(tmp_path, command):
    np.save(tmp_path / "in.npy", np.ones((4, 4)))
    formula = "a*min(values)" if command.startswith(":filter") else "exp(-a*x)"
    result = script(f"{formula}\n{command.replace('{d}', str(tmp_path))}\n")
    assert result.stderr == "error: the parameter 'a' has no value: :set a=... first\n"


def test_filter_confirms_what_it_wrote(tmp_path):
    np.save(tmp_path / "in.npy", np.arange(16.0).reshape(4, 4))
    out = script(f"min(values)\n:filter {tmp_path}/in.npy {tmp_path}/out.npy --size 3\n").stdout
    assert out.splitlines()[-1] == f"wrote {tmp_path}/out.npy"
    assert np.array_equal(np.load(tmp_path / "out.npy"),
                          __import__("scipy.ndimage").ndimage.minimum_filter(
                              np.arange(16.0).reshape(4, 4), size=3))


def test_define_in_the_repl_and_save_replays_it(tmp_path):
    saved = tmp_path / "session.llcjit"
    out = script(f":define sq(t) = t*t\n:define g = 9.81\nsq(g)\n:define\n"
                 f":define sq(t) = t*t*t\n:set x=1\nsq(2)\n:save {saved}\n").stdout.splitlines()
    assert out[0] == str(9.81 * 9.81)
    assert out[1:3] == ["sq(t) = t*t", "g = 9.81"]
    assert out[3] == str(9.81 * 9.81 * 9.81)  # :set evaluates sq(g) with the new sq
    assert out[4] == "8"
    assert saved.read_text().startswith(":define sq(t) = t*t\n:define g = 9.81\n"
                                        ":define sq(t) = t*t*t\n")
    assert script(saved.read_text()).stdout.splitlines()[-1] == "8"


def test_define_recompiles_the_current_formula_quietly():
    out = script("k*x\n:set x=3 k=2\n:define k = 5\n:set x=4\n").stdout.splitlines()
    # k was a parameter, set to 2; defined, it is the constant 5
    assert out == ["quad integrand of x, parameters: k", "(:set k=... x=... to evaluate)", "6",
                   "20"]


def test_a_bad_definition_is_reported_and_forgotten():
    result = script(":define f(t) = f(t)\n:define\n")
    assert "unknown function 'f'" in result.stderr
    assert result.stdout == ""
