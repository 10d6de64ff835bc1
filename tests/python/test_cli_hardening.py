"""The llcjit command line given bad input: one table row per input, with its
exit status (0 ok, 1 failure, 2 usage) and a fragment of what it prints on
stderr; crafted .npy and PNG files; outputs that must survive a failed write;
work that must stay bounded."""
import os
import resource
import signal
import struct
import subprocess
import sys
import time
import zlib

import numpy as np
import pytest


def write_npy(path, header, data=b""):
    """A .npy file with a header of our own, as a hostile user would craft."""
    text = header.encode("latin-1")
    text += b" " * ((64 - (10 + len(text) + 1) % 64) % 64) + b"\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + data)
    return str(path)


def write_png(path, width, height, rows=None):
    """An 8-bit grey PNG; without rows, all zero (a decompression bomb when large)."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))
    compressor = zlib.compressobj(9)
    raw = b""
    if rows is None:
        line = b"\x00" * (width + 1)
        for _ in range(height):
            raw += compressor.compress(line)
    else:
        for row in rows:
            raw += compressor.compress(b"\x00" + bytes(row))
    raw += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw)
                     + chunk(b"IEND", b""))
    return str(path)


HEADER = "{{'descr': '<f8', 'fortran_order': False, 'shape': {}, }}"

# (name, header, data bytes, stderr fragment)
BAD_NPY = [
    ("wrapping count", HEADER.format("(4611686018427387905, 4)"), 64, "invalid .npy header: an array of shape (4611686018427387905, 4) is too large"),
    ("2^32 x 2^32", HEADER.format("(4294967296, 4294967296)"), 64, "is too large"),
    ("negative extent", HEADER.format("(-5, 4)"), 160, "a shape holds non-negative integers"),
    ("fractional extent", HEADER.format("(2.5, 4)"), 160, "invalid .npy header: expected ','"),
    ("literal past int64", HEADER.format("(99999999999999999999999, 4)"), 160, "an extent of the shape is too large"),
    ("shape not a tuple", HEADER.format("4"), 32, "expected '('"),
    ("1-tuple without comma", HEADER.format("(4)"), 32, "a 1-d shape is written (n,)"),
    ("33 axes", HEADER.format("(" + "1, " * 33 + ")"), 8, "a shape of 33 axes; NumPy's arrays have at most 32"),
    ("data shorter than shape", HEADER.format("(5, 4)"), 100, "needs 160 bytes of data, the file holds 100"),
    ("unknown key", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1, }", 16, "unexpected key 'x'"),
    ("key given twice", "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16, "unexpected key 'descr'"),
    ("missing shape", "{'descr': '<f8', 'fortran_order': False, }", 16, "needs the keys"),
    ("fortran_order not bool", "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", 16, "expected True or False"),
    ("structured dtype", "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", 16, "structured dtypes"),
    ("complex dtype", "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", 32, "dtype '<c16' is not a real or integer type"),
    ("big-endian", "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", 16, "big-endian arrays (>f8) are not supported"),
    ("unterminated string", "{'descr': '<f8, 'fortran_order': False, 'shape': (2,), }", 16, "invalid .npy header"),
    ("text after the dict", HEADER.format("(2,)") + " junk", 16, "text after the dict"),
    ("not a dict", "['<f8', False, (2,)]", 16, "expected '{'"),
    ("empty header", "", 16, "expected '{'"),
]


@pytest.mark.parametrize("name,header,size,fragment", BAD_NPY, ids=[row[0] for row in BAD_NPY])
def test_crafted_npy_headers_exit_2(llcjit, tmp_path, name, header, size, fragment):
    source = write_npy(tmp_path / "in.npy", header, b"\0" * size)
    result = llcjit("filter", "min(values)", source, str(tmp_path / "out.npy"), "--size", "3",
                    check=False)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert not (tmp_path / "out.npy").exists()
    # The same file as a footprint.
    image = tmp_path / "image.npy"
    np.save(image, np.zeros((4, 4)))
    result = llcjit("filter", "min(values)", str(image), str(tmp_path / "out.npy"),
                    "--footprint", source, check=False)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr


def test_not_npy_files_exit_2(llcjit, tmp_path):
    for content, fragment in [(b"", "not a .npy file"), (b"hello world!", "not a .npy file"),
                              (b"\x93NUMPY\x07\x00\x00\x00", "format version 7"),
                              (b"\x93NUMPY\x01\x00\xff\x7f{", "truncated .npy header"),
                              (b"\x93NUMPY\x02\x00\x00\x00", "truncated .npy file")]:
        path = tmp_path / "in.npy"
        path.write_bytes(content)
        result = llcjit("filter", "min(values)", str(path), str(tmp_path / "o.npy"),
                        "--size", "3", check=False)
        assert result.returncode == 2, (content, result.stderr)
        assert fragment in result.stderr, (content, result.stderr)


def test_a_file_that_never_ends_is_refused_by_its_first_bytes(tmp_path):
    # /dev/zero, read whole, took 17 GB before the tool ran out of memory:
    # under a 2 GiB address space a regression fails fast instead (but for
    # AddressSanitizer, whose shadow memory needs terabytes of it).
    def limited(*args):
        def cap():
            resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        return subprocess.run([os.environ["LLCJIT_TOOL"], *args], capture_output=True,
                              text=True, timeout=60,
                              preexec_fn=None if os.environ.get("LLCJIT_SANITIZED") else cap)
    image = tmp_path / "image.npy"
    np.save(image, np.zeros((4, 4)))
    for name, fragment in [("zero.npy", "not a .npy file"), ("zero.png", "Not a PNG file")]:
        endless = tmp_path / name
        endless.symlink_to("/dev/zero")
        result = limited("filter", "min(values)", str(endless), str(tmp_path / f"o{name}"),
                         "--size", "3")
        assert result.returncode == 2, result.stderr
        assert f"{endless}: {fragment}" in result.stderr
    result = limited("filter", "min(values)", str(image), str(tmp_path / "o.npy"),
                     "--footprint", "/dev/zero")
    assert result.returncode == 2 and "/dev/zero: not a .npy file" in result.stderr


def test_png_bomb_is_refused_before_decoding(llcjit, tmp_path):
    bomb = write_png(tmp_path / "bomb.png", 20000, 20000)
    assert os.path.getsize(bomb) < 1_000_000
    result = llcjit("filter", "min(values)", bomb, str(tmp_path / "o.png"), "--size", "3",
                    check=False)
    assert result.returncode == 2, result.stderr
    assert "a 20000x20000 picture is larger than the 268435456 pixels" in result.stderr


def test_png_round_trip_of_a_small_picture(llcjit, tmp_path):
    rows = [[(7 * i + 3 * j) % 256 for j in range(5)] for i in range(4)]
    source = write_png(tmp_path / "in.png", 5, 4, rows)
    out = tmp_path / "out.npy"
    llcjit("filter", "max(values)", source, str(out), "--size", "1")
    assert np.array_equal(np.load(out), np.array(rows, dtype=float))


# (arguments, exit status, stderr fragment); {d} is a temporary directory
# holding in.npy (4 x 4 float64), and {d}/missing.npy does not exist.
BAD_COMMANDS = [
    (["quad", "x", "0", "1", "--limit", "2147483648"], 2, "--limit"),
    (["quad", "x", "0", "1", "--limit", "1e3"], 2, "--limit"),
    (["quad", "x", "0", "1", "--epsabs"], 2, "--epsabs"),
    (["quad", "x", "0", "1", "--bogus"], 2, "--bogus"),
    (["quad", "x", "0"], 2, "UPPER"),
    (["quad", "x", "0", "1", "--weight", "bogus"], 2, "--weight"),
    (["quad", "x", "0", "1", "--limit", "0"], 2, "limit must be at least 1"),
    (["quad", "x", "0", "1", "--maxp1", "x"], 2, "--maxp1"),
    (["quad", "x", "nan", "1"], 2, "must not be NaN"),
    (["quad", "x", "zero", "1"], 2, "the lower limit 'zero' is not a number"),
    (["quad", "x", "0", "1e"], 2, "the upper limit '1e' is not a number"),
    (["quad", "exp(-a*x*x)", "0", "a=2"], 2,
     "expected the upper limit UPPER before NAME=VALUE, got 'a=2'"),
    (["quad", "a*x", "0", "1", "a=0:x:3"], 2, "'x' in 'a=0:x:3' is not a number"),
    (["quad", "a*x", "0", "1", "a=0:1:3:"], 2, "a number is missing in 'a=0:1:3:'"),
    (["quad", "a*x", "0", "1"], 2, "give a value for the parameter 'a'"),
    (["quad", "a*x", "0", "1", "a=1", "b=2"], 2, "the formula has no parameter 'b'"),
    (["quad", "a*x", "0", "1", "a=1", "a=2"], 2, "'a' is given twice"),
    (["quad", "a*x", "0", "1", "a=0:1:0"], 2, "a whole NUM from 1 to 2^53"),
    (["quad", "a*x", "0", "1", "a=0:1:2.5"], 2, "a whole NUM from 1 to 2^53"),
    (["quad", "a*x", "0", "1", "a=0:1:1e17"], 2, "a whole NUM from 1 to 2^53"),
    (["quad", "a*b*x", "0", "1", "a=0:1:3", "a=0:2:3"], 2, "'a' is swept twice"),
    (["quad", "a*b*x", "0", "1", "a=0:1:3", "a=1", "b=1"], 2, "'a' is given twice"),
    (["quad", "a*x", "0", "1", "c=0:1:3", "a=1"], 2, "the formula has no parameter 'c'"),
    (["quad", "a*b*x", "0", "1", "a=0:1:1e8", "b=0:1:1e8"], 2, "more than 2^53 points"),
    (["quad", "a*x", "0", "1", "c=0:1:3", "a=1"], 2, "the formula has no parameter 'c'"),
    (["quad", "a*x", "0", "1", "a"], 2, "expected NAME=VALUE"),
    (["quad", "a*x", "0", "1", "=1"], 2, "expected NAME=VALUE"),
    (["quad", "exp(-x)", "0", "10", "--weight", "cos"], 2, "the cos and sin weights take 1 value in wvar (omega), got 0"),
    (["quad", "exp(-x)", "0", "1", "--weight", "cauchy", "--wvar", "1"], 2, "pole"),
    (["quad", "exp(-x)", "0", "1", "--points", "0.5,2", "--limit", "1"], 2,
     "All break points in 'points' must lie within the integration limits."),
    (["quad", "a*x", "0", "1", "a=0:1:3", "--threads", "65537"], 2,
     "--threads: the value '65537' is out of range: from 0 to 1024"),
    (["quad", "exp(-x)", "0", "inf", "--weight", "cos", "--wvar", "inf"], 2, "finite omega below 2^31"),
    (["quad", "exp(-x)", "0", "inf", "--weight", "sin", "--wvar", "1e300"], 2, "finite omega below 2^31"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--threads", "4294967295"], 2,
     "out of range: from 0 to 1024"),
    (["quad", "exq(x)", "0", "1"], 2, "did you mean 'exp'?"),
    (["eval", "x"], 2, "give a value for the variable 'x'"),
    (["eval", "x", "x=1,2"], 2, "'x' takes one number"),
    (["eval", "x", "x=1", "y=2"], 2, "no parameter or variable 'y'"),
    (["eval", "x", "x=one"], 2, "'one' in 'x=one' is not a number"),
    (["eval", "x", "--kind", "bogus"], 2, "--kind"),
    (["eval", "x", "--kind"], 2, "--kind"),
    (["eval", "(", "x=1"], 2, "expected an expression"),
    (["eval", "x\x01", "x=1"], 2, "unexpected"),
    (["eval", "median(values)"], 2, "give the neighbourhood"),
    (["eval", "x0+x1", "--variables", "x0,1a", "x0=1"], 2, "'1a' is not a name a formula can use as a variable"),
    (["eval", "a*x", "--parameters", "a-b", "x=1"], 2, "'a-b' is not a name a formula can use as a parameter"),
    (["eval"], 2, "EXPR"),
    (["eval", "(o0, o1)", "o0=1.5", "o1=2"], 2, "output coordinates are integers"),
    (["nquad", "x0*x1"], 2, "--range"),
    (["nquad", "x0*x1", "--range", "0"], 2, "needs LO,HI"),
    (["nquad", "x0*x1", "--range", "0,1,2", "--range", "0,1"], 2, "more than two bounds"),
    (["nquad", "x0*x1", "--range", "1,+", "--range", "0,1"], 2, "1:2: error: in the upper bound of x0: expected an expression"),
    (["nquad", "x0*x1", "--range", "0,1", "--range", "sinn(1),1"], 2, "1:1: error: in the lower bound of x1: unknown function 'sinn'"),
    (["nquad", "x0*x1", "--range", "0,x0", "--range", "0,1"], 2, "x0"),
    (["nquad", "x0*x1", "--range", "0,1", "--range", "0,1", "--limit", "-1"], 2, "limit"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy"], 2, "give either --size or --footprint"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/out.npy", "--define", "o0 = 3"], 2,
     "'o0' is a variable; define another name"),
    # --define takes one definition; what follows it is read as usual.
    (["transform", "(o0*s, o1)", "{d}/in.npy", "{d}/out.npy", "--define", "g = 1", "s=0.5",
      "bogus=3"], 2, "bogus"),
    (["transform", "(o0*k, o1)", "{d}/in.npy", "{d}/out.npy", "--define", "q = 1",
      "k=0.5*0.5"], 2, "0.5*0.5"),
    (["filter", "min(values) + g", "{d}/in.npy", "{d}/out.npy", "--define", "g = 1",
      "bogus=3", "--size", "3"], 2, "bogus"),
    (["quad", "exp(-a*x)", "0", "1", "--define", "g = 1", "a=1", "bogus=2"], 2, "bogus"),
    (["transform", "(o0*s, o1)", "{d}/in.npy", "{d}/out.npy", "s=1,2"], 2, "'s' takes one number"),
    (["transform", "(o0, o1)", "{d}/ints.npy", "{d}/out.npy", "--mode", "grid-constant",
      "--cval", "nan"], 2, "cannot convert float NaN to integer"),
    (["transform", "(o0, o1)", "{d}/no_ints.npy", "{d}/out.npy", "--mode", "grid-constant",
      "--cval", "-inf", "--shape", "2x2"], 2, "cannot convert float infinity to integer"),
    (["transform", "(o0, o1)", "{d}/ints.npy", "{d}/out.npy", "--mode", "grid-constant",
      "--cval", "1e300"], 2, "cval 1e+300 does not fit a C long"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3x"], 2,
     "a number is missing in --size 3x"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3xq"], 2,
     "'q' in --size 3xq is not a whole number"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--footprint", "cross"], 2, "give either --size or --footprint"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "0"], 2,
     "'0' in --size 0 is out of range: from 1 to"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "2.5"], 2,
     "'2.5' in --size 2.5 is not a whole number"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "1e300"], 2,
     "'1e300' in --size 1e300 is not a whole number"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "-3"], 2,
     "'-3' in --size -3 is out of range"),
    (["ir", "min(values)", "--shape", "abc"], 2, "'abc' in --shape abc is not a whole number"),
    (["ir", "min(values)", "--shape", "8x8"], 2, "give one of those too"),
    (["quad", "exp(-x)", "0", "1", "--points", "+0.5", "--limit", "1"], 2,
     "Number of break points (1) must be less than subinterval limit (1)"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3x3x3"], 2, "filter footprint array has incorrect shape."),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--mode", "bogus"], 2, "boundary mode not supported: 'bogus'"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--origin", "2"], 2, "invalid origin"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--origin", "0,0,0"], 2, "origin must have one value or one per axis"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--origin", "0.5"], 2, "--origin"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--cval", "x"], 2, "--cval"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--unfused", "--fuse-now"], 2, "--unfused excludes --fuse-now"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "zz=1"], 2, "the formula has no parameter 'zz'"),
    (["filter", "a*min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3"], 2, "give a value for the parameter 'a'"),
    (["filter", "min(values)", "{d}/missing.npy", "{d}/out.npy", "--size", "3"], 2, "cannot open"),
    (["filter", "min(values)", "{d}", "{d}/out.npy", "--size", "3"], 2, "is a directory, not a file"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/dir.npy", "--size", "3"], 2, "is a directory, not a file"),
    (["filter", "min(values)", "{d}/in.npy", "{d}", "--size", "3"], 2, "the output's name ends in .npy"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.jpg", "--size", "3"], 2, ".jpg is not a format llcjit writes"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/no/such/dir/out.npy", "--size", "3"], 1,
     "/no/such/dir is not a directory"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/no/out.png"], 1, "/no is not a directory"),
    (["filter1d", "sum(values)", "{d}/in.npy", "{d}/in.npy/out.npy", "--size", "3"], 1,
     "in.npy is not a directory"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--footprint", "{d}/missing.npy"], 2, "no such file or footprint name"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--footprint", "diamnd"], 2, "did you mean 'diamond'?"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--footprint", "disk:-1"], 2, "the radius after ':' is a whole number >= 0"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--footprint", "disk:1.5"], 2, "the radius after ':' is a whole number >= 0"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--footprint", "ball:99999999999"], 2, "too large"),
    (["filter", "min(values)", "{d}/vector.npy", "{d}/out.npy", "--footprint", "disk:2"], 2, "a disk is 2-d and the input has 1 axes"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.png", "--size", "3", "--threads", "-1"], 2, "--threads"),
    (["filter", "min(values)", "{d}/vector.npy", "{d}/out.png", "--size", "3"], 2, "a PNG picture is 2-d"),
    (["filter", "min(values)", "{d}/scalar.npy", "{d}/out.npy", "--size", "3"], 2, "a 0-d array has nothing to filter"),
    (["filter", "x", "{d}/in.npy", "{d}/out.npy", "--size", "3"], 2, "give a value for the parameter 'x'"),
    (["bogus"], 2, "unknown command 'bogus'; the commands are eval, ir, asm"),
    (["evl", "x"], 2, "unknown command 'evl'; did you mean 'eval'?"),
    (["fliter", "x"], 2, "did you mean 'filter'?"),
    (["eval", "x", "--digits", "0x10"], 2, "the value '0x10' is not a whole number"),
    (["eval", "x", "x=1", "--digits", "99999999999999999999"], 2,
     "the value '99999999999999999999' is out of range"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/out.npy", "--shape", "4x4x"], 2,
     "a number is missing in --shape 4x4x"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/out.npy", "--shape", ""], 2,
     "a number is missing in --shape ''"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/out.npy", "--shape", "4x-1"], 2,
     "negative dimensions are not allowed"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/out.npy", "--shape", "4x1e3"], 2,
     "'1e3' in --shape 4x1e3 is not a whole number"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/out.npy", "--shape", "4", "4"], 2,
     "--shape gives the output's shape"),
    (["transform", "(o0, o1)", "{d}/in.npy", "{d}/out.npy", "--order", "1.5"], 2,
     "--order: the value '1.5' is not a whole number"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--origin", "-1,"], 2,
     "a number is missing in --origin -1,"),
    (["filter", "min(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--origin", ""], 2,
     "a number is missing in --origin ''"),
    (["filter1d", "max(values)", "{d}/in.npy", "{d}/out.npy", "--size", "3", "--axis",
      "99999999999999999999"], 2, "--axis: the value '99999999999999999999' is out of range"),
    (["quad", "exp(-x)", "0", "1", "--points", "0.5,"], 2, "a number is missing in --points 0.5,"),
    (["quad", "exp(-x)", "0", "1", "--weight", "alg", "--wvar", "0,,0"], 2,
     "a number is missing in --wvar 0,,0"),
    (["quad", "exp(-x)", "0", "1", "--limit", "2147483648"], 2,
     "--limit: the value '2147483648' is out of range: from -2147483648 to 2147483647"),
    (["nquad", "x0*x1", "--range", "0,1", "--range", "0,1", "--opts", "0:epsabs=x"], 2,
     "--opts '0:epsabs=x': epsabs 'x' is not a number"),
    (["nquad", "x0*x1", "--range", "0,1", "--range", "0,1", "--opts", "0:limit=1e3"], 2,
     "--opts '0:limit=1e3': limit '1e3' is not a whole number"),
    (["eval", "x", "--digits", "18"], 2, "--digits"),
    (["eval", "x", "--digits", "0"], 2, "--digits"),
    (["--bogus"], 2, "Run with --help"),
    (["demo", "extra"], 2, "extra"),
]


@pytest.mark.parametrize("arguments,status,fragment", BAD_COMMANDS,
                         ids=[" ".join(row[0]) for row in BAD_COMMANDS])
def test_bad_commands(llcjit, tmp_path, arguments, status, fragment):
    np.save(tmp_path / "in.npy", np.arange(16.0).reshape(4, 4))
    np.save(tmp_path / "vector.npy", np.arange(4.0))
    np.save(tmp_path / "ints.npy", np.arange(16, dtype=np.int8).reshape(4, 4))
    np.save(tmp_path / "no_ints.npy", np.zeros((0, 3), dtype=np.int16))
    (tmp_path / "dir.npy").mkdir()
    np.save(tmp_path / "scalar.npy", np.float64(1.0))
    result = llcjit(*[a.replace("{d}", str(tmp_path)) for a in arguments], check=False)
    assert result.returncode == status, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr and "terminate called" not in result.stderr


def test_definitions_leave_the_arguments_after_them(llcjit):
    """--define took every argument up to the next option as one more
    definition, so eval's formula and parameters went missing."""
    result = llcjit("eval", "--define", "g = 0.5", "x*g", "x=3")
    assert float(result.stdout) == 1.5


