"""The REPL's :plot: the SVG's axes and ticks, and curves that break at
poles (1/x, tan) instead of joining across them, in the SVG and in the
braille plot."""
import math
import os
import subprocess
import xml.etree.ElementTree as ElementTree

TOOL = os.environ.get("LLCJIT_TOOL")
SVG = "{http://www.w3.org/2000/svg}"
# The SVG's plot area, in pixels (plot.cpp's layout).
LEFT, RIGHT = 70, 620


def script(text):
    result = subprocess.run([TOOL], input=text, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def svg_plot(tmp_path, formula, lo, hi):
    path = tmp_path / "plot.svg"
    script(f"{formula}\n:plot {lo} {hi} --out {path}\n")
    return ElementTree.parse(path).getroot()


def polylines(root):
    """Each polyline's points as (x, y) pixel pairs."""
    return [[tuple(map(float, p.split(","))) for p in line.get("points").split()]
            for line in root.iter(f"{SVG}polyline")]


def pixel_x(x, lo, hi):
    return LEFT + (x - lo) / (hi - lo) * (RIGHT - LEFT)


def braille_dots(text):
    """The braille plot as a grid of booleans, dots[row][column]."""
    rows = [line.split("┤", 1)[1] for line in text.splitlines() if "┤" in line]
    bits = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    return [[bool((ord(cell) - 0x2800) & bits[i][j]) for cell in row for j in range(2)]
            for row in rows for i in range(4)]


def test_svg_of_one_over_x_does_not_join_across_the_pole(tmp_path):
    pieces = polylines(svg_plot(tmp_path, "1/x", -1, 1))
    assert len(pieces) >= 2
    centre = pixel_x(0, -1, 1)
    for piece in pieces:
        xs = [x for x, _ in piece]
        assert max(xs) < centre or min(xs) > centre  # each on one side of x = 0
    left = [p for piece in pieces for p in piece if p[0] < centre]
    right = [p for piece in pieces for p in piece if p[0] > centre]
    # 1/x < 0 left of the pole, > 0 right of it: lower and higher on screen.
    assert max(y for _, y in right) < min(y for _, y in left)


def test_svg_of_tan_breaks_at_both_poles(tmp_path):
    pieces = polylines(svg_plot(tmp_path, "tan(x)", -3, 3))
    assert len(pieces) >= 3
    poles = [pixel_x(x, -3, 3) for x in (-math.pi / 2, math.pi / 2)]
    for piece in pieces:
        xs = [x for x, _ in piece]
        assert not any(min(xs) < pole < max(xs) for pole in poles)
    # All three branches are there: pieces left of, between and right of the poles.
    assert any(max(x for x, _ in p) < poles[0] for p in pieces)
    assert any(poles[0] < min(x for x, _ in p) and max(x for x, _ in p) < poles[1]
               for p in pieces)
    assert any(min(x for x, _ in p) > poles[1] for p in pieces)


def test_svg_of_a_shifted_pole_breaks_there_and_stays_in_the_plot_area(tmp_path):
    root = svg_plot(tmp_path, "1/(x-1)", -2, 3)
    pole = pixel_x(1, -2, 3)
    pieces = polylines(root)
    assert len(pieces) == 2
    assert max(x for x, _ in pieces[0]) < pole < min(x for x, _ in pieces[1])
    # Cut at the plot area's top and bottom edges rather than drawn on.
    height = float(root.get("height"))
    ys = [y for piece in pieces for _, y in piece]
    assert 0 < min(ys) and max(ys) < height
    assert sum(1 for y in ys if y == min(ys)) == 1 and sum(1 for y in ys if y == max(ys)) == 1


def test_svg_of_smooth_curves_is_one_polyline_of_every_sample(tmp_path):
    # A narrow peak is an outlier among the samples, but no pole: it stays whole.
    for formula in ["x^2", "sin(3*x)", "exp(-1e4*x*x)", "tanh(1000*x)"]:
        pieces = polylines(svg_plot(tmp_path, formula, -1, 1))
        assert [len(piece) for piece in pieces] == [400], formula


def test_braille_of_one_over_x_has_no_column_joining_the_branches():
    dots = braille_dots(script("1/x\n:plot -1 1\n"))
    height, width = len(dots), len(dots[0])
    columns = [[dots[r][c] for r in range(height)] for c in range(width)]
    assert not any(all(column) for column in columns)
    # 1/x < 0 left of the pole, > 0 right of it: the lower and upper halves.
    # Only the columns nearest the pole, where 1/x is off the plot, are empty.
    empty = [c for c, column in enumerate(columns) if not any(column)]
    assert empty and all(abs(c - width / 2) < 8 for c in empty)
    for c, column in enumerate(columns):
        rows = [r for r, dot in enumerate(column) if dot]
        if not rows:
            continue
        if c < width // 2:
            assert min(rows) >= height // 2, c
        else:
            assert max(rows) < height // 2, c
