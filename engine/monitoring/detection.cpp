#include "monitoring/detection.hpp"

#include <cmath>

#include "core/random_stream.hpp"

namespace repop::monitoring {

namespace {

std::uint32_t day_key(double day) { return static_cast<std::uint32_t>(std::llround(day)); }

bool attends(std::uint64_t seed, std::uint64_t patient, double day, double probability) {
  return core::RandomStream(seed, patient, core::RandomPurpose::monitoring_attendance, day_key(day))
      .bernoulli(probability);
}

// One test on `day` for condition `type`: its own draw, shared by every schedule testing that day.
bool test_positive(std::uint64_t seed, std::uint64_t patient, double day, std::uint32_t type, double sensitivity) {
  const std::uint32_t substream = (day_key(day) << 3) | (type & 7u);
  return core::RandomStream(seed, patient, core::RandomPurpose::monitoring_sensitivity, substream)
      .bernoulli(sensitivity);
}

}  // namespace

PatientMonitoring monitor_patient(const std::vector<Schedule>& schedules, const model::ModelInfo& info,
                                  const std::vector<model::Event>& events, double last_infusion_day,
                                  double horizon_day, std::uint64_t seed, std::uint64_t patient_id) {
  PatientMonitoring out;
  for (const auto& e : events) {
    const auto& type = info.event_types[e.type];
    double delay = 0.0;
    if (type.symptom_delay_median_day > 0.0) {
      // One-time conditions: one draw per type. Recurrent monitored types would need an index.
      core::RandomStream stream(seed, patient_id, core::RandomPurpose::symptoms, e.type);
      delay = type.symptom_delay_median_day * std::exp(type.symptom_delay_sigma * stream.normal());
    }
    out.symptom_delay_day.push_back(delay);
  }

  for (const auto& schedule : schedules) {
    ScheduleOutcome outcome;
    outcome.tests_done.assign(schedule.tests.size(), 0);
    outcome.events.resize(events.size());
    const auto visits = planned_visit_days(schedule, last_infusion_day, horizon_day);
    for (std::size_t j = 0; j < visits.size(); ++j) {
      if (!attends(seed, patient_id, visits[j], schedule.attendance)) continue;
      outcome.attended_visit_days.push_back(visits[j]);
      for (std::size_t t = 0; t < schedule.tests.size(); ++t)
        if (j % static_cast<std::size_t>(schedule.tests[t].every_nth_visit) == 0) ++outcome.tests_done[t];
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
      const double onset = events[i].day, delay = out.symptom_delay_day[i];
      if (delay <= 0.0) continue;  // not monitored
      EventDetection d{DetectedBy::symptoms, onset + delay, 0.0};
      // The first attended visit in [onset, onset + S) whose test is positive finds it.
      for (std::size_t j = 0; j < visits.size() && d.by == DetectedBy::symptoms; ++j) {
        const double s = visits[j];
        if (s < onset || s >= onset + delay) continue;
        if (!attends(seed, patient_id, s, schedule.attendance)) continue;
        for (const auto& test : schedule.tests) {
          if (j % static_cast<std::size_t>(test.every_nth_visit) != 0) continue;
          bool looks_for = false;
          for (auto k : test.detects) looks_for = looks_for || k == events[i].type;
          if (looks_for && test_positive(seed, patient_id, s, events[i].type, test.sensitivity)) {
            d = {DetectedBy::monitoring, s, onset + delay - s};
            break;
          }
        }
      }
      outcome.events[i] = d;
    }
    out.schedules.push_back(std::move(outcome));
  }
  return out;
}

}  // namespace repop::monitoring
