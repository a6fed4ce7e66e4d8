#pragma once
// What monitoring makes of one patient's events: for each schedule, which conditions a test
// found before symptoms, how early, and how many tests were done. Every random draw is keyed by
// (seed, patient) and by the visit day, so schedules that share a visit share its attendance
// and its test outcomes: differences between schedules are paired.

#include <cstdint>
#include <vector>

#include "model/declarations.hpp"
#include "model/patient_problem.hpp"
#include "monitoring/schedule.hpp"

namespace repop::monitoring {

enum class DetectedBy : std::uint8_t {
  not_monitored = 0,  // an event no test looks for (infections)
  monitoring = 1,     // a scheduled test found it before symptoms
  symptoms = 2,       // symptoms brought the patient in first
};

struct EventDetection {
  DetectedBy by = DetectedBy::not_monitored;
  double day = 0.0;       // d when it was found
  double lead_day = 0.0;  // d gained over symptoms: onset + S − day (0 when found by symptoms)
};

struct ScheduleOutcome {
  std::vector<EventDetection> events;       // one per PatientResult::events entry
  std::vector<std::uint32_t> tests_done;    // per TestKind of the schedule
  std::vector<double> attended_visit_days;  // d
};

struct PatientMonitoring {
  std::vector<double> symptom_delay_day;   // per event; 0 for events that are their own symptom
  std::vector<ScheduleOutcome> schedules;  // per schedule
};

PatientMonitoring monitor_patient(const std::vector<Schedule>& schedules, const model::ModelInfo& info,
                                  const std::vector<model::Event>& events, double last_infusion_day,
                                  double horizon_day, std::uint64_t seed, std::uint64_t patient_id);

}  // namespace repop::monitoring
