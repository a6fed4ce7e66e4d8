#pragma once
// How a regimen fills one piecewise-constant input channel of a model. A model declares its
// channels (model::InputDecl) and reads them by its own indices; the engine knows only these
// ways of filling a channel from the courses, never what a channel means to the model.

#include <cstddef>

namespace repop::dosing {

enum class InputFill {
  dose_rate,            // mg/day: each dose of a course spread evenly over the dose's duration
  course_window,        // 1 from each course's first day for regimen.prophylaxis_days, else 0
  latest_course_start,  // day of the latest course begun so far; no_course_yet before the first
};

// The most channels a model may declare: input values are a fixed-size array, so setting the
// inputs of a segment allocates nothing.
inline constexpr std::size_t max_input_channels = 8;

inline constexpr double no_course_yet = -1e9;  // d; far enough back that any waning effect is gone

// Its name in listings (repop describe).
constexpr const char* fill_name(InputFill fill) {
  switch (fill) {
    case InputFill::dose_rate: return "dose_rate";
    case InputFill::course_window: return "course_window";
    case InputFill::latest_course_start: return "latest_course_start";
  }
  return "?";
}

}  // namespace repop::dosing
