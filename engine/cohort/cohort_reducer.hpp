#pragma once
// The cohort reducer: per-arm summary states, per-arm event states and the paired comparison of
// arms, added to block by block as the runner hands patients over, and merged across parts of
// one cohort (shards, MPI ranks). Exact integer arithmetic throughout, so adding two halves and
// merging gives the state of one run over both, bit for bit.

#include <memory>
#include <vector>

#include "cohort/arm_comparison.hpp"
#include "cohort/cohort_layouts.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/course_summary_state.hpp"
#include "cohort/event_summary_state.hpp"
#include "cohort/summary_state.hpp"

namespace repop::cohort {

class CohortReducer {
  // First: the states below point into it; shared, so that the reducer can be moved.
  std::shared_ptr<const CohortLayouts> layouts_;

 public:
  explicit CohortReducer(std::shared_ptr<const CohortLayouts> layouts);

  const CohortLayouts& layouts() const { return *layouts_; }
  // A block of consecutive patients, in id order, as the cohort runner hands it over.
  void add(const RecordBlock& block);
  // The states of another part of the same cohort (same layouts). Throws std::invalid_argument
  // for states of another layout.
  void merge(const CohortReducer& other);

  // A fresh course state of arm `arm`'s layout.
  static CourseSummaryState course_state_of(const ArmLayout& arm);
  // For io::CohortWriter::finish: null where the run has no events or no named arms.
  const std::vector<EventSummaryState>* event_states_if_any() const;
  const ArmComparisonState* comparison_if_any() const;

  std::vector<SummaryState> states;              // [arm]
  std::vector<EventSummaryState> event_states;   // [arm], when the run has events
  std::vector<CourseSummaryState> course_states;  // [arm]
  ArmComparisonState comparison;                 // paired differences, with named arms
};

}  // namespace repop::cohort
