// The posterior sampler against posteriors known in closed form: a correlated Gaussian well inside
// the unit box (its mean and covariance), in 3 and in 27 dimensions, a flat likelihood (the
// posterior is then the uniform prior: mean 1/2, variance 1/12), and what its budget, seed and
// order promise. Also the Laplace start and the likelihood of published ranges.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "calibration/factored_gaussian.hpp"
#include "calibration/posterior_sample.hpp"
#include "calibration/target_likelihood.hpp"
#include "calibration/tempered_smc.hpp"
#include "core/random_stream.hpp"

namespace repop::calibration {
namespace {

struct Moments {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
};

// The ensemble's sample mean and covariance (its sets are equally weighted).
Moments ensemble_moments(const SmcResult& r) {
  const auto d = static_cast<Eigen::Index>(r.points.front().unit.size());
  const auto n = static_cast<double>(r.ensemble.size());
  Moments m{Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Zero(d, d)};
  for (std::size_t i : r.ensemble) m.mean += Eigen::Map<const Eigen::VectorXd>(r.points[i].unit.data(), d);
  m.mean /= n;
  for (std::size_t i : r.ensemble) {
    const Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(r.points[i].unit.data(), d) - m.mean;
    m.covariance += x * x.transpose() / (n - 1.0);
  }
  return m;
}

// A Gaussian likelihood inside the box, whose posterior is (up to the box's negligible cut) itself.
struct GaussianTarget {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  int calls = 0;

  BatchLogLikelihood likelihood() {
    return [this](const std::vector<std::vector<double>>& units) -> std::optional<std::vector<double>> {
      ++calls;
      const FactoredGaussian density(mean, covariance);
      std::vector<double> out;
      for (const auto& u : units)
        out.push_back(density.log_density(Eigen::Map<const Eigen::VectorXd>(u.data(), mean.size())));
      return out;
    };
  }
};

GaussianTarget correlated_3d() {
  return {.mean = Eigen::VectorXd{{0.4, 0.5, 0.6}},
          .covariance = Eigen::MatrixXd{{0.0025, 0.0015, 0.0}, {0.0015, 0.0025, 0.0}, {0.0, 0.0, 0.0016}}};
}

TemperedSmcSettings settings() { return {.draws = 400, .moves = 5, .max_evaluations = 20000, .seed = 5}; }

TEST(TemperedSmc, FindsTheMeanAndCovarianceOfACorrelatedGaussianFromAPoorStart) {
  auto target = correlated_3d();
  const Eigen::VectorXd start{{0.47, 0.43, 0.55}};  // 1.4 standard deviations off in each direction
  const Eigen::MatrixXd wide = Eigen::MatrixXd::Identity(3, 3) * 0.01;  // four times too wide, uncorrelated
  const auto r = tempered_smc(target.likelihood(), start, wide, settings());
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->converged);
  ASSERT_EQ(r->ensemble.size(), 400u);
  const auto m = ensemble_moments(*r);
  for (int j = 0; j < 3; ++j) {
    const double sd = std::sqrt(target.covariance(j, j));
    // 400 sets: the mean's standard error is 0.05 sd if they were independent; moved particles are
    // not quite, so a fifth of a standard deviation.
    EXPECT_NEAR(m.mean(j), target.mean(j), 0.2 * sd) << j;
    EXPECT_NEAR(m.covariance(j, j), target.covariance(j, j), 0.2 * target.covariance(j, j)) << j;
  }
  const double correlation = m.covariance(0, 1) / std::sqrt(m.covariance(0, 0) * m.covariance(1, 1));
  EXPECT_NEAR(correlation, 0.6, 0.1);
  EXPECT_EQ(r->stages.back().temperature, 1.0);
  EXPECT_GE(r->stages.back().distinct, 300);
}

// Where importance sampling from a mixture of Gaussians stalls: 27 correlated parameters with
// standard deviations from 0.012 to 0.09 of their ranges (as ALZ-CAL-2's), and a start half a
// standard deviation off in every direction with the right covariance.
TEST(TemperedSmc, RecoversATwentySevenDimensionalGaussianWithinItsBudget) {
  constexpr int d = 27;
  core::RandomStream random(17, 0, core::RandomPurpose::posterior_sampling, 9);
  Eigen::VectorXd sd(d), mean(d), start(d);
  Eigen::MatrixXd a(d, d);
  for (int j = 0; j < d; ++j) {
    sd(j) = 0.012 + (0.09 - 0.012) * random.uniform();
    mean(j) = 0.2 + 0.6 * random.uniform();
    for (int k = 0; k < d; ++k) a(j, k) = random.normal();
  }
  Eigen::MatrixXd m = a * a.transpose() / d;
  m.diagonal().array() += 0.5;
  const Eigen::VectorXd scale = m.diagonal().cwiseSqrt().cwiseInverse();
  const Eigen::MatrixXd correlation = scale.asDiagonal() * m * scale.asDiagonal();
  GaussianTarget target{.mean = mean, .covariance = sd.asDiagonal() * correlation * sd.asDiagonal()};
  for (int j = 0; j < d; ++j) start(j) = mean(j) + 0.5 * sd(j) * random.normal();
  const auto r = tempered_smc(target.likelihood(), start, target.covariance,
                              {.draws = 200, .moves = 5, .max_evaluations = 8000, .seed = 3});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->converged);
  const auto moments = ensemble_moments(*r);
  for (int j = 0; j < d; ++j) {
    // 200 sets: the mean's standard error is 0.07 sd if independent; the largest of 27 within 0.5.
    EXPECT_NEAR(moments.mean(j), mean(j), 0.5 * sd(j)) << j;
    EXPECT_NEAR(std::sqrt(moments.covariance(j, j)) / sd(j), 1.0, 0.3) << j;
  }
  EXPECT_GE(r->stages.back().distinct, 190);
}

