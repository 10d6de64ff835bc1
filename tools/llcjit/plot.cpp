// The definitions of plot.hpp: plots of y = f(x) sampled over an interval.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

struct Range {
  double low, high;

  bool contains(double value) const { return low <= value && value <= high; }
  // value mapped to [0, 1], 0 at low.
  double unit(double value) const { return (value - low) / (high - low); }
};

// The finite values' min and max, widened when they are all equal so that
// unit() stays defined.
Range finite_range(const std::vector<double> &values) {
  Range range{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (double value : values)
    if (std::isfinite(value)) {
      range.low = std::min(range.low, value);
      range.high = std::max(range.high, value);
    }
  if (!(range.low <= range.high))
    range.low = range.high = 0; // nothing finite: an empty plot around 0
  if (range.low == range.high) {
    range.low -= 1;
    range.high += 1;
  }
  return range;
}

// Whether the curve crosses a pole between samples i and i + 1: a jump of
// more than `limit` against the trend on both sides. Either side of an odd
// pole (1/x, tan) runs off to an opposite infinity, so the samples next to
// it head away from the jump; a steep but continuous rise (tanh(1000 x))
// heads the same way as the jump.
bool pole_after(const std::vector<double> &y, std::size_t i, double limit) {
  const double jump = y[i + 1] - y[i];
  if (!(std::abs(jump) > limit))
    return false;
  // A missing neighbour (the interval's end, or a NaN) does not object.
  const bool before = i == 0 || !std::isfinite(y[i - 1]) || (y[i] - y[i - 1]) * jump < 0;
  const bool after =
      i + 2 >= y.size() || !std::isfinite(y[i + 2]) || (y[i + 2] - y[i + 1]) * jump < 0;
  return before && after;
}

struct Point {
  double x, y;
};

// The curve as drawn: polylines in data coordinates, broken where y is not
// finite and at poles, and cut where they leave the y range.
struct Curve {
  Range x, y;
  std::vector<std::vector<Point>> pieces;
};

// poles[i]: whether the curve crosses a pole between samples i and i + 1.
// With a pole, `range` is narrowed to the bulk of the values.
std::vector<bool> find_poles(const std::vector<double> &y, Range &range) {
  std::vector<bool> poles(y.size(), false);
  std::vector<double> finite;
  std::copy_if(y.begin(), y.end(), std::back_inserter(finite),
               [](double value) { return std::isfinite(value); });
  if (finite.empty())
    return poles;
  // Poles show as jumps across much of the values' bulk, the 2nd to 98th
  // percentile: near a pole the few samples beyond it run to any size.
  std::sort(finite.begin(), finite.end());
  auto percentile = [&](double p) {
    return finite[std::lround(p * static_cast<double>(finite.size() - 1))];
  };
  const double bulk_low = percentile(0.02), bulk_high = percentile(0.98);
  const double width = bulk_high - bulk_low;
  bool any = false;
  for (std::size_t i = 0; i + 1 < y.size(); ++i)
    if (std::isfinite(y[i]) && std::isfinite(y[i + 1]) && pole_after(y, i, width / 2))
      any = poles[i] = true;
  // Only with a pole is the range cut to the bulk (and a margin): the
  // samples beside it would flatten the rest of the curve. Without one,
  // outliers such as a narrow peak are the curve, and stay in range.
  if (any)
    range = finite_range(
        {std::max(range.low, bulk_low - width / 10), std::min(range.high, bulk_high + width / 10)});
  return poles;
}

Curve trace(const Samples &samples) {
  const std::size_t count = std::min(samples.x.size(), samples.y.size());
  const std::vector<double> y(samples.y.begin(), samples.y.begin() + count);
  Curve curve{finite_range(samples.x), finite_range(y), {}};
  const std::vector<bool> poles = find_poles(y, curve.y);
  std::vector<Point> piece;
  auto flush = [&] {
    if (!piece.empty())
      curve.pieces.push_back(std::move(piece));
    piece.clear();
  };
  for (std::size_t i = 0; i < count; ++i) {
    const Point to{samples.x[i], y[i]};
    if (!std::isfinite(to.y) || i == 0 || !std::isfinite(y[i - 1]) || poles[i - 1]) {
      flush();
      if (curve.y.contains(to.y))
        piece.push_back(to);
      continue;
    }
    // The part of the segment from the previous sample within the y range,
    // from + t (to - from) for t in [enter, leave].
    const Point from{samples.x[i - 1], y[i - 1]};
    double enter = 0, leave = 1;
    if (from.y != to.y) {
      const double at_low = (curve.y.low - from.y) / (to.y - from.y);
      const double at_high = (curve.y.high - from.y) / (to.y - from.y);
      enter = std::max(0.0, std::min(at_low, at_high));
      leave = std::min(1.0, std::max(at_low, at_high));
    } else if (!curve.y.contains(to.y)) {
      enter = 1; // level and out of range: none of it
      leave = 0;
    }
    if (enter > leave) {
      flush();
      continue;
    }
    auto at = [&](double t) {
      return t == 0   ? from
             : t == 1 ? to
                      : Point{from.x + t * (to.x - from.x), from.y + t * (to.y - from.y)};
    };
    // A piece that goes on ends at `from`, which is in range: enter is 0.
    if (piece.empty())
      piece.push_back(at(enter));
    piece.push_back(at(leave));
    if (leave < 1)
      flush();
  }
  flush();
  return curve;
}

// Axis ticks and their labels.
struct Ticks {
  std::vector<double> values;
  std::vector<std::string> labels;
};

// Ticks at the multiples of a 1-2-5 step (..., 0.5, 1, 2, 5, 10, ...) in
// `range`, with the finest step that gives at most 8, as matplotlib's
// MaxNLocator picks them. `slack` lets in a tick that far beyond an end (a
// fraction of a pixel): x^2's lowest sample is 6e-6, and 0 should show.
Ticks ticks(const Range &range, double slack) {
  constexpr int kMaxTicks = 8;
  const double span = range.high - range.low;
  if (!std::isfinite(span))
    return {};
  for (int exponent = static_cast<int>(std::floor(std::log10(span / kMaxTicks)));; ++exponent)
    for (int mantissa : {1, 2, 5}) {
      const double step = mantissa * std::pow(10.0, exponent);
      // + 0.0 turns -0.0 into 0.0, which prints without a sign.
      const double first = std::ceil((range.low - slack) / step) + 0.0;
      const double count = std::floor((range.high + slack) / step) - first + 1;
      if (count > kMaxTicks)
        continue;
      // Labels with the digits the step needs: fixed-point unless that
      // would be long (steps below 1e-4, values from 1e6).
      const double magnitude = std::max(std::abs(range.low), std::abs(range.high));
      const bool fixed = exponent >= -4 && magnitude < 1e6;
      const int digits =
          fixed ? std::max(0, -exponent)
                : std::max(1, static_cast<int>(std::floor(std::log10(magnitude))) - exponent + 1);
      Ticks result;
      for (int i = 0; i < count; ++i) {
        const double value = (first + i) * step;
        result.values.push_back(value);
        result.labels.push_back(fixed ? fmt::format("{:.{}f}", value, digits)
                                      : fmt::format("{:.{}g}", value, digits));
      }
      return result;
    }
}

std::string number(double value) { return fmt::format("{:.4g}", value); }

std::string escape_xml(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

} // namespace

std::string braille_plot(const Samples &samples, int columns, int rows) {
  const Curve curve = trace(samples);
  const int dot_columns = 2 * columns, dot_rows = 4 * rows;
  // dots[r][c], row 0 at the top.
  std::vector<std::vector<bool>> dots(dot_rows, std::vector<bool>(dot_columns, false));
  auto dot_row = [&](double value) {
    const double from_top = (1.0 - curve.y.unit(value)) * (dot_rows - 1);
    return std::clamp(static_cast<int>(std::lround(from_top)), 0, dot_rows - 1);
  };
  auto dot_column = [&](double value) {
    return std::clamp(static_cast<int>(std::lround(curve.x.unit(value) * (dot_columns - 1))), 0,
                      dot_columns - 1);
  };
  for (const std::vector<Point> &piece : curve.pieces) {
    int previous = dot_row(piece.front().y);
    dots[previous][dot_column(piece.front().x)] = true;
    // Steep parts stay connected: each point's column also takes the rows
    // between the previous point's (not included) and its own.
    for (std::size_t i = 1; i < piece.size(); ++i) {
      const int r = dot_row(piece[i].y), c = dot_column(piece[i].x);
      const int from = previous < r ? previous + 1 : r, to = previous > r ? previous - 1 : r;
      for (int k = from; k <= to; ++k)
        dots[k][c] = true;
      previous = r;
    }
  }
  // Braille cell bits: dots 1-3 and 7 down the left column, 4-6 and 8 down
  // the right (U+2800 + bits).
  static constexpr int kBit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
  const std::string top = number(curve.y.high), bottom = number(curve.y.low);
  const int margin = static_cast<int>(std::max(top.size(), bottom.size()));
  std::string out;
  for (int row = 0; row < rows; ++row) {
    const std::string label = row == 0 ? top : row == rows - 1 ? bottom : "";
    out += fmt::format("{:>{}} ┤", label, margin);
    for (int column = 0; column < columns; ++column) {
      int bits = 0;
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 2; ++j)
          if (dots[4 * row + i][2 * column + j])
            bits |= kBit[i][j];
      const char32_t code = 0x2800 + bits;
      // UTF-8 of U+2800..U+28FF: three bytes.
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
    out += '\n';
  }
  out += fmt::format("{:>{}} └{}\n", "", margin, [&] {
    std::string rule;
    for (int column = 0; column < columns; ++column)
      rule += "─";
    return rule;
  }());
  const std::string left = samples.x.empty() ? "" : number(samples.x.front());
  const std::string right = samples.x.empty() ? "" : number(samples.x.back());
  const int gap = std::max(1, columns - static_cast<int>(left.size() + right.size()));
  out += fmt::format("{:>{}}  {}{:{}}{}\n", "", margin, left, "", gap, right);
  return out;
}

std::string svg_plot(const Samples &samples, const std::string &title) {
  // The plot area runs from (kLeft, kTop) to (kRight, kBottom).
  constexpr double kWidth = 640, kHeight = 400, kLeft = 70, kRight = 620, kTop = 30, kBottom = 350;
  constexpr double kTickLength = 5;
  const Curve curve = trace(samples);
  const Range &x = curve.x, &y = curve.y;
  auto px = [&](double value) { return kLeft + x.unit(value) * (kRight - kLeft); };
  auto py = [&](double value) { return kBottom - y.unit(value) * (kBottom - kTop); };
  const Ticks x_ticks = ticks(x, (x.high - x.low) / (kRight - kLeft) / 2);
  const Ticks y_ticks = ticks(y, (y.high - y.low) / (kBottom - kTop) / 2);
  std::string out =
      fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                  "viewBox=\"0 0 {0} {1}\">\n"
                  "<title>{2}</title>\n"
                  "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                  "<g id=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n",
                  kWidth, kHeight, escape_xml(title));
  for (double value : x_ticks.values)
    out += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\"/>\n", px(value),
                       kTop, kBottom);
  for (double value : y_ticks.values)
    out += fmt::format("<line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" y2=\"{1:.2f}\"/>\n", kLeft,
                       py(value), kRight);
  out += "</g>\n";
  // One point draws nothing as a polyline; only pieces of two or more show.
  for (const std::vector<Point> &piece : curve.pieces) {
    if (piece.size() < 2)
      continue;
    std::string points;
    for (const Point &point : piece)
      points += fmt::format("{}{:.2f},{:.2f}", points.empty() ? "" : " ", px(point.x), py(point.y));
    out += fmt::format("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" "
                       "points=\"{}\"/>\n",
                       points);
  }
  // The frame and ticks go over the curve, whose cut ends meet the frame.
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
                     "stroke=\"black\"/>\n"
                     "<g id=\"x-ticks\" font-family=\"sans-serif\" font-size=\"11\" "
                     "text-anchor=\"middle\">\n",
                     kLeft, kTop, kRight - kLeft, kBottom - kTop);
  for (std::size_t i = 0; i < x_ticks.values.size(); ++i)
    out +=
        fmt::format("<g class=\"tick\"><line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" "
                    "y2=\"{2}\" stroke=\"black\"/><text x=\"{0:.2f}\" y=\"{3}\">{4}</text></g>\n",
                    px(x_ticks.values[i]), kBottom, kBottom + kTickLength, kBottom + 18,
                    escape_xml(x_ticks.labels[i]));
  out += "</g>\n<g id=\"y-ticks\" font-family=\"sans-serif\" font-size=\"11\" "
         "text-anchor=\"end\">\n";
  for (std::size_t i = 0; i < y_ticks.values.size(); ++i)
    out += fmt::format(
        "<g class=\"tick\"><line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" "
        "y2=\"{1:.2f}\" stroke=\"black\"/><text x=\"{3}\" y=\"{4:.2f}\">{5}</text></g>\n",
        kLeft - kTickLength, py(y_ticks.values[i]), kLeft, kLeft - kTickLength - 3,
        py(y_ticks.values[i]) + 4, escape_xml(y_ticks.labels[i]));
  // The y label reads upwards, centred on the plot area's height.
  out +=
      fmt::format("</g>\n<g font-family=\"sans-serif\" font-size=\"13\" "
                  "text-anchor=\"middle\">\n"
                  "<text id=\"x-label\" x=\"{0}\" y=\"{1}\">x</text>\n"
                  "<text id=\"y-label\" transform=\"translate(16 {2}) rotate(-90)\">f(x)</text>\n"
                  "<text id=\"title\" x=\"{0}\" y=\"20\">{3}</text>\n"
                  "</g>\n</svg>\n",
                  (kLeft + kRight) / 2, kHeight - 12, (kTop + kBottom) / 2, escape_xml(title));
  return out;
}

} // namespace llcjit::tool
