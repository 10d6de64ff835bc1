import os
import subprocess

import pytest


@pytest.fixture(scope="session")
def llcjit():
    """Runs the llcjit tool; returns the completed process."""
    tool = os.environ.get("LLCJIT_TOOL")
    if not tool:
        pytest.fail("LLCJIT_TOOL must name the llcjit binary (ctest sets it)")

    def run(*args, check=True):
        result = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"llcjit {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result

    return run
