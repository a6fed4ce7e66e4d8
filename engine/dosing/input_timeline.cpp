#include "dosing/input_timeline.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace repop::dosing {

namespace {

struct Pulse {
  InputFill fill;
  double start_day;
  double end_day;
  double value;
};

bool declares(std::span<const InputFill> channels, InputFill fill) {
  return std::find(channels.begin(), channels.end(), fill) != channels.end();
}

// The pulses of the declared fills only, so undeclared ones add no edges.
std::vector<Pulse> pulses_of(const Regimen& regimen, std::span<const InputFill> channels) {
  const bool doses = declares(channels, InputFill::dose_rate);
  const bool windows = declares(channels, InputFill::course_window) && regimen.prophylaxis_days > 0.0;
  const bool starts = declares(channels, InputFill::latest_course_start);
  std::vector<Pulse> pulses;
  for (const Course& course : regimen.courses) {
    if (doses) {
      const double duration_day = course.infusion_hours / 24.0;
      const double rate_mg_per_day = course.dose_mg / duration_day;
      for (int k = 0; k < course.infusion_days; ++k) {
        const double day = course.start_day + k;
        pulses.push_back({InputFill::dose_rate, day, day + duration_day, rate_mg_per_day});
      }
    }
    if (windows)
      pulses.push_back({InputFill::course_window, course.start_day, course.start_day + regimen.prophylaxis_days, 1.0});
    // A course start is an edge of its own: the value changes there (it coincides with the
    // first dose's start when doses are declared too, and then adds no segment).
    if (starts) pulses.push_back({InputFill::latest_course_start, course.start_day, course.start_day, course.start_day});
  }
  return pulses;
}

}  // namespace

InputTimeline InputTimeline::from_regimen(const Regimen& regimen, std::span<const InputFill> channels,
                                          double start_day, double end_day) {
  if (channels.size() > max_input_channels)
    throw std::invalid_argument(std::to_string(channels.size()) + " input channels, but at most " +
                                std::to_string(max_input_channels) + " are supported");
  const std::vector<Pulse> pulses = pulses_of(regimen, channels);

  InputTimeline timeline;
  timeline.edges_day_ = {start_day, end_day};
  for (const Pulse& p : pulses) {
    for (double edge : {p.start_day, p.end_day})
      if (edge > start_day && edge < end_day) timeline.edges_day_.push_back(edge);
  }
  std::sort(timeline.edges_day_.begin(), timeline.edges_day_.end());
  timeline.edges_day_.erase(std::unique(timeline.edges_day_.begin(), timeline.edges_day_.end()),
                            timeline.edges_day_.end());

  for (std::size_t i = 0; i + 1 < timeline.edges_day_.size(); ++i) {
    const double a = timeline.edges_day_[i];
    double dose_rate = 0.0;
    double window = 0.0;
    double latest_start = no_course_yet;
    for (const Course& course : regimen.courses)
      if (course.start_day <= a) latest_start = course.start_day;
    for (const Pulse& p : pulses) {
      // Segments never straddle an edge, so testing the segment start decides membership.
      if (!(p.start_day <= a && a < p.end_day)) continue;
      if (p.fill == InputFill::dose_rate) dose_rate += p.value;
      // Windows of close courses overlap: a flag, not a sum.
      if (p.fill == InputFill::course_window) window = 1.0;
    }
    InputValues v{};
    for (std::size_t c = 0; c < channels.size(); ++c) {
      switch (channels[c]) {
        case InputFill::dose_rate: v[c] = dose_rate; break;
        case InputFill::course_window: v[c] = window; break;
        case InputFill::latest_course_start: v[c] = latest_start; break;
      }
    }
    timeline.values_.push_back(v);
  }
  return timeline;
}

}  // namespace repop::dosing
