#include "io/cohort_input.hpp"

#include <algorithm>

#include "cohort/summary_names.hpp"
#include "dosing/course_reason.hpp"
#include "io/state_input.hpp"
#include "model/return_code.hpp"

namespace repop::io {

namespace {

using h5::Handle;

std::string patient_range(std::uint64_t first, std::uint64_t end) {
  return first == end ? "none" : std::to_string(first) + " to " + std::to_string(end - 1);
}

// The trajectories kept by the first trajectory_patients ids of the cohort (-1: all): rows of the file.
std::size_t trajectory_rows(const CohortFileHeader& header) {
  const std::uint64_t first = header.info.first_patient, end = header.info.end_patient;
  const std::int64_t kept = header.info.trajectory_patients;
  const std::uint64_t keep_end = kept < 0 ? end : std::min<std::uint64_t>(end, static_cast<std::uint64_t>(kept));
  return keep_end > first ? static_cast<std::size_t>(keep_end - first) : 0;
}

// One block of the event table's rows, all columns.
struct EventRows {
  std::size_t first = 0;  // row of the table
  std::vector<std::int64_t> patient;
  std::vector<std::uint8_t> type, serious;
  std::vector<double> day, delay;
  std::vector<std::vector<std::uint8_t>> detected_by;  // [schedule]
  std::vector<std::vector<double>> detection_day, lead_day;
  std::size_t end() const { return first + patient.size(); }
};

}  // namespace

struct CohortArmReader::Impl {
  const Hdf5Input& file;
  const CohortFileHeader& header;
  const CohortFileLayout& layout;
  std::size_t arm;
  Handle arm_group, patients_group, recovery_group, trajectories_group, events_group;
  std::vector<Handle> schedule_groups;
  hid_t root = H5I_INVALID_HID;
  std::uint64_t first = header.info.first_patient, end = header.info.end_patient;
  std::size_t n = static_cast<std::size_t>(end - first);
  std::string per_patient = "one per patient of the file: " + patient_range(first, end);
  std::size_t kept_rows = trajectory_rows(header);
  std::string per_trajectory =
      "a row per patient " + patient_range(first, first + kept_rows) + " and a column per output time";
  std::size_t next_row = 0;  // of the patients' columns

  Handle courses_group;
  std::size_t course_rows = 0, next_course = 0;
  std::string per_course;

  bool event_table = false;
  std::size_t event_rows = 0, next_event = 0;
  std::string per_event;
  EventRows buffer;
  std::int64_t last_event_patient = -1;

  Impl(const Hdf5Input& f, const CohortFileHeader& h, const CohortFileLayout& l, std::size_t a)
      : file(f), header(h), layout(l), arm(a) {
    const std::string& arm_name = layout.arm_names[arm];
    if (!arm_name.empty()) arm_group = file.group(file.id(), "arms/" + arm_name);
    root = arm_name.empty() ? file.id() : arm_group.id();
    check_patient_columns();
    check_course_table();
    if (kept_rows > 0) {
      trajectories_group = file.group(root, "trajectories");
      for (const auto& v : layout.info.variables) file.expect<double>(trajectories_group.id(), v.name, trajectory_shape(), per_trajectory);
    }
    event_table = layout.events && layout.event_table;
    if (event_table) check_event_table();
  }

  Hdf5Input::Shape trajectory_shape() const { return {kept_rows, layout.summary.output_days.size()}; }

  // Every column first, so that a file of the wrong length is refused before any row is read.
  void check_patient_columns() {
    patients_group = file.group(root, "patients");
    const hid_t g = patients_group.id();
    file.expect<std::uint8_t>(g, "return_code", {n}, per_patient);
    for (const auto& p : layout.info.parameters) file.expect<double>(g, p.name, {n}, per_patient);
    for (const char* name : {"accepted_steps", "rejected_steps", "rhs_evaluations"})
      file.expect<std::uint64_t>(g, name, {n}, per_patient);
    file.expect<std::uint32_t>(g, "courses", {n}, per_patient);
    recovery_group = file.group(g, "recovery_day");
    for (std::size_t r = 0; r < layout.summary.recoveries.size(); ++r)
      file.expect<double>(recovery_group.id(), cohort::recovery_name(layout.summary, r), {n}, per_patient);
  }

