// The definitions of inside_vectors.hpp: one build per vector level. The
// coefficients are read lane by lane: the level's gather instructions (in
// assembly, since GCC's intrinsics need every caller built for the level)
// were no faster, a rotated scan waiting on the cache either way.
#include "interpolation/inside_vectors.hpp"

#include "interpolation/bspline.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace llcjit::interpolation {

namespace {

// (GCC ignores vector_size on a type that depends on a template
// parameter, so each width is spelled out.)
template <int Lanes> struct Lane;
template <> struct Lane<4> {
  using V = ndimage::Vec4;
  using I = std::int64_t __attribute__((vector_size(32)));
  using I32 = std::int32_t __attribute__((vector_size(16)));
};
template <> struct Lane<8> {
  using V = ndimage::Vec8;
  using I = std::int64_t __attribute__((vector_size(64)));
  using I32 = std::int32_t __attribute__((vector_size(32)));
};

template <typename M> [[gnu::always_inline]] inline bool all_of(const M &mask, int lanes) {
  std::int64_t all = -1;
  for (int l = 0; l < lanes; ++l)
    all &= mask[l];
  return all != 0;
}

constexpr int power(int base, int exponent) {
  return exponent == 0 ? 1 : base * power(base, exponent - 1);
}

// One group of Lanes points, coordinate k of point l at coordinates[k *
// axis_step + l]: false, having written nothing, unless every tap of every
// point lies inside the grid.
template <int Lanes, int Order, int Rank>
[[gnu::always_inline]] inline bool
group(const char *data, const std::ptrdiff_t *shape, const std::ptrdiff_t *strides, double shift,
      const double *coordinates, std::ptrdiff_t axis_step, double *values) {
  using V = typename Lane<Lanes>::V;
  using I = typename Lane<Lanes>::I;
  using I32 = typename Lane<Lanes>::I32;
  I base{};
  V weights[Rank][Order + 1];
  I inside = {};
  inside -= 1;
  for (int axis = 0; axis < Rank; ++axis) {
    V x;
    std::memcpy(&x, coordinates + axis * axis_step, sizeof x);
    x += shift;
    // Where x >= 0 (else the lane fails), floor is truncation, and x <
    // 2^31 fits 32 bits: the conversions AVX2 has.
    const I32 whole = __builtin_convertvector(Order & 1 ? x : x + 0.5, I32);
    const I start = __builtin_convertvector(whole, I) - Order / 2;
    inside &= (x >= 0.0) & (x <= static_cast<double>(shape[axis] - 1)) & (start >= 0) &
              (start + Order < shape[axis]);
    base += start * strides[axis];
    if constexpr (Order > 0)
      weights_at_offset<Order>(x - __builtin_convertvector(whole, V), weights[axis]);
  }
  if (!all_of(inside, Lanes))
    return false;
  // The taps in C order, the last axis fastest, each coefficient times its
  // weights axis by axis: the scalar path's sum.
  V sum{};
  for (int t = 0; t < power(Order + 1, Rank); ++t) {
    int tap[Rank];
    const char *at = data;
    for (int axis = Rank, rest = t; axis-- > 0; rest /= Order + 1) {
      tap[axis] = rest % (Order + 1);
      at += tap[axis] * strides[axis];
    }
    double lanes[Lanes];
    for (int l = 0; l < Lanes; ++l)
      std::memcpy(&lanes[l], at + base[l], sizeof(double));
    V coefficient;
    std::memcpy(&coefficient, lanes, sizeof coefficient);
    if constexpr (Order > 0)
      for (int axis = 0; axis < Rank; ++axis)
        coefficient *= weights[axis][tap[axis]];
    sum += coefficient;
  }
  std::memcpy(values, &sum, sizeof sum);
  return true;
}

template <int Lanes, int Order, int Rank>
[[gnu::always_inline]] inline void groups(const Grid &grid, double shift, const double *coordinates,
                                          std::ptrdiff_t axis_step, std::ptrdiff_t count,
                                          double *values, bool *done) {
  std::ptrdiff_t shape[Rank], strides[Rank];
  for (int axis = 0; axis < Rank; ++axis) {
    shape[axis] = grid.shape[axis];
    strides[axis] = grid.strides[axis];
  }
  std::ptrdiff_t i = 0;
  for (; i + Lanes <= count; i += Lanes) {
    const bool inside = group<Lanes, Order, Rank>(grid.data, shape, strides, shift, coordinates + i,
                                                  axis_step, values + i);
    for (int l = 0; l < Lanes; ++l)
      done[i + l] = inside;
  }
  for (; i < count; ++i)
    done[i] = false;
}

template <int Lanes, int Order>
[[gnu::always_inline]] inline void
groups_of_rank(const Grid &grid, double shift, const double *coordinates, std::ptrdiff_t axis_step,
               std::ptrdiff_t count, double *values, bool *done) {
  if (grid.shape.size() == 2)
    groups<Lanes, Order, 2>(grid, shift, coordinates, axis_step, count, values, done);
  else
    groups<Lanes, Order, 3>(grid, shift, coordinates, axis_step, count, values, done);
}

template <int Order>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void
groups_avx512(const Grid &grid, double shift, const double *coordinates, std::ptrdiff_t axis_step,
              std::ptrdiff_t count, double *values, bool *done) {
  groups_of_rank<8, Order>(grid, shift, coordinates, axis_step, count, values, done);
}

template <int Order>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void
groups_avx2(const Grid &grid, double shift, const double *coordinates, std::ptrdiff_t axis_step,
            std::ptrdiff_t count, double *values, bool *done) {
  groups_of_rank<4, Order>(grid, shift, coordinates, axis_step, count, values, done);
}

template <int Order>
void by_level(ndimage::VectorLevel level, const Grid &grid, double shift, const double *coordinates,
              std::ptrdiff_t axis_step, std::ptrdiff_t count, double *values, bool *done) {
  switch (level) {
  case ndimage::VectorLevel::Avx512:
    return groups_avx512<Order>(grid, shift, coordinates, axis_step, count, values, done);
  case ndimage::VectorLevel::Avx2:
    return groups_avx2<Order>(grid, shift, coordinates, axis_step, count, values, done);
  case ndimage::VectorLevel::Sse2: break;
  }
  std::fill(done, done + count, false);
}

} // namespace

void interpolate_inside(ndimage::VectorLevel level, int order, const Grid &grid, double shift,
                        const double *coordinates, std::ptrdiff_t axis_step, std::ptrdiff_t count,
                        double *values, bool *done) {
  switch (order) {
  case 0: return by_level<0>(level, grid, shift, coordinates, axis_step, count, values, done);
  case 1: return by_level<1>(level, grid, shift, coordinates, axis_step, count, values, done);
  case 2: return by_level<2>(level, grid, shift, coordinates, axis_step, count, values, done);
  case 3: return by_level<3>(level, grid, shift, coordinates, axis_step, count, values, done);
  case 4: return by_level<4>(level, grid, shift, coordinates, axis_step, count, values, done);
  default: return by_level<5>(level, grid, shift, coordinates, axis_step, count, values, done);
  }
}

} // namespace llcjit::interpolation
