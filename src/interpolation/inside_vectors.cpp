// The definitions of inside_vectors.hpp: one build per vector level. At
// order 3 on a grid contiguous along its last axis, each lane's row of
// four coefficients is read whole and the rows transposed (faster than
// sixteen gathers: 59.7 against 64.5 ms for a 2048^2 rotation on Zen 4);
// otherwise each tap's coefficients are read by read_lanes (gathered at
// the AVX-512 level). Lanes are tested with integer arithmetic on sign
// bits: GCC turns comparisons of double vectors into one scalar comparison
// per lane.
#include "interpolation/inside_vectors.hpp"

#include "interpolation/bspline.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace llcjit::interpolation {

namespace {

// (GCC ignores vector_size on a type that depends on a template
// parameter, so each width is spelled out.)
template <int Lanes> struct Lane;
template <> struct Lane<4> {
  using V = ndimage::Vec4;
  using I = std::int64_t __attribute__((vector_size(32)));
  using U = std::uint64_t __attribute__((vector_size(32)));
  using I32 = std::int32_t __attribute__((vector_size(16)));
};
template <> struct Lane<8> {
  using V = ndimage::Vec8;
  using I = std::int64_t __attribute__((vector_size(64)));
  using U = std::uint64_t __attribute__((vector_size(64)));
  using I32 = std::int32_t __attribute__((vector_size(32)));
};

constexpr std::uint64_t kSign = std::uint64_t{1} << 63;

// Whether any lane (or, with All, every lane) has its sign bit set, by a
// tree of shuffles.
template <int Lanes, bool All>
[[gnu::always_inline]] inline bool sign_bits(const typename Lane<Lanes>::U &lanes) {
  typename Lane<Lanes>::U v = lanes;
  auto fold = [&v](const typename Lane<Lanes>::U &other) { v = All ? v & other : v | other; };
  if constexpr (Lanes == 8) {
    fold(__builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3));
    fold(__builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5));
    fold(__builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6));
  } else {
    fold(__builtin_shufflevector(v, v, 2, 3, 0, 1));
    fold(__builtin_shufflevector(v, v, 1, 0, 3, 2));
  }
  return (v[0] & kSign) != 0;
}

constexpr int power(int base, int exponent) {
  return exponent == 0 ? 1 : base * power(base, exponent - 1);
}

// The grid as a group of points sees it, axis by axis.
template <int Rank> struct Bounds {
  const char *data;
  std::ptrdiff_t shape[Rank];
  std::ptrdiff_t strides[Rank];
  std::uint64_t last_bits[Rank]; ///< the bits of the double n - 1
  double shift;

  explicit Bounds(const Grid &grid, double shift_) : data(grid.data), shift(shift_) {
    for (int axis = 0; axis < Rank; ++axis) {
      shape[axis] = grid.shape[axis];
      strides[axis] = grid.strides[axis];
      const auto last = static_cast<double>(shape[axis] - 1);
      std::memcpy(&last_bits[axis], &last, sizeof last);
    }
  }
};

// The tap on each axis of tap t (in C order, the last axis fastest), and
// its offset in bytes from the first.
template <int Order, int Rank>
[[gnu::always_inline]] inline std::ptrdiff_t tap_of(int t, const Bounds<Rank> &grid,
                                                    int (&tap)[Rank]) {
  std::ptrdiff_t offset = 0;
  for (int axis = Rank; axis-- > 0; t /= Order + 1) {
    tap[axis] = t % (Order + 1);
    offset += tap[axis] * grid.strides[axis];
  }
  return offset;
}

// Adds a tap's coefficients to the sums, each times the tap's weight on
// each axis in turn: the scalar path's order.
template <int Order, int Rank, typename V>
[[gnu::always_inline]] inline void add_weighted(V &coefficient, const int (&tap)[Rank],
                                                const V (&weights)[Rank][Order + 1], V &sum) {
  if constexpr (Order > 0)
    for (int axis = 0; axis < Rank; ++axis)
      coefficient *= weights[axis][tap[axis]];
  sum += coefficient;
}