  // /courses: one row per course given, patient by patient, as many as /patients/courses counts.
  void check_course_table() {
    courses_group = file.group(root, "courses");
    const hid_t g = courses_group.id();
    course_rows = file.list_length<std::int64_t>(g, "patient");
    per_course = "one per course, as " + Hdf5Input::path_of(g, "patient") + " has";
    file.expect<std::int64_t>(g, "course", {course_rows}, per_course);
    if (!layout.arm_names.front().empty()) file.expect<std::uint8_t>(g, "arm", {course_rows}, per_course);
    for (const char* name : {"number", "infusion_days"}) file.expect<std::uint32_t>(g, name, {course_rows}, per_course);
    for (const char* name : {"start_day", "dose_mg", "total_mg", "infusion_hours"})
      file.expect<double>(g, name, {course_rows}, per_course);
    for (const char* name : {"reason", "delay"}) file.expect<std::uint8_t>(g, name, {course_rows}, per_course);
  }

  // The courses of `records` (consecutive patients), as many rows of /courses as they have courses.
  void courses(std::vector<cohort::PatientRecord>& records) {
    std::size_t k = 0;
    for (const auto& r : records) k += r.result.courses.size();
    const hid_t g = courses_group.id();
    if (next_course + k > course_rows)
      file.refuse(Hdf5Input::path_of(g, "patient") + " has " + std::to_string(course_rows) +
                  " rows, but /patients/courses counts more courses");
    const Hdf5Input::Shape shape{course_rows};
    const auto ids = file.rows<std::int64_t>(g, "patient", shape, per_course, next_course, k);
    const auto numbers = file.rows<std::uint32_t>(g, "number", shape, per_course, next_course, k);
    const auto starts = file.rows<double>(g, "start_day", shape, per_course, next_course, k);
    const auto days = file.rows<std::uint32_t>(g, "infusion_days", shape, per_course, next_course, k);
    const auto doses = file.rows<double>(g, "dose_mg", shape, per_course, next_course, k);
    const auto hours = file.rows<double>(g, "infusion_hours", shape, per_course, next_course, k);
    const auto reasons = file.rows<std::uint8_t>(g, "reason", shape, per_course, next_course, k);
    const auto delays = file.rows<std::uint8_t>(g, "delay", shape, per_course, next_course, k);
    std::size_t row = 0;
    for (auto& r : records)
      for (std::size_t c = 0; c < r.result.courses.size(); ++c, ++row) {
        const std::string where = " in row " + std::to_string(next_course + row);
        if (ids[row] != static_cast<std::int64_t>(r.id) || numbers[row] != c + 1)
          file.refuse(Hdf5Input::path_of(g, "patient") + " holds patient " + std::to_string(ids[row]) + ", course " +
                      std::to_string(numbers[row]) + where + ", but must hold patient " + std::to_string(r.id) +
                      ", course " + std::to_string(c + 1) + " (as /patients/courses counts them)");
        if (days[row] < 1)
          file.refuse(Hdf5Input::path_of(g, "infusion_days") + " holds 0" + where + ", but must be >= 1");
        if (reasons[row] >= dosing::course_reason_names.size())
          file.refuse(Hdf5Input::path_of(g, "reason") + " holds " + std::to_string(reasons[row]) + where +
                      ", but must be one of 0 to " + std::to_string(dosing::course_reason_names.size() - 1) + " (" +
                      dosing::flag_meanings(dosing::course_reason_names) + ")");
        if (delays[row] >= dosing::course_delay_names.size())
          file.refuse(Hdf5Input::path_of(g, "delay") + " holds " + std::to_string(delays[row]) + where +
                      ", but must be one of 0 to " + std::to_string(dosing::course_delay_names.size() - 1) + " (" +
                      dosing::flag_meanings(dosing::course_delay_names) + ")");
        r.result.courses[c] = {.start_day = starts[row],
                               .infusion_days = static_cast<int>(days[row]),
                               .dose_mg = doses[row],
                               .infusion_hours = hours[row],
                               .reason = static_cast<dosing::CourseReason>(reasons[row]),
                               .delay = static_cast<dosing::CourseDelay>(delays[row])};
      }
    next_course += k;
  }

