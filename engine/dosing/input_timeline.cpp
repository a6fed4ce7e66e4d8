#include "dosing/input_timeline.hpp"

#include <algorithm>

namespace repop::dosing {

namespace {

struct Pulse {
  InputChannel channel;
  double start_day;
  double end_day;
  double value;
};

std::vector<Pulse> pulses_of(const Regimen& regimen) {
  std::vector<Pulse> pulses;
  for (const Course& course : regimen.courses) {
    const double duration_day = course.infusion_hours / 24.0;
    const double rate_mg_per_day = course.dose_mg / duration_day;
    for (int k = 0; k < course.infusion_days; ++k) {
      const double day = course.start_day + k;
      pulses.push_back({InputChannel::infusion_rate, day, day + duration_day, rate_mg_per_day});
    }
    if (regimen.prophylaxis_days > 0.0)
      pulses.push_back({InputChannel::prophylaxis, course.start_day, course.start_day + regimen.prophylaxis_days, 1.0});
  }
  return pulses;
}

}  // namespace

InputTimeline InputTimeline::from_regimen(const Regimen& regimen, double start_day, double end_day) {
  const std::vector<Pulse> pulses = pulses_of(regimen);

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
    InputValues v{};
    v[static_cast<std::size_t>(InputChannel::last_course_start)] = no_course_yet;
    for (const Course& course : regimen.courses)
      if (course.start_day <= a) v[static_cast<std::size_t>(InputChannel::last_course_start)] = course.start_day;
    for (const Pulse& p : pulses) {
      // Segments never straddle an edge, so testing the segment start decides membership.
      if (p.start_day <= a && a < p.end_day) {
        double& channel = v[static_cast<std::size_t>(p.channel)];
        // Prophylaxis windows of close courses overlap: a flag, not a sum.
        channel = p.channel == InputChannel::prophylaxis ? 1.0 : channel + p.value;
      }
    }
    timeline.values_.push_back(v);
  }
  return timeline;
}

}  // namespace repop::dosing
