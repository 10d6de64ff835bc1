// A C++ host application: integrates the formula given on its command line,
// its parameters given by name.
//
//   integrate_by_name FORMULA LOWER UPPER [NAME=VALUE ...]
//
// e.g. integrate_by_name 'exp(-a*x*x)' -inf inf a=2.
#include <llcjit/llcjit.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s FORMULA LOWER UPPER [NAME=VALUE ...]\n", argv[0]);
    return 2;
  }
  std::map<std::string, double, std::less<>> values;
  for (int i = 4; i < argc; ++i) {
    const std::string binding = argv[i];
    const auto equals = binding.find('=');
    if (equals == std::string::npos) {
      std::fprintf(stderr, "expected NAME=VALUE, got '%s'\n", argv[i]);
      return 2;
    }
    values[binding.substr(0, equals)] = std::strtod(binding.c_str() + equals + 1, nullptr);
  }
  try {
    const llcjit::BoundCallback f = llcjit::compile(argv[1]).bind(values);
    const llcjit::QuadResult r =
        llcjit::quad(f, std::strtod(argv[2], nullptr), std::strtod(argv[3], nullptr));
    std::printf("%.17g +- %.3g (%d evaluations)\n", r.value, r.abserr, r.neval);
    return r.ier == 0 ? 0 : 1;
  } catch (const llcjit::Error &error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 2;
  }
}
