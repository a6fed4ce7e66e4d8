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
#include "calibration/multi_start.hpp"
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

// How one stage's search went: its local searches (one, without a global phase) on the stage's
// unit box, the parameters it moved (indices into the free parameters).
struct StageSearch {
  std::string name;
  std::vector<std::size_t> free;
  MultiStartResult search;
  bool global = false;  // had a global phase
};

struct StagedSearchResult {
  std::vector<double> values;  // after the last stage, in the parameters' units
  int evaluations = 0;         // over all stages
  // "<stage>: <optimiser's reason>", joined by "; "; a stage with a global phase says whether every
  // local search converged, and names those that stopped on their budget.
  std::string stop_reason;
  std::vector<StageSearch> stages;
  bool interrupted = false;    // an evaluation returned nullopt; `values` are those before its stage
  bool any_on_budget() const;  // some local search stopped on its budget, not on convergence
};

// Runs `stages` in order from `start` (one value per free parameter, in its unit) with the NLopt
// `algorithm` and initial unit `step`; a stage with `starts` is a global phase and local searches
// (multi_start.hpp), any other one local search. Throws std::invalid_argument when `start` does not have one
// value per free parameter or a stage names a free parameter that is not there.
StagedSearchResult staged_search(const std::vector<FreeParameter>& free, const std::vector<SearchStage>& stages,
                                 const std::vector<double>& start, const EvaluatePoint& evaluate,
                                 const std::string& algorithm, double step, const StagedSearchObserver& observer = {});

}  // namespace repop::calibration
