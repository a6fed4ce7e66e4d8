#pragma once
// The piecewise-constant inputs a regimen imposes on a patient (infusion rate, prophylaxis),
// cut into segments at every edge. The solver integrates each segment separately and restarts
// at each edge, because the right-hand side jumps there and an adaptive step across a jump
// wastes steps and loses accuracy.

#include <array>
#include <cstddef>
#include <vector>

#include "dosing/regimen.hpp"

namespace repop::dosing {

enum class InputChannel : std::size_t {
  infusion_rate = 0,  // mg/day into the central compartment
  prophylaxis = 1,    // 1 inside an antiviral prophylaxis window, else 0
  last_course_start = 2,  // day of the latest course start so far; no_course_yet before the first
};
inline constexpr std::size_t input_channel_count = 3;
inline constexpr double no_course_yet = -1e9;  // d; far enough back that any waning effect is gone

using InputValues = std::array<double, input_channel_count>;

inline double input(const InputValues& v, InputChannel c) { return v[static_cast<std::size_t>(c)]; }

class InputTimeline {
 public:
  // Segments cover [start_day, end_day]; pulses outside are clipped.
  static InputTimeline from_regimen(const Regimen& regimen, double start_day, double end_day);

  std::size_t segment_count() const { return values_.size(); }
  double segment_start_day(std::size_t i) const { return edges_day_[i]; }
  double segment_end_day(std::size_t i) const { return edges_day_[i + 1]; }
  const InputValues& values(std::size_t i) const { return values_[i]; }

 private:
  std::vector<double> edges_day_;    // strictly increasing, first = start, last = end
  std::vector<InputValues> values_;  // one per segment
};

}  // namespace repop::dosing
