// The definitions of border_band.hpp. A row of the band (one row of the
// footprint, all its cells at one offset along the other axes) holds the
// columns that the line's elements [first, last) read, each at its
// offset from the centre:
//
//   centre + row.offset + (j - first) * step,  j in [first + low, last - 1 + high]
//
// so rows whose columns would overlap (a wide run on rows close together)
// cannot be laid out, and fill() says so.
#include "ndimage/border_band.hpp"

#include "ndimage/convert.hpp"
#include "ndimage/window.hpp"
#include "numeric/scipy_cast.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace llcjit::ndimage {

BorderBand::BorderBand(const ArrayView &source, const Neighbourhood &hood, Mode mode, double cval)
    : source_(source), mode_(mode), channels_(hood.channels()), cval_(item_size(source.dtype)) {
  const std::size_t rank = source.shape.size(), last = rank - 1;
  const auto item = static_cast<std::ptrdiff_t>(item_size(source.dtype));
  // An axis of one element may have any stride, even 0.
  const std::ptrdiff_t step = source.strides[last];
  usable_ = (step >= item || step <= -item) && border_held(source.dtype, mode, cval);
  numeric::store_as(source.dtype, cval, cval_.data());
  // The cells come in C order, so a footprint row's cells are consecutive.
  const auto starts_row = [&](std::size_t k) {
    if (k == 0)
      return true;
    for (std::size_t axis = 0; axis < last; ++axis)
      if (hood.cell_offset(k, axis) != hood.cell_offset(k - 1, axis))
        return true;
    return false;
  };
  for (std::size_t k = 0; k < hood.size(); ++k) {
    if (starts_row(k))
      rows_.push_back({hood.outer_byte_offsets()[k], k});
    low_ = std::min(low_, hood.cell_offset(k, last));
    high_ = std::max(high_, hood.cell_offset(k, last));
  }
  std::sort(rows_.begin(), rows_.end(),
            [](const Row &a, const Row &b) { return a.offset < b.offset; });
  // The runs of every line: the border columns before and after the
  // interior, and the interior of lines outside the array.
  const std::ptrdiff_t width = source.shape[last];
  const std::ptrdiff_t interior_begin = std::min(hood.interior_begin(last), width);
  const std::ptrdiff_t interior_end = std::clamp(hood.interior_end(last), interior_begin, width);
  left_ = plan_columns(0, interior_begin);
  middle_ = plan_columns(interior_begin, interior_end);
  right_ = plan_columns(interior_end, width);
}

BorderBand::Plan BorderBand::plan_columns(std::ptrdiff_t first, std::ptrdiff_t last) const {
  const std::size_t axis = source_.shape.size() - 1;
  const std::ptrdiff_t width = source_.shape[axis], step = source_.strides[axis];
  const auto item = static_cast<std::ptrdiff_t>(item_size(source_.dtype));
  Plan plan{first, last};
  if (first >= last)
    return plan;
  const std::ptrdiff_t begin = first + low_, end = last + high_; // the columns read
  // In checked arithmetic: along an axis of one element the stride may be
  // anything (NumPy leaves it arbitrary), and so the rows' offsets.
  std::ptrdiff_t a = 0, b = 0;
  if (__builtin_mul_overflow(begin - first, step, &a) ||
      __builtin_mul_overflow(end - 1 - first, step, &b) || std::max(a, b) > PTRDIFF_MAX - item)
    return plan;
  const std::ptrdiff_t row_low = std::min(a, b), row_high = std::max(a, b) + item;
  std::ptrdiff_t row_bytes = 0;
  if (__builtin_sub_overflow(row_high, row_low, &row_bytes))
    return plan;
  for (std::size_t r = 1; r < rows_.size(); ++r) {
    std::ptrdiff_t gap = 0;
    if (__builtin_sub_overflow(rows_[r].offset, rows_[r - 1].offset, &gap) || gap < row_bytes)
      return plan;
  }
  // The band spans the centre's own row of outputs too, read or not (a
  // footprint may leave that row out), so that the kernel's pointer to
  // each output's centre points into it. |centres| <= |b|: it fits.
  std::ptrdiff_t high = 0;
  if (__builtin_add_overflow(rows_.front().offset, row_low, &plan.low) ||
      __builtin_add_overflow(rows_.back().offset, row_high, &high))
    return plan;
  const std::ptrdiff_t centres = (last - 1 - first) * step;
  plan.low = std::min({plan.low, std::ptrdiff_t{0}, centres});
  high = std::max({high, item, centres + item});
  if (__builtin_sub_overflow(high, plan.low, &plan.span) || plan.span > kMaxScratchBytes)
    return plan;
  plan.fits = true;
  // One row of the tiles' column map: extended column t is column begin + t.
  plan.columns.build(Tile{0, 1, first, last, Window{0, 1}, Window{low_, high_ - low_ + 1}}, width,
                     mode_, channels_);
  return plan;
}

