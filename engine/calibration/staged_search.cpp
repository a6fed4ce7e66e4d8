#include "calibration/staged_search.hpp"

#include <stdexcept>

#include "calibration/optimizer.hpp"
#include "calibration/unit_scale.hpp"

namespace repop::calibration {

namespace {

void check_fits(const std::vector<FreeParameter>& free, const std::vector<SearchStage>& stages,
                const std::vector<double>& start) {
  if (start.size() != free.size())
    throw std::invalid_argument("the search starts from " + std::to_string(start.size()) + " values for " +
                                std::to_string(free.size()) + " free parameters");
  for (const auto& stage : stages)
    for (const std::size_t i : stage.free)
      if (i >= free.size())
        throw std::invalid_argument("stage " + stage.name + " moves free parameter " + std::to_string(i) +
                                    ", but there are " + std::to_string(free.size()));
}

}  // namespace

StagedSearchResult staged_search(const std::vector<FreeParameter>& free, const std::vector<SearchStage>& stages,
                                 const std::vector<double>& start, const EvaluatePoint& evaluate,
                                 const std::string& algorithm, double step, const StagedSearchObserver& observer) {
  check_fits(free, stages, start);
  StagedSearchResult out;
  out.values = start;
  for (const auto& stage : stages) {
    std::optional<Evaluation> stage_best;
    std::vector<double> unit_start;
    for (const std::size_t i : stage.free) unit_start.push_back(unit_of(free[i], out.values[i]));
    auto loss = [&](const std::vector<double>& unit) -> std::optional<double> {
      // Parameters of other stages keep their exact values; this stage's come from the optimiser.
      std::vector<double> point = out.values;
      for (std::size_t k = 0; k < stage.free.size(); ++k) point[stage.free[k]] = value_at(free[stage.free[k]], unit[k]);
      const auto e = evaluate(point, stage.wanted);
      if (!e) return std::nullopt;
      ++out.evaluations;
      if (!stage_best || e->loss < stage_best->loss) stage_best = *e;
      if (observer.evaluated) observer.evaluated(stage, out.evaluations, *e, *stage_best);
      return e->loss;
    };
    const auto result = minimise(loss, unit_start, {algorithm, stage.max_evaluations, step});
    if (result.interrupted) {
      out.interrupted = true;
      return out;
    }
    out.stop_reason += (out.stop_reason.empty() ? "" : "; ") + stage.name + ": " + result.stop_reason;
    // A stage without a single evaluation (no budget) leaves the values as they were.
    if (!stage_best) continue;
    out.values = stage_best->values;
    if (observer.stage_done) observer.stage_done(stage, result, *stage_best);
  }
  return out;
}

}  // namespace repop::calibration
