// The disk cache: a formula compiled by one engine (process) is loaded by
// the next; every part of the key separates entries; a damaged or foreign
// entry is never loaded, only replaced; concurrent writers, an unwritable
// directory and the size bound are handled.
#include <llcjit/llcjit.hpp>

#include "jit/code_cache.hpp"
#include "jit/code_identity.hpp"
#include "jit/disk_cache.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using llcjit::Options;
using llcjit::Tier;

// Each test gets an empty cache directory, named in the environment the way
// a user would, and its own engines, which read the environment when made.
class DiskCache : public testing::Test {
protected:
  void SetUp() override {
    directory_ =
        fs::temp_directory_path() / ("llcjit-disk-cache-test-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    for (const char *name : {"LLCJIT_CACHE_DIR", "LLCJIT_CACHE"})
      if (const char *value = std::getenv(name))
        outer_[name] = value;
    setenv("LLCJIT_CACHE_DIR", directory_.c_str(), 1);
    unsetenv("LLCJIT_CACHE");
  }
  void TearDown() override {
    unsetenv("LLCJIT_CACHE_POLICY");
    for (const char *name : {"LLCJIT_CACHE_DIR", "LLCJIT_CACHE"})
      if (auto outer = outer_.find(name); outer != outer_.end())
        setenv(name, outer->second.c_str(), 1);
      else
        unsetenv(name);
    fs::remove_all(directory_);
  }

  std::vector<fs::path> entries() const {
    std::vector<fs::path> found;
    if (fs::exists(directory_))
      for (const fs::directory_entry &entry : fs::directory_iterator(directory_))
        if (entry.path().filename().string().starts_with("llvmcache-") &&
            entry.path().filename() != "llvmcache.timestamp")
          found.push_back(entry.path());
    return found;
  }

  // Compiles `source` in a new engine, as a new process would.
  static llcjit::Callback fresh(const std::string &source, Options options = {}) {
    options.tier = Tier::Optimised;
    llcjit::Engine engine;
    return engine.compile(source, options);
  }

  fs::path directory_;
  std::map<std::string, std::string> outer_; // the environment before
};

TEST_F(DiskCache, AnEngineLoadsWhatAnotherStored) {
  const llcjit::Callback first = fresh("exp(-a*x*x)");
  EXPECT_FALSE(first.from_disk_cache());
  ASSERT_EQ(entries().size(), 1u);
  const llcjit::Callback second = fresh("exp(-a*x*x)");
  EXPECT_TRUE(second.from_disk_cache());
  EXPECT_EQ(second.tier(), Tier::Optimised);
  EXPECT_EQ(second(0.5, {2.0}), std::exp(-0.5));
  EXPECT_EQ(second(0.5, {2.0}), first(0.5, {2.0}));
  // The batch entry point is cached too, in an entry of its own.
  std::vector<double> x = {0.0, 0.5, 1.0}, y(3);
  first.evaluate_batch(x, y, std::vector<double>{2.0});
  const std::size_t with_batch = entries().size();
  EXPECT_GE(with_batch, 2u);
  fresh("exp(-a*x*x)").evaluate_batch(x, y, std::vector<double>{2.0});
  EXPECT_EQ(entries().size(), with_batch);
  EXPECT_EQ(y[1], std::exp(-0.5));
}

TEST_F(DiskCache, AutomaticTierStartsOptimisedOnAHit) {
  fresh("sin(x) * x");
  llcjit::Engine engine;
  const llcjit::Callback f = engine.compile("sin(x) * x");
  EXPECT_TRUE(f.from_disk_cache());
  EXPECT_EQ(f.tier(), Tier::Optimised);
  EXPECT_EQ(f(2.0), std::sin(2.0) * 2.0);
}

// What a driver asks before it pays for a long compile (fusion_credit.hpp).
TEST_F(DiskCache, HasCompiledSeesTheEnginesResultsAndTheDisk) {
  llcjit::Engine engine;
  EXPECT_FALSE(engine.has_compiled("cos(x) + x"));
  {
    const llcjit::Callback alive = engine.compile("cos(x) + x", {.disk_cache = false});
    EXPECT_TRUE(engine.has_compiled("cos(x) + x", {.disk_cache = false}));
  }
  fresh("cos(x) - x");
  EXPECT_TRUE(engine.has_compiled("cos(x) - x"));
  EXPECT_FALSE(engine.has_compiled("cos(x) - x", {.disk_cache = false}));
  EXPECT_FALSE(engine.has_compiled("cos(x) * x"));
}

// Every part of Options that changes the code changes the key.
TEST_F(DiskCache, EveryComponentOfTheKeySeparatesEntries) {
  llcjit::FilterLayout layout{.offsets = {-8, 0, 8}};
  const std::vector<std::pair<std::string, Options>> variants = {
      {"a*x + b", {}},
      {"a*x + b ", {}},
      {"a*x + b", {.kind = llcjit::Kind::NQuad, .variables = {"x"}}},
      {"a*x + b", {.parameters = {"b", "a"}}},
      {"a*x + b", {.constants = {{"a", 2.0}}}},
      {"a*x + b", {.constants = {{"a", 3.0}}}},
      {"a*x + b", {.definitions = {"g = 9.81"}}},
      {"a*x + b", {.vector_math = true}},
      {"min(values)", {}},
      {"min(values)", {.values_size = 3}},
      {"min(values)", {.filter_layout = layout}},
      {"min(values)", {.filter_layout = llcjit::FilterLayout{.offsets = {-16, 0, 16}}}},
  };
  for (const auto &[source, options] : variants)
    EXPECT_FALSE(fresh(source, options).from_disk_cache()) << source;
  EXPECT_EQ(entries().size(), variants.size());
  for (const auto &[source, options] : variants)
    EXPECT_TRUE(fresh(source, options).from_disk_cache()) << source;
  EXPECT_EQ(entries().size(), variants.size());
}

// A filter layout's offsets enter the key as runs of a constant step:
// every sequence its own key, and a key as long as the runs, not the cells.
TEST(CodeCacheKey, OffsetsAreRunsThatSeparateEverySequence) {
  const auto key = [](std::vector<std::ptrdiff_t> offsets) {
    Options options;
    options.filter_layout = llcjit::FilterLayout{.offsets = std::move(offsets)};
    return llcjit::detail::CodeCache::key("min(values)", options);
  };
  const std::vector<std::vector<std::ptrdiff_t>> sequences = {
      {},
      {0},
      {8},
      {0, 8},
      {0, 16},
      {0, 8, 16},
      {0, 8, 24},
      {0, 8, 16, 24},
      {0, 8, 16, 32},
      {0, 8, 8, 16},
      {16, 8, 0},
      {-8, 0, 8},
      {0, 16, 8},
      {0, 8, 16, 8, 16, 24},
  };
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < sequences.size(); ++i)
    EXPECT_TRUE(seen.emplace(key(sequences[i]), i).second)
        << "sequence " << i << " shares the key of sequence " << seen[key(sequences[i])];
  std::vector<std::ptrdiff_t> window(4'000'000);
  for (std::size_t i = 0; i < window.size(); ++i)
    window[i] = static_cast<std::ptrdiff_t>(8 * i) - 16'000'000;
  EXPECT_LT(key(window).size(), 200u);
}

