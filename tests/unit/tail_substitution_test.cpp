// The two substitutions of a Rosenbrock step's feed-forward tail agree: PatternTail, which knows
// ALZ-REF-1's Jacobian pattern with its hazards at compile time, and SparseTail, which finds the
// nonzero entries at run time; and both solve the tail's rows of W·x = b.

#include <gtest/gtest.h>

#include <Eigen/Core>

#include <cmath>
#include <random>

#include "alz-ref-1/alz_ref_1_hazards.hpp"
#include "solve/tail_substitution.hpp"

namespace {

using namespace repop;
using System = models::alz_ref_1::WithHazards;
constexpr int n = static_cast<int>(System::state_count);
constexpr int k = static_cast<int>(System::coupled_states);
using Jacobian = Eigen::Matrix<double, n, n>;
using Vector = Eigen::Matrix<double, n, 1>;

TEST(TailSubstitution, PatternAndSparseTailsSolveTheTailRowsAlike) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int trial = 0; trial < 100; ++trial) {
    // A Jacobian on the declared pattern, with some pattern entries zero (a hazard above its
    // baseline has no slope), as the solver meets them.
    Jacobian jac = Jacobian::Zero();
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        if (System::jacobian_pattern.may_be_nonzero(i, j) && (i == j || u(rng) > -0.6)) jac(i, j) = u(rng);
    const double inv_gamma_h = 2.0 + std::fabs(u(rng));
    Vector b;
    for (int i = 0; i < n; ++i) b(i) = u(rng);

    solve::PatternTail<n, k, System::jacobian_pattern> pattern_tail;
    solve::SparseTail<n, k> sparse_tail;
    pattern_tail.gather(jac, inv_gamma_h);
    sparse_tail.gather(jac, inv_gamma_h);
    Vector by_pattern = b, by_sparse = b;
    pattern_tail.solve_in_place(jac, by_pattern);
    sparse_tail.solve_in_place(jac, by_sparse);

    // W = I/(γh) − J: the tail rows of W·x equal b's, the block's entries are left as they were.
    const Jacobian w = Jacobian::Identity() * inv_gamma_h - jac;
    for (int r = 0; r < n; ++r) {
      EXPECT_NEAR(by_pattern(r), by_sparse(r), 1e-14 * (1.0 + std::fabs(by_sparse(r)))) << "row " << r;
      if (r < k) {
        EXPECT_EQ(by_pattern(r), b(r));
      } else {
        EXPECT_NEAR(w.row(r).dot(by_pattern), b(r), 1e-13) << "row " << r;
      }
    }
  }
}

}  // namespace
