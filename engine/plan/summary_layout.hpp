#pragma once
// What a run summarises for one model: every variable, the model's summed quantities, and the
// scenario's thresholds and recoveries.

#include <vector>

#include "cohort/summary_layout.hpp"
#include "model/declarations.hpp"
#include "plan/cohort_settings.hpp"

namespace repop::plan {

// Thresholds and recoveries on a quantity `info` does not have are left out: they belong to
// another model of the scenario (names of the scenario's model are checked when it is read).
cohort::SummaryLayout summary_layout(const model::ModelInfo& info, const CohortSettings& settings,
                                     std::vector<double> output_days, double horizon_day);

}  // namespace repop::plan
