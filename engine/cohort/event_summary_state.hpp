#pragma once
// The mergeable state of a cohort's event summaries: counts and fixed-point sums only, so that
// any split of the patients merges to bit-identical results (see summary_state.hpp).

#include <cstdint>
#include <vector>

#include "cohort/event_layout.hpp"
#include "cohort/state_field.hpp"
#include "cohort/summary_state.hpp"
#include "model/patient_problem.hpp"
#include "monitoring/detection.hpp"

namespace repop::cohort {

class EventSummaryState {
 public:
  explicit EventSummaryState(const EventLayout& layout);

  // `course_starts` (days) give the time from the latest course to each event.
  void add(const model::PatientResult& result, const monitoring::PatientMonitoring& monitoring,
           const std::vector<double>& course_starts);
  void merge(const EventSummaryState& other);

  std::size_t categories, years, day_bins, schedules, monitored;
  std::uint64_t patients = 0;
  std::vector<std::uint64_t> with_event_in_year;   // [category][year]: patients with >= 1 event
  std::vector<std::uint64_t> first_event_day;      // [category][day bin]; last bin: no event
  std::vector<std::uint64_t> event_count;          // [category]
  std::vector<std::uint64_t> event_count_squared;  // [category]: sum over patients of count²
  std::vector<Int128> count_times_followup;        // [category]: sum of count·years, fixed point
  Int128 followup_years = 0, followup_years_squared = 0;
  std::vector<std::uint64_t> since_course_day;     // [category][day bin]: days since the latest course start
  // monitoring, [schedule][monitored type]
  std::vector<std::uint64_t> cases;                // onsets within the horizon
  std::vector<std::uint64_t> found_by_tests;
  std::vector<std::uint64_t> lead_day;             // [schedule][monitored type][day bin]
  std::vector<std::uint64_t> tests_done;           // [schedule][test]
  std::vector<std::uint64_t> tests_by_day;         // [schedule][test][day bin]
  std::vector<double> latest_onset_day;            // [monitored type]; -1 if none (merged by max)

  // The fields that merge by adding, named as under /summary/events/state. Besides them a state
  // has `patients`, the two follow-up sums (stored together as followup_years) and
  // latest_onset_day, which merges by maximum.
  static constexpr auto summed_fields();

  std::size_t test_offset(std::size_t schedule) const { return test_offsets_[schedule]; }
  std::size_t test_total() const { return test_offsets_.back(); }

 private:
  const EventLayout* layout_;
  std::vector<std::size_t> test_offsets_;
};

constexpr auto EventSummaryState::summed_fields() {
  using S = EventSummaryState;
  return std::tuple{StateField<S, std::uint64_t>{"with_event_in_year", &S::with_event_in_year},
                    StateField<S, std::uint64_t>{"first_event_day", &S::first_event_day},
                    StateField<S, std::uint64_t>{"event_count", &S::event_count},
                    StateField<S, std::uint64_t>{"event_count_squared", &S::event_count_squared},
                    StateField<S, Int128>{"count_times_followup", &S::count_times_followup},
                    StateField<S, std::uint64_t>{"since_course_day", &S::since_course_day},
                    StateField<S, std::uint64_t>{"cases", &S::cases},
                    StateField<S, std::uint64_t>{"found_by_tests", &S::found_by_tests},
                    StateField<S, std::uint64_t>{"lead_day", &S::lead_day},
                    StateField<S, std::uint64_t>{"tests_done", &S::tests_done},
                    StateField<S, std::uint64_t>{"tests_by_day", &S::tests_by_day}};
}

}  // namespace repop::cohort
