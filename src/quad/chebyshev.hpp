// The modified Clenshaw-Curtis machinery QUADPACK's weighted rules share:
// the 25 nodes cos(k*pi/24) mapped onto an interval, and DQCHEB's Chebyshev
// coefficients of degrees 12 and 24. Arrays are 1-based, as in QUADPACK.
#pragma once

#include "quad/integrand.hpp"

#include <array>

namespace llcjit::quadpack {

/// cos(k*pi/24), k = 1..11, at index k.
extern const std::array<double, 12> kCosines;

/// hlgth*cos(k*pi/24) + centr in QUADPACK's fval order: [1] is the right
/// end, [13] the centre, [25] the left end.
std::array<double, 26> clenshaw_curtis_nodes(double centr, double hlgth);

/// f at those 25 nodes, in one batch.
std::array<double, 26> evaluate_nodes(Integrand &f, const std::array<double, 26> &nodes);

/// DQCHEB; overwrites fval.
void qcheb(std::array<double, 26> &fval, std::array<double, 14> &cheb12,
           std::array<double, 26> &cheb24);

} // namespace llcjit::quadpack
