"""`llcjit filter` on .npy files against scipy.ndimage."""
import numpy as np
import pytest
import scipy.ndimage as ndi

rng = np.random.default_rng(21)


def run(llcjit, tmp_path, image, *args):
    np.save(tmp_path / "in.npy", image)
    llcjit("filter", args[0], str(tmp_path / "in.npy"), str(tmp_path / "out.npy"), *args[1:])
    return np.load(tmp_path / "out.npy")


def test_seed_erosion_with_the_cross(llcjit, tmp_path):
    image = rng.standard_normal((64, 80))
    got = run(llcjit, tmp_path, image, "min(values)", "--footprint", "cross")
    np.testing.assert_array_equal(got, ndi.grey_erosion(image, footprint=ndi.generate_binary_structure(2, 1)))


@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "uint8", "int16", "bool",
                                   "uint64"])
def test_dtypes_in_and_out_are_scipys(llcjit, tmp_path, dtype):
    image = (rng.standard_normal((9, 11)) * 50).astype(dtype)
    for output in (None, "float64", "uint8", "int16"):
        options = ("--dtype", output) if output else ()
        got = run(llcjit, tmp_path, image, "max(values) - min(values) * 1.5", "--size", "3x2",
                  *options)
        want = ndi.generic_filter(image, lambda v: v.max() - v.min() * 1.5, size=(3, 2),
                                  output=output)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got.view(np.uint8), want.view(np.uint8))


def test_unknown_dtype_exits_2(llcjit, tmp_path):
    np.save(tmp_path / "in.npy", np.ones((4, 4)))
    for dtype in ("float16", "complex128", ">f8", ""):
        result = llcjit("filter", "min(values)", str(tmp_path / "in.npy"),
                        str(tmp_path / "out.npy"), "--size", "3", "--dtype", dtype, check=False)
        assert result.returncode == 2, dtype
        assert "dtype" in result.stderr, result.stderr


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
                 ("min(values", "in.npy", "out.npy", "--size", "3"),
                 ("min(values)", "in.npy", "out.npy", "--size", "3", "--streaming", "yes")]:
        args = [args[0]] + [str(tmp_path / a) if a.endswith(".npy") else a for a in args[1:]]
        result = llcjit("filter", *args, check=False)
        assert result.returncode == 2, args
        assert result.stderr, args


def decode_png(data):
    """A grey, non-interlaced PNG of 8 or 16 bits decoded by hand (zlib and
    the five row filters of the PNG specification, on bytes), to check what
    libpng wrote."""
    import struct
    import zlib
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth in (8, 16) and (colour, interlace) == (0, 0)
    step = depth // 8  # bytes per pixel
    span = width * step
    raw = zlib.decompress(idat)
    rows, previous = [], [0] * span
    for y in range(height):
        line = raw[y * (span + 1):(y + 1) * (span + 1)]
        kind, row = line[0], list(line[1:])
        for x in range(span):
            left = row[x - step] if x >= step else 0
            up, up_left = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                row[x] = (row[x] + predictor) & 255
        rows.append(row)
        previous = row
    pixels = np.array(rows, dtype=np.uint8)
    return pixels if depth == 8 else pixels.view(">u2").astype(np.uint16)


def png_of(llcjit, tmp_path, picture, name):
    """`picture` through .npy into `name`.png by values[0] over a 1-element
    footprint (a copy), decoded by hand."""
    np.save(tmp_path / f"{name}.npy", picture)
    llcjit("filter", "values[0]", str(tmp_path / f"{name}.npy"), str(tmp_path / f"{name}.png"),
           "--size", "1")
    return decode_png((tmp_path / f"{name}.png").read_bytes())


def filtered_png(llcjit, tmp_path, formula, name, *options):
    """`formula` over `name`.png, written to and loaded from .npy."""
    llcjit("filter", formula, str(tmp_path / f"{name}.png"), str(tmp_path / "filtered.npy"),
           *options)
    return np.load(tmp_path / "filtered.npy")


