#pragma once
// The feed-forward tail of a Rosenbrock step's linear systems: with the states from K on reading
// only themselves and states before them (model::HasCoupledBlock), W = I/(γh) − J is
// [W11 0; W21 W22] with W22 lower triangular, so once the K×K block is solved the tail's rows
// follow one after another from the ones before:
//   x_r = (b_r + Σ_{j<r} J_rj·x_j) / (1/(γh) − J_rr),  r = K … N − 1.
// Two ways to find the J_rj that matter: SparseTail gathers the nonzero ones once a step (any
// model); PatternTail knows them from the model's declared pattern (model::HasJacobianPattern) and
// is straight-line code that keeps the rows' values in registers.

#include <array>

#include "solve/pattern_lu.hpp"

namespace repop::solve {

template <int N, int K>
class SparseTail {
 public:
  template <class Jacobian>
  void gather(const Jacobian& jac, double inv_gamma_h) {
    int count = 0;
    for (int r = K; r < N; ++r) {
      for (int j = 0; j < r; ++j)
        if (jac(r, j) != 0.0) entries_[count++] = {j, jac(r, j)};
      row_end_[r - K] = count;
      inverse_diagonal_[r - K] = 1.0 / (inv_gamma_h - jac(r, r));
    }
  }
  // rhs: the first K entries solved already; the tail's are solved in place.
  template <class Jacobian, class Vector>
  void solve_in_place(const Jacobian&, Vector& rhs) const {
    int e = 0;
    for (int r = K; r < N; ++r) {
      double sum = rhs[r];
      for (; e < row_end_[r - K]; ++e) sum += entries_[e].value * rhs[entries_[e].column];
      rhs[r] = sum * inverse_diagonal_[r - K];
    }
  }

 private:
  struct Entry {
    int column;
    double value;
  };
  static constexpr int tail_rows = N - K;
  std::array<Entry, tail_rows * N + 1> entries_;  // at most every entry left of the diagonal
  std::array<int, tail_rows + 1> row_end_{};
  std::array<double, tail_rows + 1> inverse_diagonal_{};
};

// `pattern`: the system's model::JacobianPattern (N×N).
template <int N, int K, const auto& pattern>
class PatternTail {
 public:
  template <class Jacobian>
  void gather(const Jacobian& jac, double inv_gamma_h) {
    for (int r = K; r < N; ++r) inverse_diagonal_[r - K] = 1.0 / (inv_gamma_h - jac(r, r));
  }
  // J is read where it stands: its entries do not change within a step.
  template <class Jacobian, class Vector>
  void solve_in_place(const Jacobian& jac, Vector& rhs) const {
    std::array<double, N> x;
    for (int i = 0; i < N; ++i) x[i] = rhs[i];
    detail::static_for<N - K>([&](auto tail_row) {
      constexpr int r = K + decltype(tail_row)::value;
      double sum = x[r];
      detail::static_for<r>([&](auto column) {
        constexpr int j = decltype(column)::value;
        if constexpr (pattern.may_be_nonzero(r, j)) sum += jac(r, j) * x[j];
      });
      x[r] = sum * inverse_diagonal_[r - K];
    });
    for (int r = K; r < N; ++r) rhs[r] = x[r];
  }

 private:
  std::array<double, N - K + 1> inverse_diagonal_{};
};

}  // namespace repop::solve
