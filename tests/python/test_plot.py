"""The REPL's :plot: the SVG's axes and ticks, and curves that break at
poles (1/x, tan) instead of joining across them, in the SVG and in the
braille plot."""
import math
import os
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

TOOL = os.environ.get("LLCJIT_TOOL")
SVG = "{http://www.w3.org/2000/svg}"
# The SVG's plot area, in pixels (plot.cpp's layout).
LEFT, RIGHT, TOP, BOTTOM = 70, 620, 30, 350


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


def axis_ticks(root, axis):
    """An axis's ticks as (value, pixel) pairs; checks that each tick's mark
    and label sit at the same place."""
    group = root.find(f".//{SVG}g[@id='{axis}-ticks']")
    ticks = []
    for tick in group.findall(f"{SVG}g"):
        line, text = tick.find(f"{SVG}line"), tick.find(f"{SVG}text")
        if axis == "x":
            assert line.get("x1") == line.get("x2") == text.get("x")
            assert float(line.get("y1")) == BOTTOM < float(line.get("y2")) < float(text.get("y"))
            ticks.append((float(text.text), float(line.get("x1"))))
        else:
            assert line.get("y1") == line.get("y2")
            assert float(text.get("y")) == pytest.approx(float(line.get("y1")) + 4)
            assert float(text.get("x")) < float(line.get("x1")) < float(line.get("x2")) == LEFT
            ticks.append((float(text.text), float(line.get("y1"))))
    return ticks


def check_nice(ticks, low_pixel, high_pixel):
    """Ticks 1, 2 or 5 times a power of ten apart, 3 to 8 of them, evenly
    spaced along the axis and inside it; returns value -> pixel."""
    values = [value for value, _ in ticks]
    assert 3 <= len(values) <= 8
    step = values[1] - values[0]
    assert step > 0
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-9, values
    for value in values:  # multiples of the step
        assert value / step == pytest.approx(round(value / step), rel=1e-9, abs=1e-9)
    for a, b in zip(values, values[1:]):
        assert b - a == pytest.approx(step, rel=1e-9)
    # Linear: the end ticks fix the map, the others lie on it.
    (v0, p0), (v1, p1) = ticks[0], ticks[-1]
    to_pixel = lambda value: p0 + (value - v0) * (p1 - p0) / (v1 - v0)
    for value, pixel in ticks:
        assert pixel == pytest.approx(to_pixel(value), abs=0.011)
        assert min(low_pixel, high_pixel) - 0.5 <= pixel <= max(low_pixel, high_pixel) + 0.5
    return to_pixel


def check_samples(points, f, lo, hi, to_x, to_y, cut=False):
    """Each point lies where the axes put x_i and f(x_i), x_i the i-th of the
    400 samples :plot takes; with `cut`, but for those on the plot area's
    top or bottom edge, which may be where the curve was cut."""
    checked = 0
    for x, y in points:
        if cut and not TOP + 0.01 < y < BOTTOM - 0.01:
            continue
        i = round((x - to_x(lo)) / (to_x(hi) - to_x(lo)) * 399)
        sample = lo + (hi - lo) * i / 399
        assert x == pytest.approx(to_x(sample), abs=0.011)
        assert y == pytest.approx(to_y(f(sample)), abs=0.011)
        checked += 1
    return checked


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


def test_svg_has_a_title_axis_labels_and_a_frame(tmp_path):
    formula = "(x > -1 && x < 1) * x"  # <, > and & escaped, or the XML would not parse
    root = svg_plot(tmp_path, formula, -2, 2)
    assert root.find(f"{SVG}title").text == formula
    texts = {text.get("id"): text.text for text in root.iter(f"{SVG}text") if text.get("id")}
    assert texts == {"title": formula, "x-label": "x", "y-label": "f(x)"}
    frame = [rect for rect in root.findall(f"{SVG}rect") if rect.get("fill") == "none"]
    assert [(float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")))
            for r in frame] == [(LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP)]


def test_svg_ticks_of_x_squared_cover_its_range_and_map_the_curve(tmp_path):
    root = svg_plot(tmp_path, "x^2", -1, 1)
    x_ticks, y_ticks = axis_ticks(root, "x"), axis_ticks(root, "y")
    assert [value for value, _ in x_ticks] == [-1, -0.5, 0, 0.5, 1]
    assert [text.text for text in root.find(f".//{SVG}g[@id='y-ticks']").iter(f"{SVG}text")] \
        == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
    to_x = check_nice(x_ticks, LEFT, RIGHT)
    to_y = check_nice(y_ticks, BOTTOM, TOP)
    # x spans the plot area exactly; so does y, from min (about 0) to max, 1.
    assert to_x(-1) == pytest.approx(LEFT) and to_x(1) == pytest.approx(RIGHT)
    assert to_y(1) == pytest.approx(TOP) and to_y(0) == pytest.approx(BOTTOM, abs=0.01)
    # Every point of the curve is where the axes say x^2 is.
    pieces = polylines(root)
    assert len(pieces) == 1
    assert check_samples(pieces[0], lambda x: x * x, -1, 1, to_x, to_y) == 400


@pytest.mark.parametrize("formula, lo, hi", [
    ("exp(-2*x*x)", -2, 2), ("sin(x)", 0, 10), ("1e6 + x", 0, 1), ("1e-7*x^3", -3, 7),
    ("tan(x)", -3, 3), ("1/(x-1)", -2, 3), ("exp(x)", 0, 20), ("x", -0.013, 0.0041)])
def test_svg_ticks_are_nice_and_on_their_axes(tmp_path, formula, lo, hi):
    root = svg_plot(tmp_path, formula, lo, hi)
    to_x = check_nice(axis_ticks(root, "x"), LEFT, RIGHT)
    assert to_x(lo) == pytest.approx(LEFT, abs=0.01) and to_x(hi) == pytest.approx(RIGHT, abs=0.01)
    check_nice(axis_ticks(root, "y"), BOTTOM, TOP)


def test_svg_of_one_over_x_keeps_the_curve_readable(tmp_path):
    root = svg_plot(tmp_path, "1/x", -1, 1)
    to_x = check_nice(axis_ticks(root, "x"), LEFT, RIGHT)
    y_ticks = axis_ticks(root, "y")
    to_y = check_nice(y_ticks, BOTTOM, TOP)
    # Not the +-399 of the samples beside the pole: the range is the bulk of
    # the values, so 1/x for |x| >= 0.1 is inside it.
    values = [value for value, _ in y_ticks]
    assert 10 <= max(values) <= 40 and -40 <= min(values) <= -10
    points = [point for piece in polylines(root) for point in piece]
    # Cut where it leaves the range: ends on the top and bottom edges.
    assert min(y for _, y in points) == pytest.approx(TOP, abs=0.01)
    assert max(y for _, y in points) == pytest.approx(BOTTOM, abs=0.01)
    assert check_samples(points, lambda x: 1 / x, -1, 1, to_x, to_y, cut=True) > 360
    # Drawn up to |x| < 0.1, where |1/x| > 10.
    shown = [x for x, _ in points]
    assert min(x for x in shown if x > to_x(0)) < to_x(0.1)
    assert max(x for x in shown if x < to_x(0)) > to_x(-0.1)
