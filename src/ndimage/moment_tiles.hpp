// What the running moments over boxes (box_sums.cpp) and over other 2-d
// footprints (footprint_sums.cpp) share once their tile is written: a build
// of the tile per vector level and per set of channels, and the walk over
// the tiles that stops when a tile's values leave the range its pairs hold.
//
// A Kernel is a struct with the types Job and Scratch and
//   template <typename V, bool kSquares, bool kCounts, bool kIgnoreNaN,
//             bool kFma>
//   static bool run(const Job &, const Tile &, Scratch &);
// which sums one tile in vectors V and returns false when its values do
// not fit.
#pragma once

#include "ndimage/pair_sums.hpp"
#include "ndimage/tiles.hpp"
#include "ndimage/vectors.hpp"

#include <algorithm>
#include <atomic>

namespace llcjit::ndimage {

template <typename Kernel>
using MomentTile = bool (*)(const typename Kernel::Job &, const Tile &, typename Kernel::Scratch &);

// Kernel::run for each level, in its vectors (x86-64-v4 has AVX-512 F, BW,
// CD, DQ and VL; v3 has AVX2), everything inlined so that it is all
// compiled for the level's instructions, fused multiply-adds included.
template <typename Kernel, bool kSquares, bool kCounts, bool kIgnoreNaN>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] bool
moment_tile_avx512(const typename Kernel::Job &job, const Tile &tile, typename Kernel::Scratch &s) {
  return Kernel::template run<Vec8, kSquares, kCounts, kIgnoreNaN, true>(job, tile, s);
}
template <typename Kernel, bool kSquares, bool kCounts, bool kIgnoreNaN>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] bool
moment_tile_avx2(const typename Kernel::Job &job, const Tile &tile, typename Kernel::Scratch &s) {
  return Kernel::template run<Vec4, kSquares, kCounts, kIgnoreNaN, true>(job, tile, s);
}
template <typename Kernel, bool kSquares, bool kCounts, bool kIgnoreNaN>
[[gnu::flatten]] bool moment_tile_sse2(const typename Kernel::Job &job, const Tile &tile,
                                       typename Kernel::Scratch &s) {
  return Kernel::template run<Vec2, kSquares, kCounts, kIgnoreNaN, false>(job, tile, s);
}

template <typename Kernel, bool kSquares, bool kCounts, bool kIgnoreNaN>
MomentTile<Kernel> moment_tile(VectorLevel level) {
  switch (level) {
  case VectorLevel::Avx512: return moment_tile_avx512<Kernel, kSquares, kCounts, kIgnoreNaN>;
  case VectorLevel::Avx2: return moment_tile_avx2<Kernel, kSquares, kCounts, kIgnoreNaN>;
  case VectorLevel::Sse2: break;
  }
  return moment_tile_sse2<Kernel, kSquares, kCounts, kIgnoreNaN>;
}

/// The tile's build for `moment` at `level`: the five sets of channels the
/// moments use.
template <typename Kernel>
MomentTile<Kernel> moment_tile(Moment moment, bool ignore_nan, VectorLevel level) {
  const bool spread = moment == Moment::Var || moment == Moment::Std;
  if (!ignore_nan)
    return spread ? moment_tile<Kernel, true, false, false>(level)
                  : moment_tile<Kernel, false, false, false>(level);
  if (moment == Moment::Sum) // numpy.nansum of nothing but NaN is 0: no count
    return moment_tile<Kernel, false, false, true>(level);
  return spread ? moment_tile<Kernel, true, true, true>(level)
                : moment_tile<Kernel, false, true, true>(level);
}

/// Runs `tile_moment` over every tile of `input` under windows `down` and
/// `across`; false as soon as one tile's values do not fit (the caller
/// then hands the filter back).
template <typename Kernel>
bool for_each_moment_tile(const ArrayView &input, Window down, Window across,
                          const typename Kernel::Job &job, MomentTile<Kernel> tile_moment,
                          parallel::Workers threads) {
  // Tall tiles: each starts its sums down the columns from the window's
  // first rows, which it reads in addition to its own.
  const std::ptrdiff_t tile_rows = std::max<std::ptrdiff_t>(512, 8 * down.size);
  std::atomic<bool> fits = true;
  for_each_tile<typename Kernel::Scratch>(input, down, across, tile_rows, threads,
                                          [&](const Tile &tile, typename Kernel::Scratch &s) {
                                            if (!tile_moment(job, tile, s))
                                              fits = false;
                                            return fits.load();
                                          });
  return fits;
}

} // namespace llcjit::ndimage
