// The posterior sampler against posteriors known in closed form: a correlated Gaussian well inside
// the unit box (its mean and covariance), a flat likelihood (the posterior is then the uniform
// prior: mean 1/2, variance 1/12), and what its weights and stopping rule promise. Also the
// Laplace start and the likelihood of published ranges.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "calibration/imis.hpp"
#include "calibration/posterior_sample.hpp"
#include "calibration/target_likelihood.hpp"

namespace repop::calibration {
namespace {

struct Moments {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
};

Moments weighted_moments(const ImisResult& r) {
  const auto d = static_cast<Eigen::Index>(r.points.front().unit.size());
  Moments m{Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Zero(d, d)};
  for (std::size_t i = 0; i < r.points.size(); ++i)
    m.mean += r.weights[i] * Eigen::Map<const Eigen::VectorXd>(r.points[i].unit.data(), d);
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(r.points[i].unit.data(), d) - m.mean;
    m.covariance += r.weights[i] * x * x.transpose();
  }
  return m;
}

struct GaussianTarget {
  Eigen::VectorXd mean{{0.4, 0.5, 0.6}};
  Eigen::MatrixXd covariance{{0.0025, 0.0015, 0.0}, {0.0015, 0.0025, 0.0}, {0.0, 0.0, 0.0016}};
  int calls = 0;

  BatchLogLikelihood likelihood() {
    return [this](const std::vector<std::vector<double>>& units) -> std::optional<std::vector<double>> {
      ++calls;
      const ImisComponent c{mean, covariance};
      std::vector<double> out;
      for (const auto& u : units)
        out.push_back(gaussian_log_density(Eigen::Map<const Eigen::VectorXd>(u.data(), 3), c));
      return out;
    };
  }
};

ImisSettings settings() {
  return {.draws = 400, .initial = 200, .per_iteration = 200, .max_evaluations = 20000, .seed = 5};
}

TEST(Imis, FindsTheMeanAndCovarianceOfACorrelatedGaussianFromAPoorStart) {
  GaussianTarget target;
  const Eigen::VectorXd start{{0.47, 0.43, 0.55}};
  const Eigen::MatrixXd wide = Eigen::MatrixXd::Identity(3, 3) * 0.01;  // four times too wide, uncorrelated
  const auto r = imis(target.likelihood(), start, wide, settings());
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->converged);
  const auto m = weighted_moments(*r);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(m.mean(j), target.mean(j), 0.1 * 0.05) << j;  // a tenth of a standard deviation
    EXPECT_NEAR(m.covariance(j, j), target.covariance(j, j), 0.2 * target.covariance(j, j)) << j;
  }
  const double correlation = m.covariance(0, 1) / std::sqrt(m.covariance(0, 0) * m.covariance(1, 1));
  EXPECT_NEAR(correlation, 0.6, 0.1);
  ASSERT_EQ(r->ensemble.size(), 400u);
  Eigen::VectorXd ensemble_mean = Eigen::VectorXd::Zero(3);
  for (std::size_t i : r->ensemble) ensemble_mean += Eigen::Map<const Eigen::VectorXd>(r->points[i].unit.data(), 3);
  ensemble_mean /= 400.0;
  // 400 draws of sd 0.05: the mean's SE is 0.0025, plus the weights' own error.
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(ensemble_mean(j), target.mean(j), 0.01) << j;
  EXPECT_GE(r->expected_unique, (1.0 - std::exp(-1.0)) * 400);
  EXPECT_NEAR(std::accumulate(r->weights.begin(), r->weights.end(), 0.0), 1.0, 1e-12);
}

TEST(Imis, AFlatLikelihoodGivesBackTheUniformPrior) {
  const BatchLogLikelihood flat = [](const std::vector<std::vector<double>>& units) {
    return std::optional(std::vector<double>(units.size(), 0.0));
  };
  const auto r = imis(flat, Eigen::VectorXd::Constant(2, 0.3), Eigen::MatrixXd::Identity(2, 2) * 0.005,
                      {.draws = 200, .initial = 500, .per_iteration = 100, .max_evaluations = 20000, .seed = 2});
  ASSERT_TRUE(r);
  const auto m = weighted_moments(*r);
  for (int j = 0; j < 2; ++j) {
    EXPECT_NEAR(m.mean(j), 0.5, 0.03) << j;
    EXPECT_NEAR(m.covariance(j, j), 1.0 / 12.0, 0.2 / 12.0) << j;
  }
}