  // /events: one row per event, each of a patient of this file, patient by patient.
  void check_event_table() {
    events_group = file.group(root, "events");
    const hid_t g = events_group.id();
    event_rows = file.list_length<std::int64_t>(g, "patient");
    per_event = "one per event, as " + Hdf5Input::path_of(g, "patient") + " has";
    file.expect<std::uint8_t>(g, "type", {event_rows}, per_event);
    file.expect<double>(g, "day", {event_rows}, per_event);
    file.expect<std::uint8_t>(g, "serious", {event_rows}, per_event);
    file.expect<double>(g, "symptom_delay_day", {event_rows}, per_event);
    // Derived from the courses and the event's day; written afresh, so only checked to be there.
    file.expect<double>(g, "since_course_start_day", {event_rows}, per_event);
    file.expect<double>(g, "since_infusion_day", {event_rows}, per_event);
    for (const auto& schedule : layout.events->schedules) {
      schedule_groups.push_back(file.group(g, schedule.name));
      const hid_t sg = schedule_groups.back().id();
      file.expect<std::uint8_t>(sg, "detected_by", {event_rows}, per_event);
      file.expect<double>(sg, "detection_day", {event_rows}, per_event);
      file.expect<double>(sg, "lead_day", {event_rows}, per_event);
    }
  }

  [[noreturn]] void refuse_value(hid_t group, const std::string& name, std::size_t row, std::uint64_t value,
                                 const std::string& why_not) const {
    file.refuse(Hdf5Input::path_of(group, name) + " holds " + std::to_string(value) + " for patient " +
                std::to_string(first + row) + ", but " + why_not);
  }

  template <class T>
  std::vector<T> column(hid_t group, const std::string& name, std::size_t rows) const {
    return file.rows<T>(group, name, {n}, per_patient, next_row, rows);
  }

  std::vector<cohort::PatientRecord> patients(std::size_t k) const {
    const hid_t g = patients_group.id();
    const auto codes = column<std::uint8_t>(g, "return_code", k);
    std::vector<cohort::PatientRecord> records(k);
    for (std::size_t i = 0; i < k; ++i) {
      records[i].id = first + next_row + i;
      records[i].parameter_values.resize(layout.info.parameters.size());
      records[i].result.variable_count = layout.info.variables.size();
      records[i].result.recovery_day.resize(layout.summary.recoveries.size());
    }
    for (std::size_t p = 0; p < layout.info.parameters.size(); ++p) {
      const auto v = column<double>(g, layout.info.parameters[p].name, k);
      for (std::size_t i = 0; i < k; ++i) records[i].parameter_values[p] = v[i];
    }
    const auto accepted = column<std::uint64_t>(g, "accepted_steps", k);
    const auto rejected = column<std::uint64_t>(g, "rejected_steps", k);
    const auto rhs = column<std::uint64_t>(g, "rhs_evaluations", k);
    const auto courses = column<std::uint32_t>(g, "courses", k);
    for (std::size_t i = 0; i < k; ++i) {
      const auto code = static_cast<model::ReturnCode>(codes[i]);
      if (model::to_string(code) == "unknown")
        refuse_value(g, "return_code", next_row + i, codes[i],
                     std::string("that is no return code (they are, from 0: ") + model::return_code_meanings + ")");
      if (courses[i] > layout.max_courses[arm])
        refuse_value(g, "courses", next_row + i, courses[i],
                     "the scenario gives a patient at most " + std::to_string(layout.max_courses[arm]) + " courses");
      records[i].result.code = code;
      records[i].result.stats.accepted_steps = accepted[i];
      records[i].result.stats.rejected_steps = rejected[i];
      records[i].result.stats.rhs_evaluations = rhs[i];
      // The courses themselves are read from /courses (`courses`).
      records[i].result.courses.resize(courses[i]);
    }
    for (std::size_t r = 0; r < layout.summary.recoveries.size(); ++r) {
      const auto v = column<double>(recovery_group.id(), cohort::recovery_name(layout.summary, r), k);
      for (std::size_t i = 0; i < k; ++i) records[i].result.recovery_day[r] = v[i];
    }
    return records;
  }

