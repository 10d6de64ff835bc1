// The definitions of workspace.hpp: the lists, sums and selection
// QUADPACK's globally adaptive routines share.
#include "quad/workspace.hpp"

#include <algorithm>
#include <cmath>

namespace llcjit::quadpack {

Workspace::Workspace(int limit, double epsabs, double epsrel, int initial, QuadDetails *details)
    : limit(limit), epsabs(epsabs), epsrel(epsrel) {
  if (details) {
    // Indices reach limit + 1 at most (as in grow()), so nothing grows.
    const std::size_t length = static_cast<std::size_t>(std::max({limit, initial, 1})) + 2;
    for (std::vector<double> *list :
         {&details->alist, &details->blist, &details->rlist, &details->elist})
      list->assign(length, 0.0);
    for (std::vector<int> *list : {&details->iord, &details->level})
      list->assign(length, 0);
    alist = details->alist;
    blist = details->blist;
    rlist = details->rlist;
    elist = details->elist;
    iord = details->iord;
    level = details->level;
    return;
  }
  const std::size_t length = static_cast<std::size_t>(std::max(initial, 1)) + 2;
  if (length <= kInlineCapacity + 2) {
    point_at(inline_doubles_, inline_ints_, kInlineCapacity + 2);
  } else {
    heap_doubles_.resize(4 * length);
    heap_ints_.resize(2 * length);
    point_at(heap_doubles_, heap_ints_, length);
  }
}

void Workspace::grow(int last) {
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

void Workspace::point_at(std::span<double> doubles, std::span<int> ints, std::size_t length) {
  alist = doubles.subspan(0, length);
  blist = doubles.subspan(length, length);
  rlist = doubles.subspan(2 * length, length);
  elist = doubles.subspan(3 * length, length);
  iord = ints.subspan(0, length);
  level = ints.subspan(length, length);
}

void Workspace::start(double a, double b, double result, double abserr) {
  alist[1] = a;
  blist[1] = b;
  rlist[1] = result;
  elist[1] = abserr;
  iord[1] = 1;
  maxerr = 1;
  errmax = abserr;
  nrmax = 1;
  area = result;
  errsum = abserr;
}

Replaced Workspace::bisect(int last, const Half &left, const Half &right) {
  const Replaced replaced{left.result + right.result, left.abserr + right.abserr, rlist[maxerr],
                          errmax};
  errsum = errsum + replaced.erro12 - errmax;
  area = area + replaced.area12 - rlist[maxerr];
  store_halves(last, left, right);
  sort(last);
  return replaced;
}

void Workspace::store_halves(int last, const Half &left, const Half &right) {
  rlist[maxerr] = left.result;
  rlist[last] = right.result;
  if (!(right.abserr > left.abserr)) {
    alist[last] = right.a;
    blist[maxerr] = left.b;
    blist[last] = right.b;
    elist[maxerr] = left.abserr;
    elist[last] = right.abserr;
  } else {
    alist[maxerr] = right.a;
    alist[last] = left.a;
    blist[last] = left.b;
    rlist[maxerr] = right.result;
    rlist[last] = left.result;
    elist[maxerr] = right.abserr;
    elist[last] = left.abserr;
  }
}

void Workspace::sort(int last) {
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

double Workspace::errbnd() const { return std::max(epsabs, epsrel * std::fabs(area)); }

double Workspace::total(int last) const {
  double result = 0.0;
  for (int k = 1; k <= last; ++k)
    result = result + rlist[k];
  return result;
}

void finish_details(QuadDetails &details, int limit) {
  const auto drop_first = [](auto &list) {
    if (!list.empty())
      list.erase(list.begin());
  };
  const std::size_t length = static_cast<std::size_t>(std::max(limit, 1));
  const auto rebase = [&](auto &list) {
    drop_first(list);
    if (!list.empty())
      list.resize(length);
  };
  for (std::vector<double> *list : {&details.alist, &details.blist, &details.rlist, &details.elist})
    rebase(*list);
  rebase(details.iord);
  if (details.pts.empty()) // only QAGP has levels to report
    details.level.clear();
  rebase(details.level);
  rebase(details.nnlog);
  drop_first(details.pts);
  drop_first(details.ndin);
}

} // namespace llcjit::quadpack
