#include "calibration/posterior_sample.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "calibration/target_likelihood.hpp"

namespace repop::calibration {

namespace {

// Evaluates points in order, taking each from the record of an earlier run while it lasts.
class PointSource {
 public:
  PointSource(const PosteriorRequest& request, const MeasureCohort& measure, const PosteriorRecord& record)
      : request_(request), measure_(measure), record_(record) {}

  std::optional<PosteriorPoint> operator()(const std::vector<double>& unit) {
    if (next_ < record_.earlier.size()) {
      const PosteriorPoint& earlier = record_.earlier[next_++];
      if (earlier.unit != unit)
        throw std::runtime_error(
            "the record of an earlier posterior run holds other points than this run draws: "
            "it was made from another fit, file or seed");
      ++reused_;
      return earlier;
    }
    const auto& problem = request_.problem;
    const auto evaluation = problem.evaluate(problem.values_at(unit), measure_);
    if (!evaluation) return std::nullopt;
    PosteriorPoint point{
        .unit = unit,
        .log_likelihood = log_likelihood(request_.run.targets(), evaluation->estimates, problem.used_targets()),
        .targets = {},
        .target_se = {}};
    for (std::size_t t : problem.used_targets()) {
      point.targets.push_back(evaluation->estimates[t].value);
      point.target_se.push_back(evaluation->estimates[t].se);
    }
    ++next_;
    if (record_.record) record_.record(point);
    return point;
  }

  int reused() const { return reused_; }

 private:
  const PosteriorRequest& request_;
  const MeasureCohort& measure_;
  const PosteriorRecord& record_;
  std::size_t next_ = 0;
  int reused_ = 0;
};

struct LaplaceStart {
  Eigen::MatrixXd covariance;
};

std::optional<LaplaceStart> laplace_start(const PosteriorRequest& request, const std::vector<double>& fit_unit,
                                          PointSource& source, const PosteriorObserver& observer) {
  const auto& targets = request.run.targets();
  const auto& used = request.problem.used_targets();
  const std::size_t d = fit_unit.size();
  const int total = static_cast<int>(2 * d + 1);
  int done = 0;
  const auto centre = source(fit_unit);
  if (!centre) return std::nullopt;
  if (observer.start_progress) observer.start_progress(++done, total);
  Eigen::MatrixXd jacobian(static_cast<Eigen::Index>(used.size()), static_cast<Eigen::Index>(d));
  for (std::size_t j = 0; j < d; ++j) {
    std::vector<double> up = fit_unit, down = fit_unit;
    up[j] = std::min(1.0, fit_unit[j] + difference_step);
    down[j] = std::max(0.0, fit_unit[j] - difference_step);
    const auto high = source(up);
    if (!high) return std::nullopt;
    if (observer.start_progress) observer.start_progress(++done, total);
    const auto low = source(down);
    if (!low) return std::nullopt;
    if (observer.start_progress) observer.start_progress(++done, total);
    for (std::size_t k = 0; k < used.size(); ++k) {
      const double change =
          range_score(targets[used[k]], high->targets[k]) - range_score(targets[used[k]], low->targets[k]);
      jacobian(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j)) =
          std::isfinite(change) ? change / (up[j] - down[j]) : 0.0;
    }
  }
  Eigen::VectorXd sd(static_cast<Eigen::Index>(used.size()));
  for (std::size_t k = 0; k < used.size(); ++k) {
    const Target& target = targets[used[k]];
    const double value = centre->targets[k];
    const double half_width = value >= target.value ? target.high - target.value : target.value - target.low;
    const double se = std::isfinite(centre->target_se[k]) && half_width > 0.0 ? centre->target_se[k] / half_width : 0.0;
    sd(static_cast<Eigen::Index>(k)) = std::sqrt(1.0 / (range_as_interval_z * range_as_interval_z) + se * se);
  }
  return LaplaceStart{.covariance = laplace_covariance(jacobian, sd)};
}

}  // namespace

Eigen::MatrixXd laplace_covariance(const Eigen::MatrixXd& score_jacobian, const Eigen::VectorXd& score_sd) {
  const Eigen::MatrixXd scaled = score_sd.cwiseInverse().asDiagonal() * score_jacobian;
  Eigen::MatrixXd precision = scaled.transpose() * scaled;
  precision.diagonal().array() += 12.0;  // the uniform prior's variance on [0, 1] is 1/12
  return precision.llt().solve(Eigen::MatrixXd::Identity(precision.rows(), precision.cols()));
}

std::optional<PosteriorOutcome> sample_posterior(const PosteriorRequest& request, const MeasureCohort& measure,
                                                 const PosteriorRecord& record, const PosteriorObserver& observer) {
  PointSource source(request, measure, record);
  PosteriorOutcome outcome;
  outcome.fit_unit = request.problem.unit_of(request.fit);
  const auto start = laplace_start(request, outcome.fit_unit, source, observer);
  if (!start) return std::nullopt;
  outcome.start_covariance = start->covariance;
  const BatchLogLikelihood likelihood =
      [&](const std::vector<std::vector<double>>& units) -> std::optional<std::vector<double>> {
    std::vector<double> values;
    for (const auto& unit : units) {
      auto point = source(unit);
      if (!point) return std::nullopt;
      values.push_back(point->log_likelihood);
      outcome.points.push_back(std::move(*point));
    }
    return values;
  };
  const Eigen::VectorXd mean =
      Eigen::Map<const Eigen::VectorXd>(outcome.fit_unit.data(), static_cast<Eigen::Index>(outcome.fit_unit.size()));
  const TemperedSmcSettings settings{.draws = request.settings.draws,
                                     .moves = request.settings.moves,
                                     .max_evaluations = request.settings.max_evaluations,
                                     .seed = request.settings.seed};
  auto sampled = tempered_smc(likelihood, mean, outcome.start_covariance, settings, observer.stage);
  if (!sampled) return std::nullopt;
  outcome.sampler = std::move(*sampled);
  // The sampler's points outside the box were never evaluated: line the evaluated ones up with them.
  std::vector<PosteriorPoint> aligned;
  std::size_t next = 0;
  const std::size_t targets = request.problem.used_targets().size();
  for (const auto& p : outcome.sampler.points) {
    if (next < outcome.points.size() && outcome.points[next].unit == p.unit) {
      aligned.push_back(std::move(outcome.points[next++]));
    } else {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      aligned.push_back({.unit = p.unit,
                         .log_likelihood = p.log_likelihood,
                         .targets = std::vector<double>(targets, nan),
                         .target_se = std::vector<double>(targets, nan)});
    }
  }
  outcome.points = std::move(aligned);
  for (std::size_t i : outcome.sampler.ensemble)
    outcome.ensemble_values.push_back(request.problem.values_at(outcome.points[i].unit));
  outcome.reused = source.reused();
  return outcome;
}

}  // namespace repop::calibration
