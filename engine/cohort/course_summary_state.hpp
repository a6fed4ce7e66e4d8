#pragma once
// The mergeable state of what a cohort's courses were and how often its patients relapsed:
// counts and fixed-point sums only, so that any split of the patients merges to bit-identical
// results (see summary_state.hpp). Patients whose integration failed are left out, as from the
// event summaries.

#include <cstdint>
#include <vector>

#include "cohort/state_field.hpp"
#include "cohort/summary_state.hpp"
#include "dosing/course_reason.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"

namespace repop::cohort {

// Courses per patient are counted up to this many; the last count is "this many or more".
inline constexpr std::size_t counted_courses_per_patient = 32;
// Courses from this number on are "late" (beyond the label's two): their start days are kept.
inline constexpr std::size_t first_late_course = 3;

class CourseSummaryState {
 public:
  // `with_events`: the run integrates hazards, so relapses (events of role "relapse") are counted.
  CourseSummaryState(const model::ModelInfo& info, double horizon_day, bool with_events);

  void add(const model::PatientResult& result);
  // Throws std::invalid_argument for a state of another layout.
  void merge(const CourseSummaryState& other);

  std::size_t years, day_bins;
  std::vector<std::uint32_t> relapse_types;  // event types of role "relapse" (empty without events)
  std::uint64_t patients = 0;                // summarised
  std::vector<std::uint64_t> courses_per_patient;  // [0 .. counted_courses_per_patient]: patients
  std::vector<std::uint64_t> by_reason;            // [dosing::CourseReason]: courses
  std::vector<std::uint64_t> by_delay;             // [dosing::CourseDelay]: courses
  std::vector<std::uint64_t> late_start_day;       // [day bin]: courses >= first_late_course by start day
  std::vector<std::uint64_t> relapses_in_year;     // [year]: relapses with onset in year k
  std::vector<Int128> at_risk_years_in_year;       // [year]: follow-up within year k, fixed point

  bool counts_relapses() const { return !relapse_types.empty(); }

  // The fields that merge by adding, named as under /summary/courses/state; besides them a state
  // has `patients`.
  static constexpr auto summed_fields();
};

constexpr auto CourseSummaryState::summed_fields() {
  using S = CourseSummaryState;
  return std::tuple{StateField<S, std::uint64_t>{"courses_per_patient", &S::courses_per_patient},
                    StateField<S, std::uint64_t>{"by_reason", &S::by_reason},
                    StateField<S, std::uint64_t>{"by_delay", &S::by_delay},
                    StateField<S, std::uint64_t>{"late_start_day", &S::late_start_day},
                    StateField<S, std::uint64_t>{"relapses_in_year", &S::relapses_in_year},
                    StateField<S, Int128>{"at_risk_years_in_year", &S::at_risk_years_in_year}};
}

}  // namespace repop::cohort