def test_whole_numbers_are_decimal(llcjit, tmp_path):
    """CLI11 alone read --size 010 as octal 8 and clamped what overflowed."""
    import scipy.ndimage as ndi
    image = np.random.default_rng(7).random((5, 23))
    np.save(tmp_path / "in.npy", image)
    llcjit("filter1d", "max(values)", str(tmp_path / "in.npy"), str(tmp_path / "out.npy"),
           "--size", "010", "--origin", "+1")
    expected = ndi.maximum_filter1d(image, 10, origin=1)
    assert np.array_equal(np.load(tmp_path / "out.npy"), expected)


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")
def test_opts_read_signed_numbers_and_apply_them(llcjit):
    """--opts read its numbers with a from_chars of its own, which refused a
    '+'. A limit of 2 on the peaked inner level changes the value, so the
    comparison with SciPy's nquad proves the limit was applied."""
    import json
    import scipy.integrate as si
    got = json.loads(llcjit("nquad", "x1 / ((x0 - 0.3)^2 + 1e-4)", "--range", "0,1", "--range",
                            "0,2", "--opts", "0:limit=+02", "--opts", "1:epsabs=+1e-10",
                            "--json").stdout)
    value = si.nquad(lambda x0, x1: x1 / ((x0 - 0.3)**2 + 1e-4), [(0, 1), (0, 2)],
                     opts=[{"limit": 2}, {"epsabs": 1e-10}])[0]
    default = si.nquad(lambda x0, x1: x1 / ((x0 - 0.3)**2 + 1e-4), [(0, 1), (0, 2)])[0]
    assert abs(value - default) > 1e-6 * abs(default)
    assert got["value"] == pytest.approx(value, rel=1e-13)


