#pragma once
// The course table of a cohort file, one row per course given, patient by patient and in the
// order of the patient's courses:
//   /courses/{course int64 (row number, the "course" dimension), patient int64, number uint32,
//             start_day float64, infusion_days uint32, dose_mg float64, total_mg float64,
//             infusion_hours float64, reason uint8, delay uint8} [C]
// plus `arm` uint8 [C] in a file with arms (its flag_meanings name the arms), so that the tables
// of several arms can be stacked. Every column has units and long_name; reason and delay have
// flag_meanings (dosing/course_reason.hpp). Written as the run goes, like the event table.
// At the end, the summaries (write_course_summary):
//   /summary/courses/{share_with_courses [33], share_by_reason [3], share_by_delay [3],
//                     late_starts_by_year [year]} + attributes patients, courses, mean_per_patient,
//                     late_courses, late_start_{q25,median,q75}_day
//   /summary/courses/state/...                  exact mergeable state, read by `repop merge`
//   /summary/relapse_rate/{rate, relapses, patient_years} [year] + attributes rate, relapses,
//                     patient_years             (runs that count relapses)

#include <hdf5.h>

#include <memory>
#include <string>
#include <vector>

#include "cohort/cohort_runner.hpp"
#include "cohort/course_summary_state.hpp"

namespace repop::io {

class CourseWriter {
 public:
  // `root`: the arm's group (or the file's root); `arm_names` empty for a file without arms.
  CourseWriter(hid_t root, std::size_t arm, const std::vector<std::string>& arm_names);
  ~CourseWriter();
  void add_block(const std::vector<cohort::PatientRecord>& records);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Into `summary_group` (an arm's /summary, which must exist).
void write_course_summary(hid_t summary_group, const cohort::CourseSummaryState& state);

}  // namespace repop::io
