// Any bytes as a formula: compiling must end in a Callback or an llcjit::Error,
// and calling what compiled must not touch memory it was not given.
#include <llcjit/llcjit.hpp>

#include <cstddef>
#include <cstdint>
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char *>(data), size);
  try {
    call(llcjit::compile(source));
  } catch (const llcjit::Error &) {
  }
  return 0;
}
