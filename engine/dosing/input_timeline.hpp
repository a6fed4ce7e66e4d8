#pragma once
// The piecewise-constant inputs a regimen imposes on a patient, one value per channel the model
// declares, cut into segments at every edge. The solver integrates each segment separately and
// restarts at each edge, because the right-hand side jumps there and an adaptive step across a
// jump wastes steps and loses accuracy.

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "dosing/input_fill.hpp"
#include "dosing/regimen.hpp"

namespace repop::dosing {

// Element i is the model's declared channel i; elements past the declared channels are 0.
using InputValues = std::array<double, max_input_channels>;

class InputTimeline {
 public:
  // Segments cover [start_day, end_day]; pulses outside are clipped. `channels[i]` says how
  // channel i is filled; only the declared channels cut segments (a model without a
  // course_window channel gets no edges where a window would open or close).
  // Throws std::invalid_argument for more than max_input_channels channels.
  static InputTimeline from_regimen(const Regimen& regimen, std::span<const InputFill> channels, double start_day,
                                    double end_day);

  std::size_t segment_count() const { return values_.size(); }
  double segment_start_day(std::size_t i) const { return edges_day_[i]; }
  double segment_end_day(std::size_t i) const { return edges_day_[i + 1]; }
  const InputValues& values(std::size_t i) const { return values_[i]; }

 private:
  std::vector<double> edges_day_;    // strictly increasing, first = start, last = end
  std::vector<InputValues> values_;  // one per segment
};

}  // namespace repop::dosing
