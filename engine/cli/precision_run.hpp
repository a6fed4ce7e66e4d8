#pragma once
// A cohort run with `precision:`: the patients in whole blocks, the summary checked after each,
// until every named figure's Monte Carlo SE is at most the target or the cohort's patients are
// all done. The blocks are [first + k·B, first + (k+1)·B): the same patients, in the same order,
// as a plain run, and the check sees the same exact summaries at any thread count, so the stop is
// too: the result is that of a plain run of the patients it took.

#include <cstdint>
#include <cstdio>
#include <functional>

#include <nlohmann/json.hpp>

#include "cohort/cohort_runner.hpp"
#include "plan/run_plan.hpp"
#include "io/precision_check.hpp"
#include "plan/precision_settings.hpp"

namespace repop::cli {

struct PrecisionRun {
  bool finished = false;         // false: interrupted
  std::uint64_t end_patient = 0;  // the patients run are [first, end_patient)
  io::PrecisionCheck check;      // at the stop
};

// Throws core::InputError naming every figure of the plan's `precision:` that its summary does not
// have with a standard error (checked on the summary of no patients, which has every figure).
void check_precision_figures(const plan::RunPlan& plan);

// `summary()`: the summary JSON of every patient consumed so far; `on_check(check, end)` after
// every block.
PrecisionRun run_until_precise(const cohort::CohortProblem& run, const cohort::CohortControl& control,
                               const plan::PrecisionSettings& settings, const std::function<nlohmann::json()>& summary,
                               const std::function<void(const cohort::RecordBlock&)>& consume_in_order,
                               const std::function<void(const io::PrecisionCheck&, std::uint64_t)>& on_check = {});

// "repop: after 3000 patients, Monte Carlo SE (target 0.005): /events/thyroid/cumulative_incidence
// 0.0061", one line.
void print_precision(const io::PrecisionCheck& check, const plan::PrecisionSettings& settings,
                     std::uint64_t patients, std::FILE* to);

}  // namespace repop::cli