def test_help_and_version_exit_0(llcjit):
    assert llcjit("--help").returncode == 0
    assert llcjit("quad", "--help").returncode == 0
    assert llcjit("--version").stdout.startswith("llcjit ")


def test_huge_maxp1_neither_crashes_nor_overflows(llcjit):
    import scipy.integrate
    expected = scipy.integrate.quad(lambda x: np.exp(-x), 0, 10, weight="cos", wvar=100)
    for maxp1 in ["165191049", "2147483647"]:
        result = llcjit("quad", "exp(-x)", "0", "10", "--weight", "cos", "--wvar", "100",
                        "--maxp1", maxp1, "--json")
        assert '"ier": 0' in result.stdout
        value = float(result.stdout.split('"value": ')[1].split(",")[0])
        assert value == pytest.approx(expected[0], rel=1e-12)


def test_huge_limit_costs_the_work_done(llcjit):
    result = llcjit("quad", "exp(-x)", "0", "1", "--limit", "2147483647")
    assert "neval=21 ier=0" in result.stdout


def test_failed_write_keeps_the_old_output(llcjit, tmp_path):
    """ulimit -f: the write fails, exits 1, and out.npy is what it was."""
    np.save(tmp_path / "big.npy", np.ones((300, 300)))
    out = tmp_path / "out.npy"
    np.save(out, np.arange(3.0))
    before = out.read_bytes()
    tool = os.environ["LLCJIT_TOOL"]

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    for name in ["out.npy", "out.png"]:
        target = tmp_path / name
        if name == "out.png":
            write_png(target, 2, 2, [[1, 2], [3, 4]])
            np.save(tmp_path / "big.npy",
                    np.random.default_rng(1).integers(0, 256, (1000, 1000)).astype(float))
        before = target.read_bytes()
        result = subprocess.run([tool, "filter", "min(values)", str(tmp_path / "big.npy"),
                                 str(target), "--size", "1"], capture_output=True, text=True,
                                preexec_fn=limit_file_size, timeout=120)
        assert result.returncode == 1, result.stderr
        assert f"cannot write {target}: File too large" in result.stderr
        assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.npy", "out.npy", "out.png"]


