#include "cohort/cohort_reducer.hpp"

#include <stdexcept>

namespace repop::cohort {

CohortReducer::CohortReducer(std::shared_ptr<const CohortLayouts> layouts)
    : layouts_(std::move(layouts)), comparison(layouts_->comparison) {
  // Each made in place: copies of one would need memory for one more state while they are made.
  states.reserve(layouts_->arms.size());
  for (const auto& arm : layouts_->arms) states.emplace_back(arm.summary);
  course_states.reserve(layouts_->arms.size());
  for (const auto& arm : layouts_->arms) course_states.push_back(course_state_of(arm));
  if (layouts_->arms.front().events()) {
    event_states.reserve(layouts_->arms.size());
    for (const auto& arm : layouts_->arms) event_states.emplace_back(*arm.events());
  }
}

void CohortReducer::add(const RecordBlock& block) {
  std::vector<const model::PatientResult*> results;
  for (std::size_t a = 0; a < block.size(); ++a) {
    results.clear();
    for (const auto& record : block[a]) results.push_back(&record.result);
    states[a].add(results);
    for (const model::PatientResult* result : results) course_states[a].add(*result);
  }
  for (std::size_t a = 0; a < block.size(); ++a)
    for (const auto& record : block[a]) {
      if (event_states.empty() || record.result.code != model::ReturnCode::success) continue;
      std::vector<double> course_starts;
      for (const auto& course : record.result.courses) course_starts.push_back(course.start_day);
      event_states[a].add(record.result, record.monitoring, course_starts);
    }
  if (!layouts_->named_arms) return;
  std::vector<const PatientRecord*> row(block.size());
  for (std::size_t i = 0; i < block.front().size(); ++i) {
    for (std::size_t a = 0; a < block.size(); ++a) row[a] = &block[a][i];
    comparison.add(row);
  }
}

void CohortReducer::merge(const CohortReducer& other) {
  if (other.states.size() != states.size() || other.event_states.size() != event_states.size())
    throw std::invalid_argument("cohort states of different layouts cannot be merged");
  for (std::size_t a = 0; a < states.size(); ++a) states[a].merge(other.states[a]);
  for (std::size_t a = 0; a < event_states.size(); ++a) event_states[a].merge(other.event_states[a]);
  for (std::size_t a = 0; a < course_states.size(); ++a) course_states[a].merge(other.course_states[a]);
  if (layouts_->named_arms) comparison.merge(other.comparison);
}

CourseSummaryState CohortReducer::course_state_of(const ArmLayout& arm) {
  return CourseSummaryState(*arm.info, arm.summary.horizon_day, arm.events() != nullptr);
}

const std::vector<EventSummaryState>* CohortReducer::event_states_if_any() const {
  return event_states.empty() ? nullptr : &event_states;
}

const ArmComparisonState* CohortReducer::comparison_if_any() const {
  return layouts_->named_arms ? &comparison : nullptr;
}

}  // namespace repop::cohort
