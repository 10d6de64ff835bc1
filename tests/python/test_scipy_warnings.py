"""Where SciPy warns or raises a standard exception, llcjit's function of
the same name does too: nquad's IntegrationWarning for a level that did
not converge (in that level's words), MemoryError, and generic_filter's warning for a size beside
a footprint (in memory and over dask)."""
import os
import pathlib
import sys
import warnings

import numpy as np
import pytest
import scipy.integrate as si
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402


def test_nquad_warns_where_a_level_does_not_converge_as_scipy():
    # An unconverged value came back in silence: ier 1 was in full_output only.
    with pytest.warns(si.IntegrationWarning) as caught:
        value, _ = llcjit.nquad("1/x0", [(0, 1), (0, 1)])
    assert len(caught) == 1  # one for the call (SciPy's, one per failing quad, show once)
    with pytest.warns(si.IntegrationWarning) as scipy_caught:
        expected, _ = si.nquad(lambda x0, x1: 1 / x0, [(0, 1), (0, 1)])
    assert {str(w.message) for w in scipy_caught} == {str(caught[0].message)}
    assert caught[0].filename == __file__
    assert value == pytest.approx(expected, rel=1e-12)
    with pytest.warns(si.IntegrationWarning, match=r"\(7\)"):  # the levels' common limit
        llcjit.nquad("1/x0", [(0, 1), (0, 1)], opts={"limit": 7})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert llcjit.nquad("x0*x1", [(0, 1), (0, 1)])[0] == pytest.approx(0.25)
        *_, info = llcjit.nquad("1/x0", [(0, 1), (0, 1)], full_output=True)
    assert info["ier"] == 1  # with full_output the code is in the dict, not a warning


def test_nquad_names_the_limit_of_the_level_that_did_not_converge():
    # The outer level (limit 7) fails, the inner (limit 3) converges: SciPy
    # words the warning with 7, where llcjit used to fall back to nquad's 50.
    opts = [{"limit": 3}, {"limit": 7}]
    with pytest.warns(si.IntegrationWarning) as caught:
        llcjit.nquad("sin(40*x1) * abs(x1 - 0.3)^0.5 * x0", [(0, 1), (0, 1)], opts=opts)
    with pytest.warns(si.IntegrationWarning) as scipy_caught:
        si.nquad(lambda x0, x1: np.sin(40 * x1) * abs(x1 - 0.3)**0.5 * x0, [(0, 1), (0, 1)],
                 opts=opts)
    assert [str(w.message) for w in caught] == list({str(w.message) for w in scipy_caught})
    assert "(7)" in str(caught[0].message)


def test_running_out_of_memory_is_a_memory_error():
    # 2^47 doubles of line buffer: past any 47-bit address space, whatever
    # the kernel's overcommit policy.
    with pytest.raises(MemoryError, match="out of memory"):
        llcjit.generic_filter1d(np.ones((3, 4)), "min(values)", 2**47)


def test_size_beside_a_footprint_warns_as_scipy():
    x = np.arange(16.0).reshape(4, 4)
    with pytest.warns(UserWarning, match="^ignoring size because footprint is set$") as caught:
        got = llcjit.generic_filter(x, "min(values)", size=3, footprint=np.ones((2, 2)))
    assert len(caught) == 1 and caught[0].filename == __file__
    with pytest.warns(UserWarning, match="ignoring size"):
        expected = ndi.generic_filter(x, np.min, size=3, footprint=np.ones((2, 2)))
    np.testing.assert_array_equal(got, expected)


def test_size_beside_a_footprint_warns_once_at_the_callers_line_over_dask():
    da = pytest.importorskip("dask.array")
    import llcjit.dask  # noqa: E402 (dask is optional)
    x = np.arange(64.0).reshape(8, 8)
    with pytest.warns(UserWarning, match="^ignoring size because footprint is set$") as caught:
        lazy = llcjit.dask.generic_filter(da.from_array(x, chunks=4), "min(values)", size=3,
                                          footprint=np.ones((2, 2)))
    assert len(caught) == 1 and caught[0].filename == __file__
    # Not again from the blocks. (Dask may warn of its own, e.g. that an
    # earlier test's distributed client is still active.)
    with warnings.catch_warnings(record=True) as later:
        warnings.simplefilter("always")
        got = lazy.compute(scheduler="synchronous")
    assert not [w for w in later if "ignoring size" in str(w.message)]
    np.testing.assert_array_equal(got, ndi.generic_filter(x, np.min, footprint=np.ones((2, 2))))
