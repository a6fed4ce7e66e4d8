#include "calibration/global_sensitivity.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace repop::calibration {

namespace {

struct UnitBand {
  std::vector<double> low, high;
};

UnitBand unit_band(const CalibrationProblem& problem, const std::vector<double>& centre, double width) {
  const auto unit = problem.unit_of(centre);
  UnitBand band;
  for (double u : unit) {
    band.low.push_back(std::max(0.0, u - width));
    band.high.push_back(std::min(1.0, u + width));
  }
  return band;
}

// The targets' values at a point; NaN for targets outside the loss.
std::optional<std::vector<double>> targets_at(const CalibrationProblem& problem, const std::vector<double>& values,
                                              const MeasureCohort& measure) {
  const auto evaluation = problem.evaluate(values, measure);
  if (!evaluation) return std::nullopt;
  std::vector<double> out(evaluation->estimates.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t t : problem.used_targets()) out[t] = evaluation->estimates[t].value;
  return out;
}

}  // namespace

SensitivityBand band_around(const CalibrationProblem& problem, const std::vector<double>& centre, double width) {
  if (!(width > 0.0 && width <= 0.5)) throw std::invalid_argument("the sensitivity band's width must be in (0, 0.5]");
  const auto unit = unit_band(problem, centre, width);
  SensitivityBand band{.low = {}, .centre = centre, .high = {}};
  for (std::size_t j = 0; j < centre.size(); ++j) {
    band.low.push_back(problem.value_at(j, unit.low[j]));
    band.high.push_back(problem.value_at(j, unit.high[j]));
  }
  return band;
}

std::optional<GlobalSensitivity> global_sensitivity(const GlobalSensitivityRequest& request,
                                                    const MeasureCohort& measure,
                                                    const std::function<void(std::size_t, std::size_t)>& on_evaluation) {
  const auto& problem = request.problem;
  const std::size_t k = problem.dimension();
  GlobalSensitivity result;
  result.band = band_around(problem, request.centre, request.width);
  result.base = request.base;
  const auto unit = unit_band(problem, request.centre, request.width);
  const std::optional<SaltelliDesign> design =
      request.base > 0 ? std::optional(saltelli_design(request.base, k)) : std::nullopt;
  const std::size_t total = 2 * k + 1 + (design ? design->points.size() : 0);
  auto evaluate = [&](const std::vector<double>& values) {
    auto out = targets_at(problem, values, measure);
    if (out) on_evaluation(++result.evaluations, total);
    return out;
  };

  // One at a time: the centre, then each parameter at either end of its band.
  auto centre = evaluate(request.centre);
  if (!centre) return std::nullopt;
  result.one_at_a_time.at_centre = *centre;
  for (std::size_t j = 0; j < k; ++j) {
    auto values = request.centre;
    values[j] = result.band.low[j];
    auto low = evaluate(values);
    if (!low) return std::nullopt;
    values[j] = result.band.high[j];
    auto high = evaluate(values);
    if (!high) return std::nullopt;
    result.one_at_a_time.at_low.push_back(std::move(*low));
    result.one_at_a_time.at_high.push_back(std::move(*high));
  }

  // Variance-based: the Saltelli design mapped into the band.
  const std::size_t targets = centre->size();
  result.indices.assign(targets, std::nullopt);
  if (!design) return result;
  std::vector<std::vector<double>> outputs(targets);  // [target][design point]
  for (const auto& point : design->points) {
    std::vector<double> values(k);
    for (std::size_t j = 0; j < k; ++j)
      values[j] = problem.value_at(j, unit.low[j] + point[j] * (unit.high[j] - unit.low[j]));
    const auto at = evaluate(values);
    if (!at) return std::nullopt;
    for (std::size_t t = 0; t < targets; ++t) outputs[t].push_back((*at)[t]);
  }
  for (std::size_t t : problem.used_targets()) result.indices[t] = sobol_indices(*design, outputs[t]);
  return result;
}

}  // namespace repop::calibration
