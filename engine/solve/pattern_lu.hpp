#pragma once
// LU factorisation of a small matrix whose nonzero pattern is known at compile time
// (model::JacobianPattern): the elimination order and the factors' pattern are worked out by the
// compiler, and the numeric factorisation and solves are straight-line code over the entries
// that can be nonzero. ALZ-REF-1's 9×9 block has 44 entries in its factors instead of 81: 42
// multiply-adds to factorise instead of 204 and 35 to solve instead of 72, along shorter chains
// of dependent rows (the T-cell lineages are independent of each other until the drug's row).
//
// Elimination runs on the diagonal, in the order chosen, without row exchanges, which a fixed
// pattern needs. It is kept only while each pivot is at least `pivot_threshold` times every entry
// below it in its column (threshold pivoting: the factors' growth stays bounded as with partial
// pivoting); a matrix that fails the test anywhere is factorised again by SmallLu with partial
// pivoting, and the solves use that factorisation.
//
// The test is made on the matrix balanced by the unknowns' scales σ (D⁻¹·A·D, D = diag(σ)),
// whose factors are D⁻¹·L·D and D⁻¹·U·D: the same pivots, so the same factorisation, but sizes
// compared in the units the integrator measures its error in. Unbalanced, a drug amount in mg
// and cell counts in cells/µL make the kill's entries look hundreds of times the drug's pivot.

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "solve/small_lu.hpp"

namespace repop::solve {

namespace detail {

// f(std::integral_constant<int, 0>), …, f(std::integral_constant<int, N − 1>), unrolled by the
// compiler, so that each call can test the pattern with `if constexpr`.
template <int N, class F>
constexpr void static_for(F&& f) {
  [&]<int... I>(std::integer_sequence<int, I...>) { (f(std::integral_constant<int, I>{}), ...); }(
      std::make_integer_sequence<int, N>{});
}

// The elimination order and the pattern of the factors (in that order), for the pattern `p`.
template <int K>
struct EliminationPlan {
  std::array<int, K> order{};                      // order[i]: the row and column eliminated i-th
  std::array<std::array<bool, K>, K> filled{};     // filled[i][j]: L or U has an entry at (i, j), in order
};

// Minimum degree on the symmetrised pattern (ties: the lowest index, so the order is fixed): each
// step eliminates the state with the fewest links to states not yet eliminated, which keeps fill
// small; then symbolic elimination in that order gives the factors' pattern.
template <int K, class Pattern>
constexpr EliminationPlan<K> plan_elimination(const Pattern& pattern) {
  std::array<std::array<bool, K>, K> linked{};
  for (int i = 0; i < K; ++i)
    for (int j = 0; j < K; ++j)
      linked[i][j] = i != j && (pattern.may_be_nonzero(i, j) || pattern.may_be_nonzero(j, i));
  std::array<bool, K> done{};
  EliminationPlan<K> plan;
  for (int step = 0; step < K; ++step) {
    int best = -1, best_degree = K + 1;
    for (int v = 0; v < K; ++v) {
      if (done[v]) continue;
      int degree = 0;
      for (int u = 0; u < K; ++u) degree += !done[u] && linked[v][u];
      if (degree < best_degree) best = v, best_degree = degree;
    }
    plan.order[step] = best;
    done[best] = true;
    for (int a = 0; a < K; ++a)
      for (int b = 0; b < K; ++b)
        if (a != b && !done[a] && !done[b] && linked[best][a] && linked[best][b]) linked[a][b] = true;
  }
  for (int i = 0; i < K; ++i)
    for (int j = 0; j < K; ++j) plan.filled[i][j] = pattern.may_be_nonzero(plan.order[i], plan.order[j]);
  for (int c = 0; c < K; ++c)
    for (int r = c + 1; r < K; ++r)
      if (plan.filled[r][c])
        for (int j = c + 1; j < K; ++j) plan.filled[r][j] = plan.filled[r][j] || plan.filled[c][j];
  return plan;
}

}  // namespace detail

// `pattern`: a model::JacobianPattern whose top-left K×K block is the matrix's.
template <int K, const auto& pattern>
class PatternLu {
  static_assert(std::remove_cvref_t<decltype(pattern)>::size >= K, "the pattern covers the K×K block");
  static constexpr detail::EliminationPlan<K> plan_ = detail::plan_elimination<K>(pattern);

