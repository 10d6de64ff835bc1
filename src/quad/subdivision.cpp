// The definitions of subdivision.hpp: the state QUADPACK's globally adaptive
// routines (DQAGSE, DQAGIE, DQAGPE) keep.
#include "quad/subdivision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace llcjit::quadpack {

Subdivision::Subdivision(int limit, int initial) : limit(limit) {
  const std::size_t length = static_cast<std::size_t>(std::max(initial, 1)) + 2;
  if (length <= kInlineCapacity + 2) {
    point_at(inline_doubles_, inline_ints_, kInlineCapacity + 2);
  } else {
    heap_doubles_.resize(4 * length);
    heap_ints_.resize(2 * length);
    point_at(heap_doubles_, heap_ints_, length);
  }
}

void Subdivision::grow(int last) {
  // Doubling keeps the copies' total cost linear in the intervals made; the
  // limit caps it (QUADPACK never addresses past it). Entries 1..last-1 are
  // the ones written so far.
  const std::size_t made = static_cast<std::size_t>(last);
  const std::size_t cap = static_cast<std::size_t>(std::max(limit, last)) + 2;
  const std::size_t length = std::min(std::max(2 * alist.size(), made + 2), cap);
  std::vector<double> doubles(4 * length);
  std::vector<int> ints(2 * length);
  const std::array<std::span<double>, 4> lists{alist, blist, rlist, elist};
  for (std::size_t list = 0; list < lists.size(); ++list)
    std::copy_n(lists[list].begin() + 1, made - 1, doubles.begin() + list * length + 1);
  std::copy_n(iord.begin() + 1, made - 1, ints.begin() + 1);
  std::copy_n(level.begin() + 1, made - 1, ints.begin() + length + 1);
  heap_doubles_ = std::move(doubles);
  heap_ints_ = std::move(ints);
  point_at(heap_doubles_, heap_ints_, length);
}

void Subdivision::point_at(std::span<double> doubles, std::span<int> ints, std::size_t length) {
  alist = doubles.subspan(0, length);
  blist = doubles.subspan(length, length);
  rlist = doubles.subspan(2 * length, length);
  elist = doubles.subspan(3 * length, length);
  iord = ints.subspan(0, length);
  level = ints.subspan(length, length);
}

void Subdivision::store_halves(int maxerr, int last, double a1, double b1, double area1,
                               double error1, double a2, double b2, double area2, double error2) {
  rlist[maxerr] = area1;
  rlist[last] = area2;
  if (!(error2 > error1)) {
    alist[last] = a2;
    blist[maxerr] = b1;
    blist[last] = b2;
    elist[maxerr] = error1;
    elist[last] = error2;
  } else {
    alist[maxerr] = a2;
    alist[last] = a1;
    blist[last] = b1;
    rlist[maxerr] = area2;
    rlist[last] = area1;
    elist[maxerr] = error2;
    elist[last] = error1;
  }
}

void Subdivision::sort(int last, int &maxerr, double &errmax, int &nrmax) {
  if (last <= 2) {
    iord[1] = 1;
    iord[2] = 2;
  } else {
    errmax = elist[maxerr];
    // If subdivision increased the error estimate, move it up the list.
    if (nrmax != 1) {
      const int ido = nrmax - 1;
      for (int i = 1; i <= ido; ++i) {
        const int isucc = iord[nrmax - 1];
        if (errmax <= elist[isucc])
          break;
        iord[nrmax] = isucc;
        --nrmax;
      }
    }
    // Only as many elements as subdivisions remain are kept in order.
    int jupbn = last;
    if (last > limit / 2 + 2)
      jupbn = limit + 3 - last;
    const double errmin = elist[last];
    const int jbnd = jupbn - 1;
    const int ibeg = nrmax + 1;
    int i = ibeg;
    bool inserted = false;
    for (; i <= jbnd; ++i) {
      const int isucc = iord[i];
      if (errmax >= elist[isucc]) {
        inserted = true;
        break;
      }
      iord[i - 1] = isucc;
    }
    if (!inserted) {
      iord[jbnd] = maxerr;
      iord[jupbn] = last;
    } else {
      // Insert errmin by traversing the list bottom-up.
      iord[i - 1] = maxerr;
      int k = jbnd;
      bool placed = false;
      for (int j = i; j <= jbnd; ++j) {
        const int isucc = iord[k];
        if (errmin < elist[isucc]) {
          iord[k + 1] = last;
          placed = true;
          break;
        }
        iord[k + 1] = isucc;
        --k;
      }
      if (!placed)
        iord[i] = last;
    }
  }
  maxerr = iord[nrmax];
  errmax = elist[maxerr];
}

double Subdivision::total(int last) const {
  double result = 0.0;
  for (int k = 1; k <= last; ++k)
    result = result + rlist[k];
  return result;
}

