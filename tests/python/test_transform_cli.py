"""`llcjit transform` on .npy files and PNG pictures against
scipy.ndimage.geometric_transform, and its usage errors (exit status 2)."""
import math

import numpy as np
import pytest
import scipy.ndimage as ndi

rng = np.random.default_rng(31)
ROTATION = "(o0*cos(t) - o1*sin(t) + 10, o0*sin(t) + o1*cos(t) - 5)"


def rotation(t):
    return lambda o: (o[0] * math.cos(t) - o[1] * math.sin(t) + 10,
                      o[0] * math.sin(t) + o[1] * math.cos(t) - 5)


def run(llcjit, tmp_path, image, *args, suffix=".npy"):
    np.save(tmp_path / "in.npy", image)
    llcjit("transform", args[0], str(tmp_path / "in.npy"), str(tmp_path / f"out{suffix}"),
           *args[1:])
    return np.load(tmp_path / "out.npy") if suffix == ".npy" else None


@pytest.mark.parametrize("order", [0, 1, 3, 5])
@pytest.mark.parametrize("mode", ["constant", "grid-constant", "nearest", "reflect", "mirror",
                                  "wrap", "grid-wrap"])
def test_rotation_is_scipys(llcjit, tmp_path, order, mode):
    image = rng.standard_normal((23, 31))
    got = run(llcjit, tmp_path, image, ROTATION, "t=0.4", "--order", str(order), "--mode", mode,
              "--cval", "-1.5", "--shape", "19x40")
    want = ndi.geometric_transform(image, rotation(0.4), output_shape=(19, 40), order=order,
                                   mode=mode, cval=-1.5)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", ["uint8", "int16", "float32", "uint64"])
def test_dtype_kept_or_given(llcjit, tmp_path, dtype):
    image = (rng.standard_normal((12, 10)) * 60 + 50).astype(dtype)
    for output in (None, "uint8", "float64", "int8"):
        options = ("--dtype", output) if output else ()
        got = run(llcjit, tmp_path, image, "(o0*0.9 + 0.3, o1*1.1 - 0.2)", "--order", "3",
                  *options)
        want = ndi.geometric_transform(image, lambda o: (o[0] * 0.9 + 0.3, o[1] * 1.1 - 0.2),
                                       order=3, output=output)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_without_prefilter_and_into_another_rank(llcjit, tmp_path):
    image = rng.standard_normal((6, 7))
    got = run(llcjit, tmp_path, image, "(2, o0*0.5)", "--shape", "9", "--no-prefilter")
    want = ndi.geometric_transform(image, lambda o: (2, o[0] * 0.5), output_shape=(9,),
                                   prefilter=False)
    np.testing.assert_array_equal(got, want)


def test_png_in_and_out(llcjit, tmp_path):
    png = pytest.importorskip("PIL.Image")
    image = (rng.random((20, 30)) * 255).astype(np.uint8)
    png.fromarray(image).save(tmp_path / "in.png")
    llcjit("transform", "(o0 + 0.5, o1 - 2.25)", str(tmp_path / "in.png"),
           str(tmp_path / "out.png"), "--order", "1")
    got = np.asarray(png.open(tmp_path / "out.png"))
    want = ndi.geometric_transform(image, lambda o: (o[0] + 0.5, o[1] - 2.25), order=1)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("args, fragment", [
    (("(o0, o1)", "--order", "6"), "spline order not supported"),
    (("(o0, o1)", "--mode", "foo"), "boundary mode not supported"),
    (("(o0,)",), "returns 1 input coordinates, but the input has 2 axes"),
    (("(o0, o1, o2)",), "the mapping uses o2, but the output has 2 axes"),
    (("(o0, o1 * a)",), "give a value for the parameter 'a'"),
    (("(o0, o1)", "--shape", "-3x5"), "negative dimensions"),
    (("(o0, o1)", "--shape", "99999999999x99999999999"), "too large"),
    (("(o0, o1)", "--dtype", "float16"), "dtype"),
    (("(o0, o1)", "--streaming", "yes"), "--streaming"),
    (("(o0, o1", ), "expected"),
    (("min(values)",), "transform"),
])
def test_usage_errors_exit_2(llcjit, tmp_path, args, fragment):
    np.save(tmp_path / "in.npy", np.ones((4, 5)))
    result = llcjit("transform", args[0], str(tmp_path / "in.npy"), str(tmp_path / "out.npy"),
                    *args[1:], check=False)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr, result.stderr
    assert not (tmp_path / "out.npy").exists()


def test_streaming_gives_the_same_result(llcjit, tmp_path):
    image = rng.standard_normal((37, 70))
    want = ndi.geometric_transform(image, rotation(0.4), order=1)
    for streaming in ("auto", "on", "off"):
        got = run(llcjit, tmp_path, image, ROTATION, "t=0.4", "--order", "1", "--streaming",
                  streaming)
        np.testing.assert_array_equal(got, want)
