#pragma once
// LU factorisation with partial pivoting for small matrices whose size is known at compile
// time, and the matching solve. Eigen's PartialPivLU dispatches to size-generic kernels
// (blocked LU, strided triangular solves) that cost several times more than these unrolled
// loops at K = 12, where the Rosenbrock method factorises once and solves six times per step
// (measured with callgrind: tools/README in scripts/bench).

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <utility>

namespace repop::solve {

template <int K>
class SmallLu {
 public:
  using Matrix = Eigen::Matrix<double, K, K, Eigen::RowMajor>;

  // Factorises a in place (Doolittle, row pivoting). A zero pivot leaves the factors with an
  // infinite or NaN entry, which the caller's finiteness check of the step rejects.
  void compute(const Matrix& a) {
    lu_ = a;
    for (int i = 0; i < K; ++i) permutation_[i] = i;
    for (int c = 0; c < K; ++c) {
      int pivot = c;
      double largest = std::fabs(lu_(c, c));
      for (int r = c + 1; r < K; ++r)
        if (std::fabs(lu_(r, c)) > largest) {
          largest = std::fabs(lu_(r, c));
          pivot = r;
        }
      if (pivot != c) {
        lu_.row(pivot).swap(lu_.row(c));
        std::swap(permutation_[pivot], permutation_[c]);
      }
      const double inverse_pivot = 1.0 / lu_(c, c);
      inverse_diagonal_[c] = inverse_pivot;
      for (int r = c + 1; r < K; ++r) {
        const double factor = lu_(r, c) * inverse_pivot;
        lu_(r, c) = factor;
        for (int j = c + 1; j < K; ++j) lu_(r, j) -= factor * lu_(c, j);
      }
    }
  }

  // Solves A·x = b in place.
  template <class Vector>
  void solve_in_place(Vector& b) const {
    // Fully unrolled, so that y lives in registers: as loops, GCC pairs the reads of y into
    // vector loads of values just stored one at a time, and every row waits for the store to
    // reach the cache (a quarter of a cohort's time, measured with perf).
    std::array<double, K> y;
#pragma GCC unroll 16
    for (int r = 0; r < K; ++r) {
      double sum = b[permutation_[r]];
#pragma GCC unroll 16
      for (int j = 0; j < r; ++j) sum -= lu_(r, j) * y[j];
      y[r] = sum;
    }
#pragma GCC unroll 16
    for (int r = K - 1; r >= 0; --r) {
      double sum = y[r];
#pragma GCC unroll 16
      for (int j = r + 1; j < K; ++j) sum -= lu_(r, j) * y[j];
      y[r] = sum * inverse_diagonal_[r];  // a multiplication: the chain of rows waits on each
    }
    for (int r = 0; r < K; ++r) b[r] = y[r];
  }

 private:
  Matrix lu_;
  std::array<double, K> inverse_diagonal_{};
  std::array<int, K> permutation_{};
};

}  // namespace repop::solve
