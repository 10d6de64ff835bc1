// The definitions of callback.hpp: a compiled formula.
#include <llcjit/callback.hpp>
#include <llcjit/errors.hpp>

#include "jit/compiled_code.hpp"
#include "parallel/parallel_for.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

namespace llcjit {

std::string_view to_string(Kind kind) noexcept {
  switch (kind) {
  case Kind::Quad: return "quad";
  case Kind::NQuad: return "nquad";
  case Kind::Filter: return "filter";
  case Kind::Filter1D: return "filter1d";
  case Kind::Transform: return "transform";
  }
  return "unknown";
}

std::optional<Kind> parse_kind(std::string_view name) noexcept {
  for (Kind kind : {Kind::Quad, Kind::NQuad, Kind::Filter, Kind::Filter1D, Kind::Transform})
    if (to_string(kind) == name)
      return kind;
  return std::nullopt;
}

std::string_view to_string(Tier tier) noexcept {
  switch (tier) {
  case Tier::Automatic: return "automatic";
  case Tier::Quick: return "quick";
  case Tier::Optimised: return "optimised";
  }
  return "unknown";
}

std::optional<Tier> parse_tier(std::string_view name) noexcept {
  if (name == "optimized")
    return Tier::Optimised;
  for (Tier tier : {Tier::Automatic, Tier::Quick, Tier::Optimised})
    if (to_string(tier) == name)
      return tier;
  return std::nullopt;
}

std::string_view signature(Entry entry) noexcept {
  static constexpr std::array<std::string_view, kEntryCount> kSignatures = {
      "double (double)",
      "double (double, void *)",
      "double (int, double *)",
      "double (int, double *, void *)",
      "int (double *, intptr_t, double *, void *)",
      "int (double *, intptr_t, double *, intptr_t, void *)",
      "int (intptr_t *, double *, int, int, void *)",
      "void (const double *, double *, size_t, const double *)",
      "void (const void *, void *, intptr_t, const double *)",
      "void (const void *, void *, intptr_t, const double *)",
      "void (const intptr_t *, intptr_t, double *, const double *)",
  };
  return kSignatures[static_cast<std::size_t>(entry)];
}

Callback::Callback(std::shared_ptr<const detail::CompiledCode> code) : code_(std::move(code)) {}

Kind Callback::kind() const noexcept { return code_->kind; }
std::span<const std::string> Callback::parameters() const noexcept { return code_->parameters; }
std::span<const std::string> Callback::variables() const noexcept { return code_->variables; }
bool Callback::uses(std::string_view name) const noexcept {
  return std::find(code_->used_variables.begin(), code_->used_variables.end(), name) !=
         code_->used_variables.end();
}
std::size_t Callback::result_arity() const noexcept { return code_->result_arity; }
bool Callback::even_in_x() const noexcept { return code_->even_in_x; }
std::string_view Callback::source() const noexcept { return code_->source; }
const Options &Callback::options() const noexcept { return code_->options; }
Tier Callback::tier() const noexcept { return code_->tier.load(std::memory_order_acquire); }
bool Callback::from_disk_cache() const noexcept { return code_->from_disk_cache; }

bool Callback::has(Entry entry) const noexcept {
  if (entry == Entry::Batch)
    return code_->has_batch;
  return code_->present[static_cast<std::size_t>(entry)];
}

std::vector<Entry> Callback::entries() const {
  std::vector<Entry> present;
  for (std::size_t i = 0; i < kEntryCount; ++i)
    if (has(static_cast<Entry>(i)))
      present.push_back(static_cast<Entry>(i));
  return present;
}

std::string_view Callback::signature(Entry entry) const {
  address(entry);
  return llcjit::signature(entry);
}

void *Callback::address(Entry entry) const {
  if (entry == Entry::Batch && code_->has_batch)
    return code_->batch();
  void *address = code_->entry(entry);
  if (!address)
    throw UsageError(
        fmt::format("a {} callback{} has no entry point '{}'", to_string(code_->kind),
                    entry == Entry::Scalar && !code_->parameters.empty() ? " with parameters" : "",
                    llcjit::signature(entry)));
  return address;
}

void Callback::check_params(std::span<const double> params) const {
  if (params.size() != code_->parameters.size())
    throw UsageError(fmt::format("expected {} parameter value{} ({}), got {}",
                                 code_->parameters.size(), code_->parameters.size() == 1 ? "" : "s",
                                 fmt::join(code_->parameters, ", "), params.size()));
}

double Callback::operator()(double x, std::span<const double> params) const {
  if (code_->kind != Kind::Quad)
    throw UsageError(
        fmt::format("a {} callback is not a function of x alone", to_string(code_->kind)));
  return evaluate(std::span<const double>(&x, 1), params);
}

double Callback::evaluate(std::span<const double> variables, std::span<const double> params) const {
  if (code_->kind != Kind::Quad && code_->kind != Kind::NQuad)
    throw UsageError(
        fmt::format("a {} callback cannot be evaluated at a point", to_string(code_->kind)));
  check_params(params);
  if (variables.size() != code_->variables.size())
    throw UsageError(fmt::format("expected {} variable value{}, got {}", code_->variables.size(),
                                 code_->variables.size() == 1 ? "" : "s", variables.size()));
  auto *f = as<double(int, double *, void *)>();
  std::vector<double> point(variables.begin(), variables.end());
  return f(static_cast<int>(point.size()), point.data(), const_cast<double *>(params.data()));
}

void Callback::evaluate_batch(std::span<const double> x, std::span<double> y,
                              std::span<const double> params, unsigned threads) const {
  if (code_->kind != Kind::Quad)
    throw UsageError(
        fmt::format("a {} callback is not a function of x alone", to_string(code_->kind)));
  check_params(params);
  if (x.size() != y.size())
    throw UsageError(fmt::format("x has {} values and y room for {}", x.size(), y.size()));
  // The batch entry point's loops are vectorised on the promise that what
  // they read and what they write do not overlap.
  if (!x.empty() && std::less<>()(y.data(), x.data() + x.size()) &&
      std::less<>()(x.data(), y.data() + y.size()))
    throw UsageError("x and y overlap: give the values a place of their own");
  parallel::check_threads(threads);
  auto *batch = as<void(const double *, double *, std::size_t, const double *)>();
  // Blocks large enough that a task's overhead is noise, small enough to
  // share a few million points between cores.
  constexpr std::size_t kBlock = 1 << 16;
  auto run = [&](const tbb::blocked_range<std::ptrdiff_t> &blocks) {
    for (std::ptrdiff_t block = blocks.begin(); block != blocks.end(); ++block) {
      const std::size_t first = static_cast<std::size_t>(block) * kBlock;
      batch(x.data() + first, y.data() + first, std::min(kBlock, x.size() - first), params.data());
    }
  };
  const auto blocks = static_cast<std::ptrdiff_t>((x.size() + kBlock - 1) / kBlock);
  if (blocks < 2 || threads == 1)
    run(tbb::blocked_range<std::ptrdiff_t>(0, blocks));
  else
    parallel::parallel_for(blocks, threads, run);
}

double Callback::filter(std::span<const double> values, std::span<const double> params) const {
  check_params(params);
  std::vector<double> window(values.begin(), values.end());
  auto *data = const_cast<double *>(params.data());
  double result = 0;
  int ok = 0;
  if (code_->kind == Kind::Filter)
    ok = as<int(double *, std::intptr_t, double *, void *)>()(
        window.data(), static_cast<std::intptr_t>(window.size()), &result, data);
  else if (code_->kind == Kind::Filter1D)
    ok = as<int(double *, std::intptr_t, double *, std::intptr_t, void *)>()(
        window.data(), static_cast<std::intptr_t>(window.size()), &result, 1, data);
  else
    throw UsageError(fmt::format("a {} callback is not a filter kernel", to_string(code_->kind)));
  if (!ok)
    throw UsageError(fmt::format("the kernel refused a neighbourhood of {} values", values.size()));
  return result;
}

std::vector<double> Callback::transform(std::span<const std::intptr_t> output,
                                        std::span<const double> params) const {
  check_params(params);
  std::vector<std::intptr_t> coordinates(output.begin(), output.end());
  std::vector<double> input(code_->result_arity);
  const int ok = as<int(std::intptr_t *, double *, int, int, void *)>()(
      coordinates.data(), input.data(), static_cast<int>(coordinates.size()),
      static_cast<int>(input.size()), const_cast<double *>(params.data()));
  if (!ok)
    throw UsageError(fmt::format("the transform maps {} output coordinates, got {}",
                                 code_->variables.size(), output.size()));
  return input;
}

BoundCallback Callback::bind(std::initializer_list<NamedValue> values) const {
  return bind(std::span(values.begin(), values.size()));
}

BoundCallback Callback::bind(const std::map<std::string, double, std::less<>> &values) const {
  const std::vector<NamedValue> named(values.begin(), values.end());
  return bind(std::span<const NamedValue>(named));
}

BoundCallback Callback::bind(std::span<const NamedValue> values) const {
  const auto names = parameters();
  std::vector<std::optional<double>> given(names.size());
  for (const auto &[name, value] : values) {
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end())
      throw UsageError(names.empty() ? fmt::format("bind: the formula has no parameters, and "
                                                   "'{}' was given",
                                                   name)
                                     : fmt::format("bind: the formula has no parameter '{}' "
                                                   "(its parameters: {})",
                                                   name, fmt::join(names, ", ")));
    std::optional<double> &slot = given[static_cast<std::size_t>(found - names.begin())];
    if (slot)
      throw UsageError(fmt::format("bind: '{}' is given twice", name));
    slot = value;
  }
  std::vector<double> params;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::optional<double> value = given[i];
    if (!value)
      throw UsageError(fmt::format("bind: give a value for the parameter '{}'", names[i]));
    params.push_back(*value);
  }
  return {*this, std::move(params)};
}

} // namespace llcjit
