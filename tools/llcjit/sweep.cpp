// The definitions of sweep.hpp: swept parameters and their outer product.
#include "sweep.hpp"

#include "numbers.hpp"

#include <llcjit/errors.hpp>

#include <cmath>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

// Beyond 2^53 the sweep's indices are no longer exact doubles.
constexpr double kMaxSweepCount = 9007199254740992.0;

} // namespace

double Sweep::value(std::size_t i) const {
  if (count > 1 && i + 1 == count)
    return stop;
  const double step = count > 1 ? (stop - start) / static_cast<double>(count - 1) : 0;
  return start + static_cast<double>(i) * step;
}

SweepGrid::SweepGrid(std::vector<Sweep> sweeps) : sweeps_(std::move(sweeps)) {
  double points = 1;
  for (const Sweep &sweep : sweeps_) {
    points *= static_cast<double>(sweep.count);
    if (points > kMaxSweepCount)
      throw UsageError("the sweeps' outer product has more than 2^53 points");
    size_ *= sweep.count;
  }
}

void SweepGrid::point(std::size_t i, std::span<double> values) const {
  for (std::size_t k = sweeps_.size(); k-- > 0;) {
    values[k] = sweeps_[k].value(i % sweeps_[k].count);
    i /= sweeps_[k].count;
  }
}

std::vector<Sweep> take_sweeps(std::vector<std::string> &bindings) {
  std::vector<Sweep> sweeps;
  for (auto it = bindings.begin(); it != bindings.end();) {
    const auto equals = it->find('=');
    if (equals == std::string::npos || it->find(':', equals) == std::string::npos) {
      ++it;
      continue;
    }
    const std::string name = it->substr(0, equals);
    const std::vector<double> parts =
        parse_numbers(std::string_view(*it).substr(equals + 1), ":", fmt::format("'{}'", *it));
    if (parts.size() != 3 || !(parts[2] >= 1 && parts[2] <= kMaxSweepCount) ||
        parts[2] != std::floor(parts[2]))
      throw UsageError(fmt::format("expected {}=START:STOP:NUM with a whole NUM from 1 "
                                   "to 2^53",
                                   name));
    for (const Sweep &earlier : sweeps)
      if (earlier.name == name)
        throw UsageError(fmt::format("'{}' is swept twice", name));
    sweeps.push_back({name, parts[0], parts[1], static_cast<std::size_t>(parts[2])});
    it = bindings.erase(it);
  }
  return sweeps;
}

} // namespace llcjit::tool
