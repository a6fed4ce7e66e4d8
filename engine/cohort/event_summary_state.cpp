#include "cohort/event_summary_state.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace repop::cohort {

namespace {
}  // namespace

EventSummaryState::EventSummaryState(const EventLayout& layout)
    : categories(layout.categories.size()),
      years(layout.years()),
      day_bins(layout.day_bins()),
      schedules(layout.schedules.size()),
      monitored(layout.monitored_types.size()),
      with_event_in_year(categories * years, 0),
      first_event_day(categories * day_bins, 0),
      event_count(categories, 0),
      event_count_squared(categories, 0),
      count_times_followup(categories, 0),
      since_course_day(categories * day_bins, 0),
      cases(schedules * monitored, 0),
      found_by_tests(schedules * monitored, 0),
      lead_day(schedules * monitored * day_bins, 0),
      latest_onset_day(monitored, -1.0),
      layout_(&layout) {
  test_offsets_.push_back(0);
  for (const auto& s : layout.schedules) test_offsets_.push_back(test_offsets_.back() + s.tests.size());
  tests_done.assign(test_total(), 0);
  tests_by_day.assign(test_total() * day_bins, 0);
}

void EventSummaryState::add(const model::PatientResult& result, const monitoring::PatientMonitoring& monitoring,
                            const std::vector<double>& course_starts) {
  ++patients;
  const double followup = result.end_day / 365.0;
  const Int128 followup_fixed = to_fixed(followup);
  followup_years += followup_fixed;
  followup_years_squared += to_fixed(followup * followup);
  auto bin_of = [&](double day) { return std::min(static_cast<std::size_t>(day), day_bins - 2); };

  for (std::size_t c = 0; c < categories; ++c) {
    const auto& category = layout_->categories[c];
    std::uint64_t count = 0;
    std::vector<bool> in_year(years, false);
    double first = -1.0;
    for (const auto& e : result.events) {
      if (std::find(category.types.begin(), category.types.end(), e.type) == category.types.end()) continue;
      if (category.serious_only && !e.serious) continue;
      ++count;
      in_year[std::min(static_cast<std::size_t>(e.day / 365.0), years - 1)] = true;
      if (first < 0) first = e.day;
      double latest_course = 0.0;
      for (double start : course_starts)
        if (start <= e.day) latest_course = start;
      ++since_course_day[c * day_bins + bin_of(e.day - latest_course)];
    }
    for (std::size_t y = 0; y < years; ++y) with_event_in_year[c * years + y] += in_year[y];
    ++first_event_day[c * day_bins + (first < 0 ? day_bins - 1 : bin_of(first))];
    event_count[c] += count;
    event_count_squared[c] += count * count;
    count_times_followup[c] += static_cast<Int128>(count) * followup_fixed;
  }

  for (std::size_t s = 0; s < schedules; ++s) {
    const auto& outcome = monitoring.schedules[s];
    const auto& schedule = layout_->schedules[s];
    for (std::size_t t = 0; t < schedule.tests.size(); ++t) tests_done[test_offsets_[s] + t] += outcome.tests_done[t];
    for (std::size_t j = 0; j < outcome.attended_visit_days.size(); ++j) {
      // Tests by day: the visit's place in the planned series decides which tests it does.
      const double day = outcome.attended_visit_days[j];
      const auto visit = static_cast<std::size_t>(std::llround((day - schedule.start_day) / schedule.interval_day));
      for (std::size_t t = 0; t < schedule.tests.size(); ++t)
        if (visit % static_cast<std::size_t>(schedule.tests[t].every_nth_visit) == 0)
          ++tests_by_day[(test_offsets_[s] + t) * day_bins + bin_of(day)];
    }
    for (std::size_t i = 0; i < result.events.size(); ++i) {
      const auto m = std::find(layout_->monitored_types.begin(), layout_->monitored_types.end(), result.events[i].type);
      if (m == layout_->monitored_types.end()) continue;
      const auto k = static_cast<std::size_t>(m - layout_->monitored_types.begin());
      ++cases[s * monitored + k];
      if (s == 0) latest_onset_day[k] = std::max(latest_onset_day[k], result.events[i].day);
      const auto& d = outcome.events[i];
      if (d.by == monitoring::DetectedBy::monitoring) {
        ++found_by_tests[s * monitored + k];
        ++lead_day[(s * monitored + k) * day_bins + bin_of(d.lead_day)];
      }
    }
  }
}

void EventSummaryState::merge(const EventSummaryState& o) {
  if (o.first_event_day.size() != first_event_day.size() || o.tests_by_day.size() != tests_by_day.size())
    throw std::invalid_argument("event summary states of different layouts cannot be merged");
  patients += o.patients;
  add_fields(*this, o, summed_fields());
  followup_years += o.followup_years;
  followup_years_squared += o.followup_years_squared;
  for (std::size_t k = 0; k < latest_onset_day.size(); ++k)
    latest_onset_day[k] = std::max(latest_onset_day[k], o.latest_onset_day[k]);
}

}  // namespace repop::cohort
