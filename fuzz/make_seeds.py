#!/usr/bin/env python3
"""Writes the named seeds of fuzz/corpus/files and fuzz/corpus/capi.

Each seed's name says what it exercises. The corpus directories also hold
inputs the fuzzers found (40-hex names, kept by `-merge=1` because they
reach code the others do not); this script only (re)writes the named ones:

    python3 fuzz/make_seeds.py            # into fuzz/corpus/
    python3 fuzz/make_seeds.py OUTDIR     # elsewhere

No dependencies: .npy and PNG files are written by hand here (NumPy's format
and PNG's chunks are short), and capi scripts by an encoder of the bytes
that libFuzzer's FuzzedDataProvider reads (fuzz/capi_fuzzer.cpp's calls, in
its order; a seed still runs when that file changes, it may just do
something else).
"""

import os
import struct
import sys
import zlib

# ---------------------------------------------------------------- .npy


def npy(descr, shape, data, fortran=False, version=1, header=None):
    """A .npy file; `data` is the raw bytes after the header."""
    if header is None:
        dims = "".join(f"{n}, " for n in shape)
        if len(shape) > 1:
            dims = dims[:-2]
        header = (f"{{'descr': '{descr}', 'fortran_order': {fortran}, "
                  f"'shape': ({dims}), }}")
    prefix = 10 if version == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode("latin-1") + data


def pack(fmt, values):
    return b"".join(struct.pack(fmt, v) for v in values)


# ---------------------------------------------------------------- PNG


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width, height, rows, bit_depth=8, colour=0, palette=None, interlace=0,
        ihdr=None):
    """A PNG of filter-0 scanlines `rows` (bytes each, already packed)."""
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", ihdr if ihdr is not None else
                 struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, interlace))
    if palette:
        out += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    out += chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + r for r in rows)))
    out += chunk(b"IEND", b"")
    return out


def corrupt_idat_crc(data):
    """The PNG with its first IDAT chunk's CRC flipped."""
    at = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[at - 4:at])
    crc = at + 4 + length
    return data[:crc] + bytes(b ^ 0xff for b in data[crc:crc + 4]) + data[crc + 4:]