// The identity (llcjit's build, LLVM, triple, CPU, features, glibc) is part
// of every key: another CPU's code is another entry.
TEST_F(DiskCache, TheIdentityNamesTheCpuAndItsFeatures) {
  using llcjit::jit::code_identity;
  const std::string here = code_identity("x86_64-pc-linux-gnu", "rocketlake", "+avx2,+avx512f");
  EXPECT_NE(code_identity("x86_64-pc-linux-gnu", "x86-64", "+avx2,+avx512f"), here);
  EXPECT_NE(code_identity("x86_64-pc-linux-gnu", "rocketlake", "+avx2,-avx512f"), here);
  EXPECT_NE(code_identity("aarch64-unknown-linux-gnu", "rocketlake", "+avx2,+avx512f"), here);
  EXPECT_NE(here.find("LLVM 19"), std::string::npos) << here;
  EXPECT_NE(here.find("glibc"), std::string::npos) << here;
  EXPECT_NE(here.find("libllcjit"), std::string::npos) << here;
}

struct Damage {
  const char *name;
  std::function<void(std::string &)> apply;
};

TEST_F(DiskCache, ADamagedOrForeignEntryIsRecompiledNeverLoaded) {
  const std::vector<Damage> damages = {
      {"empty", [](std::string &bytes) { bytes.clear(); }},
      {"header only", [](std::string &bytes) { bytes.resize(20); }},
      {"truncated", [](std::string &bytes) { bytes.resize(bytes.size() / 2); }},
      {"one byte short", [](std::string &bytes) { bytes.pop_back(); }},
      {"one byte more", [](std::string &bytes) { bytes.push_back('\0'); }},
      {"payload byte flipped", [](std::string &bytes) { bytes[bytes.size() - 100] ^= 0x10; }},
      {"key byte flipped (another build's entry)", [](std::string &bytes) { bytes[40] ^= 0x01; }},
      {"another format version", [](std::string &bytes) { bytes[7] = '0'; }},
  };
  const llcjit::Callback reference = fresh("cos(x) + a");
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries().front();
  std::string good;
  {
    std::ifstream in(entry, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (const Damage &damage : damages) {
    std::string bad = good;
    damage.apply(bad);
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << bad;
    const llcjit::Callback again = fresh("cos(x) + a");
    EXPECT_FALSE(again.from_disk_cache()) << damage.name;
    EXPECT_EQ(again(0.25, {1.0}), std::cos(0.25) + 1.0) << damage.name;
    // The compile replaced the entry with a good one.
    EXPECT_TRUE(fresh("cos(x) + a").from_disk_cache()) << damage.name;
  }
}

TEST_F(DiskCache, ConcurrentWritersOfOneKeyLeaveOneGoodEntry) {
  std::vector<std::thread> threads;
  std::vector<double> results(8);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] { results[t] = fresh("tanh(x) * 3")(0.5); });
  for (std::thread &thread : threads)
    thread.join();
  for (double result : results)
    EXPECT_EQ(result, std::tanh(0.5) * 3);
  EXPECT_EQ(entries().size(), 1u);
  for (const fs::directory_entry &file : fs::directory_iterator(directory_))
    EXPECT_EQ(file.path().filename().string().find("temp"), std::string::npos)
        << "left behind: " << file.path();
  EXPECT_TRUE(fresh("tanh(x) * 3").from_disk_cache());
}

