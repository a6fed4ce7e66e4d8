#pragma once
// The exact, mergeable summary states of a cohort file (/summary/state, /summary/events/state, /summary/courses/state,
// /arm_comparison/state), each read into a fresh state of the layout it must have: every stored
// vector must be as long as the state's own and every bin index inside it, and each state must
// count the `patients` the file's header says it holds. A shard of another layout, or an edited
// one, is refused (InputFileError) before anything is merged.

#include <cstdint>

#include "cohort/arm_comparison.hpp"
#include "cohort/course_summary_state.hpp"
#include "cohort/event_summary_state.hpp"
#include "cohort/summary_state.hpp"
#include "io/hdf5_input.hpp"

namespace repop::io {

void read_summary_state(const Hdf5Input& file, hid_t group, std::uint64_t patients, cohort::SummaryState& state);
void read_event_state(const Hdf5Input& file, hid_t group, std::uint64_t patients, cohort::EventSummaryState& state);
void read_course_state(const Hdf5Input& file, hid_t group, std::uint64_t patients, cohort::CourseSummaryState& state);
void read_arm_comparison_state(const Hdf5Input& file, hid_t group, std::uint64_t patients,
                               cohort::ArmComparisonState& state);

}  // namespace repop::io
