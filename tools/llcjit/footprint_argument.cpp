// The definitions of footprint_argument.hpp.
#include "footprint_argument.hpp"

#include "npy.hpp"
#include "numbers.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/language.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

constexpr std::string_view kShapes[] = {"cross", "square", "diamond", "disk", "ball"};

// NAME or NAME:R (cross, square, diamond, disk, ball), std::nullopt for a
// word that is not one of them (a file name).
std::optional<Footprint> named_footprint(const std::string &text, std::size_t rank) {
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  if (std::find(std::begin(kShapes), std::end(kShapes), name) == std::end(kShapes))
    return std::nullopt;
  std::ptrdiff_t radius = 1;
  if (colon != std::string::npos) {
    const std::string digits = text.substr(colon + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), radius);
    if (error != std::errc() || end != digits.data() + digits.size() || radius < 0)
      throw UsageError(
          fmt::format("--footprint {}: the radius after ':' is a whole number >= 0", text));
  }
  if (name == "cross")
    return Footprint::cross(rank, radius);
  if (name == "diamond")
    return Footprint::diamond(rank, radius);
  if (name == "ball")
    return Footprint::ball(rank, radius);
  if (name == "disk") {
    if (rank != 2)
      throw UsageError(fmt::format("--footprint {}: a disk is 2-d and the input has {} axes; "
                                   "ball:R is the ball of any rank",
                                   text, rank));
    return Footprint::ball(2, radius);
  }
  if (radius > (PTRDIFF_MAX - 1) / 2)
    throw UsageError(fmt::format("--footprint {}: the radius is too large", text));
  return Footprint::box(std::vector<std::ptrdiff_t>(rank, 2 * radius + 1));
}

} // namespace

Footprint footprint_of(const std::string &size, const std::string &footprint, std::size_t rank) {
  if (size.empty() == footprint.empty())
    throw UsageError("give either --size or --footprint");
  if (!size.empty()) {
    const std::vector<std::int64_t> extents =
        parse_integers(size, ",x", option_text("--size", size), 1, PTRDIFF_MAX);
    std::vector<std::ptrdiff_t> shape(extents.begin(), extents.end());
    if (shape.size() == 1)
      shape.assign(rank, shape[0]); // as SciPy's scalar size
    return Footprint::box(shape);
  }
  if (std::optional<Footprint> named = named_footprint(footprint, rank))
    return *named;
  if (!std::filesystem::exists(footprint)) {
    const std::optional<std::string_view> suggestion = closest_name(footprint, kShapes);
    throw UsageError(fmt::format("--footprint {}: no such file or footprint name{}", footprint,
                                 suggestion ? fmt::format("; did you mean '{}'?", *suggestion)
                                            : std::string(" (cross, square, diamond, disk, "
                                                          "ball, with :R for a radius)")));
  }
  const Array mask = read_npy(footprint);
  Footprint cells{mask.shape, {}};
  for (double cell : mask.values())
    cells.mask.push_back(cell != 0.0);
  return cells;
}

} // namespace llcjit::tool
