// The definitions of engine_definitions.hpp.
#include "jit/engine_definitions.hpp"

#include "frontend/definitions.hpp"

#include <algorithm>

namespace llcjit::jit {

void EngineDefinitions::define(std::string_view definition) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> extended = definitions_;
  extended.emplace_back(definition);
  frontend::Definitions checked(extended); // throws for a bad one
  definitions_ = std::move(extended);
}

std::vector<std::string> EngineDefinitions::list() const {
  std::lock_guard lock(mutex_);
  return definitions_;
}

Options EngineDefinitions::apply(const Options &options) const {
  std::lock_guard lock(mutex_);
  if (definitions_.empty() ||
      (options.definitions.size() >= definitions_.size() &&
       std::equal(definitions_.begin(), definitions_.end(), options.definitions.begin())))
    return options;
  Options applied = options;
  applied.definitions.insert(applied.definitions.begin(), definitions_.begin(), definitions_.end());
  return applied;
}

} // namespace llcjit::jit