TEST(TemperedSmc, AFlatLikelihoodGivesBackTheUniformPrior) {
  const BatchLogLikelihood flat = [](const std::vector<std::vector<double>>& units) {
    return std::optional(std::vector<double>(units.size(), 0.0));
  };
  const auto r = tempered_smc(flat, Eigen::VectorXd::Constant(2, 0.3), Eigen::MatrixXd::Identity(2, 2) * 0.005,
                              {.draws = 1000, .moves = 5, .max_evaluations = 100000, .seed = 2});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->converged);
  const auto m = ensemble_moments(*r);
  for (int j = 0; j < 2; ++j) {
    EXPECT_NEAR(m.mean(j), 0.5, 0.03) << j;
    EXPECT_NEAR(m.covariance(j, j), 1.0 / 12.0, 0.15 / 12.0) << j;
  }
}

TEST(TemperedSmc, TheSameSeedGivesTheSameEnsembleAndAnotherSeedAnother) {
  auto a = correlated_3d(), b = correlated_3d(), c = correlated_3d();
  const Eigen::VectorXd start{{0.45, 0.45, 0.55}};
  const Eigen::MatrixXd wide = Eigen::MatrixXd::Identity(3, 3) * 0.01;
  const auto first = tempered_smc(a.likelihood(), start, wide, settings());
  const auto second = tempered_smc(b.likelihood(), start, wide, settings());
  auto other_settings = settings();
  other_settings.seed = 6;
  const auto third = tempered_smc(c.likelihood(), start, wide, other_settings);
  ASSERT_TRUE(first && second && third);
  ASSERT_EQ(first->points.size(), second->points.size());
  for (std::size_t i = 0; i < first->points.size(); ++i) EXPECT_EQ(first->points[i].unit, second->points[i].unit);
  EXPECT_EQ(first->ensemble, second->ensemble);
  EXPECT_NE(first->points.front().unit, third->points.front().unit);
}

TEST(TemperedSmc, TheEnsembleIsInRandomOrderSoItsFirstRowsAreASampleToo) {
  auto target = correlated_3d();
  const auto r = tempered_smc(target.likelihood(), Eigen::VectorXd{{0.45, 0.45, 0.55}},
                              Eigen::MatrixXd::Identity(3, 3) * 0.01, settings());
  ASSERT_TRUE(r);
  EXPECT_FALSE(std::is_sorted(r->ensemble.begin(), r->ensemble.end()));
}

TEST(TemperedSmc, StopsOnItsBudgetAndSaysSo) {
  auto target = correlated_3d();
  auto tight = settings();
  tight.max_evaluations = 2500;  // the first 400 and one stage's 2,000 moves
  const auto r = tempered_smc(target.likelihood(), Eigen::VectorXd{{0.1, 0.9, 0.2}},
                              Eigen::MatrixXd::Identity(3, 3) * 0.01, tight);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->converged);
  EXPECT_LE(r->evaluations, 2500);
  EXPECT_EQ(r->stages.size(), 1u);
  EXPECT_LT(r->stages.back().temperature, 1.0);
  EXPECT_EQ(r->ensemble.size(), 400u);
}

