#include "calibration/staged_search.hpp"

#include <algorithm>
#include <cmath>
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

std::string summary(const SearchStage& stage, const MultiStartResult& m) {
  std::string budget;
  for (std::size_t k = 0; k < m.searches.size(); ++k)
    if (!m.searches[k].result.converged) budget += (budget.empty() ? "" : ", ") + std::to_string(k + 1);
  const std::string counted = std::to_string(m.searches.size()) + " local searches from " +
                              std::to_string(m.design_evaluations) + " design points";
  if (budget.empty()) return counted + ", every one converged";
  return "STOPPED ON ITS BUDGET (" + std::to_string(stage.max_evaluations) + " evaluations): local search " + budget +
         " of " + counted;
}

}  // namespace

bool StagedSearchResult::any_on_budget() const {
  return std::any_of(stages.begin(), stages.end(), [](const StageSearch& s) { return !s.search.all_converged(); });
}

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
    const OptimizerSettings local{.algorithm = algorithm,
                                  .max_evaluations = stage.max_evaluations,
                                  .step = step,
                                  .tolerance = stage.tolerance,
                                  .loss_tolerance = stage.loss_tolerance};
    StageSearch done{.name = stage.name, .free = stage.free, .search = {}, .global = stage.starts.has_value()};
    OptimizerResult result;
    if (stage.starts) {
      done.search = multi_start_minimise(
          loss, unit_start, {.design_points = *stage.starts, .local_searches = stage.local_searches, .local = local});
      if (done.search.interrupted) {
        out.interrupted = true;
        return out;
      }
      result = done.search.searches[done.search.best].result;
      result.evaluations = done.search.evaluations();
      result.stop_reason = summary(stage, done.search);
      result.converged = done.search.all_converged();
    } else {
      result = minimise(loss, unit_start, local);
      if (result.interrupted) {
        out.interrupted = true;
        return out;
      }
      done.search.searches.push_back({.start = unit_start, .start_loss = NAN, .result = result});
    }
    out.stages.push_back(std::move(done));
    out.stop_reason += (out.stop_reason.empty() ? "" : "; ") + stage.name + ": " + result.stop_reason;
    // A stage without a single evaluation (no budget) leaves the values as they were.
    if (!stage_best) continue;
    out.values = stage_best->values;
    if (observer.stage_done) observer.stage_done(stage, result, *stage_best);
  }
  return out;
}

}  // namespace repop::calibration