TEST(Imis, TheSameSeedGivesTheSameEnsembleAndAnotherSeedAnother) {
  GaussianTarget a, b, c;
  const Eigen::VectorXd start{{0.45, 0.45, 0.55}};
  const Eigen::MatrixXd wide = Eigen::MatrixXd::Identity(3, 3) * 0.01;
  const auto first = imis(a.likelihood(), start, wide, settings());
  const auto second = imis(b.likelihood(), start, wide, settings());
  auto other_settings = settings();
  other_settings.seed = 6;
  const auto third = imis(c.likelihood(), start, wide, other_settings);
  ASSERT_TRUE(first && second && third);
  ASSERT_EQ(first->points.size(), second->points.size());
  for (std::size_t i = 0; i < first->points.size(); ++i) EXPECT_EQ(first->points[i].unit, second->points[i].unit);
  EXPECT_EQ(first->ensemble, second->ensemble);
  EXPECT_NE(first->points.front().unit, third->points.front().unit);
}

TEST(Imis, TheEnsembleIsInRandomOrderSoItsFirstRowsAreASampleToo) {
  GaussianTarget target;
  const auto r = imis(target.likelihood(), Eigen::VectorXd{{0.45, 0.45, 0.55}}, Eigen::MatrixXd::Identity(3, 3) * 0.01,
                      settings());
  ASSERT_TRUE(r);
  EXPECT_FALSE(std::is_sorted(r->ensemble.begin(), r->ensemble.end()));
}

TEST(Imis, StopsOnItsBudgetAndSaysSo) {
  GaussianTarget target;
  auto tight = settings();
  tight.max_evaluations = 450;  // the prior's 200 and one component's 200
  const auto r =
      imis(target.likelihood(), Eigen::VectorXd{{0.1, 0.9, 0.2}}, Eigen::MatrixXd::Identity(3, 3) * 0.001, tight);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->converged);
  EXPECT_LE(r->points.size(), 450u);
  EXPECT_EQ(r->ensemble.size(), 400u);
}

TEST(Imis, AnInterruptedLikelihoodStopsTheSampler) {
  int batches = 0;
  const BatchLogLikelihood stops =
      [&](const std::vector<std::vector<double>>& units) -> std::optional<std::vector<double>> {
    if (++batches == 3) return std::nullopt;
    return std::vector<double>(units.size(), 0.0);
  };
  EXPECT_FALSE(imis(stops, Eigen::VectorXd::Constant(2, 0.5), Eigen::MatrixXd::Identity(2, 2) * 0.01,
                    {.draws = 2000, .initial = 10, .per_iteration = 10, .max_evaluations = 100000, .seed = 1}));
  EXPECT_EQ(batches, 3);
}

TEST(Imis, PointsOutsideTheBoxAreNeverEvaluatedAndWeighNothing) {
  std::size_t evaluated = 0;
  const BatchLogLikelihood count = [&](const std::vector<std::vector<double>>& units) {
    for (const auto& u : units)
      for (double x : u) EXPECT_TRUE(x >= 0.0 && x <= 1.0);
    evaluated += units.size();
    return std::optional(std::vector<double>(units.size(), 0.0));
  };
  // A start on the box's corner: about three quarters of its draws fall outside.
  const auto r = imis(count, Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2) * 0.01,
                      {.draws = 50, .initial = 50, .per_iteration = 40, .max_evaluations = 5000, .seed = 3});
  ASSERT_TRUE(r);
  EXPECT_LT(evaluated, r->points.size());
  for (std::size_t i = 0; i < r->points.size(); ++i) {
    if (r->points[i].log_likelihood == -INFINITY) {
      EXPECT_EQ(r->weights[i], 0.0);
    }
  }
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
