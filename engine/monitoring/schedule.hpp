#pragma once
// Monitoring schedules: visits at a fixed interval from a start day until some time after the
// last infusion, each attended with a probability, each doing some tests. A test at day s finds
// a condition with onset o and symptom delay S when o <= s < o + S, with the test's sensitivity
// (reference-model.md, "Autoimmune disease course and monitoring").

#include <cstdint>
#include <string>
#include <vector>

namespace repop::monitoring {

struct TestKind {
  std::string name;                    // "TSH"
  std::vector<std::uint32_t> detects;  // event type indices it can find before symptoms
  double sensitivity = 1.0;            // probability that one test finds a present condition
  int every_nth_visit = 1;             // 3: visits 0, 3, 6, ... (days 0, 90, 180 at 30-day visits)
};

// The shortest interval between visits: at most one visit a day is medical sense, and it bounds
// the visits of a schedule by the days of follow-up (36,501 over the longest horizon).
inline constexpr double min_interval_day = 1.0;

struct Schedule {
  std::string name;
  double interval_day = 30.0;                 // d between visits, >= min_interval_day
  double start_day = 0.0;                     // d of the first visit
  double until_after_last_infusion_day = 1460.0;  // d; visits end this long after the last infusion day
  double attendance = 0.85;                   // probability that a visit happens
  std::vector<TestKind> tests;
};

// Planned visit days (attended or not) up to the horizon. Throws std::invalid_argument for an
// interval shorter than min_interval_day (the scenario reader refuses those first).
std::vector<double> planned_visit_days(const Schedule& schedule, double last_infusion_day, double horizon_day);

}  // namespace repop::monitoring
