#pragma once
// Cohort runs and the merging of their shards.

#include "cli/commands.hpp"
#include "io/scenario.hpp"

namespace repop::cli {

int run_cohort(const io::Scenario& scenario, const RunOptions& options);

}  // namespace repop::cli
