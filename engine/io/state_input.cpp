#include "io/state_input.hpp"

#include "cohort/state_field.hpp"

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

// Every field of the list, each as long as the layout makes it.
template <class State, class Fields>
void read_fields(const Hdf5Input& file, hid_t group, State& state, const Fields& fields) {
  cohort::for_each_field(state, fields, [&](const char* name, auto& field) { read_into(file, group, name, field); });
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
  read_fields(file, group, state, cohort::SummaryState::summed_fields());
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
}

void read_event_state(const Hdf5Input& file, hid_t group, std::uint64_t patients, cohort::EventSummaryState& state) {
  expect_patients(file, group, file.integer_attribute(group, "patients"), patients);
  state.patients = patients;
  read_fields(file, group, state, cohort::EventSummaryState::summed_fields());
  const auto followup = file.int128_values(group, "followup_years", 2, "the sum of follow-up years and of its square");
  state.followup_years = followup[0];
  state.followup_years_squared = followup[1];
  read_into(file, group, "latest_onset_day", state.latest_onset_day);
}

void read_course_state(const Hdf5Input& file, hid_t group, std::uint64_t patients, cohort::CourseSummaryState& state) {
  // Failed patients are not summarised: the state counts at most the file's patients.
  state.patients = count_attribute(file, group, "patients", patients);
  read_fields(file, group, state, cohort::CourseSummaryState::summed_fields());
}

void read_arm_comparison_state(const Hdf5Input& file, hid_t group, std::uint64_t patients,
                               cohort::ArmComparisonState& state) {
  state.paired = count_attribute(file, group, "paired", patients);
  state.unpaired = count_attribute(file, group, "unpaired", patients);
  expect_patients(file, group, static_cast<std::int64_t>(state.paired + state.unpaired), patients);
  read_fields(file, group, state, cohort::ArmComparisonState::summed_fields());
}

}  // namespace repop::io
