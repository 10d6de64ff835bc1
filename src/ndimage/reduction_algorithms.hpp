// Which family of window-independent algorithms runs each reduction a
// kernel is made of, and what that family is told: one table for the
// choice (fast_filter.cpp), the run and the description
// (plan_description.cpp).
#pragma once

#include "ndimage/pair_sums.hpp"
#include "ndimage/picks.hpp"
#include "ndimage/rank_sets.hpp"

#include <llcjit/kernel_form.hpp>

namespace llcjit::ndimage {

/// Running extremes, running sums, running ranks or histograms.
enum class Family { Extreme, Moment, Order };

struct Algorithm {
  Family family;
  Extreme extreme = Extreme::Min;                // Family::Extreme
  Moment moment = Moment::Sum;                   // Family::Moment
  bool ignore_nan = false;                       // Family::Moment
  OrderStatistic order = OrderStatistic::Median; // Family::Order
};

/// The family that runs `reduction`, and what it is told.
inline Algorithm algorithm_for(Reduction reduction) {
  switch (reduction) {
  case Reduction::Min: return {Family::Extreme, Extreme::Min};
  case Reduction::Max: return {Family::Extreme, Extreme::Max};
  case Reduction::NanMin: return {Family::Extreme, Extreme::NanMin};
  case Reduction::NanMax: return {Family::Extreme, Extreme::NanMax};
  case Reduction::Sum: return {.family = Family::Moment, .moment = Moment::Sum};
  case Reduction::Mean: return {.family = Family::Moment, .moment = Moment::Mean};
  case Reduction::Var: return {.family = Family::Moment, .moment = Moment::Var};
  case Reduction::Std: return {.family = Family::Moment, .moment = Moment::Std};
  case Reduction::NanSum:
    return {.family = Family::Moment, .moment = Moment::Sum, .ignore_nan = true};
  case Reduction::NanMean:
    return {.family = Family::Moment, .moment = Moment::Mean, .ignore_nan = true};
  case Reduction::NanVar:
    return {.family = Family::Moment, .moment = Moment::Var, .ignore_nan = true};
  case Reduction::NanStd:
    return {.family = Family::Moment, .moment = Moment::Std, .ignore_nan = true};
  case Reduction::Median: return {.family = Family::Order, .order = OrderStatistic::Median};
  case Reduction::Percentile: return {.family = Family::Order, .order = OrderStatistic::Percentile};
  case Reduction::NanMedian: return {.family = Family::Order, .order = OrderStatistic::NanMedian};
  case Reduction::NanPercentile:
    return {.family = Family::Order, .order = OrderStatistic::NanPercentile};
  }
  return {Family::Extreme};
}

/// Whether `algorithm` is a sum or a mean (NaN-ignoring or not).
inline bool plain_moment(const Algorithm &algorithm) {
  return algorithm.family == Family::Moment &&
         (algorithm.moment == Moment::Sum || algorithm.moment == Moment::Mean);
}

} // namespace llcjit::ndimage