const char *BorderBand::fill(std::span<const std::ptrdiff_t> line, std::ptrdiff_t first,
                             std::ptrdiff_t last, Scratch &scratch) const {
  Plan other;
  const Plan *known = nullptr;
  for (const Plan *run : {&left_, &middle_, &right_})
    if (first == run->first && last == run->last)
      known = run;
  if (!known)
    other = plan_columns(first, last); // a line cut into blocks (kColumnsPerTask)
  const Plan &plan = known ? *known : other;
  if (!plan.fits)
    return nullptr;
  const std::size_t axis = source_.shape.size() - 1;
  const std::ptrdiff_t step = source_.strides[axis];
  const auto item = static_cast<std::ptrdiff_t>(item_size(source_.dtype));
  // The centre lies as column `first` of the array's first row does modulo
  // a cache line: for rows a whole number of lines long, as the kernel's
  // loads would find it in place (skewed rows lie as a 64-byte-aligned
  // source's would).
  constexpr std::ptrdiff_t kLine = 64;
  const auto need = static_cast<std::size_t>(plan.span + kLine);
  if (scratch.size < need) {
    scratch.bytes = std::make_unique_for_overwrite<std::byte[]>(need);
    scratch.size = need;
  }
  const auto address = [](const void *at) { return reinterpret_cast<std::uintptr_t>(at); };
  const char *data = static_cast<const char *>(source_.data);
  char *start = reinterpret_cast<char *>(scratch.bytes.get());
  const auto shift = static_cast<std::ptrdiff_t>(
      (address(data + first * step) - address(start) + static_cast<std::uintptr_t>(plan.low)) %
      kLine);
  char *centre = start - plan.low + shift; // plan.low <= 0
  // Fixed sizes: a call to memcpy per element cost more than the copy.
  const auto copy = [item](char *to, const char *from) {
    switch (item) {
    case 1: std::memcpy(to, from, 1); break;
    case 2: std::memcpy(to, from, 2); break;
    case 4: std::memcpy(to, from, 4); break;
    default: std::memcpy(to, from, 8); break;
    }
  };
  const ColumnMap &map = plan.columns;
  const auto extended = static_cast<std::ptrdiff_t>(map.source.size());
  const std::ptrdiff_t begin = first + low_;
  constexpr std::ptrdiff_t kShortCopy = 16; // elements copied one by one
  for (const Row &row : rows_) {
    const auto row_at = [&](std::ptrdiff_t t) { return centre + row.offset + (t + low_) * step; };
    const std::ptrdiff_t at = line[row.cell];
    const char *from = at == Neighbourhood::kOutside ? nullptr : data + at;
    const auto element = [&](std::ptrdiff_t t) {
      const std::ptrdiff_t column = map.source[static_cast<std::size_t>(t)];
      copy(row_at(t), from && column >= 0 ? from + column * step : cval_.data());
    };
    if (from && step == item && map.inside_end - map.inside_begin > kShortCopy) {
      for (std::ptrdiff_t t = 0; t < map.inside_begin; ++t)
        element(t);
      std::memcpy(row_at(map.inside_begin), from + (begin + map.inside_begin) * step,
                  static_cast<std::size_t>((map.inside_end - map.inside_begin) * item));
      for (std::ptrdiff_t t = map.inside_end; t < extended; ++t)
        element(t);
    } else {
      for (std::ptrdiff_t t = 0; t < extended; ++t)
        element(t);
    }
  }
  return centre;
}

} // namespace llcjit::ndimage
