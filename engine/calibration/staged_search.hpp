#pragma once
// The search of a calibration, stage after stage: each stage's optimiser moves only that stage's
// free parameters (on their unit scale) against only that stage's targets, every other parameter
// held at its exact value, and the next stage starts from the best evaluation of this one. When
// targets split into groups that only some parameters reach, this finds in a few hundred
// evaluations what one search over everything needs thousands for (calibration_spec.hpp).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration_problem.hpp"
#include "calibration/optimizer.hpp"

namespace repop::calibration {

// The free parameters' values (their units) → the evaluation against the `wanted` targets (per
// target; the loss counts only those); nullopt stops the search (an interrupt).
using EvaluatePoint =
    std::function<std::optional<Evaluation>(const std::vector<double>& values, const std::vector<bool>& wanted)>;

// What the search reports as it goes; each may be left empty.
struct StagedSearchObserver {
  // After every evaluation: its stage, its number (from 1, counted over all stages), the
  // evaluation, and the best of its stage so far (this one included).
  std::function<void(const SearchStage& stage, int evaluation, const Evaluation& e, const Evaluation& stage_best)>
      evaluated;
  // After a stage's optimiser stopped: why, after how many evaluations, and its best evaluation.
  std::function<void(const SearchStage& stage, const OptimizerResult& result, const Evaluation& stage_best)>
      stage_done;
};

struct StagedSearchResult {
  std::vector<double> values;  // after the last stage, in the parameters' units
  int evaluations = 0;         // over all stages
  std::string stop_reason;     // "<stage>: <optimiser's reason>", joined by "; "
  bool interrupted = false;    // an evaluation returned nullopt; `values` are those before its stage
};

// Runs `stages` in order from `start` (one value per free parameter, in its unit) with the NLopt
// `algorithm` and initial unit `step`. Throws std::invalid_argument when `start` does not have one
// value per free parameter or a stage names a free parameter that is not there.
StagedSearchResult staged_search(const std::vector<FreeParameter>& free, const std::vector<SearchStage>& stages,
                                 const std::vector<double>& start, const EvaluatePoint& evaluate,
                                 const std::string& algorithm, double step, const StagedSearchObserver& observer = {});

}  // namespace repop::calibration
