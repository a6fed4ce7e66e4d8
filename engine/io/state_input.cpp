#include "io/state_input.hpp"

namespace repop::io {

namespace {

const std::string layout_size = "as the scenario's summary layout has";

// Replaces `target` (sized for the layout) by dataset `name`, which must have as many values.
template <class T>
void read_into(const Hdf5Input& file, hid_t group, const std::string& name, std::vector<T>& target) {
  target = file.values<T>(group, name, target.size(), layout_size);
}

void read_into(const Hdf5Input& file, hid_t group, const std::string& name, std::vector<cohort::Int128>& target) {
  target = file.int128_values(group, name, target.size(), layout_size);
}

std::uint64_t count_attribute(const Hdf5Input& file, hid_t group, const std::string& name, std::uint64_t at_most) {
  const std::int64_t value = file.integer_attribute(group, name);
  if (value < 0 || static_cast<std::uint64_t>(value) > at_most)
    file.refuse(Hdf5Input::attribute_text(group, name) + " is " + std::to_string(value) +
                ", but must be between 0 and " + std::to_string(at_most));
  return static_cast<std::uint64_t>(value);
}

// A state counts every patient of the file once.
void expect_patients(const Hdf5Input& file, hid_t group, std::int64_t counted, std::uint64_t patients) {
  if (counted < 0 || static_cast<std::uint64_t>(counted) != patients)
    file.refuse(Hdf5Input::path_of(group, "") + " counts " + std::to_string(counted) +
                " patients, but the file holds " + std::to_string(patients));
}

}  // namespace

void read_summary_state(const Hdf5Input& file, hid_t group, std::uint64_t patients, cohort::SummaryState& state) {
  expect_patients(file, group, file.integer_attribute(group, "patients"), patients);
  state.patients = patients;
  state.failed = count_attribute(file, group, "failed", patients);
  read_into(file, group, "sum", state.sum);
  read_into(file, group, "sum_of_squares", state.sum_of_squares);
  // The histograms are stored sparse: the index (histogram × histogram_bins + bin, ascending) and
  // count of each non-empty bin, as write_histograms writes them.
  const auto index = file.list<std::uint64_t>(group, "histogram_index");
  const auto count = file.values<std::uint32_t>(group, "histogram_count", index.size(), "as many as histogram_index");
  const std::uint64_t bins = state.histogram.size() * cohort::histogram_bins;
  cohort::CompactHistogram::BinCounts histogram;  // one histogram's bins, built whole
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (index[i] >= bins)
      file.refuse(Hdf5Input::path_of(group, "histogram_index") + " holds bin " + std::to_string(index[i]) +
                  ", but the scenario's summary layout has " + std::to_string(bins) + " bins");
    if (i > 0 && index[i] <= index[i - 1])
      file.refuse(Hdf5Input::path_of(group, "histogram_index") + " is not in ascending order at row " +
                  std::to_string(i));
    const std::uint64_t h = index[i] / cohort::histogram_bins;
    histogram.emplace_back(static_cast<std::uint32_t>(index[i] % cohort::histogram_bins), count[i]);
    if (i + 1 == index.size() || index[i + 1] / cohort::histogram_bins != h) {
      state.histogram[h] = cohort::CompactHistogram::of(histogram);
      histogram.clear();
    }
  }
  read_into(file, group, "below", state.below);
  read_into(file, group, "recovery_histogram", state.recovery_histogram);
}

void read_event_state(const Hdf5Input& file, hid_t group, std::uint64_t patients, cohort::EventSummaryState& state) {
  expect_patients(file, group, file.integer_attribute(group, "patients"), patients);
  state.patients = patients;
  read_into(file, group, "with_event_in_year", state.with_event_in_year);
  read_into(file, group, "first_event_day", state.first_event_day);
  read_into(file, group, "event_count", state.event_count);
  read_into(file, group, "event_count_squared", state.event_count_squared);
  read_into(file, group, "count_times_followup", state.count_times_followup);
  const auto followup = file.int128_values(group, "followup_years", 2, "the sum of follow-up years and of its square");
  state.followup_years = followup[0];
  state.followup_years_squared = followup[1];
  read_into(file, group, "since_course_day", state.since_course_day);
  read_into(file, group, "cases", state.cases);
  read_into(file, group, "found_by_tests", state.found_by_tests);
  read_into(file, group, "lead_day", state.lead_day);
  read_into(file, group, "tests_done", state.tests_done);
  read_into(file, group, "tests_by_day", state.tests_by_day);
  read_into(file, group, "latest_onset_day", state.latest_onset_day);
}

void read_arm_comparison_state(const Hdf5Input& file, hid_t group, std::uint64_t patients,
                               cohort::ArmComparisonState& state) {
  state.paired = count_attribute(file, group, "paired", patients);
  state.unpaired = count_attribute(file, group, "unpaired", patients);
  expect_patients(file, group, static_cast<std::int64_t>(state.paired + state.unpaired), patients);
  read_into(file, group, "sum", state.sum);
  read_into(file, group, "difference", state.difference);
  read_into(file, group, "difference_squared", state.difference_squared);
  read_into(file, group, "course_histogram", state.course_histogram);
}

}  // namespace repop::io
