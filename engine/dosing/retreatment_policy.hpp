#pragma once
// When a patient gets a further course, beyond the planned ones. A policy reacts to what a clinic
// would see: a relapse when it happens, new MRI activity at a scheduled scan, and (if gated) the
// CD4 count when the course is due.

#include <vector>

#include "dosing/regimen.hpp"

namespace repop::dosing {

struct RetreatmentPolicy {
  bool on_relapse = true;         // a relapse triggers a course
  bool on_mri_activity = true;    // a scan that shows new lesions since the previous scan triggers a course
  double delay_day = 30.0;        // d from the trigger to the course's first infusion
  double min_interval_day = 365.0;  // d between the starts of two courses (label: at least 12 months)
  int max_courses = 5;            // courses in all, planned ones included
  // What a further course is (start set when given); a scenario's policy starts from the last
  // course of the model's default regimen.
  Course course{};
  // Gate: a due course waits, re-checked every `gate_recheck_day`, until this quantity is at
  // least `gate_at_least` (0: no gate).
  std::vector<std::size_t> gate_variables;  // trajectory variables summed, e.g. {CD4}
  double gate_at_least = 0.0;
  double gate_recheck_day = 30.0;  // d
  double first_scan_day = 365.0;   // d; then every scan_interval_day
  double scan_interval_day = 365.0;
};

}  // namespace repop::dosing
