"""The command line as a shell user expects it: formulas and values that
start with '-', numbers printed as Python prints them, sweeps of several
parameters, named footprints (checked against scipy.ndimage), and output
formats chosen by the file name."""
import math
import re

import numpy as np
import pytest
import scipy.integrate as si
import scipy.ndimage as ndi


def test_formulas_and_values_may_start_with_a_minus(llcjit):
    assert llcjit("eval", "-x**2", "x=3").stdout == "-9\n"
    assert llcjit("eval", "-x", "x=-3").stdout == "3\n"
    assert llcjit("eval", "--", "-x^2", "x=3").stdout == "-9\n"  # '--' still works
    assert llcjit("eval", "-1e-3").stdout == "-0.001\n"
    value = llcjit("quad", "-exp(-x*x)", "-inf", "-0").stdout
    assert float(re.search(r"value=(\S+)", value).group(1)) == pytest.approx(-np.sqrt(np.pi) / 2)


@pytest.mark.parametrize("formula,printed", [
    ("0.1", "0.1"),
    ("0.1 + 0.2", "0.30000000000000004"),  # repr(0.1 + 0.2)
    ("1/3", "0.3333333333333333"),
    ("1e300*1e10", "inf"),
    ("-1e300*1e10", "-inf"),
    ("log(-1)", "nan"),  # glibc's NaN has its sign bit set; NumPy prints nan
    ("-nan", "nan"),
    ("-0.0", "-0"),
    ("2^60", "1.152921504606847e+18"),
    ("5e-324", "5e-324"),
])
def test_eval_prints_as_python_prints_a_float(llcjit, formula, printed):
    assert llcjit("eval", formula).stdout == printed + "\n"
    # and the text reads back to the same double
    if printed not in ("nan",):
        assert float(printed) == float(llcjit("eval", formula, "--digits", "17").stdout)


def test_digits_gives_that_many_significant_digits(llcjit):
    assert llcjit("eval", "0.1", "--digits", "17").stdout == "0.10000000000000001\n"
    assert llcjit("eval", "pi", "--digits", "3").stdout == "3.14\n"
    assert llcjit("eval", "(o0 / 3, o1)", "o0=1", "o1=2", "--digits", "4").stdout == "(0.3333, 2)\n"


def test_quad_sweeps_the_outer_product_of_several_parameters(llcjit):
    out = llcjit("quad", "exp(-a*x*x) * cos(b*x)", "-inf", "inf", "a=1:2:3", "b=0:1:2",
                 "--json").stdout
    import json
    rows = [json.loads(line) for line in out.splitlines()]
    expected = [(a, b) for a in np.linspace(1, 2, 3) for b in np.linspace(0, 1, 2)]
    assert [(row["a"], row["b"]) for row in rows] == expected  # the last varies fastest
    for row in rows:
        a, b = row["a"], row["b"]
        value, abserr = si.quad(lambda x: math.exp(-a * x * x) * math.cos(b * x), -np.inf, np.inf)
        assert row["value"] == value and row["abserr"] == abserr
        assert row["value"] == pytest.approx(np.sqrt(np.pi / a) * np.exp(-b * b / (4 * a)))


def test_quad_sweep_with_a_fixed_parameter_and_plain_lines(llcjit):
    lines = llcjit("quad", "a*x + b*c", "0", "1", "c=2", "b=0:1:2", "a=1:3:2").stdout.splitlines()
    assert [line.split(" value=")[0] for line in lines] == ["b=0 a=1", "b=0 a=3", "b=1 a=1",
                                                           "b=1 a=3"]
    values = [float(re.search(r"value=(\S+)", line).group(1)) for line in lines]
    assert values == pytest.approx([0.5, 1.5, 2.5, 3.5], rel=1e-15)


def test_quad_ier_warns_on_stderr_and_exits_0(llcjit):
    result = llcjit("quad", "1/x", "0", "1")
    assert result.returncode == 0
    assert "ier=" in result.stdout and "ier=0" not in result.stdout
    assert result.stderr.startswith("llcjit: warning: ")
    assert "warning" not in result.stdout


