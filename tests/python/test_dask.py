"""llcjit.dask (issue 19): generic_filter over chunked dask arrays equal to
the in-memory call bit for bit for any chunking, every mode, ranks 1 to 3;
quad over dask arrays of parameters; Dask's threaded scheduler and a real
dask.distributed LocalCluster of worker processes, one of which dies in the
middle of a computation; errors raised in the client before anything is
scheduled."""
import os
import pathlib
import sys
import warnings

import numpy as np
import pytest

da = pytest.importorskip("dask.array")  # Debian's python3-dask
pytest.importorskip("distributed")  # and python3-distributed
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402
import llcjit.dask  # noqa: E402

MODES = ["reflect", "mirror", "nearest", "wrap", "constant", "grid-wrap", "grid-mirror",
         "grid-constant"]
# (formula, keyword arguments): extremes, order statistics, a fused formula of
# single values, windows wider than the array, origins at both limits.
KERNELS = [
    ("min(values)", {"size": 3}),
    ("median(values)", {"size": 5}),
    ("values[0] - 2*values[1] + c", {"size": 2, "c": 0.5}),
    ("max(values) - min(values)", {"size": 4, "origin": 1}),
    ("max(values)", {"size": 7, "origin": -3}),
    ("sum(values)", {"size": 9, "exact": True}),
]


