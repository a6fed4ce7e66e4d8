#pragma once
// The event part of a cohort file:
//   /events/{patient int64, type uint8, day float64, serious uint8, symptom_delay_day float64,
//            since_course_start_day float64, since_infusion_day float64} [E]
//   /events/<schedule>/{detected_by uint8, detection_day, lead_day} [E]   one row per event
//   /summary/events/<category>/{annual_incidence, annual_incidence_se, cumulative_incidence,
//                               cumulative_incidence_se} [year] + rate and timing attributes
//   /summary/monitoring/<schedule>/<condition>   yield attributes
//   /summary/events/state/...                    exact mergeable state, read by `repop merge`

#include <hdf5.h>

#include <memory>
#include <vector>

#include "cohort/cohort_runner.hpp"
#include "cohort/event_layout.hpp"
#include "cohort/event_summary_state.hpp"
#include "model/declarations.hpp"

namespace repop::io {

class EventWriter {
 public:
  EventWriter(hid_t file, const model::ModelInfo& info, const cohort::EventLayout& layout, bool table);
  ~EventWriter();
  void add_block(const std::vector<cohort::PatientRecord>& records);
  void write_summary(hid_t file, const cohort::EventSummaryState& state);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace repop::io
