#pragma once
// The input channels CLAD-REF-1 reads, by its own indices: element i of dosing::InputValues is
// channel i. One channel: the dose rate into the gut depot (mg/day), each day's tablets spread
// over the dose's duration (the regimen's infusion_hours; 0.5 h in the scenarios). Cladribine
// has no prophylaxis window and no waning effect counted from a course start.

#include <cstddef>

namespace repop::models::clad_ref_1 {

enum InputIndex : std::size_t { dose_rate_input, input_count };

}  // namespace repop::models::clad_ref_1