def _shapes():
    cross2 = np.zeros((5, 5), bool)
    cross2[2, :] = cross2[:, 2] = True
    r = np.arange(-3, 4)
    disk3 = r[:, None] ** 2 + r[None, :] ** 2 <= 9
    g = np.arange(-2, 3)
    ball2 = g[:, None, None] ** 2 + g[None, :, None] ** 2 + g[None, None, :] ** 2 <= 4
    return [
        ("cross", 2, ndi.generate_binary_structure(2, 1)),
        ("cross:2", 2, cross2),
        ("cross", 3, ndi.generate_binary_structure(3, 1)),
        ("square:2", 2, np.ones((5, 5), bool)),
        ("square", 3, np.ones((3, 3, 3), bool)),
        ("diamond:3", 2, ndi.iterate_structure(ndi.generate_binary_structure(2, 1), 3)),
        ("diamond:2", 3, ndi.iterate_structure(ndi.generate_binary_structure(3, 1), 2)),
        ("disk:3", 2, disk3),
        ("disk:0", 2, np.ones((1, 1), bool)),
        ("ball:2", 3, ball2),
    ]


@pytest.mark.parametrize("name,rank,mask", _shapes(), ids=[f"{s[0]}-{s[1]}d" for s in _shapes()])
def test_named_footprints_are_scipy_and_skimage_shapes(llcjit, tmp_path, name, rank, mask):
    rng = np.random.default_rng(7)
    image = rng.random((23, 19) if rank == 2 else (9, 11, 10))
    np.save(tmp_path / "in.npy", image)
    llcjit("filter", "min(values) + 1000*count(values + 1)", str(tmp_path / "in.npy"),
           str(tmp_path / "out.npy"), "--footprint", name)
    out = np.load(tmp_path / "out.npy")
    expected = ndi.minimum_filter(image, footprint=mask) + 1000 * mask.sum()
    assert np.array_equal(out, expected)


def test_output_format_follows_the_name(llcjit, tmp_path):
    image = np.arange(12.0).reshape(3, 4) * 20
    np.save(tmp_path / "in.npy", image)
    llcjit("filter", "values[0]", str(tmp_path / "in.npy"), str(tmp_path / "OUT.PNG"),
           "--size", "1")
    assert (tmp_path / "OUT.PNG").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = llcjit("filter", "values[0]", str(tmp_path / "in.npy"), str(tmp_path / "e.jpg"),
                    "--size", "1", check=False)
    assert result.returncode == 2 and ".jpg is not a format llcjit writes" in result.stderr
    assert not (tmp_path / "e.jpg").exists()


def test_ir_and_asm_name_each_entry_point_by_its_signature(llcjit):
    ir = llcjit("ir", "exp(-a*x*x)").stdout
    defined = re.findall(r'^define .*?@"([^"]+)"\(', ir, re.M)
    assert defined == ["quad: double (double, void *)", "nquad: double (int, double *)",
                       "nquad: double (int, double *, void *)",
                       "quad batch: void (const double *, double *, size_t, const double *)"]
    assert "llcjit.0.entry" not in ir
    asm = llcjit("asm", "min(values)").stdout
    assert '"generic_filter: int (double *, intptr_t, double *, void *)":' in asm


def test_the_exp_table_is_elided_unless_full(llcjit):
    ir = llcjit("ir", "exp(-x)").stdout
    table = [line for line in ir.splitlines() if "@llcjit.exp_table = " in line]
    assert len(table) == 1 and len(table[0]) < 300 and "--full" in table[0]
    full = llcjit("ir", "exp(-x)", "--full").stdout
    table = [line for line in full.splitlines() if "@llcjit.exp_table = " in line][0]
    assert table.count("i64 ") == 256
    asm = llcjit("asm", "exp(-x)").stdout.splitlines()
    start = next(i for i, line in enumerate(asm) if line.endswith("llcjit.exp_table:"))
    assert asm[start + 3] == "\t# ... 252 more entries of glibc's exp table (--full shows them)"
    assert len(llcjit("asm", "exp(-x)", "--full").stdout.splitlines()) == len(asm) + 251


