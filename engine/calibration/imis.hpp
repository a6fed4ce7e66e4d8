#pragma once
// Incremental Mixture Importance Sampling (Raftery & Bao 2010, Biometrics 66:1162; the variant with
// an optimisation start): a posterior over a calibration's free parameters from a few thousand
// evaluations of an expensive, stochastic simulator.
//
// The parameters live on the fit's unit box [0, 1]^d, whose uniform density is the prior (each
// parameter uniform on its bounds, on a log or linear scale as the calibration file says). The
// sampler:
//  1. evaluates `initial` points drawn from the prior (a defensive component: the importance
//     weights stay bounded wherever the posterior has mass the Gaussians below miss);
//  2. adds a Gaussian component at the fit's optimum with the Laplace covariance it is given;
//  3. repeatedly: draws `per_iteration` points from the newest component and evaluates them,
//     weights every point so far by likelihood × prior / mixture density, and centres a new
//     component on the point with the largest weight, with the covariance of the `per_iteration`
//     points nearest to it (Mahalanobis distance under the prior's covariance), weighted by
//     (importance weight + 1/N)/2 as Raftery & Bao do;
//  4. stops when a resample of `draws` points would be expected to hold at least (1 − 1/e)·draws
//     distinct points (Raftery & Bao's criterion), or when the evaluation budget is spent (then
//     the result says so: the ensemble is then less diverse than asked).
// The ensemble is `draws` points resampled with replacement in proportion to the weights.
//
// Everything here is serial arithmetic on the likelihoods, and the points come from a counter-based
// generator keyed by (seed, iteration, point), so the ensemble depends on the seed and the
// likelihood alone: with a likelihood that is the same for any thread or rank count, so is it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace repop::calibration {

struct ImisSettings {
  int draws = 200;             // points in the ensemble
  int initial = 200;           // prior points
  int per_iteration = 100;     // points drawn from each new component (B)
  int max_evaluations = 6000;  // a budget, including the initial points
  std::uint64_t seed = 1;
};

struct ImisPoint {
  std::vector<double> unit;     // on [0, 1]^d
  double log_likelihood = 0.0;  // -inf: no likelihood (outside the box, a failed evaluation)
};

struct ImisComponent {
  Eigen::VectorXd mean;        // unit coordinates
  Eigen::MatrixXd covariance;  // unit coordinates
};

struct ImisResult {
  std::vector<ImisPoint> points;  // every point evaluated, in order
  std::vector<double> weights;    // importance weights of `points`, summing to 1
  std::vector<ImisComponent> components;
  std::vector<std::size_t> ensemble;   // indices into `points`, `draws` of them
  int iterations = 0;                  // Gaussian components added
  double effective_sample_size = 0.0;  // 1 / Σ w²
  double expected_unique = 0.0;        // Σ (1 − (1 − w)^draws): distinct points a resample holds on average
  double largest_weight = 0.0;
  bool converged = false;  // the stopping criterion was met (not the budget)
};

// The likelihood of a batch of unit points, in their order (nullopt: interrupted). A batch lets the
// caller evaluate points together, or take them from a record of an earlier, interrupted run.
using BatchLogLikelihood =
    std::function<std::optional<std::vector<double>>(const std::vector<std::vector<double>>& units)>;

struct ImisProgress {
  int iteration = 0;
  int evaluations = 0;
  double expected_unique = 0.0;
  double effective_sample_size = 0.0;
  double largest_weight = 0.0;
};

// nullopt when interrupted. `start_mean`/`start_covariance`: the optimisation start (step 2).
std::optional<ImisResult> imis(const BatchLogLikelihood& log_likelihood, const Eigen::VectorXd& start_mean,
                               const Eigen::MatrixXd& start_covariance, const ImisSettings& settings,
                               const std::function<void(const ImisProgress&)>& on_iteration = {});

// The log density of N(mean, covariance) at x (exposed for tests).
double gaussian_log_density(const Eigen::VectorXd& x, const ImisComponent& component);

}  // namespace repop::calibration
