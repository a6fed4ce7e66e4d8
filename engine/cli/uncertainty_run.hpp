#pragma once
// `repop run` of a scenario with `uncertainty:`: the cohort run once per parameter set (draw), each
// on patients of its own, into one results file. The file's patients and summaries pool every
// draw (the predictive distribution of the cohort, parameter uncertainty included); its group
// /uncertainty and the summary JSON's "uncertainty" block give each headline figure across the
// draws with its variance split into parameter and Monte Carlo parts (io/uncertainty_summary.hpp).

#include "cli/commands.hpp"
#include "plan/scenario.hpp"

namespace repop::cli {

// Throws as run_cohort does; an interruption leaves no file.
int run_uncertainty(const plan::Scenario& scenario, const RunOptions& options);

}  // namespace repop::cli