 public:
  using Matrix = typename SmallLu<K>::Matrix;
  // Threshold pivoting's u: each multiplier (balanced) is at most 1/u in size. 0.01 is HSL MA57's
  // default; Duff, Erisman & Reid (Direct Methods for Sparse Matrices) find 0.01 to 0.1 adequate
  // in practice. ALZ-REF-1 needs the lower end: BAFF relaxes within a day, so on long steps its row's
  // entries under the B- and T-cell pivots reach 10–100 times theirs (0.1 sent 10% of the
  // factorisations of the bench cohort to the fallback, 0.01 sends 7 in a million).
  static constexpr double pivot_threshold = 0.01;

  // Factorises a (a matrix or an Eigen expression: only the entries the pattern names are read),
  // whose entries outside the pattern must be zero; `scale`: the unknowns' sizes σ (positive),
  // in the unknowns' units, for the pivots' test.
  template <class Expression>
  void compute(const Expression& a, const std::array<double, K>& scale) {
    using detail::static_for;
    static_for<K>([&](auto i) {
      static_for<K>([&](auto j) {
        if constexpr (plan_.filled[i][j]) m_[i][j] = a(plan_.order[i], plan_.order[j]);
      });
    });
    bool stable = true;
    static_for<K>([&](auto c) {
      const double pivot = m_[c][c];
      // |pivot| ≥ u·|a_rc|·σ_c/σ_r, written so that a NaN anywhere fails it too.
      stable = stable && pivot != 0.0;
      const double column_scale = pivot_threshold * scale[plan_.order[c]];
      static_for<K>([&](auto r) {
        if constexpr (r > c && plan_.filled[r][c])
          stable = stable && column_scale * std::fabs(m_[r][c]) <= std::fabs(pivot) * scale[plan_.order[r]];
      });
      const double inverse_pivot = 1.0 / pivot;
      inverse_diagonal_[c] = inverse_pivot;
      static_for<K>([&](auto r) {
        if constexpr (r > c && plan_.filled[r][c]) {
          const double factor = m_[r][c] * inverse_pivot;
          m_[r][c] = factor;
          static_for<K>([&](auto j) {
            if constexpr (j > c && plan_.filled[c][j]) m_[r][j] -= factor * m_[c][j];
          });
        }
      });
    });
    pivoted_ = !stable;
    if (pivoted_) dense_.compute(Matrix(a));
  }

  // Factorises a, its unknowns of like sizes.
  template <class Expression>
  void compute(const Expression& a) {
    std::array<double, K> ones;
    ones.fill(1.0);
    compute(a, ones);
  }

  // Solves A·x = b in place.
  template <class Vector>
  void solve_in_place(Vector& b) const {
    if (pivoted_) {
      dense_.solve_in_place(b);
      return;
    }
    using detail::static_for;
    std::array<double, K> y;
    static_for<K>([&](auto r) {
      double sum = b[plan_.order[r]];
      static_for<K>([&](auto j) {
        if constexpr (j < r && plan_.filled[r][j]) sum -= m_[r][j] * y[j];
      });
      y[r] = sum;
    });
    static_for<K>([&](auto reversed) {
      constexpr int r = K - 1 - decltype(reversed)::value;
      double sum = y[r];
      static_for<K>([&](auto j) {
        if constexpr (j > r && plan_.filled[r][j]) sum -= m_[r][j] * y[j];
      });
      y[r] = sum * inverse_diagonal_[r];
    });
    static_for<K>([&](auto r) { b[plan_.order[r]] = y[r]; });
  }

  // Whether the last factorisation fell back to partial pivoting.
  bool pivoted() const { return pivoted_; }
  // The elimination order (row and column eliminated i-th) and the factors' pattern, for tests.
  static constexpr const detail::EliminationPlan<K>& plan() { return plan_; }

 private:
  std::array<std::array<double, K>, K> m_{};  // L below the diagonal (unit diagonal), U on and above, in order
  std::array<double, K> inverse_diagonal_{};
  bool pivoted_ = false;
  SmallLu<K> dense_;
};

}  // namespace repop::solve