  void trajectories(std::vector<cohort::PatientRecord>& records) const {
    if (next_row >= kept_rows) return;
    const std::size_t rows = std::min(records.size(), kept_rows - next_row);
    const std::size_t times = layout.summary.output_days.size(), variables = layout.info.variables.size();
    for (std::size_t i = 0; i < rows; ++i) records[i].result.trajectory.assign(times * variables, 0.0);
    for (std::size_t v = 0; v < variables; ++v) {
      const auto values = file.rows<double>(trajectories_group.id(), layout.info.variables[v].name, trajectory_shape(),
                                            per_trajectory, next_row, rows);
      for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t t = 0; t < times; ++t) records[i].result.trajectory[t * variables + v] = values[i * times + t];
    }
  }

  // The block of the event table from row `from`, at most `count` rows.
  void load_events(std::size_t from, std::size_t count) {
    const hid_t g = events_group.id();
    const Hdf5Input::Shape shape{event_rows};
    const std::size_t k = std::min(count, event_rows - from);
    buffer.first = from;
    buffer.patient = file.rows<std::int64_t>(g, "patient", shape, per_event, from, k);
    buffer.type = file.rows<std::uint8_t>(g, "type", shape, per_event, from, k);
    buffer.day = file.rows<double>(g, "day", shape, per_event, from, k);
    buffer.serious = file.rows<std::uint8_t>(g, "serious", shape, per_event, from, k);
    buffer.delay = file.rows<double>(g, "symptom_delay_day", shape, per_event, from, k);
    buffer.detected_by.clear();
    buffer.detection_day.clear();
    buffer.lead_day.clear();
    for (const auto& schedule : schedule_groups) {
      buffer.detected_by.push_back(file.rows<std::uint8_t>(schedule.id(), "detected_by", shape, per_event, from, k));
      buffer.detection_day.push_back(file.rows<double>(schedule.id(), "detection_day", shape, per_event, from, k));
      buffer.lead_day.push_back(file.rows<double>(schedule.id(), "lead_day", shape, per_event, from, k));
    }
  }

  // The patient of event row `e` (in the buffer), checked to be one of the file's, listed in order.
  std::uint64_t checked_event_patient(std::size_t e) const {
    const hid_t g = events_group.id();
    const std::size_t b = e - buffer.first;
    const std::int64_t id = buffer.patient[b];
    if (id < 0 || static_cast<std::uint64_t>(id) < first || static_cast<std::uint64_t>(id) >= end)
      file.refuse(Hdf5Input::path_of(g, "patient") + " holds patient " + std::to_string(id) + " in row " +
                  std::to_string(e) + ", but the file's patients are " + patient_range(first, end));
    if (buffer.type[b] >= layout.info.event_types.size())
      file.refuse(Hdf5Input::path_of(g, "type") + " holds " + std::to_string(buffer.type[b]) + " in row " +
                  std::to_string(e) + ", but the model has " + std::to_string(layout.info.event_types.size()) +
                  " event types");
    if (id < last_event_patient)
      file.refuse(Hdf5Input::path_of(g, "patient") + " holds patient " + std::to_string(id) + " in row " +
                  std::to_string(e) + " after patient " + std::to_string(last_event_patient) +
                  ", but lists events patient by patient");
    return static_cast<std::uint64_t>(id);
  }