def test_output_may_be_its_own_input(llcjit, tmp_path):
    image = np.random.default_rng(5).random((6, 7))
    path = tmp_path / "image.npy"
    np.save(path, image)
    llcjit("filter", "max(values)", str(path), str(path), "--size", "3")
    import scipy.ndimage
    assert np.array_equal(np.load(path), scipy.ndimage.maximum_filter(image, size=3))


def test_output_keeps_ordinary_permissions(llcjit, tmp_path):
    np.save(tmp_path / "in.npy", np.ones((3, 3)))
    out = tmp_path / "out.npy"
    llcjit("filter", "min(values)", str(tmp_path / "in.npy"), str(out), "--size", "3")
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_long_sweep_streams_and_ends_on_interrupt(tmp_path):
    """a=0:1:1e12 once grew memory until it died; now it streams its
    results and SIGINT ends it (the timeout only guards against a hang)."""
    tool = os.environ["LLCJIT_TOOL"]
    process = subprocess.Popen([tool, "quad", "exp(-a*x*x)", "0", "1", "a=0:1:1e12"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    assert first.startswith(b"a=0 value=1 ")
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGINT


def test_sweep_in_blocks_gives_numpy_linspace(llcjit):
    """Past one block of 65,536 integrals the values are still linspace's."""
    lines = llcjit("quad", "a*x", "0", "1", "a=0:3:70001", "--threads", "2").stdout.splitlines()
    assert len(lines) == 70001
    grid = np.linspace(0, 3, 70001)
    for i in [0, 1, 65535, 65536, 65537, 70000]:
        a = float(lines[i].split()[0][2:])
        assert a == grid[i]
        assert float(lines[i].split()[1][6:]) == pytest.approx(grid[i] / 2, rel=1e-15)


def test_repl_rejects_many_open_brackets_quickly(tmp_path):
    tool = os.environ["LLCJIT_TOOL"]
    result = subprocess.run([tool], input="(\n" * 100_000, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "formula nests deeper than 256 levels" in result.stderr


def test_out_of_range_literals_read_as_the_language_reads_them(llcjit):
    assert llcjit("eval", "x", "x=1e999").stdout == "inf\n"
    assert llcjit("eval", "x", "x=-1e999").stdout == "-inf\n"
    assert llcjit("eval", "x", "x=1e-999").stdout == "0\n"
    assert llcjit("eval", "1e999").stdout == "inf\n"


def test_quad_with_ier_exits_0_and_warns_on_stderr(llcjit):
    import scipy.integrate
    import warnings
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        value, abserr = scipy.integrate.quad(lambda x: np.sin(1 / x), 0, 1, limit=3)
    result = llcjit("quad", "sin(1/x)", "0", "1", "--limit", "3")
    assert result.returncode == 0
    assert result.stdout.strip().endswith("neval=105 ier=1")
    assert float(result.stdout.split()[0][6:]) == value
    assert result.stderr == ("llcjit: warning: The maximum number of subdivisions (3) has been "
                             "achieved. If increasing the limit yields no improvement it is "
                             "advised to analyze the integrand in order to determine the "
                             "difficulties. If the position of a local difficulty can be "
                             "determined (singularity, discontinuity) one will probably gain "
                             "from splitting up the interval and calling the integrator on the "
                             "subranges. Perhaps a special-purpose integrator should be used.\n")
