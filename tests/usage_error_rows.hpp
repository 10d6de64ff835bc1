// A table of calls that must each throw llcjit::UsageError with a message
// containing a fragment, for the drivers' tests of SciPy's errors.
#pragma once

#include <llcjit/errors.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

struct UsageErrorRow {
  const char *what;
  std::function<void()> call;
  const char *fragment;
};

inline void expect_usage_errors(const std::vector<UsageErrorRow> &rows) {
  for (const UsageErrorRow &row : rows) {
    try {
      row.call();
      ADD_FAILURE() << row.what << ": no error";
    } catch (const llcjit::UsageError &error) {
      EXPECT_NE(std::string(error.what()).find(row.fragment), std::string::npos)
          << row.what << ": " << error.what();
    }
  }
}
