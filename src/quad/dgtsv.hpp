// LAPACK's DGTSV, which SciPy's QUADPACK calls to solve the tridiagonal
// systems of DQC25F's Chebyshev moments.
#pragma once

namespace llcjit::quadpack {

// LAPACK's DGTSV for one right-hand side: solves the tridiagonal system with
// sub-diagonal dl(1..n-1), diagonal d(1..n), super-diagonal du(1..n-1) by
// Gaussian elimination with partial pivoting. Pointers are 1-based views.
void dgtsv(int n, double *dl, double *d, double *du, double *b);

} // namespace llcjit::quadpack