// Lane l of `lanes`: the double at at + base[l]. AVX-512 gathers them
// (vgatherqpd, in assembly, AT&T syntax: GCC's intrinsic needs every
// caller built for the level): on Zen 4 a 2048^2 order-1 rotation took
// 15.3 ms against 19.8 read lane by lane. Not measured on Intel, whose
// microcode against Downfall (GDS) slows gathers several times. AVX2 reads
// them one by one, as on the Zen 3 where its gather was measured no
// faster. (Clang, which builds the sanitized tests and reads the code for
// clang-tidy, checks the operands' size outside the level's function, so
// there the lanes are read one by one: the same bits.)
template <int Lanes, typename V, typename I>
[[gnu::always_inline]] inline void read_lanes(const char *at, const I &base, V &lanes) {
#if !defined(__clang__)
  if constexpr (Lanes == 8) {
    unsigned char every;
    asm("kxnorb %[every], %[every], %[every]\n\t"
        "vgatherqpd (%[at],%[base]), %[lanes]%{%[every]%}"
        : [lanes] "=&v"(lanes), [every] "=&Yk"(every)
        : [at] "r"(at), [base] "v"(base)
        : "memory");
    return;
  }
#endif
  double each[Lanes];
  for (int l = 0; l < Lanes; ++l)
    std::memcpy(&each[l], at + base[l], sizeof(double));
  std::memcpy(&lanes, each, sizeof lanes);
}

// Adds tap T of each lane's point, its coefficient at base[l] + the tap's
// offset.
template <int Lanes, int Order, int Rank, int T, typename V, typename I>
[[gnu::always_inline]] inline void add_tap(const Bounds<Rank> &grid, const I &base,
                                           const V (&weights)[Rank][Order + 1], V &sum) {
  int tap[Rank];
  const std::ptrdiff_t offset = tap_of<Order>(T, grid, tap);
  V coefficient;
  read_lanes<Lanes>(grid.data + offset, base, coefficient);
  add_weighted<Order>(coefficient, tap, weights, sum);
}

// Every tap, unrolled: a loop over them kept the weights on the stack.
template <int Lanes, int Order, int Rank, int... T, typename V, typename I>
[[gnu::always_inline]] inline void add_taps(std::integer_sequence<int, T...>,
                                            const Bounds<Rank> &grid, const I &base,
                                            const V (&weights)[Rank][Order + 1], V &sum) {
  (add_tap<Lanes, Order, Rank, T>(grid, base, weights, sum), ...);
}

