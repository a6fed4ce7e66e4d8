#pragma once
// The summaries of a cohort, one per arm, with the layouts they are kept in: what a run adds up
// patient by patient, what `repop merge` adds up from shard files, and what both print and write
// as JSON. Built from the scenario alone, so a run and a merge of its shards agree on the layout.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cohort/arm_comparison.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/event_layout.hpp"
#include "cohort/event_summary_state.hpp"
#include "cohort/summary_layout.hpp"
#include "cohort/summary_state.hpp"
#include "io/atomic_output.hpp"
#include "io/scenario.hpp"
#include "io/summary_json.hpp"

namespace repop::cli {

// The states point into these layouts, so they live at one address (see CohortSummaries).
struct CohortLayouts {
  explicit CohortLayouts(const io::Scenario& scenario);
  CohortLayouts(const CohortLayouts&) = delete;
  CohortLayouts& operator=(const CohortLayouts&) = delete;

  const cohort::EventLayout* events() const { return event_layout ? &*event_layout : nullptr; }

  cohort::SummaryLayout summary;
  std::optional<cohort::EventLayout> event_layout;  // when the scenario integrates hazards
  std::vector<std::string> arm_names;               // {""} for a scenario without `arms:`
  bool named_arms = false;
  cohort::ArmComparisonLayout comparison;
};

class CohortSummaries {
  // First, and on the heap: the states below point into it, and moving the summaries keeps it.
  std::unique_ptr<const CohortLayouts> layouts_;

 public:
  explicit CohortSummaries(const io::Scenario& scenario);

  const CohortLayouts& layouts() const { return *layouts_; }
  // A block of consecutive patients, in id order, as the cohort runner hands it over.
  void add(const cohort::RecordBlock& block);

  // For io::CohortWriter::finish: null where the scenario has no events or no named arms.
  const std::vector<cohort::EventSummaryState>* event_states_if_any() const;
  const cohort::ArmComparisonState* comparison_if_any() const;

  std::vector<cohort::SummaryState> states;              // [arm]
  std::vector<cohort::EventSummaryState> event_states;   // [arm], when the scenario has events
  cohort::ArmComparisonState comparison;                 // paired differences, with named arms
};

// The headline figures on stderr: recoveries, event incidence and monitoring yield per arm, and
// the paired comparison of arms.
void print_headlines(const model::ModelInfo& info, const CohortSummaries& summaries);

// The document of --summary-json (README.md, "Summary JSON").
nlohmann::json summary_json(const io::RunIdentity& identity, const model::ModelInfo& info,
                            const CohortSummaries& summaries);

// Writes the document of --summary-json into `output`'s temporary file, which the caller commits
// with the run's other outputs; returns 0, or reports the problem (naming the JSON file) and
// returns 74.
int write_summary_json(const io::AtomicOutput& output, const io::RunIdentity& identity, const model::ModelInfo& info,
                       const CohortSummaries& summaries);

// Patients that failed numerically, from the written file `output_path`: a warning with their number
// when some did; an error when every patient of the cohort (or of an arm) did, so that there is
// nothing to summarise. Returns 0, or 70 in the latter case.
int report_failed_patients(const CohortSummaries& summaries, const std::string& output_path);

}  // namespace repop::cli