def random_chunks(rng, shape):
    """A chunking of `shape`: rows of one element, uneven last chunks."""
    chunks = []
    for n in shape:
        sizes = []
        while sum(sizes) < n:
            sizes.append(int(min(rng.integers(1, max(2, n // 2) + 1), n - sum(sizes))))
        chunks.append(tuple(sizes))
    return tuple(chunks)


@pytest.mark.parametrize("shape", [(41,), (23, 17), (9, 6, 7)])
@pytest.mark.parametrize("mode", MODES)
def test_any_chunking_gives_the_in_memory_bits(shape, mode):
    rng = np.random.default_rng(abs(hash((shape, mode))) % 2**32)
    image = rng.standard_normal(shape)
    image[tuple(rng.integers(0, n) for n in shape)] = np.nan  # NaN propagates alike
    for source, options in KERNELS:
        options = dict(options)
        if "size" in options and len(shape) > 1 and source.startswith("values"):
            options["footprint"] = np.ones((options.pop("size"),) + (1,) * (len(shape) - 1))
        want = llcjit.generic_filter(image, source, mode=mode, cval=1.5, **options)
        rows_of_one = ((1,) * shape[0],) + tuple((n,) for n in shape[1:])
        for chunks in [random_chunks(rng, shape), rows_of_one, shape]:
            lazy = llcjit.dask.generic_filter(da.from_array(image, chunks=chunks), source,
                                              mode=mode, cval=1.5, **options)
            assert lazy.shape == image.shape and lazy.dtype == np.float64
            got = lazy.compute(scheduler="threads")
            np.testing.assert_array_equal(got, want, err_msg=f"{source} {options} {chunks}")


def test_blocks_are_filtered_where_they_are():
    """Dask's map_overlap would copy every block with its halo first; the
    filter reads each block of the array in place, and only slabs of the
    bands along the blocks' faces are assembled."""
    from llcjit._neighbours import map_neighbourhoods
    image = np.random.default_rng(9).standard_normal((40, 30, 20))
    read = []

    def block_function(block, reach):
        read.append((block.shape, np.shares_memory(block, image)))
        return llcjit.generic_filter(block, "max(values) - min(values)", size=2 * reach + 1)

    lazy = map_neighbourhoods(da.from_array(image, chunks=(20, 10, 10)), (2, 1, 1),
                              block_function, image.dtype, {"reach": 1})
    got = lazy.compute(scheduler="sync")
    # Each of the 2x3x2 blocks once in place, then a slab per face it shares
    # with a neighbour: 2 sides of 1, 2 and 1 inner faces per line of blocks.
    blocks = [shape for shape, in_place in read if in_place]
    assert sorted(blocks) == [(20, 10, 10)] * 12
    assert len(read) - 12 == 2 * (1 * 3 * 2 + 2 * 2 * 2 + 1 * 2 * 3)
    # Windows of reach 1 inside a depth of (2, 1, 1): the in-memory result,
    # but for the array's own border, which the callers pad and trim.
    want = llcjit.generic_filter(image, "max(values) - min(values)", size=3)
    np.testing.assert_array_equal(got[2:-2, 1:-1, 1:-1], want[2:-2, 1:-1, 1:-1])


def test_quad_over_dask_arrays_is_the_in_memory_sweep():
    a = np.linspace(0.1, 10, 1000)
    b = np.linspace(0.0, 1.0, 3).reshape(3, 1)
    values, abserr, info = llcjit.dask.quad("exp(-a*x*x) + b", -3, 3, full_output=True,
                                            a=da.from_array(a, chunks=137), b=b, limit=20)
    want = llcjit.quad("exp(-a*x*x) + b", -3, 3, full_output=True, a=a, b=b, limit=20)
    got = da.compute(values, abserr, info["neval"], info["ier"], scheduler="threads")
    assert got[0].shape == (3, 1000)
    for mine, theirs in zip(got, [want[0], want[1], want[2]["neval"], want[2]["ier"]]):
        np.testing.assert_array_equal(mine, theirs)


def test_quad_warns_per_block_with_the_whole_arrays_index():
    """Each block warned with indices into itself: 'flat index 2' for the
    whole array's 5."""
    import scipy.integrate as si
    c = np.array([0, 0, 0, 0, 0, 1.0, 1.0, 0])
    lazy = llcjit.dask.quad("c*abs(x-0.3)^(-0.45)", 0, 1, c=da.from_array(c, chunks=3), limit=3)
    with pytest.warns(si.IntegrationWarning) as caught:
        values, _ = da.compute(*lazy, scheduler="synchronous")
    texts = sorted(str(w.message) for w in caught)
    assert len(texts) == 2
    assert texts[0].startswith("1 of 2 integrals in the block [6:8] did not converge; the "
                               "first, at flat index 6 of the whole array: The maximum")
    assert texts[1].startswith("1 of 3 integrals in the block [3:6] did not converge; the "
                               "first, at flat index 5 of the whole array")
    with pytest.warns(si.IntegrationWarning):
        np.testing.assert_array_equal(values, llcjit.quad("c*abs(x-0.3)^(-0.45)", 0, 1, c=c,
                                                          limit=3)[0])
    # Nothing warns before computing (dask learns the type from meta), a
    # 0-d sweep warns SciPy's text alone, and points with a weight once.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lazy = llcjit.dask.quad("c*abs(x-0.3)^(-0.45)", 0, 1, c=da.from_array(np.array(1.0)),
                                limit=3)
    with pytest.warns(si.IntegrationWarning) as caught:
        da.compute(*lazy, scheduler="synchronous")
    assert [str(w.message) for w in caught] == [
        "The maximum number of subdivisions (3) has been achieved.\n  If increasing the limit "
        "yields no improvement it is advised to analyze \n  the integrand in order to "
        "determine the difficulties.  If the position of a \n  local difficulty can be "
        "determined (singularity, discontinuity) one will \n  probably gain from splitting up "
        "the interval and calling the integrator \n  on the subranges.  Perhaps a "
        "special-purpose integrator should be used."]
    with pytest.warns(si.IntegrationWarning, match="ignoring specified points") as caught:
        lazy = llcjit.dask.quad("exp(c*x)", 0, 1, c=da.ones(4, chunks=2), weight="cos", wvar=1,
                                points=[0.5])
    assert len(caught) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(da.compute(*lazy)[0], np.full(4, si.quad(
            np.exp, 0, 1, weight="cos", wvar=1)[0]))


def test_numbers_and_integer_images_behave_as_in_memory():
    values, abserr, info = llcjit.dask.quad("a*x", 0, 1, a=2.0, full_output=True)
    assert values.shape == () and values.compute() == 1.0 and info["ier"].compute() == 0
    image = np.arange(35, dtype=np.int16).reshape(5, 7)
    for mode in ("constant", "grid-constant", "reflect"):
        got = llcjit.dask.generic_filter(da.from_array(image, chunks=3), "max(values)", size=3,
                                         mode=mode, cval=40.5).compute()
        np.testing.assert_array_equal(
            got, llcjit.generic_filter(image, "max(values)", size=3, mode=mode, cval=40.5))


def test_errors_are_raised_before_anything_is_scheduled():
    image = da.zeros((8, 8), chunks=4)
    with pytest.raises(llcjit.CompileError, match="unknown function 'mni'"):
        llcjit.dask.generic_filter(image, "mni(values)", size=3)
    with pytest.raises(RuntimeError, match="boundary mode not supported"):
        llcjit.dask.generic_filter(image, "min(values)", size=3, mode="bogus")
    with pytest.raises(TypeError, match="no parameter"):
        llcjit.dask.generic_filter(image, "min(values)", size=3, c=1.0)
    with pytest.raises(RuntimeError, match="sequence argument"):
        llcjit.dask.generic_filter(image, "min(values)", size=(3, 3, 3))
    with pytest.raises(llcjit.CompileError):
        llcjit.dask.quad("exp(-a*x*", 0, 1, a=da.ones(4, chunks=2))
    with pytest.raises(TypeError, match="give"):
        llcjit.dask.quad("exp(-a*x*x) * c", 0, 1, a=da.ones(4, chunks=2))
    for own in ("args", "workers", "progress"):
        with pytest.raises(TypeError, match=f"llcjit.dask.quad takes no {own}"):
            llcjit.dask.quad("exp(-a*x*x)", 0, 1, a=da.ones(4, chunks=2), **{own: 1})
    with pytest.raises(TypeError, match="parameter a must be real numbers, not complex128"):
        llcjit.dask.quad("exp(-a*x*x)", 0, 1, a=da.ones(4, chunks=2) * 1j)
    with pytest.raises(TypeError, match="Complex type not supported"):
        llcjit.dask.generic_filter(image * 1j, "min(values)", size=3)
    unknown = image[image[:, 0] > -1]  # rows whose number is not known yet
    for function in (llcjit.dask.generic_filter, llcjit.dask.generic_filter1d):
        with pytest.raises(ValueError, match=r"compute_chunk_sizes\(\)"):
            function(unknown, "min(values)", 3)
    with pytest.raises(ValueError, match=r"compute_chunk_sizes\(\)"):
        llcjit.dask.quad("exp(-a*x*x) + b", 0, 1, a=unknown[:, 0], b=da.ones((2, 1)))


def die_once(block, marker):
    """Kills the worker process running the first block it sees (a crash in
    the middle of a computation); once the marker exists, the identity."""
    if block.size and not os.path.exists(marker):
        with open(marker, "w"):
            pass
        os._exit(1)
    return block


def test_a_cluster_of_processes_survives_a_worker_crash(cluster_client, tmp_path):
    rng = np.random.default_rng(5)
    image = rng.standard_normal((300, 200))
    want = llcjit.generic_filter(image, "median(values)", size=5, mode="mirror")
    data = da.from_array(image, chunks=(64, 50))
    data = data.map_blocks(die_once, marker=str(tmp_path / "died"), dtype=data.dtype)
    lazy = llcjit.dask.generic_filter(data, "median(values)", size=5, mode="mirror")
    np.testing.assert_array_equal(cluster_client.compute(lazy).result(), want)
    assert (tmp_path / "died").exists()  # a worker did die, and dask ran its tasks again
    a = da.from_array(np.linspace(0.1, 10, 500), chunks=100)
    values, _ = llcjit.dask.quad("exp(-a*x*x)", -np.inf, np.inf, a=a)
    np.testing.assert_array_equal(
        cluster_client.compute(values).result(),
        llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=np.linspace(0.1, 10, 500))[0])


def test_dask_shows_the_progress():
    import io

    from dask.diagnostics import ProgressBar
    out = io.StringIO()
    lazy = llcjit.dask.generic_filter(da.ones((64, 64), chunks=16), "min(values)", size=3)
    with ProgressBar(out=out):
        lazy.compute(scheduler="threads")
    assert "100% Completed" in out.getvalue()


@pytest.mark.parametrize("shape, axis", [((41,), 0), ((23, 17), 0), ((23, 17), -1),
                                         ((9, 6, 7), 1)])
def test_generic_filter1d_gives_scipys_bits_for_any_chunking(shape, axis):
    import scipy
    import scipy.ndimage as ndi
    rng = np.random.default_rng(len(shape) + axis)
    for dtype in (np.float64, np.int16):
        image = (rng.standard_normal(shape) * 100).astype(dtype)
        for source, size, origin, params in [("max(values) - min(values)", 3, 0, {}),
                                             ("values[0] - values[size - 1] + c", 4, 1,
                                              {"c": 0.25}),
                                             ("median(values)", 7, -3, {})]:
            kernel = llcjit.filter1d_kernel(source, **params)
            for mode in MODES:
                want = ndi.generic_filter1d(image, kernel, size, axis=axis, mode=mode,
                                            cval=1.5, origin=origin)
                for chunks in [random_chunks(rng, shape), shape]:
                    data = da.from_array(image, chunks=chunks)
                    lazy = llcjit.dask.generic_filter1d(data, source, size, axis=axis,
                                                        mode=mode, cval=1.5, origin=origin,
                                                        **params)
                    assert lazy.dtype == image.dtype
                    np.testing.assert_array_equal(lazy.compute(scheduler="threads"), want)
            # Another LowLevelCallable may read its whole line: lines stay whole.
            foreign = scipy.LowLevelCallable(kernel.function)
            lazy = llcjit.dask.generic_filter1d(da.from_array(image, chunks=random_chunks(
                rng, shape)), foreign, size, axis=axis, origin=origin)
            np.testing.assert_array_equal(
                lazy.compute(scheduler="threads"),
                ndi.generic_filter1d(image, foreign, size, axis=axis, origin=origin))
    # A compiled kernel takes other parameter values as the in-memory call.
    kernel = llcjit.filter1d_kernel("min(values) * s", s=2.0)
    image = np.arange(40.0).reshape(5, 8)
    np.testing.assert_array_equal(
        llcjit.dask.generic_filter1d(da.from_array(image, chunks=3), kernel, 3, s=3.0).compute(),
        llcjit.generic_filter1d(image, kernel, 3, s=3.0))
    with pytest.raises(TypeError, match="a LowLevelCallable has user_data"):
        llcjit.dask.generic_filter1d(da.ones(8, chunks=4), scipy.LowLevelCallable(
            kernel.function), 3, s=3.0)
    with pytest.raises(llcjit.CompileError):
        llcjit.dask.generic_filter1d(da.ones(8, chunks=4), "max(valeus)", 3)
    with pytest.raises(RuntimeError):
        llcjit.dask.generic_filter1d(da.ones(8, chunks=4), "max(values)", 3, mode="bogus")


def test_dtypes_are_the_in_memory_calls():
    image = np.arange(-40, 80, dtype=np.int16).reshape(10, 12) * 300
    chunked = da.from_array(image, chunks=(4, 5))
    for output, mode, cval in [(None, "reflect", 0.0), (None, "constant", 40.5),
                               ("uint8", "constant", 3.0), (np.float32, "wrap", 0.0)]:
        got = llcjit.dask.generic_filter(chunked, "max(values) / 7", size=3, mode=mode,
                                         cval=cval, output=output)
        want = llcjit.generic_filter(image, "max(values) / 7", size=3, mode=mode, cval=cval,
                                     output=output)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got.compute(), want)
    with pytest.raises(TypeError, match="output is a dtype"):
        llcjit.dask.generic_filter(chunked, "min(values)", size=3, output=np.empty((10, 12)))
    # A border the input's type cannot hold is padded in float64: 0.1 is no
    # float32, 1e30 no int16 (harmless outside the constant modes), and a
    # bool byte of 2 reads as 2, as in memory.
    floats = np.linspace(-1, 1, 120, dtype=np.float32).reshape(10, 12)
    bools = (np.arange(120).reshape(10, 12) % 3).astype(np.uint8).view(np.bool_)
    for data, mode, cval in [(floats, "constant", 0.1), (image, "reflect", 1e30),
                             (bools, "constant", 0.5)]:
        got = llcjit.dask.generic_filter(da.from_array(data, chunks=(4, 5)), "mean(values)",
                                         size=3, mode=mode, cval=cval, output=np.float64)
        want = llcjit.generic_filter(data, "mean(values)", size=3, mode=mode, cval=cval,
                                     output=np.float64)
        np.testing.assert_array_equal(got.compute(), want)