// At order 3, the four contiguous coefficients at at + base[l] of each
// lane l, loaded whole and transposed: columns[b][l] is lane l's
// coefficient b. (Straight-line code with named vectors: GCC keeps arrays
// of vectors that loops index on the stack. At order 1 a row of two was no
// faster than lane by lane, slower on a rotated scan.)
template <int Lanes, typename V, typename I>
[[gnu::always_inline]] inline void load_row(const char *at, const I &base, V (&columns)[4]) {
  using ndimage::Vec4, ndimage::Vec8;
  Vec4 r0, r1, r2, r3;
  std::memcpy(&r0, at + base[0], sizeof(Vec4));
  std::memcpy(&r1, at + base[1], sizeof(Vec4));
  std::memcpy(&r2, at + base[2], sizeof(Vec4));
  std::memcpy(&r3, at + base[3], sizeof(Vec4));
  if constexpr (Lanes == 4) {
    const Vec4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 2, 6);
    const Vec4 t1 = __builtin_shufflevector(r0, r1, 1, 5, 3, 7);
    const Vec4 t2 = __builtin_shufflevector(r2, r3, 0, 4, 2, 6);
    const Vec4 t3 = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);
    columns[0] = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
    columns[1] = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
    columns[2] = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
    columns[3] = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
  } else {
    Vec4 r4, r5, r6, r7;
    std::memcpy(&r4, at + base[4], sizeof(Vec4));
    std::memcpy(&r5, at + base[5], sizeof(Vec4));
    std::memcpy(&r6, at + base[6], sizeof(Vec4));
    std::memcpy(&r7, at + base[7], sizeof(Vec4));
    // Lanes l and l + 4 side by side, then a 4 x 4 transpose per half.
    const Vec8 u0 = __builtin_shufflevector(r0, r4, 0, 1, 2, 3, 4, 5, 6, 7);
    const Vec8 u1 = __builtin_shufflevector(r1, r5, 0, 1, 2, 3, 4, 5, 6, 7);
    const Vec8 u2 = __builtin_shufflevector(r2, r6, 0, 1, 2, 3, 4, 5, 6, 7);
    const Vec8 u3 = __builtin_shufflevector(r3, r7, 0, 1, 2, 3, 4, 5, 6, 7);
    const Vec8 t0 = __builtin_shufflevector(u0, u1, 0, 8, 2, 10, 4, 12, 6, 14);
    const Vec8 t1 = __builtin_shufflevector(u0, u1, 1, 9, 3, 11, 5, 13, 7, 15);
    const Vec8 t2 = __builtin_shufflevector(u2, u3, 0, 8, 2, 10, 4, 12, 6, 14);
    const Vec8 t3 = __builtin_shufflevector(u2, u3, 1, 9, 3, 11, 5, 13, 7, 15);
    columns[0] = __builtin_shufflevector(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
    columns[1] = __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
    columns[2] = __builtin_shufflevector(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
    columns[3] = __builtin_shufflevector(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
  }
}

// Adds column B of a row, whose taps before the last axis are `row`'s.
template <int Order, int Rank, int B, typename V>
[[gnu::always_inline]] inline void add_column(const V (&columns)[Order + 1], const int (&row)[Rank],
                                              const V (&weights)[Rank][Order + 1], V &sum) {
  int tap[Rank];
  std::copy(row, row + Rank - 1, tap);
  tap[Rank - 1] = B;
  V coefficient = columns[B];
  add_weighted<Order>(coefficient, tap, weights, sum);
}

template <int Order, int Rank, int... B, typename V>
[[gnu::always_inline]] inline void
add_columns(std::integer_sequence<int, B...>, const V (&columns)[Order + 1], const int (&row)[Rank],
            const V (&weights)[Rank][Order + 1], V &sum) {
  (add_column<Order, Rank, B>(columns, row, weights, sum), ...);
}

// Adds row R of taps (the taps on the axes before the last, in C order)
// as add_tap adds each of its taps in turn.
template <int Lanes, int Order, int Rank, int R, typename V, typename I>
[[gnu::always_inline]] inline void add_row(const Bounds<Rank> &grid, const I &base,
                                           const V (&weights)[Rank][Order + 1], V &sum) {
  int row[Rank];
  const std::ptrdiff_t offset = tap_of<Order>(R * (Order + 1), grid, row);
  V columns[Order + 1];
  load_row<Lanes>(grid.data + offset, base, columns);
  add_columns<Order, Rank>(std::make_integer_sequence<int, Order + 1>{}, columns, row, weights,
                           sum);
}

template <int Lanes, int Order, int Rank, int... R, typename V, typename I>
[[gnu::always_inline]] inline void add_rows(std::integer_sequence<int, R...>,
                                            const Bounds<Rank> &grid, const I &base,
                                            const V (&weights)[Rank][Order + 1], V &sum) {
  (add_row<Lanes, Order, Rank, R>(grid, base, weights, sum), ...);
}

// One group of Lanes points, coordinate k of point l at coordinates[k *
// axis_step + l]: false, having written nothing, unless every tap of every
// point lies inside the grid.
template <int Lanes, int Order, int Rank>
[[gnu::always_inline]] inline bool inside(const Bounds<Rank> &grid, const double *coordinates,
                                          std::ptrdiff_t axis_step, double *values) {
  using V = typename Lane<Lanes>::V;
  using I = typename Lane<Lanes>::I;
  using U = typename Lane<Lanes>::U;
  using I32 = typename Lane<Lanes>::I32;
  I base{};
  V weights[Rank][Order + 1];
  // A lane fails where any of these has its sign bit set: x's bits (x <
  // 0, and -0.0), the last index's bits less x's (x > n - 1, and NaN,
  // whose bits exceed every finite double's), the first tap, and the room
  // left after the last.
  U outside{};
  for (int axis = 0; axis < Rank; ++axis) {
    V x;
    std::memcpy(&x, coordinates + axis * axis_step, sizeof x);
    x += grid.shift;
    // Where x >= 0 (else the lane fails), floor is truncation, and x <
    // 2^31 fits 32 bits: the conversions AVX2 has.
    const I32 whole = __builtin_convertvector(Order & 1 ? x : x + 0.5, I32);
    const I start = __builtin_convertvector(whole, I) - Order / 2;
    U bits;
    std::memcpy(&bits, &x, sizeof bits);
    const I room = grid.shape[axis] - 1 - Order - start;
    U start_bits, room_bits;
    std::memcpy(&start_bits, &start, sizeof start_bits);
    std::memcpy(&room_bits, &room, sizeof room_bits);
    outside |= bits | (grid.last_bits[axis] - bits) | start_bits | room_bits;
    base += start * grid.strides[axis];
    if constexpr (Order > 0)
      weights_at_offset<Order>(x - __builtin_convertvector(whole, V), weights[axis]);
  }
  if (sign_bits<Lanes, false>(outside))
    return false;
  // The taps in C order, the last axis fastest, each coefficient times its
  // weights axis by axis: the scalar path's sum.
  V sum{};
  if constexpr (Order == 3)
    if (grid.strides[Rank - 1] == sizeof(double)) {
      add_rows<Lanes, Order, Rank>(std::make_integer_sequence<int, power(Order + 1, Rank - 1)>{},
                                   grid, base, weights, sum);
      std::memcpy(values, &sum, sizeof sum);
      return true;
    }
  add_taps<Lanes, Order, Rank>(std::make_integer_sequence<int, power(Order + 1, Rank)>{}, grid,
                               base, weights, sum);
  std::memcpy(values, &sum, sizeof sum);
  return true;
}

// Whether every point of the group has a coordinate outside [0, n - 1] or
// NaN, where mode Constant gives cval whatever its other coordinates.
template <int Lanes, int Rank>
[[gnu::always_inline]] inline bool all_cval(const Bounds<Rank> &grid, const double *coordinates,
                                            std::ptrdiff_t axis_step) {
  using V = typename Lane<Lanes>::V;
  using U = typename Lane<Lanes>::U;
  U cval{};
  for (int axis = 0; axis < Rank; ++axis) {
    V x;
    std::memcpy(&x, coordinates + axis * axis_step, sizeof x);
    x += grid.shift;
    U bits;
    std::memcpy(&bits, &x, sizeof bits);
    // The sign bit set where x < 0 (the low bits not all zero: -0.0 is
    // inside), and where x > n - 1 among the others (NaN too).
    const U below = bits & -(bits & ~kSign);
    const U above = ~bits & (grid.last_bits[axis] - bits);
    cval |= below | above;
  }
  return sign_bits<Lanes, true>(cval);
}

template <int Lanes, int Order, int Rank>
[[gnu::always_inline]] inline void groups(const Grid &grid, const Spline &spline,
                                          const double *coordinates, std::ptrdiff_t axis_step,
                                          std::ptrdiff_t count, double *values, bool *done) {
  const Bounds<Rank> bounds(grid, spline.shift);
  const bool constant = spline.mode == InterpolationMode::Constant;
  std::ptrdiff_t i = 0;
  for (; i + Lanes <= count; i += Lanes) {
    bool computed = inside<Lanes, Order, Rank>(bounds, coordinates + i, axis_step, values + i);
    if (!computed && constant && all_cval<Lanes, Rank>(bounds, coordinates + i, axis_step)) {
      std::fill(values + i, values + i + Lanes, spline.cval);
      computed = true;
    }
    for (int l = 0; l < Lanes; ++l)
      done[i + l] = computed;
  }
  for (; i < count; ++i)
    done[i] = false;
}

template <int Lanes, int Order>
[[gnu::always_inline]] inline void
groups_of_rank(const Grid &grid, const Spline &spline, const double *coordinates,
               std::ptrdiff_t axis_step, std::ptrdiff_t count, double *values, bool *done) {
  if (grid.shape.size() == 2)
    groups<Lanes, Order, 2>(grid, spline, coordinates, axis_step, count, values, done);
  else
    groups<Lanes, Order, 3>(grid, spline, coordinates, axis_step, count, values, done);
}

template <int Order>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void
groups_avx512(const Grid &grid, const Spline &spline, const double *coordinates,
              std::ptrdiff_t axis_step, std::ptrdiff_t count, double *values, bool *done) {
  groups_of_rank<8, Order>(grid, spline, coordinates, axis_step, count, values, done);
}

template <int Order>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void
groups_avx2(const Grid &grid, const Spline &spline, const double *coordinates,
            std::ptrdiff_t axis_step, std::ptrdiff_t count, double *values, bool *done) {
  groups_of_rank<4, Order>(grid, spline, coordinates, axis_step, count, values, done);
}

template <int Order>
void by_level(ndimage::VectorLevel level, const Grid &grid, const Spline &spline,
              const double *coordinates, std::ptrdiff_t axis_step, std::ptrdiff_t count,
              double *values, bool *done) {
  switch (level) {
  case ndimage::VectorLevel::Avx512:
    return groups_avx512<Order>(grid, spline, coordinates, axis_step, count, values, done);
  case ndimage::VectorLevel::Avx2:
    return groups_avx2<Order>(grid, spline, coordinates, axis_step, count, values, done);
  case ndimage::VectorLevel::Sse2: break;
  }
  std::fill(done, done + count, false);
}

} // namespace

void interpolate_inside(ndimage::VectorLevel level, const Grid &grid, const Spline &spline,
                        const double *coordinates, std::ptrdiff_t axis_step, std::ptrdiff_t count,
                        double *values, bool *done) {
  const auto run = [&]<int Order>() {
    by_level<Order>(level, grid, spline, coordinates, axis_step, count, values, done);
  };
  switch (spline.order) {
  case 0: return run.template operator()<0>();
  case 1: return run.template operator()<1>();
  case 2: return run.template operator()<2>();
  case 3: return run.template operator()<3>();
  case 4: return run.template operator()<4>();
  default: return run.template operator()<5>();
  }
}

} // namespace llcjit::interpolation
