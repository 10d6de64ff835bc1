// Two or more builds of libllcjit compared in one process, over the C ABI.
//
// On this project's VM a process runs the same library at one of two
// speeds (an order-1 rotation of 2048^2 takes 15 ms in one process and 19
// ms in the next), so builds timed in separate processes compare the
// processes, not the builds. Here every library is loaded side by side
// (copy each to its own path first: dlopen returns the same handle for one
// path) and the libraries take turns call by call, each round starting one
// library further on.
//
// Usage: llcjit-ab-libraries CASE ROUNDS LIBRARY...
//   CASE: rotate0, rotate1, rotate3 (geometric_transform of a 2048^2
//   float64 image by 30 degrees, that spline order, mode constant) or
//   minN or minN-T (generic_filter "min(values)" over an N x N box of 2048^2
//   float64, or T, mode reflect), cross-T, saltire-T or diskR-T (the same over
//   a 3 x 3 cross or X or a disk of radius R, in T: uint8, uint16, float32 or float64)
//   or splineK (spline_filter of order K, 2 to 5,
//   mode mirror, into float64). One thread. Prints per library the median and
//   the least over rounds of each round's best of 3 calls, in ms, and the
//   sum of the output, which must agree.
#include <llcjit/llcjit.h>

#include <dlfcn.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// The image's side: 2048, or LLCJIT_AB_SIDE (e.g. 6476, ten times the pixels).
const std::ptrdiff_t gImageSide = [] {
  const char *side = std::getenv("LLCJIT_AB_SIDE");
  return side != nullptr && std::atol(side) > 0 ? std::atol(side) : 2048L;
}();

struct Library {
  std::string path;
  decltype(&llcjit_compile) compile;
  decltype(&llcjit_geometric_transform) transform;
  decltype(&llcjit_interpolation_options_init) interpolation_defaults;
  decltype(&llcjit_generic_filter) filter;
  decltype(&llcjit_filter_options_init) filter_defaults;
  decltype(&llcjit_spline_filter) spline_filter;
  llcjit_callback *callback = nullptr;
};

template <typename F> F symbol(void *handle, const char *name) {
  void *found = dlsym(handle, name);
  if (found == nullptr) {
    std::fprintf(stderr, "llcjit-ab-libraries: %s\n", dlerror());
    std::exit(1);
  }
  return reinterpret_cast<F>(found);
}

Library load(const char *path, const char *source) {
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    std::fprintf(stderr, "llcjit-ab-libraries: %s\n", dlerror());
    std::exit(1);
  }
  Library library{
      path,
      symbol<decltype(&llcjit_compile)>(handle, "llcjit_compile"),
      symbol<decltype(&llcjit_geometric_transform)>(handle, "llcjit_geometric_transform"),
      symbol<decltype(&llcjit_interpolation_options_init)>(handle,
                                                           "llcjit_interpolation_options_init"),
      symbol<decltype(&llcjit_generic_filter)>(handle, "llcjit_generic_filter"),
      symbol<decltype(&llcjit_filter_options_init)>(handle, "llcjit_filter_options_init"),
      symbol<decltype(&llcjit_spline_filter)>(handle, "llcjit_spline_filter")};
  auto *defaults = symbol<decltype(&llcjit_options_init)>(handle, "llcjit_options_init");
  llcjit_options options;
  defaults(&options);
  options.disk_cache = 0;
  if (library.compile(nullptr, source, &options, &library.callback) != LLCJIT_OK) {
    std::fprintf(stderr, "llcjit-ab-libraries: %s does not compile %s\n", path, source);
    std::exit(1);
  }
  return library;
}

// A float64 image in huge pages, as NumPy allocates one.
double *image() {
  const std::size_t kBytes = static_cast<std::size_t>(gImageSide * gImageSide) * sizeof(double);
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  auto *data = static_cast<double *>(
      std::aligned_alloc(kHugePage, (kBytes + kHugePage - 1) / kHugePage * kHugePage));
  if (data == nullptr)
    std::exit(1);
  madvise(data, kBytes, MADV_HUGEPAGE);
  return data;
}

