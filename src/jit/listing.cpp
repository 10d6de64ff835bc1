// The definition of listing.hpp.
#include "jit/listing.hpp"

#include <llcjit/callback.hpp>

#include <llvm/IR/Function.h>
#include <llvm/IR/Module.h>

#include <fmt/format.h>

namespace llcjit::jit {

namespace {

// Which driver calls the entry point, as its user knows it.
std::string_view role(Entry entry) {
  switch (entry) {
  case Entry::Scalar:
  case Entry::ScalarUserData: return "quad";
  case Entry::Array:
  case Entry::ArrayUserData: return "nquad";
  case Entry::Filter: return "generic_filter";
  case Entry::Filter1D: return "generic_filter1d";
  case Entry::Transform: return "geometric_transform";
  case Entry::Batch: return "quad batch";
  case Entry::FilterRows: return "fused filter rows";
  case Entry::FilterRowsStreaming: return "fused filter rows, streaming stores";
  case Entry::TransformRows: return "geometric_transform rows";
  }
  return "entry";
}

} // namespace

void name_entry_points_for_listing(codegen::EmittedModule &emitted) {
  for (std::size_t i = 0; i < kEntryCount; ++i) {
    const std::string &symbol = emitted.symbols[i];
    if (symbol.empty())
      continue;
    if (llvm::Function *function = emitted.module->getFunction(symbol)) {
      const auto entry = static_cast<Entry>(i);
      function->setName(fmt::format("{}: {}", role(entry), signature(entry)));
    }
  }
}

} // namespace llcjit::jit
