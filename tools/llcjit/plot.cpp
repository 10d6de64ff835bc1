// The definitions of plot.hpp: plots of y = f(x) sampled over an interval.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();

  explicit Range(const std::vector<double> &values) {
    for (double value : values)
      if (std::isfinite(value)) {
        low = std::min(low, value);
        high = std::max(high, value);
      }
    if (!(low <= high))
      low = high = 0; // nothing finite: an empty plot around 0
    if (low == high) {
      low -= 1;
      high += 1;
    }
  }
  // value mapped to [0, 1], 0 at low.
  double unit(double value) const { return (value - low) / (high - low); }
};

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
  const Range y(samples.y);
  const int dot_columns = 2 * columns, dot_rows = 4 * rows;
  // dots[r][c], row 0 at the top.
  std::vector<std::vector<bool>> dots(dot_rows, std::vector<bool>(dot_columns, false));
  auto dot_row = [&](double value) {
    const double from_top = (1.0 - y.unit(value)) * (dot_rows - 1);
    return std::clamp(static_cast<int>(std::lround(from_top)), 0, dot_rows - 1);
  };
  int previous = -1;
  for (int c = 0; c < dot_columns && c < static_cast<int>(samples.y.size()); ++c) {
    if (!std::isfinite(samples.y[c])) {
      previous = -1;
      continue;
    }
    const int r = dot_row(samples.y[c]);
    // Steep parts stay connected: the column also takes the rows between
    // the previous sample's (not included) and this one's.
    int from = r, to = r;
    if (previous >= 0 && previous < r)
      from = previous + 1;
    else if (previous > r)
      to = previous - 1;
    for (int k = from; k <= to; ++k)
      dots[k][c] = true;
    previous = r;
  }
  // Braille cell bits: dots 1-3 and 7 down the left column, 4-6 and 8 down
  // the right (U+2800 + bits).
  static constexpr int kBit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
  const std::string top = number(y.high), bottom = number(y.low);
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
  constexpr double kWidth = 640, kHeight = 400, kLeft = 70, kRight = 20, kTop = 30, kBottom = 40;
  const Range x(samples.x), y(samples.y);
  auto px = [&](double value) { return kLeft + x.unit(value) * (kWidth - kLeft - kRight); };
  auto py = [&](double value) {
    return kHeight - kBottom - y.unit(value) * (kHeight - kTop - kBottom);
  };
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\">\n"
      "<title>{2}</title>\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<g stroke=\"black\" stroke-width=\"1\">\n"
      "<line x1=\"{3}\" y1=\"{4}\" x2=\"{5}\" y2=\"{4}\"/>\n"
      "<line x1=\"{3}\" y1=\"{6}\" x2=\"{3}\" y2=\"{4}\"/>\n"
      "</g>\n",
      kWidth, kHeight, escape_xml(title), kLeft, kHeight - kBottom, kWidth - kRight, kTop);
  std::string points;
  auto flush = [&] {
    if (!points.empty())
      out += fmt::format("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" "
                         "points=\"{}\"/>\n",
                         points);
    points.clear();
  };
  for (std::size_t i = 0; i < samples.x.size() && i < samples.y.size(); ++i) {
    if (!std::isfinite(samples.y[i])) {
      flush();
      continue;
    }
    points += fmt::format("{}{:.2f},{:.2f}", points.empty() ? "" : " ", px(samples.x[i]),
                          py(samples.y[i]));
  }
  flush();
  out += fmt::format("<g font-family=\"sans-serif\" font-size=\"12\">\n"
                     "<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">{2}</text>\n"
                     "<text x=\"{0}\" y=\"{3}\" text-anchor=\"end\">{4}</text>\n"
                     "<text x=\"{5}\" y=\"{6}\" text-anchor=\"start\">{7}</text>\n"
                     "<text x=\"{8}\" y=\"{6}\" text-anchor=\"end\">{9}</text>\n"
                     "<text x=\"{10}\" y=\"18\" text-anchor=\"middle\">{11}</text>\n"
                     "</g>\n</svg>\n",
                     kLeft - 6, kTop + 4, escape_xml(number(y.high)), kHeight - kBottom,
                     escape_xml(number(y.low)), kLeft, kHeight - kBottom + 18,
                     escape_xml(number(x.low)), kWidth - kRight, escape_xml(number(x.high)),
                     kWidth / 2, escape_xml(title));
  return out;
}

} // namespace llcjit::tool
