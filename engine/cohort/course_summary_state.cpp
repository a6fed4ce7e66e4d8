#include "cohort/course_summary_state.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace repop::cohort {

namespace {

std::vector<std::uint32_t> relapse_types_of(const model::ModelInfo& info, bool with_events) {
  std::vector<std::uint32_t> types;
  if (!with_events) return types;
  for (std::uint32_t k = 0; k < info.event_types.size(); ++k)
    if (info.event_types[k].role == "relapse") types.push_back(k);
  return types;
}

}  // namespace

CourseSummaryState::CourseSummaryState(const model::ModelInfo& info, double horizon_day, bool with_events)
    : years(static_cast<std::size_t>(std::ceil(horizon_day / 365.0 - 1e-9))),
      day_bins(static_cast<std::size_t>(std::ceil(horizon_day)) + 1),
      relapse_types(relapse_types_of(info, with_events)),
      courses_per_patient(counted_courses_per_patient + 1, 0),
      by_reason(dosing::course_reason_names.size(), 0),
      by_delay(dosing::course_delay_names.size(), 0),
      late_start_day(day_bins, 0),
      // Sized alike whether or not relapses are counted: stored empty, h5diff could not compare them.
      relapses_in_year(years, 0),
      at_risk_years_in_year(years, 0) {}

void CourseSummaryState::add(const model::PatientResult& result) {
  if (result.code != model::ReturnCode::success) return;
  ++patients;
  const auto& courses = result.courses;
  ++courses_per_patient[std::min(courses.size(), counted_courses_per_patient)];
  for (std::size_t c = 0; c < courses.size(); ++c) {
    ++by_reason[static_cast<std::size_t>(courses[c].reason)];
    ++by_delay[static_cast<std::size_t>(courses[c].delay)];
    if (c + 1 >= first_late_course)
      ++late_start_day[std::min(static_cast<std::size_t>(std::max(courses[c].start_day, 0.0)), day_bins - 1)];
  }
  if (!counts_relapses()) return;
  for (const auto& e : result.events)
    if (std::find(relapse_types.begin(), relapse_types.end(), e.type) != relapse_types.end())
      ++relapses_in_year[std::min(static_cast<std::size_t>(e.day / 365.0), years - 1)];
  // At risk from day 0 to the patient's end day; the last year may be partial.
  for (std::size_t y = 0; y < years; ++y) {
    const double from = 365.0 * static_cast<double>(y);
    const double days = std::clamp(result.end_day - from, 0.0, 365.0);
    at_risk_years_in_year[y] += to_fixed(days / 365.0);
  }
}

void CourseSummaryState::merge(const CourseSummaryState& o) {
  if (o.late_start_day.size() != late_start_day.size() || o.relapse_types != relapse_types)
    throw std::invalid_argument("course summary states of different layouts cannot be merged");
  patients += o.patients;
  add_fields(*this, o, summed_fields());
}

}  // namespace repop::cohort
