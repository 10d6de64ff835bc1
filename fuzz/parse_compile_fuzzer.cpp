// Any bytes as a formula: compiling must end in a Callback or an llcjit::Error,
// and calling what compiled must not touch memory it was not given. A filter
// kernel is also compiled fused (straight-line reductions over a 3 x 3
// footprint read at fixed offsets) and must give the same values as its
// general entry point on the same neighbourhoods.
#include <llcjit/llcjit.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace {

void call(const llcjit::Callback &callback) {
  std::vector<double> params(callback.parameters().size(), 0.5);
  void *user_data = params.data();
  switch (callback.kind()) {
  case llcjit::Kind::Quad:
    callback.as<double(double, void *)>()(0.25, user_data);
    break;
  case llcjit::Kind::NQuad: {
    std::vector<double> xx(callback.variables().size(), 0.75);
    callback.as<double(int, double *, void *)>()(static_cast<int>(xx.size()),
                                                 xx.data(), user_data);
    break;
  }
  case llcjit::Kind::Filter: {
    double values[] = {3, -1, 4, 1, 5, 9, 2, 6, 5};
    double out = 0;
    callback.as<int(double *, std::intptr_t, double *, void *)>()(values, 9, &out,
                                                                  user_data);
    break;
  }
  case llcjit::Kind::Filter1D: {
    double line[] = {1, 2, 3, 4, 5};
    double out[3];
    callback.as<int(double *, std::intptr_t, double *, std::intptr_t, void *)>()(
        line, 5, out, 3, user_data);
    break;
  }
  case llcjit::Kind::Transform: {
    std::vector<std::intptr_t> output(callback.variables().size(), 2);
    std::vector<double> input(callback.result_arity());
    callback.as<int(std::intptr_t *, double *, int, int, void *)>()(
        output.data(), input.data(), static_cast<int>(output.size()),
        static_cast<int>(input.size()), user_data);
    break;
  }
  }
}

// The same value, or both NaN (signed zeros may differ: NumPy's median of
// -0.0 and 0.0 is either).
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void compare_fused(std::string_view source, const llcjit::Callback &general) {
  // A 5 x 5 image; the fused kernel computes row 1, columns 1 to 3.
  constexpr std::ptrdiff_t kColumns = 5, kRow = kColumns * sizeof(double);
  const double image[25] = {3, -1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9,
                            7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3};
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
  std::vector<double> params(general.parameters().size(), 0.5);
  double rows[3];
  fused->as<void(const void *, void *, std::intptr_t, const double *)>()(
      &image[kColumns + 1], rows, 3, params.data());
  for (int column = 1; column <= 3; ++column) {
    double values[9];
    for (int k = 0; k < 9; ++k)
      values[k] = image[(k / 3) * kColumns + column - 1 + k % 3];
    double expected = 0;
    general.as<int(double *, std::intptr_t, double *, void *)>()(values, 9, &expected,
                                                                 params.data());
    if (!same(rows[column - 1], expected))
      __builtin_trap();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char *>(data), size);
  try {
    const llcjit::Callback callback = llcjit::compile(source);
    call(callback);
    if (callback.kind() == llcjit::Kind::Filter)
      compare_fused(source, callback);
  } catch (const llcjit::Error &) {
  }
  return 0;
}
