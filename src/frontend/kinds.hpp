// The kind of a formula (quad, nquad, filter, filter1d, transform) and its
// variables: inferred from the names it uses, or as the caller declared
// them, with the declarations checked first.
#pragma once

#include "frontend/ast.hpp"

#include <llcjit/options.hpp>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit::frontend {

/// The index N of a name spelled `prefix` followed by digits, as x3 or o0
/// (N up to 64): the default variables of nquad integrands and transforms.
std::optional<std::size_t> numbered(std::string_view name, char prefix);

/// Throws UsageError for declarations no formula can satisfy: names that
/// are not identifiers or are declared twice, a values_size of 0, a filter
/// layout that contradicts it.
void check_declarations(const Options &options);

/// The kind the names of `program` point at (x: quad; x0, x1, ...: nquad;
/// values, size: filter; o0, o1, ... or a tuple result: transform), with a
/// diagnostic when two names point at different kinds. Names the program
/// binds itself are not evidence.
Kind infer_kind(const Program &program, const Options &options,
                const std::set<std::string_view> &bound_names);

/// The variables of a formula of `kind`, in the order of their entry points'
/// arguments: as declared, or x, or x0..xN / o0..oN by the highest used.
std::vector<std::string> choose_variables(Kind kind, std::size_t result_arity,
                                          const Program &program, const Options &options,
                                          const std::set<std::string_view> &bound_names);

bool is_filter_kind(Kind kind);
/// "a quad integrand", "a filter kernel", ...
std::string_view kind_noun(Kind kind);

} // namespace llcjit::frontend
