"""The Python package as a user meets it (issue 17, item 9): dir(llcjit) is
the public API, the annotations are marked for type checkers, and a native
library of another version is refused at import with a message saying so."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "python" / "llcjit"

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)


def run_python(code, path):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(path)})


def test_dir_shows_the_public_api_only():
    result = run_python("import llcjit; print(' '.join(dir(llcjit)))", PACKAGE.parent)
    assert result.returncode == 0, result.stderr
    names = result.stdout.split()
    assert "integrand" in names and "quad" in names and "__version__" in names
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    assert "annotations" not in names


def test_the_package_is_typed_and_knows_its_version():
    assert (PACKAGE / "py.typed").is_file()
    version = (PACKAGE.parents[1] / "VERSION").read_text().strip()
    result = run_python("import llcjit; print(llcjit.__version__)", PACKAGE.parent)
    assert result.stdout.strip() == version, result.stderr


def test_a_library_of_another_version_is_refused(tmp_path):
    copy = tmp_path / "llcjit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "VERSION"))
    (copy / "VERSION").write_text("9.9.9\n")
    result = run_python("import llcjit", tmp_path)
    assert result.returncode != 0
    assert "ImportError: llcjit 9.9.9 cannot use the native library" in result.stderr
    assert "which is version" in result.stderr and "LLCJIT_LIBRARY" in result.stderr