// A directory that cannot be made (its parent is a file): compiles work,
// nothing is cached, nothing is printed.
TEST_F(DiskCache, AnUnwritableDirectoryOnlyMeansNoCache) {
  fs::create_directories(directory_);
  const fs::path file = directory_ / "not-a-directory";
  std::ofstream(file) << "x";
  setenv("LLCJIT_CACHE_DIR", (file / "cache").c_str(), 1);
  testing::internal::CaptureStderr();
  EXPECT_EQ(fresh("x + 1")(1.0), 2.0);
  EXPECT_FALSE(fresh("x + 1").from_disk_cache());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST_F(DiskCache, TurnedOffByTheEnvironmentOrTheOption) {
  EXPECT_FALSE(fresh("x + 2", {.disk_cache = false}).from_disk_cache());
  EXPECT_TRUE(entries().empty());
  setenv("LLCJIT_CACHE", "off", 1);
  fresh("x + 3");
  EXPECT_FALSE(fresh("x + 3").from_disk_cache());
  EXPECT_TRUE(entries().empty());
}

// With a bound of a few entries, the least recently used go first.
TEST_F(DiskCache, TheSizeBoundEvictsTheLeastRecentlyUsed) {
  setenv("LLCJIT_CACHE_POLICY", "prune_interval=0s:prune_after=0s:cache_size_bytes=24k", 1);
  fresh("x + 0");
  const auto kept = fs::file_size(entries().front());
  for (int i = 1; i < 40; ++i) {
    fresh("x + " + std::to_string(i));
    // Used again: the most recent, so never evicted.
    EXPECT_TRUE(fresh("x + 0").from_disk_cache()) << "after " << i << " formulas";
  }
  std::uintmax_t total = 0;
  for (const fs::path &entry : entries())
    total += fs::file_size(entry);
  EXPECT_LE(total, 24u * 1024 + kept);
  EXPECT_LT(entries().size(), 40u);
}

// The cache's own API, below the engine.
TEST_F(DiskCache, ALoadUnderAnotherKeyFindsNothing) {
  const auto cache = llcjit::jit::DiskCache::from_environment();
  ASSERT_TRUE(cache.has_value());
  cache->store("key one", "payload");
  EXPECT_EQ(cache->load("key one"), "payload");
  EXPECT_EQ(cache->load("key two"), std::nullopt);
  EXPECT_EQ(cache->load("key one "), std::nullopt);
  cache->store("key one", "");
  EXPECT_EQ(cache->load("key one"), "");
}

// A library must leave the host's signals alone: storing an entry installs
// no handler and no alternate signal stack (LLVM's TempFile did both, and
// ASan then failed to unmap that stack when the storing thread exited).
TEST_F(DiskCache, StoringLeavesTheHostsSignalsAlone) {
  const auto cache = llcjit::jit::DiskCache::from_environment();
  ASSERT_TRUE(cache.has_value());
  const auto handlers = [] {
    std::vector<void *> found;
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGBUS}) {
      struct sigaction action{};
      sigaction(signal, nullptr, &action);
      found.push_back(reinterpret_cast<void *>(action.sa_handler));
    }
    return found;
  };
  const std::vector<void *> before = handlers();
  std::thread([&] {
    stack_t before_stack{};
    sigaltstack(nullptr, &before_stack);
    cache->store("a key", "a payload");
    stack_t after_stack{};
    sigaltstack(nullptr, &after_stack);
    EXPECT_EQ(after_stack.ss_sp, before_stack.ss_sp);
  }).join();
  EXPECT_EQ(handlers(), before);
  EXPECT_EQ(cache->load("a key"), "a payload");
}

} // namespace