TEST(TemperedSmc, AnInterruptedLikelihoodStopsTheSampler) {
  int batches = 0;
  const BatchLogLikelihood stops =
      [&](const std::vector<std::vector<double>>& units) -> std::optional<std::vector<double>> {
    if (++batches == 3) return std::nullopt;
    return std::vector<double>(units.size(), 0.0);
  };
  EXPECT_FALSE(tempered_smc(stops, Eigen::VectorXd::Constant(2, 0.5), Eigen::MatrixXd::Identity(2, 2) * 0.01,
                            {.draws = 20, .moves = 5, .max_evaluations = 100000, .seed = 1}));
  EXPECT_EQ(batches, 3);
}

TEST(TemperedSmc, PointsOutsideTheBoxAreNeverEvaluatedNorKept) {
  std::size_t evaluated = 0;
  const BatchLogLikelihood count = [&](const std::vector<std::vector<double>>& units) {
    for (const auto& u : units)
      for (double x : u) EXPECT_TRUE(x >= 0.0 && x <= 1.0);
    evaluated += units.size();
    return std::optional(std::vector<double>(units.size(), 0.0));
  };
  // A start on the box's corner: about three quarters of its draws fall outside.
  const auto r = tempered_smc(count, Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2) * 0.01,
                              {.draws = 100, .moves = 3, .max_evaluations = 50000, .seed = 3});
  ASSERT_TRUE(r);
  EXPECT_LT(evaluated, r->points.size());
  EXPECT_EQ(static_cast<std::size_t>(r->evaluations), evaluated);
  for (std::size_t i : r->ensemble) EXPECT_NE(r->points[i].log_likelihood, -INFINITY);
}

TEST(LaplaceStart, OneTargetPerParameterGivesTheClosedForm) {
  // Target k moves by a_k range scores per unit of parameter k; sd s: precision a²/s² + 12.
  const Eigen::MatrixXd jacobian{{4.0, 0.0}, {0.0, 0.5}};
  const Eigen::VectorXd sd{{0.5, 0.25}};
  const auto cov = laplace_covariance(jacobian, sd);
  EXPECT_NEAR(cov(0, 0), 1.0 / (16.0 / 0.25 + 12.0), 1e-14);
  EXPECT_NEAR(cov(1, 1), 1.0 / (0.25 / 0.0625 + 12.0), 1e-14);
  EXPECT_NEAR(cov(0, 1), 0.0, 1e-15);
  // A parameter no target sees keeps the prior's variance.
  const auto blind = laplace_covariance(Eigen::MatrixXd::Zero(1, 2), Eigen::VectorXd::Ones(1));
  EXPECT_NEAR(blind(1, 1), 1.0 / 12.0, 1e-15);
}

TEST(TargetLikelihood, AValueAtARangeEndIsTheNinetySevenAndAHalfPercentPoint) {
  Target t;
  t.value = 10.0;
  t.low = 6.0;    // half-width 4 below
  t.high = 12.0;  // half-width 2 above
  const double s2 = 1.0 / (range_as_interval_z * range_as_interval_z);
  auto at = [&](double v, double se) { return log_likelihood({t}, {TargetEstimate{.value = v, .se = se}}, {0}); };
  EXPECT_NEAR(at(10.0, 0.0), -0.5 * std::log(s2), 1e-12);
  // At either end: z = 1, so −½·1.96² below the peak, whichever side.
  EXPECT_NEAR(at(12.0, 0.0) - at(10.0, 0.0), -0.5 * range_as_interval_z * range_as_interval_z, 1e-12);
  EXPECT_NEAR(at(6.0, 0.0) - at(10.0, 0.0), -0.5 * range_as_interval_z * range_as_interval_z, 1e-12);
  // Monte Carlo error widens it: SE 1 above is half a half-width.
  const double v = s2 + 0.25;
  EXPECT_NEAR(at(12.0, 1.0), -0.5 * (1.0 / v + std::log(v)), 1e-12);
  EXPECT_EQ(at(NAN, 0.0), -INFINITY);
  EXPECT_EQ(at(INFINITY, 0.0), -INFINITY);
}

}  // namespace
}  // namespace repop::calibration
