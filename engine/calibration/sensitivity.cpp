#include "calibration/sensitivity.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Dense>

namespace repop::calibration {

std::vector<double> log_sd_from(const std::vector<std::vector<double>>& score_change, double step,
                                const std::vector<double>& weights) {
  const auto targets = static_cast<Eigen::Index>(score_change.size());
  const auto params = targets ? static_cast<Eigen::Index>(score_change.front().size()) : 0;
  Eigen::MatrixXd J(targets, params);
  for (Eigen::Index t = 0; t < targets; ++t)
    for (Eigen::Index j = 0; j < params; ++j)
      J(t, j) = score_change[static_cast<std::size_t>(t)][static_cast<std::size_t>(j)] / std::log1p(step);
  Eigen::VectorXd w(targets);
  for (Eigen::Index t = 0; t < targets; ++t) w(t) = weights[static_cast<std::size_t>(t)];
  const Eigen::MatrixXd F = J.transpose() * w.asDiagonal() * J;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(F);
  const Eigen::VectorXd& lambda = eigen.eigenvalues();
  const Eigen::MatrixXd& V = eigen.eigenvectors();
  const double largest = lambda.size() ? lambda.maxCoeff() : 0.0;
  std::vector<double> sd(static_cast<std::size_t>(params), 0.0);
  for (Eigen::Index j = 0; j < params; ++j) {
    double variance = 0.0;
    for (Eigen::Index k = 0; k < params; ++k) {
      const double loading = V(j, k) * V(j, k);
      // A direction the targets do not see at all: the parameter is not identified if it loads on it.
      if (lambda(k) <= 1e-12 * largest || lambda(k) <= 0.0) {
        if (loading > 1e-6) variance = std::numeric_limits<double>::infinity();
        continue;
      }
      variance += loading / lambda(k);
    }
    sd[static_cast<std::size_t>(j)] = std::sqrt(variance);
  }
  return sd;
}

std::optional<Sensitivity> local_sensitivity(const CalibrationProblem& problem, const TargetRun& run,
                                             const std::vector<double>& values, double step,
                                             const MeasureCohort& measure,
                                             const std::function<void(int, int)>& on_evaluation) {
  Sensitivity s;
  s.step = step;
  const std::size_t n = values.size();
  const auto& targets = problem.used_targets();
  s.score_change.assign(targets.size(), std::vector<double>(n, 0.0));
  const int total = static_cast<int>(2 * n);
  int done = 0;
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> up = values, down = values;
    up[j] *= 1.0 + step;
    down[j] /= 1.0 + step;
    const auto high = problem.evaluate(up, measure);
    if (!high) return std::nullopt;
    on_evaluation(++done, total);
    const auto low = problem.evaluate(down, measure);
    if (!low) return std::nullopt;
    on_evaluation(++done, total);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const Target& target = run.targets()[targets[i]];
      // Half the change over the factor (1 + step)² is the change per factor (1 + step).
      s.score_change[i][j] = 0.5 * (range_score(target, high->estimates[targets[i]].value) -
                                    range_score(target, low->estimates[targets[i]].value));
    }
  }
  std::vector<double> weights;
  for (std::size_t t : targets) weights.push_back(problem.weight(t));
  s.log_sd = log_sd_from(s.score_change, step, weights);
  return s;
}

}  // namespace repop::calibration
