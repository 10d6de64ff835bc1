"""`llcjit filter` on .npy files against scipy.ndimage."""
import numpy as np
import pytest
import scipy.ndimage as ndi

rng = np.random.default_rng(21)


def run(llcjit, tmp_path, image, *args):
    np.save(tmp_path / "in.npy", image)
    llcjit("filter", args[0], str(tmp_path / "in.npy"), str(tmp_path / "out.npy"), *args[1:])
    result = np.load(tmp_path / "out.npy")
    assert result.dtype == np.float64
    return result


def test_seed_erosion_with_the_cross(llcjit, tmp_path):
    image = rng.standard_normal((64, 80))
    got = run(llcjit, tmp_path, image, "min(values)", "--footprint", "cross")
    np.testing.assert_array_equal(got, ndi.grey_erosion(image, footprint=ndi.generate_binary_structure(2, 1)))


@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "uint8", "int16"])
def test_input_dtypes_are_converted_like_scipy(llcjit, tmp_path, dtype):
    image = (rng.standard_normal((9, 11)) * 50).astype(dtype)
    got = run(llcjit, tmp_path, image, "max(values) - min(values)", "--size", "3x2")
    want = ndi.generic_filter(image.astype(np.float64), lambda v: v.max() - v.min(), size=(3, 2))
    np.testing.assert_array_equal(got, want)


def test_options_footprint_file_fortran_order_and_parameters(llcjit, tmp_path):
    image = np.asfortranarray(rng.standard_normal((7, 6, 5)))
    footprint = rng.random((3, 3, 2)) > 0.4
    np.save(tmp_path / "fp.npy", footprint)
    got = run(llcjit, tmp_path, image, "percentile(values, q)", "--footprint",
              str(tmp_path / "fp.npy"), "--mode", "constant", "--cval", "0.5",
              "--origin", "1,-1,0", "q=30")
    want = ndi.generic_filter(image, lambda v: np.percentile(v, 30), footprint=footprint,
                              mode="constant", cval=0.5, origin=(1, -1, 0))
    np.testing.assert_array_equal(got, want)
    got = run(llcjit, tmp_path, image, "median(values)", "--footprint", "cross", "--mode", "wrap")
    want = ndi.generic_filter(image, np.median, footprint=ndi.generate_binary_structure(3, 1),
                              mode="wrap")
    np.testing.assert_array_equal(got, want)


def test_errors_exit_2(llcjit, tmp_path):
    np.save(tmp_path / "in.npy", np.ones((4, 4)))
    (tmp_path / "bad.npy").write_bytes(b"not numpy")
    for args in [("min(values)", "in.npy", "out.npy"),                        # no footprint
                 ("min(values)", "in.npy", "out.npy", "--size", "3", "--mode", "foo"),
                 ("min(values)", "in.npy", "out.npy", "--size", "3", "--origin", "2"),
                 ("min(values)", "bad.npy", "out.npy", "--size", "3"),
                 ("min(values", "in.npy", "out.npy", "--size", "3")]:
        args = [args[0]] + [str(tmp_path / a) if a.endswith(".npy") else a for a in args[1:]]
        result = llcjit("filter", *args, check=False)
        assert result.returncode == 2, args
        assert result.stderr, args
