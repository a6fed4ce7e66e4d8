#include "io/cohort_input.hpp"

#include "cohort/summary_names.hpp"
#include "io/state_input.hpp"
#include "model/return_code.hpp"

namespace repop::io {

namespace {

using h5::Handle;

std::string patient_range(std::uint64_t first, std::uint64_t end) {
  return first == end ? "none" : std::to_string(first) + " to " + std::to_string(end - 1);
}

// One arm's part of a cohort file, read against the file's header.
struct ArmReader {
  const Hdf5Input& file;
  const CohortFileHeader& header;
  const CohortFileLayout& layout;
  std::size_t arm;
  hid_t root;
  std::uint64_t first = header.info.first_patient, end = header.info.end_patient;
  std::size_t n = static_cast<std::size_t>(end - first);
  std::string per_patient = "one per patient of the file: " + patient_range(first, end);

  std::vector<cohort::PatientRecord> patients() const {
    const Handle group = file.group(root, "patients");
    const hid_t g = group.id();
    // A column first: its length is checked against the header's range before that is allocated.
    const auto codes = file.values<std::uint8_t>(g, "return_code", n, per_patient);
    std::vector<cohort::PatientRecord> records(n);
    for (std::size_t i = 0; i < n; ++i) {
      records[i].id = first + i;
      records[i].parameter_values.resize(layout.info.parameters.size());
      records[i].result.variable_count = layout.info.variables.size();
      records[i].result.recovery_day.resize(layout.summary.recoveries.size());
    }
    for (std::size_t p = 0; p < layout.info.parameters.size(); ++p) {
      const auto v = file.values<double>(g, layout.info.parameters[p].name, n, per_patient);
      for (std::size_t i = 0; i < n; ++i) records[i].parameter_values[p] = v[i];
    }
    const auto accepted = file.values<std::uint64_t>(g, "accepted_steps", n, per_patient);
    const auto rejected = file.values<std::uint64_t>(g, "rejected_steps", n, per_patient);
    const auto rhs = file.values<std::uint64_t>(g, "rhs_evaluations", n, per_patient);
    const auto courses = file.values<std::uint32_t>(g, "courses", n, per_patient);
    for (std::size_t i = 0; i < n; ++i) {
      const auto code = static_cast<model::ReturnCode>(codes[i]);
      if (model::to_string(code) == "unknown")
        refuse_value(g, "return_code", i, codes[i],
                     std::string("that is no return code (they are, from 0: ") + model::return_code_meanings + ")");
      if (courses[i] > layout.max_courses[arm])
        refuse_value(g, "courses", i, courses[i],
                     "the scenario gives a patient at most " + std::to_string(layout.max_courses[arm]) + " courses");
      records[i].result.code = code;
      records[i].result.stats.accepted_steps = accepted[i];
      records[i].result.stats.rejected_steps = rejected[i];
      records[i].result.stats.rhs_evaluations = rhs[i];
      // Only the number of courses is kept per patient; that is all the summaries need of them.
      records[i].result.courses.resize(courses[i]);
    }
    const Handle recovery = file.group(g, "recovery_day");
    for (std::size_t r = 0; r < layout.summary.recoveries.size(); ++r) {
      const auto v = file.values<double>(recovery.id(), cohort::recovery_name(layout.summary, r), n, per_patient);
      for (std::size_t i = 0; i < n; ++i) records[i].result.recovery_day[r] = v[i];
    }
    return records;
  }

  [[noreturn]] void refuse_value(hid_t group, const std::string& name, std::size_t row, std::uint64_t value,
                                 const std::string& why_not) const {
    file.refuse(Hdf5Input::path_of(group, name) + " holds " + std::to_string(value) + " for patient " +
                std::to_string(first + row) + ", but " + why_not);
  }

  // The first trajectory_patients ids of the cohort keep their trajectories (-1: all).
  std::size_t trajectory_rows() const {
    const std::int64_t kept = header.info.trajectory_patients;
    const std::uint64_t keep_end = kept < 0 ? end : std::min<std::uint64_t>(end, static_cast<std::uint64_t>(kept));
    return keep_end > first ? static_cast<std::size_t>(keep_end - first) : 0;
  }

  void trajectories(std::vector<cohort::PatientRecord>& records) const {
    const std::size_t rows = trajectory_rows();
    if (rows == 0) return;
    const Handle group = file.group(root, "trajectories");
    const std::size_t times = layout.summary.output_days.size(), variables = layout.info.variables.size();
    const std::string counted =
        "a row per patient " + patient_range(first, first + rows) + " and a column per output time";
    for (std::size_t i = 0; i < rows; ++i) records[i].result.trajectory.assign(times * variables, 0.0);
    for (std::size_t v = 0; v < variables; ++v) {
      const auto values = file.values<double>(group.id(), layout.info.variables[v].name, {rows, times}, counted);
      for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t t = 0; t < times; ++t) records[i].result.trajectory[t * variables + v] = values[i * times + t];
    }
  }

