"""The Python package as a user meets it (issue 17, item 9): pip installs it
with its native library, dir(llcjit) is the public API, the annotations are
marked for type checkers, a native library of another version is refused
at import with a message saying so, and Dask is optional (issue 19)."""
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np
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


def test_pip_installs_the_package_with_its_library(tmp_path):
    # The CMake build of this test run is reused (LLCJIT_BUILD_DIR), so pip
    # only brings it up to date; without it pip makes an optimised build of its
    # own, which takes minutes.
    library = os.environ.get("LLCJIT_LIBRARY")
    if not library:
        pytest.skip("LLCJIT_LIBRARY names the build this test reuses (ctest sets it)")
    build = pathlib.Path(library).resolve().parents[1]
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "-q",
         "--target", str(target), str(PACKAGE.parent)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "LLCJIT_BUILD_DIR": str(build)})
    assert install.returncode == 0, install.stderr
    assert (target / "llcjit" / "libllcjit.so.0").is_file()
    assert (target / "llcjit" / "py.typed").is_file()
    environment = {k: v for k, v in os.environ.items() if k != "LLCJIT_LIBRARY"}
    environment["PYTHONPATH"] = str(target)
    used = subprocess.run(
        [sys.executable, "-c", "import llcjit, numpy as np; print(llcjit._native.lib._name); "
         "print(llcjit.quad('exp(-a*x*x)', -np.inf, np.inf, a=2.0)[0])"],
        capture_output=True, text=True, timeout=60, env=environment, cwd=tmp_path)
    assert used.returncode == 0, used.stderr
    where, value = used.stdout.split()
    assert pathlib.Path(where) == target / "llcjit" / "libllcjit.so.0"
    assert float(value) == pytest.approx(np.sqrt(np.pi / 2), rel=1e-12)


def test_dask_is_optional():
    # As on a machine without python3-dask: import llcjit works, and
    # llcjit.dask says what to install.
    hide_dask = "import sys; sys.modules['dask'] = None; sys.modules['dask.array'] = None; "
    result = run_python(hide_dask + "import llcjit; print(llcjit.quad('x', 0, 1)[0])",
                        PACKAGE.parent)
    assert result.returncode == 0 and result.stdout.strip() == "0.5", result.stderr
    result = run_python(hide_dask + "import llcjit.dask", PACKAGE.parent)
    assert result.returncode != 0
    assert "ImportError: llcjit.dask needs Dask: install Debian's python3-dask" in result.stderr
