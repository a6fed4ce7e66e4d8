#pragma once
// `repop run` of a scenario with `uncertainty:`: the cohort run once per parameter set (draw), each
// on patients of its own, into one results file. The file's patients and summaries pool every
// draw (the predictive distribution of the cohort, parameter uncertainty included); its group
// /uncertainty and the summary JSON's "uncertainty" block give each headline figure across the
// draws with its variance split into parameter and Monte Carlo parts (io/uncertainty_summary.hpp).

#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cohort/cohort_layouts.hpp"
#include "plan/run_plan.hpp"
#include "plan/scenario.hpp"

namespace repop::cli {

// Throws as run_cohort does; an interruption leaves no file. With --shard i/K, runs draws
// [D·i/K, D·(i+1)/K) (their patients, [first draw·N, end draw·N) of the D·N) into a part file
// that keeps each draw's summary JSON too (/uncertainty/draw_summary), so that `repop merge`
// (io/uncertainty_merge.hpp) gives exactly the file and summary of the whole run.
int run_uncertainty(const plan::Scenario& scenario, const RunOptions& options);

// One part of an uncertainty run, as an MPI rank runs it: draws `part` of the scenario's into
// `output_path` (no summary JSON, no headlines: the join gives them).
void run_uncertainty_part(const plan::Scenario& scenario, const RunOptions& options, const std::string& output_path,
                          plan::PatientPart part, bool show_progress);

// The comparison across draws on the terminal (for a whole run, and for a join of its parts).
void print_comparison_across_draws(const nlohmann::json& uncertainty, const cohort::CohortLayouts& layouts);

}  // namespace repop::cli