  // The events of the patients of `records` (consecutive ids): the table's next rows, read in
  // blocks of `block_rows`.
  void events(std::vector<cohort::PatientRecord>& records, std::size_t block_rows) {
    for (auto& r : records) r.monitoring.schedules.resize(layout.events->schedules.size());
    const std::uint64_t block_end = first + next_row + records.size();
    for (; next_event < event_rows; ++next_event) {
      if (next_event >= buffer.end()) load_events(next_event, block_rows);
      const std::uint64_t id = checked_event_patient(next_event);
      if (id >= block_end) break;  // a later block's
      last_event_patient = static_cast<std::int64_t>(id);
      const std::size_t b = next_event - buffer.first;
      auto& r = records[static_cast<std::size_t>(id - (first + next_row))];
      r.result.events.push_back({buffer.type[b], buffer.day[b], buffer.serious[b] != 0});
      r.monitoring.symptom_delay_day.push_back(buffer.delay[b]);
      for (std::size_t s = 0; s < schedule_groups.size(); ++s) {
        const std::uint8_t by = buffer.detected_by[s][b];
        if (by > static_cast<std::uint8_t>(monitoring::DetectedBy::symptoms))
          file.refuse(Hdf5Input::path_of(schedule_groups[s].id(), "detected_by") + " holds " + std::to_string(by) +
                      " in row " + std::to_string(next_event) +
                      ", but must hold 0, 1 or 2 (not_monitored, monitoring, symptoms)");
        r.monitoring.schedules[s].events.push_back(
            {static_cast<monitoring::DetectedBy>(by), buffer.detection_day[s][b], buffer.lead_day[s][b]});
      }
    }
  }
};

CohortArmReader::CohortArmReader(const Hdf5Input& file, const CohortFileHeader& header, const CohortFileLayout& layout,
                                 std::size_t arm)
    : impl_(std::make_unique<Impl>(file, header, layout, arm)) {}

CohortArmReader::~CohortArmReader() = default;

void CohortArmReader::read_states(cohort::SummaryState& state, cohort::EventSummaryState* event_state) const {
  const Impl& m = *impl_;
  read_summary_state(m.file, m.file.group(m.root, "summary/state").id(), m.n, state);
  if (m.layout.events && event_state)
    read_event_state(m.file, m.file.group(m.root, "summary/events/state").id(), m.n, *event_state);
}

void CohortArmReader::read_course_state(cohort::CourseSummaryState& state) const {
  const Impl& m = *impl_;
  io::read_course_state(m.file, m.file.group(m.root, "summary/courses/state").id(), m.n, state);
}

bool CohortArmReader::done() const { return impl_->next_row >= impl_->n; }

std::vector<cohort::PatientRecord> CohortArmReader::next(std::size_t max_patients) {
  Impl& m = *impl_;
  const std::size_t k = std::min(std::max<std::size_t>(max_patients, 1), m.n - m.next_row);
  if (k == 0) return {};
  auto records = m.patients(k);
  m.courses(records);
  m.trajectories(records);
  if (m.event_table) m.events(records, std::max<std::size_t>(max_patients, 1));
  m.next_row += k;
  return records;
}

void CohortArmReader::finish() {
  Impl& m = *impl_;
  if (m.next_course < m.course_rows)
    m.file.refuse(Hdf5Input::path_of(m.courses_group.id(), "patient") + " has " + std::to_string(m.course_rows) +
                  " rows, but /patients/courses counts " + std::to_string(m.next_course) + " courses");
  if (!m.event_table || m.next_event >= m.event_rows) return;
  if (m.next_event >= m.buffer.end()) m.load_events(m.next_event, 1);
  // Every row of the file's patients was read with them; what is left is another's.
  m.checked_event_patient(m.next_event);
  m.file.refuse(Hdf5Input::path_of(m.events_group.id(), "patient") + " holds patient " +
                std::to_string(m.buffer.patient[m.next_event - m.buffer.first]) + " in row " +
                std::to_string(m.next_event) + ", but lists events patient by patient");
}

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

}  // namespace repop::io