  // /events: one row per event, each of a patient of this file.
  void event_table(std::vector<cohort::PatientRecord>& records) const {
    const Handle group = file.group(root, "events");
    const hid_t g = group.id();
    const auto ids = file.list<std::int64_t>(g, "patient");
    const std::size_t rows = ids.size();
    const std::string per_event = "one per event, as " + Hdf5Input::path_of(g, "patient") + " has";
    const auto types = file.values<std::uint8_t>(g, "type", rows, per_event);
    const auto days = file.values<double>(g, "day", rows, per_event);
    const auto serious = file.values<std::uint8_t>(g, "serious", rows, per_event);
    const auto delays = file.values<double>(g, "symptom_delay_day", rows, per_event);
    std::vector<std::size_t> row_patient(rows);
    for (std::size_t e = 0; e < rows; ++e) {
      if (ids[e] < 0 || static_cast<std::uint64_t>(ids[e]) < first || static_cast<std::uint64_t>(ids[e]) >= end)
        file.refuse(Hdf5Input::path_of(g, "patient") + " holds patient " + std::to_string(ids[e]) + " in row " +
                    std::to_string(e) + ", but the file's patients are " + patient_range(first, end));
      if (types[e] >= layout.info.event_types.size())
        file.refuse(Hdf5Input::path_of(g, "type") + " holds " + std::to_string(types[e]) + " in row " +
                    std::to_string(e) + ", but the model has " + std::to_string(layout.info.event_types.size()) +
                    " event types");
      row_patient[e] = static_cast<std::size_t>(static_cast<std::uint64_t>(ids[e]) - first);
    }
    for (auto& r : records) r.monitoring.schedules.resize(layout.events->schedules.size());
    for (std::size_t e = 0; e < rows; ++e) {
      auto& r = records[row_patient[e]];
      r.result.events.push_back({types[e], days[e], serious[e] != 0});
      r.monitoring.symptom_delay_day.push_back(delays[e]);
    }
    for (std::size_t s = 0; s < layout.events->schedules.size(); ++s) {
      const Handle schedule = file.group(g, layout.events->schedules[s].name);
      const hid_t sg = schedule.id();
      const auto by = file.values<std::uint8_t>(sg, "detected_by", rows, per_event);
      const auto when = file.values<double>(sg, "detection_day", rows, per_event);
      const auto lead = file.values<double>(sg, "lead_day", rows, per_event);
      for (std::size_t e = 0; e < rows; ++e) {
        if (by[e] > static_cast<std::uint8_t>(monitoring::DetectedBy::symptoms))
          file.refuse(Hdf5Input::path_of(sg, "detected_by") + " holds " + std::to_string(by[e]) + " in row " +
                      std::to_string(e) + ", but must hold 0, 1 or 2 (not_monitored, monitoring, symptoms)");
        records[row_patient[e]].monitoring.schedules[s].events.push_back(
            {static_cast<monitoring::DetectedBy>(by[e]), when[e], lead[e]});
      }
    }
  }
};

}  // namespace

CohortFileHeader read_cohort_header(const Hdf5Input& file) {
  const hid_t root = file.id();
  for (const char* name : {"scenario_text", "first_patient"})
    if (!file.has_attribute(root, name))
      file.refuse(std::string("is not a repop cohort file (it has no attribute ") + name + ")");
  CohortFileHeader h;
  h.scenario_text = file.text_attribute(root, "scenario_text");
  h.scenario_path = file.text_attribute(root, "scenario_path");
  h.model_name = file.text_attribute(root, "model");
  h.seed = file.integer_attribute(root, "seed");
  const std::int64_t first = file.integer_attribute(root, "first_patient");
  const std::int64_t end = file.integer_attribute(root, "end_patient");
  const std::int64_t total = file.integer_attribute(root, "total_patients");
  if (!(0 <= first && first <= end && end <= total && total >= 1))
    file.refuse("attributes first_patient " + std::to_string(first) + ", end_patient " + std::to_string(end) +
                " and total_patients " + std::to_string(total) +
                " are no range of patients (0 <= first_patient <= end_patient <= total_patients, total_patients >= 1)");
  h.info.first_patient = static_cast<std::uint64_t>(first);
  h.info.end_patient = static_cast<std::uint64_t>(end);
  h.info.total_patients = static_cast<std::uint64_t>(total);
  h.info.trajectory_patients = file.integer_attribute(root, "trajectory_patients");
  if (h.info.trajectory_patients < -1)
    file.refuse("attribute trajectory_patients is " + std::to_string(h.info.trajectory_patients) +
                ", but must be -1 (all) or a number of patients");
  return h;
}

std::vector<cohort::PatientRecord> read_cohort_arm(const Hdf5Input& file, const CohortFileHeader& header,
                                                   const CohortFileLayout& layout, std::size_t arm,
                                                   cohort::SummaryState& state,
                                                   cohort::EventSummaryState* event_state) {
  const std::string& arm_name = layout.arm_names[arm];
  const Handle arm_group = arm_name.empty() ? Handle() : file.group(file.id(), "arms/" + arm_name);
  const ArmReader reader{file, header, layout, arm, arm_name.empty() ? file.id() : arm_group.id()};
  auto records = reader.patients();
  reader.trajectories(records);
  read_summary_state(file, file.group(reader.root, "summary/state").id(), reader.n, state);
  if (layout.events && event_state) {
    read_event_state(file, file.group(reader.root, "summary/events/state").id(), reader.n, *event_state);
    if (layout.event_table) reader.event_table(records);
  }
  return records;
}

}  // namespace repop::io
