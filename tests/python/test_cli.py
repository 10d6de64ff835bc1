"""The llcjit command line: evaluation, inspection, diagnostics, exit codes."""


def test_eval_prints_the_shortest_text_that_round_trips(llcjit):
    assert llcjit("eval", "exp(-a*x*x)", "a=2", "x=0.5").stdout == "0.6065306597126334\n"
    assert llcjit("eval", "median(values)", "values=1,5,3").stdout == "3\n"
    assert llcjit("eval", "sqrt(2)").stdout == "1.4142135623730951\n"
    assert llcjit("eval", "--", "-x^2 + 2^3^2", "x=3").stdout == "503\n"


def test_eval_of_every_kind(llcjit):
    assert llcjit("eval", "x0 * x1 + c", "x0=2", "x1=3", "c=1").stdout == "7\n"
    assert llcjit("eval", "(o0 / 2, o1 + s)", "o0=3", "o1=4", "s=0.5").stdout == "(1.5, 4.5)\n"
    assert llcjit("eval", "x*y", "x=2", "y=4", "--variables", "x,y").stdout == "8\n"
    assert llcjit("eval", "max(values) - min(values)", "values=1,9,4",
                  "--kind", "filter1d").stdout == "8\n"


def test_bad_formula_exits_2_with_caret_on_stderr(llcjit):
    result = llcjit("eval", "exp(-a*x)*exq(x)", check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "1:11: error: unknown function 'exq'; did you mean 'exp'?\n"
        "  exp(-a*x)*exq(x)\n"
        "            ^~~\n")


def test_missing_or_unknown_values_are_usage_errors(llcjit):
    result = llcjit("eval", "exp(-a*x*x)", "x=1", check=False)
    assert result.returncode == 2
    assert "give a value for the parameter 'a'" in result.stderr
    result = llcjit("eval", "x + 1", "x=1", "b=2", check=False)
    assert result.returncode == 2
    assert "no parameter or variable 'b'" in result.stderr


def test_ir_and_asm(llcjit):
    ir = llcjit("ir", "exp(-a*x*x)").stdout
    assert 'define double @"quad: double (double, void *)"(' in ir
    assert "_ZGV" not in ir  # the scalar C library unless asked
    ir = llcjit("ir", "exp(-a*x*x)", "--vector-math").stdout
    assert "_ZGVdN4v_exp" in ir or "_ZGVbN2v_exp" in ir  # vectorised batch loop
    asm = llcjit("asm", "exp(-a*x*x)", "--kind", "quad").stdout
    assert "ret" in asm
    assert llcjit("ir", "values[", check=False).returncode == 2


def test_help_documents_every_command(llcjit):
    text = llcjit("--help").stdout
    for command in ("eval", "quad", "nquad", "filter", "ir", "asm", "demo"):
        assert command in text
    eval_help = llcjit("eval", "--help").stdout
    for option in ("--kind", "--parameters", "--variables", "--vector-math", "NAME=VALUE"):
        assert option in eval_help


def test_demo_runs_the_seed_formulas(llcjit):
    out = llcjit("demo").stdout
    assert "0.60653065971263342" in out
    assert "min of [4, 1, 3, 9, 2] through the filter entry point: 1 (returned 1)" in out
    # The seed erosion: the pixel the demo checks by hand agrees.
    import re
    pixel = re.search(r"pixel \(1000, 700\): (\S+) \(std::min of its cross: (\S+)\)", out)
    assert pixel and pixel.group(1) == pixel.group(2)
    assert "fused, 1 thread" in out and "fused, all cores" in out


def test_version_has_one_source(llcjit):
    """The file VERSION is the version of the tool, the C ABI, the Python
    package and its build metadata."""
    import os
    import pathlib
    import sys
    root = pathlib.Path(os.environ["LLCJIT_SOURCE_DIR"])
    version = (root / "VERSION").read_text().strip()
    assert llcjit("--version").stdout.strip() == f"llcjit {version}"
    assert (root / "python" / "VERSION").resolve() == (root / "VERSION").resolve()
    if not os.environ.get("LLCJIT_SANITIZED"):  # the package loads the plain library
        sys.path.insert(0, str(root / "python"))
        import llcjit as package
        assert package.__version__ == version
