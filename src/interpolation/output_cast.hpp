// How scipy.ndimage's interpolation functions store a double in an output
// of another dtype, which is not how its filters store one: integers are
// rounded half away from zero and clamped to the type's range (NaN becomes
// 0 in unsigned types), bool takes C's plain cast. The bits where C leaves
// a conversion undefined (NaN into a signed type, 2^63 into int64) are
// those of the x86-64 instructions GCC emits, as numeric/scipy_cast.hpp
// explains.
#pragma once

#include "numeric/scipy_cast.hpp"

#include <limits>
#include <type_traits>

namespace llcjit::interpolation {

/// SciPy's CASE_INTERP_OUT_UINT and CASE_INTERP_OUT_INT.
template <typename T> T rounded_cast(double t) noexcept {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(t);
  } else {
    constexpr auto kMax = static_cast<double>(std::numeric_limits<T>::max());
    constexpr auto kMin = static_cast<double>(std::numeric_limits<T>::min());
    if constexpr (std::is_unsigned_v<T>)
      t = t > 0 ? t + 0.5 : 0;
    else
      t = t > 0 ? t + 0.5 : t - 0.5;
    // GCC converts each arm of SciPy's clamps, so a clamped value is the
    // type's extreme even where the extreme as a double is out of range
    // (2^63 for int64).
    if (t > kMax)
      return std::numeric_limits<T>::max();
    if (t < kMin)
      return std::numeric_limits<T>::min();
    return numeric::c_cast<T>(t);
  }
}

} // namespace llcjit::interpolation
