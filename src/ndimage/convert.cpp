// The definitions of convert.hpp.
#include "ndimage/convert.hpp"

#include "numeric/scipy_cast.hpp"

namespace llcjit::ndimage {

void convert(const ArrayView &from, const ArrayView &to, parallel::Workers workers) {
  const std::size_t rank = from.shape.size();
  const std::ptrdiff_t width = from.shape[rank - 1];
  if (width == 0)
    return;
  const auto lines = static_cast<std::ptrdiff_t>(from.size()) / width;
  parallel::parallel_for(lines, workers, [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
    for (std::ptrdiff_t line = range.begin(); line != range.end(); ++line) {
      const char *in = static_cast<const char *>(from.data);
      char *out = static_cast<char *>(to.data);
      std::ptrdiff_t rest = line;
      for (std::size_t axis = rank - 1; axis-- > 0;) {
        const std::ptrdiff_t index = rest % from.shape[axis];
        rest /= from.shape[axis];
        in += index * from.strides[axis];
        out += index * to.strides[axis];
      }
      for (std::ptrdiff_t i = 0; i < width; ++i)
        numeric::store_as(to.dtype,
                          numeric::load_as_double(from.dtype, in + i * from.strides[rank - 1]),
                          out + i * to.strides[rank - 1]);
    }
  });
}

} // namespace llcjit::ndimage
