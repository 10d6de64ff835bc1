"""llcjit's objects in dask.distributed (issue 17, item 10): they travel as
their source and parameters, a worker process compiles them again, and the
results are the same bits. Dask's client.scatter takes any tuple, and so a
LowLevelCallable, for a collection of items to scatter one by one: an
object is scattered inside a list, as Dask's documentation says of
list-like objects."""
import pathlib
import pickle
import sys

import numpy as np
import pytest

pytest.importorskip("distributed")  # Debian's python3-distributed
import scipy.integrate as si  # noqa: E402
import scipy.ndimage as ndi  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402


def integrate(f):
    return si.quad(f, -np.inf, np.inf)


def erode(kernel, image):
    return ndi.generic_filter(image, kernel, size=3)


def test_objects_pickle_as_source_and_parameters():
    f = llcjit.integrand("exp(-a*x*x)", a=2.0)
    data = pickle.dumps(f)
    assert b"exp(-a*x*x)" in data and b"Capsule" not in data and len(data) < 300
    assert pickle.loads(data) == f and hash(pickle.loads(data)) == hash(f)


def test_submit_and_map_take_the_objects(cluster_client):
    client = cluster_client
    f = llcjit.integrand("exp(-a*x*x)", a=2.0)
    assert client.submit(integrate, f).result() == integrate(f)
    several = [f.with_params(a=a) for a in (0.5, 1.0, 2.0)]
    assert client.gather(client.map(integrate, several)) == [integrate(g) for g in several]
    kernel = llcjit.filter_kernel("min(values)")
    image = np.random.default_rng(0).standard_normal((64, 64))
    np.testing.assert_array_equal(client.submit(erode, kernel, image).result(),
                                  ndi.grey_erosion(image, size=3))


def test_scatter_an_object_inside_a_list(cluster_client):
    client = cluster_client
    f = llcjit.integrand("exp(-a*x*x)", a=2.0)
    [future] = client.scatter([f])
    assert future.type is llcjit.Integrand
    assert client.submit(integrate, future).result() == integrate(f)
    # Alone it is taken for the tuple it is, its items scattered one by one:
    # Dask's rule for every tuple, which SciPy's C code needs it to be.
    with pytest.raises(TypeError, match="PyCapsule"):
        client.scatter(f)
