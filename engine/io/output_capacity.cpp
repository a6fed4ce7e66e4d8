#include "io/output_capacity.hpp"

#include <algorithm>

namespace repop::io {

namespace {

// The scenario key that adds to an axis for each arm, named when a scenario without arms is over.
std::string growing_key(const std::string& axis) {
  if (axis == "time") return "cohort.trajectories";
  if (axis == "patient") return "summary.recoveries";
  if (axis == "event") return "monitoring.schedules";
  return "";
}

}  // namespace

std::vector<AxisAttachments> axis_attachments(const Scenario& scenario) {
  const model::ModelInfo& info = scenario.model->info;
  const std::size_t variables = info.variables.size();
  const bool trajectories = scenario.cohort.trajectories != 0;
  const std::size_t kept = trajectories ? variables : 0;
  const bool table = scenario.events.enabled && scenario.events.table;
  // The summary's groups carry their own copies of time, quantile and the years
  // (h5::local_dimension_scale), a few datasets each, so only these share an axis.
  return {
      // The kept trajectories.
      {"time", true, kept},
      // Per parameter its value; return_code, accepted/rejected steps, right-hand sides, courses; per recovery its day.
      {"patient", true, info.parameters.size() + 5 + scenario.cohort.recoveries.size()},
      // The event table's patient, type, day, serious, symptom delay, the two times since the latest
      // course; per schedule three columns.
      {"event", false, table ? 7 + 3 * scenario.events.schedules.size() : 0},
      // (The course table's axis holds its own ten or eleven columns whatever the scenario.)
      {"trajectory_patient", false, kept},
  };
}

void check_output_capacity(const Scenario& scenario, core::ProblemList& problems) {
  const std::size_t arms = std::max<std::size_t>(1, scenario.arms.size());
  auto overfull = [&](const AxisAttachments& use, std::size_t total) {
    return std::to_string(total) + " datasets would share the output file's " + use.axis + " axis, more than the " +
           std::to_string(max_axis_attachments) + " an HDF5 file can attach to one axis";
  };
  // Of the axes all arms share, the fullest says how many arms fit.
  const std::vector<AxisAttachments> uses = axis_attachments(scenario);
  const AxisAttachments* fullest = nullptr;
  for (const auto& use : uses) {
    const std::size_t total = use.per_arm * (use.shared ? arms : 1);
    if (total <= max_axis_attachments) continue;
    if (!use.shared || arms == 1) problems.add(growing_key(use.axis), overfull(use, total));
    else if (!fullest || use.per_arm > fullest->per_arm) fullest = &use;
  }
  if (fullest)
    problems.add("arms", std::to_string(arms) + " arms of " + std::to_string(fullest->per_arm) + " datasets each: " +
                             overfull(*fullest, fullest->per_arm * arms) + "; at most " +
                             std::to_string(max_axis_attachments / fullest->per_arm) + " arms fit (" +
                             (fullest->axis == "patient" ? "fewer recoveries leave" : "no kept trajectories leaves") +
                             " room for more)");
}

}  // namespace repop::io