int usage() {
  std::fprintf(stderr, "usage: llcjit-ab-libraries "
                       "rotate0|rotate1|rotate3|minN[-T]|cross-T|saltire-T|diskR-T|splineK "
                       "ROUNDS LIBRARY...\n");
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 4)
    return usage();
  const std::string name = argv[1];
  const long rounds = std::atol(argv[2]);
  const bool rotate = name.rfind("rotate", 0) == 0, minimum = name.rfind("min", 0) == 0;
  const bool spline = name.rfind("spline", 0) == 0, cross = name.rfind("cross-", 0) == 0;
  const bool saltire = name.rfind("saltire-", 0) == 0;
  const bool disk = name.rfind("disk", 0) == 0 && name.find('-') != std::string::npos;
  const int order = rotate || spline ? std::atoi(name.c_str() + 6) : 0;
  const long radius = disk ? std::atol(name.c_str() + 4) : 1;
  const long box = minimum                    ? std::atol(name.c_str() + 3)
                   : cross || saltire || disk ? 2 * radius + 1
                                              : 0;
  const bool typed = !rotate && !spline && name.find('-') != std::string::npos;
  const std::string type = typed ? name.substr(name.find('-') + 1) : "float64";
  const llcjit_dtype dtype = type == "uint8"     ? LLCJIT_UINT8
                             : type == "uint16"  ? LLCJIT_UINT16
                             : type == "float32" ? LLCJIT_FLOAT32
                                                 : LLCJIT_FLOAT64;
  const std::ptrdiff_t size = type == "uint8"     ? 1
                              : type == "uint16"  ? 2
                              : type == "float32" ? 4
                                                  : 8;
  if (rounds < 1 || (!rotate && !minimum && !spline && !cross && !saltire && !disk) ||
      (disk && (radius < 1 || radius > 100)) || (rotate && (order < 0 || order > 5)) ||
      (spline && (order < 2 || order > 5)) || (minimum && (box < 1 || box > gImageSide)) ||
      (typed && size == 8 && type != "float64"))
    return usage();
  const char *source = rotate ? "(cos(t)*(o0-c) - sin(t)*(o1-c) + c, "
                                "sin(t)*(o0-c) + cos(t)*(o1-c) + c)"
                              : "min(values)";
  std::vector<Library> libraries;
  for (int i = 3; i < argc; ++i)
    libraries.push_back(load(argv[i], source));

  double *input = image(), *output = image();
  std::srand(0);
  // Values of every dtype read back as doubles for the sum below.
  const auto element = [&](const double *data, std::ptrdiff_t i) -> double {
    const auto *bytes = reinterpret_cast<const unsigned char *>(data) + i * size;
    switch (dtype) {
    case LLCJIT_UINT8: return *bytes;
    case LLCJIT_UINT16: return *reinterpret_cast<const std::uint16_t *>(bytes);
    case LLCJIT_FLOAT32: return *reinterpret_cast<const float *>(bytes);
    default: return *reinterpret_cast<const double *>(bytes);
    }
  };
  for (std::ptrdiff_t i = 0; i < gImageSide * gImageSide; ++i) {
    const double value = std::rand() / static_cast<double>(RAND_MAX);
    auto *bytes = reinterpret_cast<unsigned char *>(input) + i * size;
    if (dtype == LLCJIT_UINT8)
      *bytes = static_cast<unsigned char>(value * 255);
    else if (dtype == LLCJIT_UINT16)
      *reinterpret_cast<std::uint16_t *>(bytes) = static_cast<std::uint16_t>(value * 65535);
    else if (dtype == LLCJIT_FLOAT32)
      *reinterpret_cast<float *>(bytes) = static_cast<float>(value);
    else
      *reinterpret_cast<double *>(bytes) = value;
  }
  const std::ptrdiff_t shape[2] = {gImageSide, gImageSide}, strides[2] = {gImageSide * size, size};
  const llcjit_array in{input, 2, shape, strides, dtype};
  const llcjit_array out{output, 2, shape, strides, dtype};
  const double angle[2] = {M_PI / 6, (gImageSide - 1) / 2.0};
  std::vector<unsigned char> footprint(static_cast<std::size_t>(box * box), 1);
  if (cross)
    footprint = {0, 1, 0, 1, 1, 1, 0, 1, 0};
  if (saltire)
    footprint = {1, 0, 1, 0, 1, 0, 1, 0, 1};
  for (long i = 0; disk && i < box; ++i)
    for (long j = 0; j < box; ++j)
      footprint[static_cast<std::size_t>(i * box + j)] =
          (i - radius) * (i - radius) + (j - radius) * (j - radius) <= radius * radius;
  const std::ptrdiff_t footprint_shape[2] = {box, box};

  const auto call = [&](const Library &library) {
    if (rotate) {
      llcjit_interpolation_options options;
      library.interpolation_defaults(&options);
      options.order = order;
      options.threads = 1;
      return library.transform(library.callback, angle, 2, &in, &out, &options);
    }
    if (spline)
      return library.spline_filter(&in, &out, order, LLCJIT_INTERPOLATION_MIRROR, 1);
    llcjit_filter_options options;
    library.filter_defaults(&options);
    options.threads = 1;
    if (const char *streaming = std::getenv("LLCJIT_AB_STREAMING"))
      options.streaming = std::atoi(streaming);
    return library.filter(library.callback, nullptr, 0, &in, &out, footprint.data(),
                          footprint_shape, &options);
  };
  std::vector<std::vector<double>> times(libraries.size());
  std::vector<double> sums(libraries.size());
  for (long round = 0; round < rounds; ++round)
    for (std::size_t turn = 0; turn < libraries.size(); ++turn) {
      const std::size_t l = (turn + static_cast<std::size_t>(round)) % libraries.size();
      double best = INFINITY;
      for (int repeat = 0; repeat < 3; ++repeat) {
        const auto start = std::chrono::steady_clock::now();
        if (call(libraries[l]) != LLCJIT_OK) {
          std::fprintf(stderr, "llcjit-ab-libraries: %s failed\n", libraries[l].path.c_str());
          return 1;
        }
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count());
      }
      times[l].push_back(best);
      sums[l] = 0;
      for (std::ptrdiff_t i = 0; i < gImageSide * gImageSide; ++i)
        sums[l] += element(output, i);
    }
  for (std::size_t l = 0; l < libraries.size(); ++l) {
    std::sort(times[l].begin(), times[l].end());
    std::printf("%-40s %s: median %.2f ms, least %.2f ms (sum %.10g)\n", libraries[l].path.c_str(),
                name.c_str(), times[l][times[l].size() / 2], times[l].front(), sums[l]);
  }
  std::free(input);
  std::free(output);
}
