// scipy.ndimage.generic_filter over strided N-d arrays, calling a filter
// kernel through SciPy's signature once per element.
#include <llcjit/errors.hpp>
#include <llcjit/ndimage.hpp>

#include "ndimage/boundary.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numeric>
#include <thread>

#include <fmt/format.h>

namespace llcjit {

ArrayView ArrayView::contiguous(double *data, std::vector<std::ptrdiff_t> shape) {
  std::vector<std::ptrdiff_t> strides(shape.size());
  std::ptrdiff_t stride = sizeof(double);
  for (std::size_t axis = shape.size(); axis-- > 0;) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return {data, std::move(shape), std::move(strides)};
}

std::size_t ArrayView::size() const noexcept {
  std::size_t count = 1;
  for (std::ptrdiff_t extent : shape)
    count *= static_cast<std::size_t>(std::max<std::ptrdiff_t>(extent, 0));
  return count;
}

std::optional<Mode> parse_mode(std::string_view name) noexcept {
  if (name == "reflect" || name == "grid-mirror")
    return Mode::Reflect;
  if (name == "constant" || name == "grid-constant")
    return Mode::Constant;
  if (name == "nearest")
    return Mode::Nearest;
  if (name == "mirror")
    return Mode::Mirror;
  if (name == "wrap" || name == "grid-wrap")
    return Mode::Wrap;
  return std::nullopt;
}

Footprint Footprint::box(std::vector<std::ptrdiff_t> shape) {
  std::size_t count = 1;
  for (std::ptrdiff_t extent : shape)
    count *= static_cast<std::size_t>(std::max<std::ptrdiff_t>(extent, 0));
  return {std::move(shape), std::vector<unsigned char>(count, 1)};
}

namespace {

double element(const ArrayView &array, const std::vector<std::ptrdiff_t> &index) {
  const auto *base = reinterpret_cast<const char *>(array.data);
  for (std::size_t axis = 0; axis < index.size(); ++axis)
    base += index[axis] * array.strides[axis];
  double value;
  std::memcpy(&value, base, sizeof value);
  return value;
}

// memcpy, as NumPy's strides need not keep doubles aligned.
void store(const ArrayView &array, const std::vector<std::ptrdiff_t> &index, double value) {
  auto *base = reinterpret_cast<char *>(array.data);
  for (std::size_t axis = 0; axis < index.size(); ++axis)
    base += index[axis] * array.strides[axis];
  std::memcpy(base, &value, sizeof value);
}

// Advances a C-order multi-index over `shape`; false after the last.
bool next(std::vector<std::ptrdiff_t> &index, const std::vector<std::ptrdiff_t> &shape) {
  for (std::size_t axis = index.size(); axis-- > 0;) {
    if (++index[axis] < shape[axis])
      return true;
    index[axis] = 0;
  }
  return false;
}

void validate(const ArrayView &input, const ArrayView &output, const Callback &kernel,
              const Footprint &footprint, const std::vector<std::ptrdiff_t> &origin) {
  const std::size_t rank = input.shape.size();
  if (rank == 0)
    throw UsageError("the input must have at least one dimension");
  if (input.strides.size() != rank || output.shape != input.shape ||
      output.strides.size() != rank)
    throw UsageError("output shape must equal input shape");
  if (footprint.shape.size() != rank)
    throw UsageError("filter footprint array has incorrect shape.");
  std::size_t cells = 1;
  for (std::ptrdiff_t extent : footprint.shape) {
    if (extent < 1)
      throw UsageError("filter footprint array has incorrect shape.");
    cells *= static_cast<std::size_t>(extent);
  }
  if (footprint.mask.size() != cells)
    throw UsageError("the footprint mask does not match its shape");
  if (std::none_of(footprint.mask.begin(), footprint.mask.end(),
                   [](unsigned char on) { return on != 0; }))
    throw UsageError("footprint array has only zeros");
  for (std::size_t axis = 0; axis < rank; ++axis) {
    const std::ptrdiff_t n = footprint.shape[axis];
    if (!(-(n / 2) <= origin[axis] && origin[axis] <= (n - 1) / 2))
      throw UsageError("invalid origin");
  }
  if (kernel.kind() != Kind::Filter)
    throw UsageError(fmt::format("generic_filter runs filter kernels (formulas of "
                                 "values); this callback is a {} callback",
                                 to_string(kernel.kind())));
}

} // namespace

void generic_filter(const ArrayView &input, const ArrayView &output,
                    const Callback &kernel, std::span<const double> params,
                    const Footprint &footprint, const FilterOptions &options) {
  const std::size_t rank = input.shape.size();
  std::vector<std::ptrdiff_t> origin(rank, 0);
  if (options.origin.size() == 1)
    std::fill(origin.begin(), origin.end(), options.origin[0]);
  else if (options.origin.size() == rank)
    origin = options.origin;
  else if (!options.origin.empty())
    throw UsageError("origin must have one value or one per axis");
  validate(input, output, kernel, footprint, origin);
  if (params.size() != kernel.parameters().size())
    throw UsageError(fmt::format("expected {} parameter values, got {}",
                                 kernel.parameters().size(), params.size()));
  if (input.size() == 0)
    return;

  // The footprint's true cells as offsets from the filter's centre.
  std::vector<std::vector<std::ptrdiff_t>> offsets;
  std::vector<std::ptrdiff_t> cell(rank, 0);
  std::size_t flat = 0;
  do {
    if (footprint.mask[flat++]) {
      std::vector<std::ptrdiff_t> offset(rank);
      for (std::size_t axis = 0; axis < rank; ++axis)
        offset[axis] = cell[axis] - footprint.shape[axis] / 2 - origin[axis];
      offsets.push_back(std::move(offset));
    }
  } while (next(cell, footprint.shape));

  // Reading from a copy when writing into the input itself.
  std::vector<double> copy;
  ArrayView source = input;
  if (input.data == output.data) {
    copy.resize(input.size());
    std::vector<std::ptrdiff_t> index(rank, 0);
    std::size_t k = 0;
    do
      copy[k++] = element(input, index);
    while (next(index, input.shape));
    source = ArrayView::contiguous(copy.data(), input.shape);
  }

  // Where the whole footprint lies inside the array, every neighbour is at a
  // fixed byte offset from the centre, and no boundary rule is needed.
  std::vector<std::ptrdiff_t> byte_offsets(offsets.size(), 0);
  std::vector<std::ptrdiff_t> interior_first(rank, 0), interior_last(rank, 0);
  for (std::size_t axis = 0; axis < rank; ++axis) {
    std::ptrdiff_t lowest = 0, highest = 0;
    for (std::size_t k = 0; k < offsets.size(); ++k) {
      lowest = std::min(lowest, offsets[k][axis]);
      highest = std::max(highest, offsets[k][axis]);
      byte_offsets[k] += offsets[k][axis] * source.strides[axis];
    }
    interior_first[axis] = -lowest;
    interior_last[axis] = input.shape[axis] - 1 - highest;
  }
  const auto interior = [&](const std::vector<std::ptrdiff_t> &point) {
    for (std::size_t axis = 0; axis < rank; ++axis)
      if (point[axis] < interior_first[axis] || point[axis] > interior_last[axis])
        return false;
    return true;
  };

  auto *call = kernel.as<int(double *, std::intptr_t, double *, void *)>();
  void *user_data = const_cast<double *>(params.data());
  // Slices [first, last) of the first axis; each output element is computed
  // alone, so any split gives the same result.
  auto run = [&](std::ptrdiff_t first, std::ptrdiff_t last) {
    std::vector<double> values(offsets.size());
    std::vector<std::ptrdiff_t> index(rank, 0), at(rank), point(rank);
    std::vector<std::ptrdiff_t> slab = input.shape;
    slab[0] = last - first;
    do {
      std::copy(index.begin(), index.end(), point.begin());
      point[0] += first;
      if (interior(point)) {
        const char *centre = reinterpret_cast<const char *>(source.data);
        for (std::size_t axis = 0; axis < rank; ++axis)
          centre += point[axis] * source.strides[axis];
        for (std::size_t k = 0; k < offsets.size(); ++k)
          std::memcpy(&values[k], centre + byte_offsets[k], sizeof(double));
      } else {
        for (std::size_t k = 0; k < offsets.size(); ++k) {
        bool inside = true;
        for (std::size_t axis = 0; axis < rank && inside; ++axis) {
          const auto mapped = ndimage::extend(point[axis] + offsets[k][axis],
                                              input.shape[axis], options.mode);
          inside = mapped.has_value();
          if (inside)
            at[axis] = *mapped;
        }
          values[k] = inside ? element(source, at) : options.cval;
        }
      }
      double result = 0;
      if (!call(values.data(), static_cast<std::intptr_t>(values.size()), &result,
                user_data))
        return false;
      store(output, point, result);
    } while (next(index, slab));
    return true;
  };

  const std::ptrdiff_t rows = input.shape[0];
  const unsigned threads = static_cast<unsigned>(std::min<std::ptrdiff_t>(
      rows, options.threads ? options.threads
                            : std::max(1u, std::thread::hardware_concurrency())));
  std::vector<char> ok(threads, 1);
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t)
      pool.emplace_back([&, t] {
        ok[t] = run(rows * t / threads, rows * (t + 1) / threads);
      });
    ok[0] = run(0, rows / threads);
  }
  if (std::find(ok.begin(), ok.end(), 0) != ok.end())
    throw UsageError("the filter kernel refused a neighbourhood");
}

} // namespace llcjit
