// Variance-based sensitivity indices against functions whose indices are known in closed form:
// the Ishigami function (Ishigami and Homma 1990; the standard test of Sobol' estimators, with
// strong non-linearity and an interaction of X1 with X3 that only the total index sees) and an
// additive linear function, where S_i = S_Ti = a_i² / Σ a_j². Also the design's layout and what
// a failed evaluation does.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "calibration/saltelli_design.hpp"
#include "calibration/sobol_indices.hpp"

namespace repop::calibration {
namespace {

constexpr double pi = std::numbers::pi;

// Ishigami on X_i ~ U(-π, π), from unit coordinates.
double ishigami(const std::vector<double>& unit, double a = 7.0, double b = 0.1) {
  const double x1 = -pi + 2.0 * pi * unit[0], x2 = -pi + 2.0 * pi * unit[1], x3 = -pi + 2.0 * pi * unit[2];
  return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
}

// Its partial variances (Sobol' and Levitan 1999; Saltelli et al. 2008, Global Sensitivity
// Analysis: The Primer, section 4.9).
struct IshigamiTruth {
  double v1, v2, v13, v;
};
IshigamiTruth ishigami_truth(double a = 7.0, double b = 0.1) {
  const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
  IshigamiTruth t{};
  t.v1 = 0.5 * std::pow(1.0 + b * pi4 / 5.0, 2);
  t.v2 = a * a / 8.0;
  t.v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
  t.v = t.v1 + t.v2 + t.v13;
  return t;
}

std::vector<double> evaluate(const SaltelliDesign& design, double (*f)(const std::vector<double>&, double, double)) {
  std::vector<double> outputs;
  for (const auto& p : design.points) outputs.push_back(f(p, 7.0, 0.1));
  return outputs;
}

TEST(SaltelliDesign, LaysOutABAndEachABiWithOneColumnFromB) {
  const auto design = saltelli_design(16, 3);
  ASSERT_EQ(design.points.size(), 16u * 5u);
  for (std::size_t j = 0; j < 16; ++j)
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t c = 0; c < 3; ++c) {
        const double expected = c == i ? design.points[design.index_b(j)][c] : design.points[design.index_a(j)][c];
        EXPECT_EQ(design.points[design.index_ab(i, j)][c], expected);
      }
  for (const auto& p : design.points)
    for (double x : p) {
      EXPECT_GT(x, 0.0);
      EXPECT_LT(x, 1.0);
    }
  EXPECT_THROW(saltelli_design(0, 3), std::invalid_argument);
  EXPECT_THROW(saltelli_design(8, 0), std::invalid_argument);
}

TEST(SobolIndices, MatchTheIshigamiFunctionsClosedForm) {
  const auto truth = ishigami_truth();
  const auto design = saltelli_design(8192, 3);
  const auto s = sobol_indices(design, evaluate(design, ishigami));
  // S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437.
  const double first[3] = {truth.v1 / truth.v, truth.v2 / truth.v, 0.0};
  const double total[3] = {(truth.v1 + truth.v13) / truth.v, truth.v2 / truth.v, truth.v13 / truth.v};
  EXPECT_EQ(s.rows_used, 8192u);
  EXPECT_NEAR(s.variance, truth.v, 0.01 * truth.v);
  EXPECT_NEAR(s.mean, 3.5, 0.02);  // E(Y) = a/2
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_NEAR(s.first_order[i].value, first[i], 0.02);
    EXPECT_NEAR(s.total[i].value, total[i], 0.02);
    // The 95% intervals cover the truth.
    EXPECT_LE(s.first_order[i].low, first[i]);
    EXPECT_GE(s.first_order[i].high, first[i]);
    EXPECT_LE(s.total[i].low, total[i]);
    EXPECT_GE(s.total[i].high, total[i]);
  }
}

TEST(SobolIndices, IntervalsNarrowAsOneOverTheSquareRootOfTheBaseSample) {
  auto width_at = [](std::size_t base) {
    const auto design = saltelli_design(base, 3);
    const auto s = sobol_indices(design, evaluate(design, ishigami));
    return s.total[0].high - s.total[0].low;
  };
  // Four times the rows: half the width (the bootstrap's standard error goes as N^-1/2).
  EXPECT_NEAR(width_at(2048) / width_at(8192), 2.0, 0.4);
}

TEST(SobolIndices, ErrorShrinksAsTheBaseSampleGrows) {
  const auto truth = ishigami_truth();
  const double total1 = (truth.v1 + truth.v13) / truth.v;
  auto error_at = [&](std::size_t base) {
    const auto design = saltelli_design(base, 3);
    const auto s = sobol_indices(design, evaluate(design, ishigami), 200);
    return std::abs(s.total[0].value - total1) + std::abs(s.first_order[1].value - truth.v2 / truth.v);
  };
  EXPECT_LT(error_at(16384), error_at(64));
}

TEST(SobolIndices, OfAnAdditiveFunctionAreItsSquaredWeightsShares) {
  const double weights[4] = {4.0, 2.0, 1.0, 0.0};
  const auto design = saltelli_design(4096, 4);
  std::vector<double> outputs;
  for (const auto& p : design.points) {
    double y = 0.0;
    for (int i = 0; i < 4; ++i) y += weights[i] * p[i];
    outputs.push_back(y);
  }
  const auto s = sobol_indices(design, outputs);
  for (int i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    const double share = weights[i] * weights[i] / 21.0;
    EXPECT_NEAR(s.first_order[i].value, share, 0.01);
    EXPECT_NEAR(s.total[i].value, share, 0.01);
  }
  EXPECT_NEAR(s.variance, 21.0 / 12.0, 0.01 * 21.0 / 12.0);  // Σ a_i² Var U(0,1)
}

TEST(SobolIndices, LeaveOutEveryBaseRowWithAFailedEvaluation) {
  const auto design = saltelli_design(64, 3);
  auto outputs = evaluate(design, ishigami);
  outputs[design.index_ab(2, 5)] = std::nan("");
  outputs[design.index_b(9)] = std::nan("");
  const auto s = sobol_indices(design, outputs);
  EXPECT_EQ(s.rows_used, 62u);
  EXPECT_TRUE(std::isfinite(s.total[0].value));
}

TEST(SobolIndices, AreNotANumberForAnOutputThatDoesNotVary) {
  const auto design = saltelli_design(32, 2);
  const auto s = sobol_indices(design, std::vector<double>(design.points.size(), 1.5));
  EXPECT_EQ(s.variance, 0.0);
  EXPECT_TRUE(std::isnan(s.first_order[0].value));
  EXPECT_TRUE(std::isnan(s.total[1].value));
  EXPECT_THROW(sobol_indices(design, std::vector<double>(3, 1.0)), std::invalid_argument);
}

TEST(SobolIndices, AreTheSameNumbersEveryTime) {
  const auto design = saltelli_design(128, 3);
  const auto outputs = evaluate(design, ishigami);
  const auto a = sobol_indices(design, outputs), b = sobol_indices(design, outputs);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a.total[i].low, b.total[i].low);
    EXPECT_EQ(a.first_order[i].high, b.first_order[i].high);
  }
}

}  // namespace
}  // namespace repop::calibration
