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


@pytest.fixture(scope="session")
def cluster_client():
    """A dask.distributed client of a LocalCluster of two worker processes,
    as a cluster has them (nothing shared with this process), for the
    session; shut down at its end."""
    distributed = pytest.importorskip("distributed")  # Debian's python3-distributed
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client