def test_png_pictures_in_and_out(llcjit, tmp_path):
    picture = rng.integers(0, 256, (37, 53)).astype(np.uint8)
    np.testing.assert_array_equal(png_of(llcjit, tmp_path, picture, "picture"), picture)
    # PNG in, .npy out: the seed erosion of the picture, in uint8.
    eroded = filtered_png(llcjit, tmp_path, "min(values)", "picture", "--footprint", "cross")
    assert eroded.dtype == np.uint8
    np.testing.assert_array_equal(
        eroded, ndi.grey_erosion(picture, footprint=ndi.generate_binary_structure(2, 1)))
    # A mean of uint8 pixels is truncated as SciPy truncates it, unless the
    # output is float64, which PNG rounds half away from zero.
    for dtype, want in [((), ndi.generic_filter(picture, np.mean, size=3)),
                        (("--dtype", "float64"),
                         np.clip(np.floor(ndi.generic_filter(picture, np.mean, size=3,
                                                              output=np.float64) + 0.5), 0, 255))]:
        llcjit("filter", "mean(values)", str(tmp_path / "picture.png"),
               str(tmp_path / "mean.png"), "--size", "3", *dtype)
        np.testing.assert_array_equal(decode_png((tmp_path / "mean.png").read_bytes()), want)
    # Other dtypes: rounded half away from zero and clamped to 0..255.
    wide = np.array([[-3.4, 12.5, 99.49, 300.0, np.nan]])
    np.testing.assert_array_equal(png_of(llcjit, tmp_path, wide, "wide"), [[0, 13, 99, 255, 0]])


def test_16_bit_pictures_in_and_out(llcjit, tmp_path):
    picture = rng.integers(0, 65536, (29, 41)).astype(np.uint16)
    picture[0, :3] = [0, 255, 65535]
    np.testing.assert_array_equal(png_of(llcjit, tmp_path, picture, "deep"), picture)
    # A 16-bit picture reads back as uint16, and filters in it.
    dilated = filtered_png(llcjit, tmp_path, "max(values)", "deep", "--size", "3x5")
    assert dilated.dtype == np.uint16
    np.testing.assert_array_equal(dilated, ndi.grey_dilation(picture, size=(3, 5)))


def test_png_errors_exit_2(llcjit, tmp_path):
    np.save(tmp_path / "cube.npy", np.ones((2, 3, 4)))
    (tmp_path / "bad.png").write_bytes(b"\x89PNG not really")
    for args in [("values[0]", str(tmp_path / "cube.npy"), str(tmp_path / "cube.png"), "--size", "1"),
                 ("values[0]", str(tmp_path / "bad.png"), str(tmp_path / "out.npy"), "--size", "1")]:
        result = llcjit("filter", *args, check=False)
        assert result.returncode == 2, args
        assert "png" in result.stderr.lower(), result.stderr


def test_unfused_flag_gives_the_same_result(llcjit, tmp_path):
    image = rng.standard_normal((20, 30))
    fused = run(llcjit, tmp_path, image, "median(abs(values - median(values)))", "--size", "5")
    unfused = run(llcjit, tmp_path, image, "median(abs(values - median(values)))", "--size", "5",
                  "--unfused", "--threads", "1")
    np.testing.assert_array_equal(fused, unfused)


def test_streaming_gives_the_same_result(llcjit, tmp_path):
    image = rng.standard_normal((300, 400))
    results = [run(llcjit, tmp_path, image, "min(values) + values[4]", "--size", "3",
                   "--streaming", streaming) for streaming in ("auto", "on", "off")]
    np.testing.assert_array_equal(results[0], results[1])
    np.testing.assert_array_equal(results[0], results[2])


def test_more_threads_than_cores_say_nothing_and_change_nothing(llcjit, tmp_path):
    # An arena of more threads than cores made TBB print a warning.
    image = rng.standard_normal((300, 400))
    np.save(tmp_path / "in.npy", image)
    results = []
    for threads in ("1", "64"):
        done = llcjit("filter", "median(values)", str(tmp_path / "in.npy"),
                      str(tmp_path / f"out{threads}.npy"), "--size", "3", "--threads", threads)
        assert done.stderr == ""
        results.append(np.load(tmp_path / f"out{threads}.npy"))
    np.testing.assert_array_equal(results[0], results[1])
