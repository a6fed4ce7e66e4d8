// PatternLu against dense linear algebra: the compile-time elimination plan is a permutation whose
// factors' pattern holds every entry elimination can create, and the solves agree with Eigen's
// fully pivoted LU, on the diagonal and on the partial-pivoting fallback alike.

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "alz-ref-1/alz_ref_1_system.hpp"
#include "solve/pattern_lu.hpp"

namespace {

using namespace repop;
namespace p = models::alz_ref_1;
constexpr int k = static_cast<int>(p::Kinetics::coupled_states);
using Lu = solve::PatternLu<k, p::Kinetics::jacobian_pattern>;
using Matrix = Eigen::Matrix<double, k, k>;
using Vector = Eigen::Matrix<double, k, 1>;

// A random matrix with the model's pattern: off-diagonal entries in ±1, the diagonal `diagonal`.
Matrix random_on_pattern(std::mt19937_64& rng, double diagonal) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Matrix a = Matrix::Zero();
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j)
      if (p::Kinetics::jacobian_pattern.may_be_nonzero(i, j)) a(i, j) = i == j ? diagonal : u(rng);
  return a;
}

TEST(PatternLu, PlanIsAPermutationWhoseFactorsHoldEveryFill) {
  const auto& plan = Lu::plan();
  std::array<int, k> sorted = plan.order;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < k; ++i) EXPECT_EQ(sorted[i], i);

  // Elimination without exchanges in the plan's order, on a matrix with every pattern entry
  // nonzero: whatever it makes nonzero must be in the plan's pattern.
  std::mt19937_64 rng(3);
  Matrix a = random_on_pattern(rng, 10.0);
  Matrix m;
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) m(i, j) = a(plan.order[i], plan.order[j]);
  for (int c = 0; c < k; ++c)
    for (int r = c + 1; r < k; ++r) {
      const double factor = m(r, c) / m(c, c);
      m(r, c) = factor;
      for (int j = c + 1; j < k; ++j) m(r, j) -= factor * m(c, j);
    }
  int filled = 0;
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) {
      filled += plan.filled[i][j];
      if (!plan.filled[i][j]) {
        EXPECT_EQ(m(i, j), 0.0) << "entry (" << i << ", " << j << ") of the factors";
      }
    }
  // The point of the order: the factors of ALZ-REF-1's block stay sparse (a dense one has 81).
  EXPECT_LE(filled, 50);
  std::printf("ALZ-REF-1's 9x9 block: %d entries in the factors; order", filled);
  for (int i : plan.order) std::printf(" %d", i);
  std::printf("\n");
}

TEST(PatternLu, SolvesAsDenseLuDoesWithoutExchanges) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    const Matrix a = random_on_pattern(rng, 4.0 + 4.0 * std::fabs(u(rng)));
    Vector b;
    for (int i = 0; i < k; ++i) b(i) = u(rng);
    Lu lu;
    lu.compute(a);
    EXPECT_FALSE(lu.pivoted());
    Vector x = b;
    lu.solve_in_place(x);
    const Vector expected = a.fullPivLu().solve(b);
    EXPECT_LE((x - expected).norm(), 1e-13 * expected.norm()) << "trial " << trial;
  }
}

TEST(PatternLu, FallsBackToPartialPivotingOnASmallPivot) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  int pivoted = 0;
  for (int trial = 0; trial < 200; ++trial) {
    // Diagonal entries near zero or zero: the threshold test must send these to the fallback.
    Matrix a = random_on_pattern(rng, 0.0);
    for (int i = 0; i < k; ++i) a(i, i) = trial % 2 ? 0.0 : 1e-3 * u(rng);
    if (std::fabs(a.determinant()) < 1e-6) continue;
    Vector b;
    for (int i = 0; i < k; ++i) b(i) = u(rng);
    Lu lu;
    lu.compute(a);
    pivoted += lu.pivoted();
    Vector x = b;
    lu.solve_in_place(x);
    const Vector expected = a.fullPivLu().solve(b);
    EXPECT_LE((x - expected).norm(), 1e-10 * expected.norm()) << "trial " << trial;
    EXPECT_LE((a * x - b).norm(), 1e-12 * (a.norm() * x.norm() + b.norm())) << "trial " << trial;
  }
  EXPECT_GT(pivoted, 100);
}

}  // namespace
