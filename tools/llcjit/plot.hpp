// Plots of y = f(x) sampled over an interval: Unicode braille for a
// terminal, SVG for a file. Both break the curve where y is not finite and
// across poles (1/x at 0, tan at pi/2): there, rather than the samples' min
// and max, the y range is the bulk of the values, and the curve is cut where
// it leaves it.
#pragma once

#include <string>
#include <vector>

namespace llcjit::tool {

struct Samples {
  std::vector<double> x, y; // y may hold NaN or inf where f is undefined
};

/// A plot `columns` characters wide and `rows` high for the curve itself
/// (each character a 2 x 4 grid of braille dots), with the y range on the
/// left and the x range underneath. Sample i is drawn in dot column i, so
/// give 2 * columns samples.
std::string braille_plot(const Samples &samples, int columns, int rows);

/// A standalone SVG document: the curve as polylines in a frame with ticks
/// at 1-2-5 steps, grid lines, axes labelled x and f(x), and the title on top.
std::string svg_plot(const Samples &samples, const std::string &title);

} // namespace llcjit::tool