double record_bisection(Subdivision &s, int maxerr, int last, const Half &left, const Half &right,
                        double errmax, bool extrap, double epsabs, double epsrel,
                        Roundoff &roundoff, double &area, double &errsum, int &ier) {
  constexpr double kEpmach = std::numeric_limits<double>::epsilon();
  constexpr double kUflow = std::numeric_limits<double>::min();
  const double area12 = left.result + right.result;
  const double erro12 = left.abserr + right.abserr;
  errsum = errsum + erro12 - errmax;
  area = area + area12 - s.rlist[maxerr];
  if (!(left.resasc == left.abserr || right.resasc == right.abserr)) {
    if (!(std::fabs(s.rlist[maxerr] - area12) > 1.0e-5 * std::fabs(area12) ||
          erro12 < 0.99 * errmax)) {
      if (extrap)
        ++roundoff.iroff2;
      else
        ++roundoff.iroff1;
    }
    if (last > 10 && erro12 > errmax)
      ++roundoff.iroff3;
  }
  s.store_halves(maxerr, last, left.a, left.b, left.result, left.abserr, right.a, right.b,
                 right.result, right.abserr);
  const double errbnd = std::max(epsabs, epsrel * std::fabs(area));
  if (roundoff.iroff1 + roundoff.iroff2 >= 10 || roundoff.iroff3 >= 20)
    ier = 2;
  if (roundoff.iroff2 >= 5)
    roundoff.ierro = 3;
  if (last == s.limit)
    ier = 1;
  if (std::max(std::fabs(left.a), std::fabs(right.b)) <=
      (1.0 + 100.0 * kEpmach) * (std::fabs(right.a) + 1000.0 * kUflow))
    ier = 4;
  return errbnd;
}

Choice choose_result(const Subdivision &s, int last, bool summed, double result, double abserr,
                     double area, double errsum, double correc, double defabs, int ksgn, int ier,
                     int ierro, bool divergence_at_equality) {
  const auto renumbered = [](int code) { return code > 2 ? code - 1 : code; };
  if (!summed) {
    if (abserr == std::numeric_limits<double>::max()) {
      summed = true;
    } else if (ier + ierro != 0) {
      if (ierro == 3)
        abserr = abserr + correc;
      if (ier == 0)
        ier = 3;
      if (result != 0.0 && area != 0.0) {
        if (abserr / std::fabs(result) > errsum / std::fabs(area))
          summed = true;
      } else if (abserr > errsum) {
        summed = true;
      } else if (area == 0.0) {
        return {result, abserr, renumbered(ier)};
      }
    }
  }
  if (!summed) {
    // The test on divergence.
    const bool diverging =
        divergence_at_equality ? errsum >= std::fabs(area) : errsum > std::fabs(area);
    if (!(ksgn == -1 && std::max(std::fabs(result), std::fabs(area)) <= defabs * 0.01) &&
        (0.01 > result / area || result / area > 100.0 || diverging))
      ier = 6;
    return {result, abserr, renumbered(ier)};
  }
  return {s.total(last), errsum, renumbered(ier)};
}

bool extrapolate_step(EpsilonTable &table, double errsum, double erlarg, double epsabs,
                      double epsrel, bool strict, Extrapolated &best, int &ier) {
  double reseps, abseps;
  table.extrapolate(reseps, abseps);
  ++best.ktmin;
  if (best.ktmin > 5 && best.abserr < 1.0e-3 * errsum)
    ier = 5;
  if (!(abseps < best.abserr))
    return false;
  best.ktmin = 0;
  best.abserr = abseps;
  best.result = reseps;
  best.correc = erlarg;
  best.ertest = std::max(epsabs, epsrel * std::fabs(reseps));
  return strict ? best.abserr < best.ertest : best.abserr <= best.ertest;
}

QuadResult non_finite(int neval, int last) {
  return {std::numeric_limits<double>::quiet_NaN(),
          std::numeric_limits<double>::quiet_NaN(),
          neval,
          kNonFiniteIntegrand,
          last,
          {}};
}

std::string message_for(int ier, int limit) {
  switch (ier) {
  case 0: return "";
  case 1:
    return fmt::format("The maximum number of subdivisions ({}) has been achieved. If increasing "
                       "the limit yields no improvement it is advised to analyze the integrand in "
                       "order to determine the difficulties. If the position of a local "
                       "difficulty can be determined (singularity, discontinuity) one will "
                       "probably gain from splitting up the interval and calling the integrator "
                       "on the subranges. Perhaps a special-purpose integrator should be used.",
                       limit);
  case 2:
    return "The occurrence of roundoff error is detected, which prevents the "
           "requested tolerance from being achieved. The error may be "
           "underestimated.";
  case 3:
    return "Extremely bad integrand behavior occurs at some points of the "
           "integration interval.";
  case 4:
    return "The algorithm does not converge. Roundoff error is detected in the "
           "extrapolation table. It is assumed that the requested tolerance "
           "cannot be achieved, and that the returned result is the best which "
           "can be obtained.";
  case 5: return "The integral is probably divergent, or slowly convergent.";
  case 6: return "The input is invalid.";
  case 7:
    return "Abnormal termination of the routine. The estimates for result and "
           "error are less reliable. It is assumed that the requested accuracy "
           "has not been achieved.";
  default:
    return "The integrand returned NaN or an infinity; the integration stopped "
           "there.";
  }
}

} // namespace llcjit::quadpack
