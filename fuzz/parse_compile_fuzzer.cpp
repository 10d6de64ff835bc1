// Any bytes as a formula: compiling must end in a Callback or an llcjit::Error,
// and calling what compiled must not touch memory it was not given; a
// transform's rows entry must give its per-point entry's values. A filter
// kernel is also compiled fused (straight-line reductions over a 3 x 3
// footprint read at fixed offsets), plain and streaming, and both must give
// the same values as its general entry point on the same neighbourhoods.
#include <llcjit/llcjit.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

namespace {

// The same value, or both NaN (signed zeros may differ: NumPy's median of
// -0.0 and 0.0 is either).
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void call(const llcjit::Callback &callback) {
  std::vector<double> params(callback.parameters().size(), 0.5);
  void *user_data = params.data();
  switch (callback.kind()) {
  case llcjit::Kind::Quad: callback.as<double(double, void *)>()(0.25, user_data); break;
  case llcjit::Kind::NQuad: {
    std::vector<double> xx(callback.variables().size(), 0.75);
    callback.as<double(int, double *, void *)>()(static_cast<int>(xx.size()), xx.data(), user_data);
    break;
  }
  case llcjit::Kind::Filter: {
    double values[] = {3, -1, 4, 1, 5, 9, 2, 6, 5};
    double out = 0;
    callback.as<int(double *, std::intptr_t, double *, void *)>()(values, 9, &out, user_data);
    break;
  }
  case llcjit::Kind::Filter1D: {
    double line[] = {1, 2, 3, 4, 5};
    double out[3];
    callback.as<int(double *, std::intptr_t, double *, std::intptr_t, void *)>()(line, 5, out, 3,
                                                                                 user_data);
    break;
  }
  case llcjit::Kind::Transform: {
    // Four points along the last axis, per point and in one row: the same
    // coordinates.
    constexpr std::intptr_t kPoints = 4;
    const std::size_t rank = callback.variables().size(), arity = callback.result_arity();
    std::vector<std::intptr_t> output(rank, 2);
    std::vector<double> input(arity), row(arity * kPoints);
    callback.as<void(const std::intptr_t *, std::intptr_t, double *, const double *)>()(
        output.data(), kPoints, row.data(), static_cast<const double *>(user_data));
    for (std::intptr_t i = 0; i < kPoints; ++i) {
      if (rank > 0)
        output[rank - 1] = 2 + i;
      callback.as<int(std::intptr_t *, double *, int, int, void *)>()(
          output.data(), input.data(), static_cast<int>(rank), static_cast<int>(arity), user_data);
      for (std::size_t k = 0; k < arity; ++k)
        if (!same(input[k], row[k * kPoints + i]))
          __builtin_trap(); // the rows entry differs from the per-point one
    }
    break;
  }
  }
}

void compare_fused(std::string_view source, const llcjit::Callback &general) {
  // A 3 x 12 image; the fused kernels compute row 1, columns 1 to 10: more
  // than one vector of them, so that the streaming entry's non-temporal
  // vector stores run too.
  constexpr std::ptrdiff_t kColumns = 12, kCount = kColumns - 2;
  constexpr std::ptrdiff_t kRow = kColumns * sizeof(double);
  double image[3 * kColumns];
  for (std::ptrdiff_t i = 0; i < 3 * kColumns; ++i)
    image[i] = static_cast<double>((i * 7) % 11) - 4.0; // ties and negatives
  llcjit::FilterLayout layout{{}, sizeof(double), sizeof(double)};
  for (std::ptrdiff_t dy = -1; dy <= 1; ++dy)
    for (std::ptrdiff_t dx = -1; dx <= 1; ++dx)
      layout.offsets.push_back(dy * kRow + dx * std::ptrdiff_t{sizeof(double)});
  std::optional<llcjit::Callback> fused;
  try {
    fused = llcjit::compile(source, {.kind = llcjit::Kind::Filter, .filter_layout = layout});
  } catch (const llcjit::Error &) {
    return; // e.g. a constant index past the 9 values
  }
  using Rows = void(const void *, void *, std::intptr_t, const double *);
  std::vector<double> params(general.parameters().size(), 0.5);
  double rows[kCount];
  alignas(64) double streamed[kCount];
  fused->as<Rows>()(&image[kColumns + 1], rows, kCount, params.data());
  reinterpret_cast<Rows *>(fused->address(llcjit::Entry::FilterRowsStreaming))(
      &image[kColumns + 1], streamed, kCount, params.data());
  for (std::ptrdiff_t column = 1; column <= kCount; ++column) {
    double values[9];
    for (int k = 0; k < 9; ++k)
      values[k] = image[(k / 3) * kColumns + column - 1 + k % 3];
    double expected = 0;
    general.as<int(double *, std::intptr_t, double *, void *)>()(values, 9, &expected,
                                                                 params.data());
    if (!same(rows[column - 1], expected) || !same(streamed[column - 1], expected))
      __builtin_trap();
  }
}

// LLCJIT_FUZZ_AVOID=fused-index: no fused kernel for a formula that indexes
// (holds a '['), to fuzz past a known bug (docs/reliability-fuzzing.md) until it
// is fixed; unset, every filter kernel is also compiled fused.
bool avoid_fused_index(std::string_view source) {
  static const bool avoid = [] {
    const char *value = std::getenv("LLCJIT_FUZZ_AVOID");
    return value && std::string_view(value).find("fused-index") != std::string_view::npos;
  }();
  return avoid && source.find('[') != std::string_view::npos;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char *>(data), size);
  try {
    // Both tiers, half the inputs each.
    const llcjit::Callback callback = llcjit::compile(
        source, {.tier = size % 2 == 0 ? llcjit::Tier::Quick : llcjit::Tier::Optimised});
    call(callback);
    if (callback.kind() == llcjit::Kind::Filter && !avoid_fused_index(source))
      compare_fused(source, callback);
  } catch (const llcjit::Error &) {
  }
  return 0;
}
