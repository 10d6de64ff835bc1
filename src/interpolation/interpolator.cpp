// The definitions of interpolator.hpp, templated on the order, the rank (1
// to 3, or any) and the grid's element type, so that the loops over taps
// unroll and the loads are typed.
#include "interpolation/interpolator.hpp"

#include "interpolation/bspline.hpp"
#include "interpolation/coordinate_modes.hpp"
#include "interpolation/inside_vectors.hpp"
#include "numeric/scipy_cast.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace llcjit::interpolation {

namespace {

// Coordinates this far out are integers; clamping them keeps the tap index
// arithmetic in range without changing a weight (under Nearest, past it a
// coordinate reads the nearer edge where SciPy's index conversion
// overflows).
constexpr double kFar = 0x1p52;

// A point's taps on every axis: the byte offset of each, whether it reads
// cval (GridConstant), and its weight.
template <int Order> struct Taps {
  static constexpr int kCount = Order + 1;
  std::array<std::array<std::ptrdiff_t, kCount>, kMaxRank> offsets;
  std::array<std::array<double, kCount>, kMaxRank> weights;
  std::array<std::array<bool, kCount>, kMaxRank> outside;
  bool any_outside = false;
};

template <typename T> double load(const char *at) {
  T element;
  std::memcpy(&element, at, sizeof element);
  return static_cast<double>(element);
}

// What a point's coordinate on one axis makes of it.
enum class Placed {
  Taps, // the axis's taps and weights are set
  Cval, // the point takes cval, whatever its other coordinates
  Nan,  // SciPy's weights are NaN there (or its index conversions overflow)
};

// Places the taps of `axis` for coordinate cc.
template <int Order>
[[gnu::always_inline]] inline Placed place_axis(const Grid &grid, const Spline &spline,
                                                std::size_t axis, double cc, Taps<Order> &taps) {
  const std::ptrdiff_t n = grid.shape[axis];
  const InterpolationMode mode = spline.mode;
  if (mode == InterpolationMode::GridConstant || mode == InterpolationMode::Nearest) {
    if (!std::isfinite(cc))
      return Placed::Nan;
    cc = std::fmax(-kFar, std::fmin(kFar, cc));
  } else if (!(cc >= 0 && cc <= static_cast<double>(n - 1))) {
    cc = map_coordinate(cc, n, mode);
    if (!(cc > -1.0))
      return Placed::Cval;
    if (!(cc < kFar))
      return Placed::Nan;
  }
  const std::ptrdiff_t start = first_tap<Order>(cc);
  const std::ptrdiff_t stride = grid.strides[axis];
  auto &offsets = taps.offsets[axis];
  if (start >= 0 && start + Order < n) {
    for (int k = 0; k <= Order; ++k)
      offsets[k] = (start + k) * stride;
    if (mode == InterpolationMode::GridConstant)
      taps.outside[axis].fill(false);
  } else if (mode == InterpolationMode::GridConstant) {
    taps.any_outside = true;
    for (int k = 0; k <= Order; ++k) {
      const std::ptrdiff_t i = start + k;
      taps.outside[axis][k] = i < 0 || i >= n;
      offsets[k] = taps.outside[axis][k] ? 0 : i * stride;
    }
  } else {
    for (int k = 0; k <= Order; ++k)
      offsets[k] = map_tap(start + k, n, mode) * stride;
  }
  spline_weights<Order>(cc, taps.weights[axis].data());
  return Placed::Taps;
}

// The sum over the (Order + 1)^rank taps in C order, the last axis
// fastest, each coefficient multiplied by its weights axis by axis:
// SciPy's order, so the same bits. Any rank, and GridConstant's cval taps.
template <int Order, typename T>
double sum_any(const Grid &grid, const Spline &spline, const Taps<Order> &taps) {
  const std::size_t rank = grid.shape.size();
  std::array<int, kMaxRank> tap{};
  double t = 0.0;
  for (;;) {
    std::ptrdiff_t offset = 0;
    bool is_cval = false;
    for (std::size_t axis = 0; axis < rank; ++axis) {
      offset += taps.offsets[axis][tap[axis]];
      is_cval = is_cval || (taps.any_outside && taps.outside[axis][tap[axis]]);
    }
    double coefficient = is_cval ? spline.cval : load<T>(grid.data + offset);
    if constexpr (Order > 0)
      for (std::size_t axis = 0; axis < rank; ++axis)
        coefficient *= taps.weights[axis][tap[axis]];
    t += coefficient;
    std::size_t axis = rank;
    while (axis > 0 && tap[axis - 1] == Order)
      tap[--axis] = 0;
    if (axis == 0)
      return t;
    ++tap[axis - 1];
  }
}

template <int Order, int Rank> struct PointTaps {
  std::array<std::array<std::ptrdiff_t, Order + 1>, Rank> offsets;
  std::array<std::array<double, Order + 1>, Rank> weights;
};

// sum_any unrolled for ranks 1 to 3 with every tap inside the grid.
template <int Order, int Rank, typename T>
[[gnu::always_inline]] inline double sum_inside(const char *data,
                                                const PointTaps<Order, Rank> &taps) {
  const auto &o = taps.offsets;
  const auto &w = taps.weights;
  double t = 0.0;
  auto add = [&](std::ptrdiff_t offset, auto... weights) {
    double coefficient = load<T>(data + offset);
    if constexpr (Order > 0)
      ((coefficient *= weights), ...);
    t += coefficient;
  };
  for (int a = 0; a <= Order; ++a) {
    if constexpr (Rank == 1) {
      add(o[0][a], w[0][a]);
    } else {
      for (int b = 0; b <= Order; ++b) {
        if constexpr (Rank == 2) {
          add(o[0][a] + o[1][b], w[0][a], w[1][b]);
        } else {
          for (int c = 0; c <= Order; ++c)
            add(o[0][a] + o[1][b] + o[2][c], w[0][a], w[1][b], w[2][c]);
        }
      }
    }
  }
  return t;
}

template <int Order, int Rank> PointTaps<Order, Rank> first_axes(const Taps<Order> &taps) {
  PointTaps<Order, Rank> point;
  for (int axis = 0; axis < Rank; ++axis) {
    point.offsets[axis] = taps.offsets[axis];
    point.weights[axis] = taps.weights[axis];
  }
  return point;
}

// The common case, whatever the mode: every coordinate inside the grid and
// far enough from its edges that every tap is too. The point's weights and
// offsets stay in registers. False, having computed nothing, otherwise.
template <int Order, int Rank, typename T>
[[gnu::always_inline]] inline bool
interpolate_inside(const char *data, const std::array<std::ptrdiff_t, Rank> &shape,
                   const std::array<std::ptrdiff_t, Rank> &strides,
                   const std::array<double, Rank> &point, double &value) {
  PointTaps<Order, Rank> taps;
  std::ptrdiff_t base = 0;
  for (int axis = 0; axis < Rank; ++axis) {
    const double x = point[axis];
    if (!(x >= 0 && x <= static_cast<double>(shape[axis] - 1)))
      return false;
    const std::ptrdiff_t start = first_tap<Order>(x);
    if (start < 0 || start + Order >= shape[axis])
      return false;
    base += start * strides[axis];
    for (int k = 0; k <= Order; ++k)
      taps.offsets[axis][k] = k * strides[axis];
    spline_weights<Order>(x, taps.weights[axis].data());
  }
  value = sum_inside<Order, Rank, T>(data + base, taps);
  return true;
}

// The scalar path, point by point: the grid's extents and strides and the
// taps' tables set up once for a batch (the tables span kMaxRank axes).
template <int Order, int Rank, typename T> class ScalarPath {
public:
  ScalarPath(const Grid &grid, const Spline &spline) : grid_(grid), spline_(spline) {
    for (int axis = 0; axis < Rank; ++axis) {
      shape_[axis] = grid.shape[axis];
      strides_[axis] = grid.strides[axis];
    }
  }

  // Point i of count, coordinates axis-major.
  double at(const double *coordinates, std::ptrdiff_t count, std::ptrdiff_t i) {
    if constexpr (Rank > 0) {
      std::array<double, Rank> point;
      for (int axis = 0; axis < Rank; ++axis)
        point[axis] = coordinates[axis * count + i] + spline_.shift;
      if (double value;
          interpolate_inside<Order, Rank, T>(grid_.data, shape_, strides_, point, value))
        return value;
    }
    taps_.any_outside = false;
    // SciPy stops at the first axis that gives cval; NaN weights on an
    // axis before it do not matter.
    const std::size_t rank = Rank > 0 ? Rank : grid_.shape.size();
    Placed placed = Placed::Taps;
    for (std::size_t axis = 0; axis < rank && placed != Placed::Cval; ++axis) {
      const Placed here = place_axis<Order>(grid_, spline_, axis,
                                            coordinates[axis * count + i] + spline_.shift, taps_);
      placed = here == Placed::Taps ? placed : here;
    }
    if (placed == Placed::Cval)
      return spline_.cval;
    if (placed == Placed::Nan)
      return std::numeric_limits<double>::quiet_NaN();
    if constexpr (Rank > 0)
      if (!taps_.any_outside)
        return sum_inside<Order, Rank, T>(grid_.data, first_axes<Order, Rank>(taps_));
    return sum_any<Order, T>(grid_, spline_, taps_);
  }

private:
  const Grid &grid_;
  const Spline &spline_;
  std::array<std::ptrdiff_t, std::max(Rank, 1)> shape_{}, strides_{};
  Taps<Order> taps_{};
};

template <int Order, int Rank, typename T>
void interpolate_typed(const Grid &grid, const Spline &spline, const double *coordinates,
                       std::ptrdiff_t count, double *values, ndimage::VectorLevel level) {
  ScalarPath<Order, Rank, T> scalar(grid, spline);
  if constexpr ((Rank == 2 || Rank == 3) && std::is_same_v<T, double>) {
    constexpr std::ptrdiff_t kFits = std::ptrdiff_t{1} << 31;
    if (level != ndimage::VectorLevel::Sse2 &&
        std::all_of(grid.shape.begin(), grid.shape.end(), [](auto n) { return n < kFits; })) {
      std::array<bool, kMaxInsidePoints> done;
      for (std::ptrdiff_t first = 0; first < count; first += kMaxInsidePoints) {
        const std::ptrdiff_t n = std::min(kMaxInsidePoints, count - first);
        interpolate_inside(level, grid, spline, coordinates + first, count, n, values + first,
                           done.data());
        // Eight flags at a time: nearly every group is done, and the loop
        // that tested each point's (with its calls into the scalar path)
        // took a tenth of an order-1 rotation (a perf profile). A bool is
        // the byte 0 or 1.
        static_assert(sizeof(bool) == 1);
        constexpr std::size_t kWord = sizeof(std::uint64_t);
        constexpr std::uint64_t kAllDone = 0x0101010101010101;
        for (std::ptrdiff_t i = 0; i < n; i += kWord) {
          std::uint64_t word = 0;
          const auto flags = std::min<std::size_t>(kWord, static_cast<std::size_t>(n - i));
          std::memcpy(&word, done.data() + i, flags);
          if (flags == kWord && word == kAllDone)
            continue;
          for (std::ptrdiff_t k = i; k < i + static_cast<std::ptrdiff_t>(flags); ++k)
            if (!done[k])
              values[first + k] = scalar.at(coordinates, count, first + k);
        }
      }
      return;
    }
  }
  for (std::ptrdiff_t i = 0; i < count; ++i)
    values[i] = scalar.at(coordinates, count, i);
}

template <int Order>
void interpolate_order(const Grid &grid, const Spline &spline, const double *coordinates,
                       std::ptrdiff_t count, double *values, ndimage::VectorLevel level) {
  numeric::visit_element_type(grid.dtype, [&]<typename T>(T) {
    switch (grid.shape.size()) {
    case 1: interpolate_typed<Order, 1, T>(grid, spline, coordinates, count, values, level); return;
    case 2: interpolate_typed<Order, 2, T>(grid, spline, coordinates, count, values, level); return;
    case 3: interpolate_typed<Order, 3, T>(grid, spline, coordinates, count, values, level); return;
    default:
      interpolate_typed<Order, 0, T>(grid, spline, coordinates, count, values, level);
      return;
    }
  });
}

} // namespace

void interpolate(const Grid &grid, const Spline &spline, const double *coordinates,
                 std::ptrdiff_t count, double *values, ndimage::VectorLevel level) {
  switch (spline.order) {
  case 0: interpolate_order<0>(grid, spline, coordinates, count, values, level); return;
  case 1: interpolate_order<1>(grid, spline, coordinates, count, values, level); return;
  case 2: interpolate_order<2>(grid, spline, coordinates, count, values, level); return;
  case 3: interpolate_order<3>(grid, spline, coordinates, count, values, level); return;
  case 4: interpolate_order<4>(grid, spline, coordinates, count, values, level); return;
  default: interpolate_order<5>(grid, spline, coordinates, count, values, level); return;
  }
}

} // namespace llcjit::interpolation