def test_ir_of_the_fused_filter_loop(llcjit):
    ir = llcjit("ir", "values[0] + values[8]", "--size", "3x3", "--shape", "100x50").stdout
    assert ir.startswith("; algorithm: the fused loop: the formula on every neighbourhood "
                         "of 9 cells")
    assert '@"fused filter rows: void (const void *, void *, intptr_t, const double *)"' in ir
    # the corners of a 3x3 box over rows of 50 doubles: 51 elements either side
    assert "-408" in ir and "408" in ir
    ir = llcjit("ir", "min(values)", "--size", "31x31").stdout.splitlines()
    assert ir[0] == ("; algorithm: 961 cells; min: running min along whole rows by doubling, "
                     "then down the columns by van Herk/Gil-Werman")
    assert ir[1] == "; generic_filter runs that, not the fused loop listed below"
    assert llcjit("asm", "median(values)", "--footprint", "diamond:2").stdout.startswith(
        "# algorithm: ")
    # In uint8 the minimum runs on the bytes themselves (vpminub), reading
    # rows of 50 bytes; the offsets of a float32 array are 4 bytes apart.
    asm = llcjit("asm", "min(values)", "--footprint", "cross", "--dtype", "uint8").stdout
    assert "vpminub" in asm and "cvt" not in asm.split("fused filter rows:")[1]
    ir = llcjit("ir", "values[0] - values[2]", "--size", "1x3", "--shape", "10x50",
                "--dtype", "float32").stdout
    # (LLVM keeps a difference of two floats in float: rounded once, exact.)
    assert "load float" in ir and "x float>" in ir
    bad = llcjit("asm", "min(values)", "--size", "3", "--dtype", "float16", check=False)
    assert bad.returncode == 2 and "not a dtype llcjit filters" in bad.stderr
    bad = llcjit("ir", "exp(-a*x)", "--size", "3", check=False)
    assert bad.returncode == 2 and "show a filter kernel's fused loop; this formula is a quad callback" in bad.stderr


def test_define_on_every_compiling_command(llcjit, tmp_path):
    d = ["--define", "g = 9.81", "--define", "fall(t) = g*t^2/2"]
    assert llcjit("eval", "fall(x)", "x=2", *d).stdout == "19.62\n"
    out = llcjit("quad", "gauss(x)", "-inf", "inf", "a=2", "--define",
                 "gauss(t) = exp(-a*t*t)").stdout
    value, _ = si.quad(lambda x: math.exp(-2 * x * x), -np.inf, np.inf)
    assert float(re.search(r"value=(\S+)", out).group(1)) == value
    out = llcjit("nquad", "area(x0, x1)", "--range", "0,1", "--range", "0,2", "--define",
                 "area(u, v) = u*v").stdout
    assert float(re.search(r"value=(\S+)", out).group(1)) == pytest.approx(1.0, rel=1e-14)
    image = np.random.default_rng(3).random((17, 23))
    np.save(tmp_path / "in.npy", image)
    llcjit("filter", "spread(values)", str(tmp_path / "in.npy"), str(tmp_path / "out.npy"),
           "--size", "5", "--define", "spread(v) = max(v) - min(v)")
    expected = ndi.maximum_filter(image, size=5) - ndi.minimum_filter(image, size=5)
    assert np.array_equal(np.load(tmp_path / "out.npy"), expected)
    assert "@\"quad: double (double, void *)\"" in llcjit("ir", "sq(x)", "--define",
                                                          "sq(t) = t*t").stdout


def test_a_bad_definition_is_a_diagnostic_in_its_own_text(llcjit):
    result = llcjit("eval", "sq(x)", "x=1", "--define", "sq(t) = t**", check=False)
    assert result.returncode == 2
    assert result.stderr == ("1:12: error: in --define 'sq(t) = t**': expected an expression, "
                             "found end of input\n"
                             "  sq(t) = t**\n"
                             "             ^\n")
    result = llcjit("eval", "x", "x=1", "--define", "exp(t) = t", check=False)
    assert result.returncode == 2 and "'exp' is a builtin function" in result.stderr
