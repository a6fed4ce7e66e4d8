#include "calibration/staged_fit.hpp"

namespace repop::calibration {

std::optional<CalibrationOutcome> staged_fit(const FitRequest& request, const MeasureCohort& measure,
                                             const FitObserver& observer) {
  const CalibrationProblem& problem = request.problem;
  CalibrationOutcome outcome;
  outcome.spec = &request.spec;
  outcome.run = &request.run;
  outcome.problem = &problem;
  outcome.command_line = request.command_line;
  const auto base = problem.evaluate(problem.base_values(), measure);
  if (!base) return std::nullopt;
  outcome.base = *base;
  outcome.best = *base;
  if (observer.base_evaluated) observer.base_evaluated(*base);

  // Every evaluation of the search goes into the trace, in order.
  StagedSearchObserver search = observer.search;
  search.evaluated = [&](const SearchStage& stage, int evaluation, const Evaluation& e, const Evaluation& best) {
    outcome.trace.push_back({stage.name, evaluation, e, stage.wanted});
    if (observer.search.evaluated) observer.search.evaluated(stage, evaluation, e, best);
  };
  auto evaluate = [&](const std::vector<double>& values, const std::vector<bool>& wanted) {
    return problem.evaluate(values, measure, wanted);
  };
  const auto searched = staged_search(request.spec.free, problem.searches(request.evaluation_cap),
                                      problem.start_values(), evaluate, request.spec.algorithm, request.spec.step,
                                      search);
  if (searched.interrupted) return std::nullopt;
  outcome.optimizer.evaluations = searched.evaluations;
  outcome.optimizer.stop_reason = searched.stop_reason;
  outcome.stages = searched.stages;

  const auto fitted = problem.evaluate(searched.values, measure);
  if (!fitted) return std::nullopt;
  outcome.best = *fitted;

  const auto sensitivity = local_sensitivity(problem, request.run, outcome.best.values, request.spec.sensitivity_step,
                                             measure, [&](int done, int total) {
                                               if (observer.sensitivity_progress) observer.sensitivity_progress(done, total);
                                             });
  if (!sensitivity) return std::nullopt;
  outcome.sensitivity = *sensitivity;
  return outcome;
}

ModelVariant calibrated_variant(const CalibrationOutcome& outcome) {
  const CalibrationSpec& spec = *outcome.spec;
  ModelVariant variant;
  variant.name = spec.variant;
  variant.base_model = spec.base_model;
  variant.description = spec.base_model + " with " + std::to_string(spec.free.size()) +
                        " parameters fitted to published figures by repop calibrate " + spec.path;
  variant.provenance = calibration_provenance(outcome);
  for (std::size_t j = 0; j < spec.free.size(); ++j)
    variant.values.push_back({spec.free[j].parameter, spec.free[j].variability, outcome.best.values[j],
                              outcome.base.values[j]});
  return variant;
}

}  // namespace repop::calibration