def adam7_rows(pixels, width, height):
    """The scanlines of an interlaced 8-bit grey picture, pass after pass."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
              (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    rows = []
    for x0, y0, dx, dy in passes:
        xs = range(x0, width, dx)
        for y in range(y0, height, dy):
            if len(xs):
                rows.append(bytes(pixels[y][x] for x in xs))
    return rows


def files_seeds():
    f8_2x3 = pack("<d", [1.5, -2.0, 0.0, float("inf"), float("nan"), 3.25])
    cross = [0, 1, 0, 1, 1, 1, 0, 1, 0]
    grey = [[(x * 40 + y * 7) % 256 for x in range(4)] for y in range(3)]
    seeds = {
        # .npy: dtypes, orders, versions, shapes the reader takes
        "npy_c_f8_2x3.npy": npy("<f8", (2, 3), f8_2x3),
        "npy_fortran_i2_3x2.npy": npy("<i2", (3, 2), pack("<h", [1, -2, 3, -4, 5, -6]), True),
        "npy_fortran_u1_2x3x2.npy": npy("|u1", (2, 3, 2), bytes(range(12)), True),
        "npy_v2_f4_4.npy": npy("<f4", (4,), pack("<f", [0.5, -1, 2, 1e30]), version=2),
        "npy_v3_i8_2x2.npy": npy("<i8", (2, 2), pack("<q", [2**62, -1, 0, 7]), version=3),
        "npy_native_i4_3.npy": npy("=i4", (3,), pack("<i", [1, 2, 3])),
        "npy_u8_u4_mix_2.npy": npy("<u8", (2,), pack("<Q", [2**64 - 1, 5])),
        "npy_0d_f8.npy": npy("<f8", (), pack("<d", [42.0])),
        "npy_empty_0x3_f8.npy": npy("<f8", (0, 3), b""),
        "npy_double_quoted_keys_i1.npy": npy(
            None, None, pack("<b", [-1, 2]),
            header='{"descr": "|i1", "shape": (2,), "fortran_order": False}'),
        "npy_bigendian_u1_allowed.npy": npy(">u1", (2,), b"\x01\xff"),
        # .npy that must be refused
        "npy_bigendian_f8_refused.npy": npy(">f8", (1,), b"\x3f\xf0" + b"\0" * 6),
        "npy_truncated_data_refused.npy": npy("<f8", (4,), pack("<d", [1, 2])),
        "npy_structured_dtype_refused.npy": npy(
            None, None, b"", header="{'descr': [('a', '<f8')], 'fortran_order': False, "
                                    "'shape': (0,), }"),
        "npy_shape_product_overflow_refused.npy": npy("<f8", (2**62, 4), b""),
        "npy_complex_dtype_refused.npy": npy("<c16", (1,), b"\0" * 16),
        "npy_version_4_refused.npy": b"\x93NUMPY\x04\x00" + b"\x10\x00" + b"{}" + b" " * 14,
        # a .npy as `llcjit filter --footprint`
        "npy_footprint_cross_b1_3x3.npy": npy("|b1", (3, 3), bytes(cross)),
        "npy_footprint_all_zero_3x3.npy": npy("|u1", (3, 3), bytes(9)),
        "npy_footprint_5x5_f8.npy": npy("<f8", (5, 5), pack("<d", [1.0] * 25)),
        "npy_footprint_1d_fortran_3.npy": npy("<f8", (3,), pack("<d", [1, 0, 1]), True),
        # PNG: colour types, depths and interlacing libpng converts to grey
        "png_grey8_4x3.png": png(4, 3, [bytes(r) for r in grey]),
        "png_rgb8_2x2.png": png(2, 2, [bytes([255, 0, 0, 0, 255, 0]),
                                        bytes([0, 0, 255, 255, 255, 255])], colour=2),
        "png_rgba8_2x2.png": png(2, 2, [bytes([255, 0, 0, 128, 0, 255, 0, 255]),
                                         bytes([0, 0, 255, 0, 9, 9, 9, 9])], colour=6),
        "png_palette4_2x2.png": png(2, 2, [bytes([0x01]), bytes([0x23])], bit_depth=4,
                                    colour=3, palette=[(0, 0, 0), (255, 0, 0),
                                                       (0, 255, 0), (0, 0, 255)]),
        "png_grey16_2x2.png": png(2, 2, [b"\xff\xff\x00\x01", b"\x80\x00\x12\x34"],
                                  bit_depth=16),
        "png_grey1bit_8x2.png": png(8, 2, [b"\xa5", b"\x3c"], bit_depth=1),
        "png_interlaced_grey8_5x5.png": png(
            5, 5, adam7_rows([[x * 50 + y for x in range(5)] for y in range(5)], 5, 5),
            interlace=1),
        # PNG that must be refused
        "png_claims_65536x65536_refused.png": png(
            65536, 65536, [], ihdr=struct.pack(">IIBBBBB", 65536, 65536, 8, 0, 0, 0, 0)),
        "png_zero_width_refused.png": png(0, 1, [b""]),
        "png_iend_crc_ignored.png": png(2, 1, [b"\x01\x02"])[:-4] + b"\x00\x00\x00\x00",
        "png_idat_crc_refused.png": corrupt_idat_crc(png(2, 1, [b"\x01\x02"])),
        "png_truncated_idat_refused.png": png(4, 3, [bytes(r) for r in grey])[:45],
        # a .npy header alone: what parse_npy_header reads and refuses
        "header_dict_c_order.txt": b"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }",
        "header_dict_empty_shape.txt": b"{'shape': (), 'descr': '|u1', 'fortran_order': True}",
        "header_shape_1d_without_comma_refused.txt":
            b"{'descr': '<f8', 'fortran_order': False, 'shape': (3)}",
        "header_extent_past_2_63_refused.txt":
            b"{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775808,)}",
        "header_duplicate_key_refused.txt":
            b"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': ()}",
        "header_unterminated_string_refused.txt": b"{'descr': '<f8",
        "header_text_after_dict_refused.txt":
            b"{'descr': '<f8', 'fortran_order': False, 'shape': ()} x",
    }
    return seeds


# ---------------------------------------------------------------- capi


class Script:
    """The bytes FuzzedDataProvider turns into the values given, in order:
    it reads integers from the end of the data, most significant byte first,
    as many bytes as the range needs."""

    def __init__(self):
        self.consumed = []

    def int_in(self, lo, hi, value, bits=64):
        assert lo <= value <= hi, (lo, hi, value)
        span = (hi - lo) % (1 << 64)
        nbytes = 0
        while nbytes * 8 < bits and (span >> (nbytes * 8)) > 0:
            nbytes += 1
        x = (value - lo) % (1 << 64)
        self.consumed += list(x.to_bytes(8, "big")[8 - nbytes:])
        return self

    def bool(self, value):
        return self.int_in(0, 255, int(value), bits=8)

    def data(self):
        return bytes(reversed(self.consumed))

    # The fuzzer's helpers (capi_fuzzer.cpp), for the values seeds use.
    def any_int_small(self, value):  # any_int, its 0..12 branch
        return self.int_in(0, 7, 4, bits=32).int_in(0, 12, value, bits=32)

    def double(self, value):
        """any_double: NaN, +-infinity, or a multiple of 0.5 in [-4, 4]."""
        if value != value:
            return self.int_in(0, 15, 0, bits=32)
        if value in (float("inf"), float("-inf")):
            return self.int_in(0, 15, 1 if value > 0 else 2, bits=32)
        assert float(2 * value).is_integer() and -8 <= 2 * value <= 8, value
        return self.int_in(0, 15, 9, bits=32).int_in(-8, 8, int(2 * value), bits=32)

    def threads(self, n):  # any_threads, its 0..3 branch
        return self.int_in(0, 5, 3, bits=32).int_in(0, 3, n, bits=32)

    def threads_raw(self, n):  # any_threads, its raw unsigned branch
        return self.int_in(0, 5, 2, bits=32).int_in(0, 2**32 - 1, n, bits=32)

    def op(self, n):
        return self.int_in(0, 8, n, bits=32)


SIZE = 64
SIZE_MAX = (1 << 64) - 1
CALLBACKS = 6  # the formulas compiled at start-up, in kFormulas order
QUAD_X, QUAD_GAUSS, QUAD_AB, FILTER_SUM_W, FILTER_MEDIAN, FILTER_INDEX = range(6)


def pick_callback(s, index):
    return s.int_in(0, CALLBACKS, index, bits=SIZE)


def thread_count(s, n):
    return s.threads(n) if n <= 3 else s.threads_raw(n)


def quad_options(s, limit=None, weight=0, wvar=(), points=(), maxp1=None, limlst=None,
                 threads=1):
    s.bool(False)                       # epsabs stays
    s.bool(False)                       # epsrel stays
    s.bool(limit is not None)
    if limit is not None:
        s.any_int_small(limit)
    s.int_in(0, 6, len(points), bits=SIZE)
    for p in points:
        s.double(p)
    s.int_in(0, 7, 1, bits=32)          # points not NULL
    s.bool(False).int_in(0, 7, weight, bits=32)
    s.int_in(0, 3, len(wvar), bits=SIZE)
    for w in wvar:
        s.double(w)
    s.int_in(0, 7, 1, bits=32)          # wvar not NULL
    s.bool(maxp1 is not None)
    if maxp1 is not None:
        s.any_int_small(maxp1)
    s.bool(limlst is not None)
    if limlst is not None:
        s.any_int_small(limlst)
    thread_count(s, threads)


def quad(s, callback, params, a, b, **options):
    s.op(4)
    pick_callback(s, callback)
    s.int_in(0, 4, len(params), bits=SIZE)
    for p in params:
        s.double(p)
    s.int_in(0, 7, 1, bits=32)          # params not NULL
    s.double(a).double(b)
    s.bool(bool(options))
    if options:
        quad_options(s, **options)
    s.int_in(0, 15, 1, bits=32)         # result not NULL


def sweep(s, callback, rows, values, a, b, **options):
    s.op(5)
    pick_callback(s, callback)
    s.bool(bool(options))
    if options:
        quad_options(s, **options)
    s.double(a).double(b)
    s.int_in(0, 7, 1, bits=32)          # not the overflow case
    s.int_in(0, 64, rows, bits=SIZE)
    for v in values:
        s.double(v)
    s.int_in(0, 7, 1, bits=32)          # parameter_sets not NULL
    s.int_in(0, 15, 1, bits=32)         # results not NULL


def sweep_overflow(s, callback, near_size_max, null_sets):
    s.op(5)
    pick_callback(s, callback)
    s.bool(False)                       # default options
    s.double(0).double(1)
    s.int_in(0, 7, 0, bits=32)          # the overflow case
    s.bool(near_size_max)
    s.int_in(0, 3, 0, bits=SIZE)
    s.bool(null_sets)


def extent_small(s, n):  # any_extent's 0..6 branch
    return s.int_in(0, 19, 6, bits=32).int_in(0, 6, n, bits=SIZE)


def extent_huge(s, shift):  # any_extent: 1 << shift
    return s.int_in(0, 19, 3, bits=32).int_in(31, 62, shift, bits=32)


def filter_call(s, callback, params, shape, footprint, mode=0, fuse=False, threads=1,
                huge_axis=None, layout=2, min_strides=False):
    """op_filter on a C-contiguous input of `shape` (an axis in huge_axis gets
    2**shift instead; min_strides: every axis of one element gets the stride
    PTRDIFF_MIN, NumPy leaving those arbitrary), output separate, footprint
    all ones."""
    s.op(6)
    pick_callback(s, callback)
    s.int_in(0, 3, len(params), bits=SIZE)
    for p in params:
        s.double(p)
    s.int_in(0, 15, 1, bits=32)         # params not NULL
    # any_array: rank 1..3, extents, C strides, shape and strides not NULL
    s.int_in(0, 15, 1, bits=32).int_in(1, 3, len(shape), bits=SIZE)
    for axis, n in enumerate(shape):
        if huge_axis and axis in huge_axis:
            extent_huge(s, huge_axis[axis])
        else:
            extent_small(s, n)
    if min_strides:
        s.bool(False)                   # any_strides
        for n in shape:
            if n <= 1:
                s.bool(True).bool(False)  # PTRDIFF_MIN
            else:
                s.int_in(-12, 12, 1, bits=SIZE).int_in(0, 15, 1, bits=32)
    else:
        s.bool(True)                    # C strides
    s.int_in(0, 31, 1, bits=32).int_in(0, 31, 1, bits=32)
    s.int_in(0, 7, 7, bits=32)          # output: the same shape and strides
    for n in footprint:                 # footprint extents 1..3
        s.bool(True).int_in(1, 3, n, bits=SIZE)
    s.bool(True)                        # all ones
    s.int_in(0, 7, 1, bits=32)          # options not NULL
    s.bool(True).bool(False).int_in(0, 4, mode, bits=32)
    s.bool(False)                       # cval stays
    s.bool(False)                       # origin NULL
    thread_count(s, threads)
    s.bool(fuse)
    if fuse:
        s.any_int_small(1)
    for _ in range(4):                  # no NULL footprint, shape, input, output
        s.int_in(0, 31, 1, bits=32)
    s.int_in(0, 3, layout, bits=32)     # 2: separate buffers


SOURCE_LENGTHS = [1, 11, 7, 15, 14, 11, 16, 4, 3, 0, 4, 9]  # kSources in op_compile


def compile_call(s, source_index, prefix=None, kind=None, own_engine=False):
    s.op(0)
    s.int_in(0, len(SOURCE_LENGTHS) + 1, source_index, bits=SIZE)
    s.bool(prefix is not None)
    if prefix is not None:
        s.int_in(0, SOURCE_LENGTHS[source_index], prefix, bits=SIZE)
    s.bool(kind is not None)
    if kind is not None:
        s.bool(False).int_in(-1, 4, kind, bits=32)
        s.int_in(0, 8, 0, bits=SIZE)    # no parameter list
        s.int_in(0, 0, 0, bits=SIZE)
        s.int_in(0, 7, 0, bits=SIZE)    # no variable list
        s.int_in(0, 0, 0, bits=SIZE)
        s.bool(False)                   # vector_math 0
    s.bool(own_engine)
    s.int_in(0, 7, 1, bits=32)          # callback pointer not NULL


def address_call(s, callback, entry, batch_n=4):
    s.op(3)
    pick_callback(s, callback)
    s.bool(False).int_in(0, 7, entry, bits=32)
    s.int_in(0, 7, 1, bits=32)          # address pointer not NULL


def capi_seeds():
    seeds = {}

    def seed(name, build):
        s = Script()
        build(s)
        seeds[name] = s.data()

    inf = float("inf")
    seed("quad_gauss_defaults", lambda s: quad(s, QUAD_GAUSS, [1], -2, 2))
    seed("quad_x_limit_1", lambda s: quad(s, QUAD_X, [], 0, 1, limit=1))
    seed("quad_cos_weight_half_line_qawf", lambda s: quad(
        s, QUAD_GAUSS, [1], 0, inf, weight=6, wvar=[2], limlst=3, maxp1=1))
    seed("quad_alg_weight_qaws", lambda s: quad(s, QUAD_X, [], 0, 1, weight=2,
                                                wvar=[0.5, 0.5]))
    seed("quad_cauchy_weight_qawc", lambda s: quad(s, QUAD_AB, [1, 0.5], -1, 2, weight=1,
                                                   wvar=[0.5]))
    seed("quad_break_points_qagp", lambda s: quad(s, QUAD_GAUSS, [0.5], -2, 2,
                                                  points=[-0.5, 0.5]))
    seed("quad_filter_kernel_refused", lambda s: quad(s, FILTER_MEDIAN, [], 0, 0.5))
    seed("quad_nan_limit_refused", lambda s: quad(s, QUAD_X, [], float("nan"), 1))
    seed("sweep_gauss_8_rows", lambda s: sweep(s, QUAD_GAUSS, 8, [i / 2 for i in range(-4, 4)],
                                               -1, 1))
    seed("sweep_ab_3_rows_threads_2", lambda s: sweep(s, QUAD_AB, 3, [0.5, 1, 1.5, 2, 2.5, 3],
                                                      0, 1, threads=2))
    seed("sweep_rows_near_size_max_null_sets",
         lambda s: sweep_overflow(s, QUAD_GAUSS, True, True))
    seed("sweep_rows_times_width_overflow",
         lambda s: sweep_overflow(s, QUAD_AB, False, False))
    seed("filter_median_3x3_fused_vs_unfused", lambda s: filter_call(
        s, FILTER_MEDIAN, [], (4, 5), (3, 3), fuse=True))
    seed("filter_sum_w_1d_fused_wrap", lambda s: filter_call(
        s, FILTER_SUM_W, [1], (6,), (3,), mode=4, fuse=True))
    seed("filter_index_1x3_nearest", lambda s: filter_call(
        s, FILTER_INDEX, [], (3, 5), (1, 3), mode=2))
    seed("filter_shape_product_overflow_refused", lambda s: filter_call(
        s, FILTER_MEDIAN, [], (2, 2), (1, 1), huge_axis={0: 40, 1: 40}))
    seed("filter_quad_kernel_refused", lambda s: filter_call(s, QUAD_X, [], (3,), (3,)))
    seed("compile_transform_tuple", lambda s: compile_call(s, 6, kind=4))
    seed("compile_nul_byte_refused", lambda s: compile_call(s, 8))
    seed("compile_prefix_exp_unterminated", lambda s: compile_call(s, 1, prefix=5))
    seed("compile_nquad_own_engine", lambda s: compile_call(s, 5, own_engine=True))
    # Bugs the fuzzer found (docs/reliability-fuzzing.md): a thread count
    # past what oneTBB's task_arena takes (above 65536) crashes inside TBB.
    seed("crash_generic_filter_threads_int_max", lambda s: filter_call(
        s, FILTER_MEDIAN, [], (4, 5), (3, 3), threads=2**31 - 1))
    seed("crash_quad_sweep_threads_int_max", lambda s: sweep(
        s, QUAD_GAUSS, 8, [i / 2 for i in range(-4, 4)], -1, 1, threads=2**31 - 1))
    # QAWF (a cos or sin weight on a half-line) converts omega to an integer:
    # undefined for an infinite or NaN omega, or one past 2^63.
    seed("crash_quad_cos_weight_half_line_infinite_omega", lambda s: quad(
        s, QUAD_GAUSS, [1], 0, inf, weight=6, wvar=[inf]))
    # The footprint's byte offsets overflow for a huge stride on an axis of
    # one element.
    seed("crash_generic_filter_unit_axis_stride_min", lambda s: filter_call(
        s, FILTER_MEDIAN, [], (1,), (3,), min_strides=True))
    seed("address_batch_of_gauss", lambda s: address_call(s, QUAD_GAUSS, 7))
    seed("address_filter_of_median", lambda s: address_call(s, FILTER_MEDIAN, 4))
    return seeds


def write(directory, seeds):
    os.makedirs(directory, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    write(os.path.join(root, "files"), files_seeds())
    write(os.path.join(root, "capi"), capi_seeds())


if __name__ == "__main__":
    main()
