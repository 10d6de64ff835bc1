// Keeps the grammar and the compiler in step: every example in
// grammar/llcjit.ebnf compiles as the kind it names, and every builtin the
// compiler knows is named in the grammar and documented in docs/language.md.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace {

std::string read(const std::string &relative) {
  std::ifstream file(std::string(LLCJIT_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(file) << relative;
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(Grammar, EveryExampleCompilesAsItsKind) {
  const std::string grammar = read("grammar/llcjit.ebnf");
  const std::regex example(R"(\(\*> (\w+): ([^]*?)\*\))");
  int count = 0;
  for (auto it = std::sregex_iterator(grammar.begin(), grammar.end(), example);
       it != std::sregex_iterator(); ++it) {
    const std::string kind_name = (*it)[1];
    const std::string source = (*it)[2];
    const std::optional<llcjit::Kind> kind = llcjit::parse_kind(kind_name);
    ASSERT_TRUE(kind) << kind_name;
    try {
      EXPECT_EQ(llcjit::compile(source, {.kind = kind}).kind(), *kind);
      if (*kind != llcjit::Kind::Filter1D) {
        EXPECT_EQ(llcjit::compile(source).kind(), *kind) << source << " (inferred)";
      }
    } catch (const llcjit::CompileError &error) {
      ADD_FAILURE() << error.what();
    }
    ++count;
  }
  EXPECT_GE(count, 20);
}

TEST(Grammar, EveryBuiltinIsInTheGrammarAndTheReference) {
  const std::string grammar = read("grammar/llcjit.ebnf");
  const std::string reference = read("docs/language.md");
  const auto known = llcjit::builtin_functions();
  ASSERT_GE(known.size(), 50u);
  for (const llcjit::BuiltinFunction &builtin : known) {
    const std::string name(builtin.name);
    const std::regex word("\\b" + name + "\\b");
    EXPECT_TRUE(std::regex_search(grammar, word)) << name << " missing from the grammar";
    EXPECT_NE(reference.find("`" + name), std::string::npos)
        << name << " missing from docs/language.md";
    // A call of it is at worst a type or arity error.
    try {
      llcjit::compile(name + "(values)", {.kind = llcjit::Kind::Filter});
    } catch (const llcjit::CompileError &error) {
      EXPECT_EQ(std::string(error.message()).find("unknown function"), std::string::npos)
          << error.what();
    }
  }
}

TEST(Grammar, EveryFunctionTheReferenceDocumentsExists) {
  // docs/language.md lists functions as `name(args)` at the start of a table row.
  const std::string reference = read("docs/language.md");
  const std::regex row(R"(\n\| `(\w+)\()");
  int count = 0;
  for (auto it = std::sregex_iterator(reference.begin(), reference.end(), row);
       it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    bool found = false;
    for (const llcjit::BuiltinFunction &builtin : llcjit::builtin_functions())
      found = found || builtin.name == name;
    EXPECT_TRUE(found) << name << " is documented but unknown to the compiler";
    ++count;
  }
  EXPECT_GE(count, 40);
}

} // namespace
