#include "io/event_output.hpp"

#include <cmath>

#include "cohort/course_summary.hpp"
#include "cohort/course_timing.hpp"
#include "cohort/event_summary.hpp"
#include "io/hdf5_file.hpp"
#include "io/labelled_table.hpp"

namespace repop::io {

namespace {

using h5::Handle;
constexpr hsize_t event_chunk = 8192;

std::string type_meanings(const model::ModelInfo& info) {
  std::string s;
  for (const auto& t : info.event_types) s += (s.empty() ? "" : " ") + t.name;
  return s;
}

void write_fraction_series(hid_t group, const std::string& name, const cohort::FractionSummary& f, hid_t year,
                           const std::string& long_name) {
  Handle a = h5::write_vector<double>(group, name, f.fraction);
  h5::describe(a.id(), "1", long_name);
  h5::attach_dimension_scale(a.id(), year, 0);
  Handle b = h5::write_vector<double>(group, name + "_se", f.se);
  h5::describe(b.id(), "1", "Monte Carlo standard error");
  h5::attach_dimension_scale(b.id(), year, 0);
}

// summary/monitoring_yield: what summary/monitoring/<schedule>/<type> holds as attributes, as
// (schedule × event type) datasets.
void write_monitoring_yield(hid_t summary_group, const model::ModelInfo& info, const cohort::EventLayout& layout,
                            const cohort::EventSummary& summary) {
  if (layout.schedules.empty()) return;
  std::vector<std::string> schedules, types;
  for (const auto& schedule : layout.schedules) schedules.push_back(schedule.name);
  for (const auto t : layout.monitored_types) types.push_back(info.event_types[t].name);
  LabelledTable table(summary_group, "monitoring_yield", "schedule", schedules, "event", types);
  h5::set_attribute(table.id(), "long_name",
                    std::string("yield of each monitoring schedule for each event type it looks for"));
  auto counts = [&](auto field) {
    std::vector<std::int64_t> v;
    for (const auto& by_type : summary.yields)
      for (const auto& y : by_type) v.push_back(static_cast<std::int64_t>(y.*field));
    return v;
  };
  auto numbers = [&](auto field) {
    std::vector<double> v;
    for (const auto& by_type : summary.yields)
      for (const auto& y : by_type) v.push_back(y.*field);
    return v;
  };
  using Y = cohort::ConditionYield;
  table.add("cases", counts(&Y::cases), "1", "onsets within the horizon");
  table.add("found_by_tests", counts(&Y::found_by_tests), "1", "cases found by a scheduled test before symptoms");
  table.add("missed", counts(&Y::missed), "1", "cases not found by a test before symptoms");
  table.add("share_found", numbers(&Y::share_found), "1", "share of cases found by tests before symptoms");
  table.add("share_found_se", numbers(&Y::share_found_se), "1", "Monte Carlo standard error of share_found");
  table.add("lead_q25_day", numbers(&Y::lead_q25_day), "day", "lead time before symptoms, lower quartile");
  table.add("lead_median_day", numbers(&Y::lead_median_day), "day", "lead time before symptoms, median");
  table.add("lead_q75_day", numbers(&Y::lead_q75_day), "day", "lead time before symptoms, upper quartile");
  table.add("tests", counts(&Y::tests), "1", "tests done of the kinds that look for the event type");
  table.add("tests_per_case_found", numbers(&Y::tests_per_case_found), "1", "tests done per case found");
  table.add("tests_after_last_onset", counts(&Y::tests_after_last_onset), "1",
            "tests done after the cohort's last onset of the event type");
}

}  // namespace

struct EventWriter::Impl {
  const model::ModelInfo& info;
  const cohort::EventLayout& layout;
  bool table;
  Handle group, event, patient, type, day, serious, delay, since_course, since_infusion;
  std::int64_t events_written = 0;
  std::vector<Handle> schedule_groups, detected_by, detection_day, lead_day;

  Impl(hid_t file, const model::ModelInfo& i, const cohort::EventLayout& l, bool t) : info(i), layout(l), table(t) {
    if (!table) return;
    group = h5::create_group(file, "events");
    h5::set_attribute(group.id(), "long_name", std::string("one row per event, in patient and time order"));
    // The row number as the "event" dimension, so that netCDF readers (xarray, ncdf4) name it.
    event = h5::create_growing_dataset(group.id(), "event", H5T_NATIVE_INT64, event_chunk);
    h5::describe(event.id(), "1", "event number");
    h5::make_dimension_scale(event.id(), "event");
    patient = h5::create_growing_dataset(group.id(), "patient", H5T_NATIVE_INT64, event_chunk);
    h5::describe(patient.id(), "1", "patient number");
    type = h5::create_growing_dataset(group.id(), "type", H5T_NATIVE_UINT8, event_chunk);
    h5::describe(type.id(), "1", "event type");
    h5::set_attribute(type.id(), "flag_meanings", type_meanings(info));
    day = h5::create_growing_dataset(group.id(), "day", H5T_NATIVE_DOUBLE, event_chunk);
    h5::describe(day.id(), "day", "event time (onset, for conditions), days since the first infusion");
    serious = h5::create_growing_dataset(group.id(), "serious", H5T_NATIVE_UINT8, event_chunk);
    h5::describe(serious.id(), "1", "1 if serious");
    delay = h5::create_growing_dataset(group.id(), "symptom_delay_day", H5T_NATIVE_DOUBLE, event_chunk);
    h5::describe(delay.id(), "day", "onset to symptoms (0: the event is its own symptom)");
    since_course = h5::create_growing_dataset(group.id(), "since_course_start_day", H5T_NATIVE_DOUBLE, event_chunk);
    h5::describe(since_course.id(), "day", "days since the latest course began (NaN: before any course)");
    since_infusion = h5::create_growing_dataset(group.id(), "since_infusion_day", H5T_NATIVE_DOUBLE, event_chunk);
    h5::describe(since_infusion.id(), "day",
                 "days since the latest infusion day of the latest course begun (NaN: before any course)");
    for (const auto& s : layout.schedules) {
      schedule_groups.push_back(h5::create_group(group.id(), s.name));
      const hid_t g = schedule_groups.back().id();
      detected_by.push_back(h5::create_growing_dataset(g, "detected_by", H5T_NATIVE_UINT8, event_chunk));
      h5::describe(detected_by.back().id(), "1", "how the event was found");
      h5::set_attribute(detected_by.back().id(), "flag_meanings", std::string("not_monitored monitoring symptoms"));
      detection_day.push_back(h5::create_growing_dataset(g, "detection_day", H5T_NATIVE_DOUBLE, event_chunk));
      h5::describe(detection_day.back().id(), "day", "day the event was found");
      lead_day.push_back(h5::create_growing_dataset(g, "lead_day", H5T_NATIVE_DOUBLE, event_chunk));
      h5::describe(lead_day.back().id(), "day", "days gained over symptoms (0 if found by symptoms)");
    }
    for (const Handle* column : {&patient, &type, &day, &serious, &delay, &since_course, &since_infusion})
      h5::attach_dimension_scale(column->id(), event.id(), 0);
    for (std::size_t s = 0; s < detected_by.size(); ++s)
      for (const Handle* column : {&detected_by[s], &detection_day[s], &lead_day[s]})
        h5::attach_dimension_scale(column->id(), event.id(), 0);
  }

  void add_block(const std::vector<cohort::PatientRecord>& records) {
    if (!table) return;
    std::vector<std::int64_t> ids;
    std::vector<std::uint8_t> types, serious_flags;
    std::vector<double> days, delays, since_starts, since_infusions;
    for (const auto& r : records)
      for (std::size_t i = 0; i < r.result.events.size(); ++i) {
        const auto& e = r.result.events[i];
        ids.push_back(static_cast<std::int64_t>(r.id));
        types.push_back(static_cast<std::uint8_t>(e.type));
        days.push_back(e.day);
        serious_flags.push_back(e.serious);
        delays.push_back(r.monitoring.symptom_delay_day.empty() ? 0.0 : r.monitoring.symptom_delay_day[i]);
        const cohort::CourseTiming timing = cohort::course_timing(r.result.courses, e.day);
        since_starts.push_back(timing.since_course_start_day);
        since_infusions.push_back(timing.since_infusion_day);
      }
    std::vector<std::int64_t> numbers(ids.size());
    for (auto& n : numbers) n = events_written++;
    h5::append_rows<std::int64_t>(event.id(), numbers);
    h5::append_rows<std::int64_t>(patient.id(), ids);
    h5::append_rows<std::uint8_t>(type.id(), types);
    h5::append_rows<double>(day.id(), days);
    h5::append_rows<std::uint8_t>(serious.id(), serious_flags);
    h5::append_rows<double>(delay.id(), delays);
    h5::append_rows<double>(since_course.id(), since_starts);
    h5::append_rows<double>(since_infusion.id(), since_infusions);
    for (std::size_t s = 0; s < layout.schedules.size(); ++s) {
      std::vector<std::uint8_t> by;
      std::vector<double> when, lead;
      for (const auto& r : records)
        for (std::size_t i = 0; i < r.result.events.size(); ++i) {
          const auto d = r.monitoring.schedules.empty() ? monitoring::EventDetection{} : r.monitoring.schedules[s].events[i];
          by.push_back(static_cast<std::uint8_t>(d.by));
          when.push_back(d.by == monitoring::DetectedBy::not_monitored ? r.result.events[i].day : d.day);
          lead.push_back(d.lead_day);
        }
      h5::append_rows<std::uint8_t>(detected_by[s].id(), by);
      h5::append_rows<double>(detection_day[s].id(), when);
      h5::append_rows<double>(lead_day[s].id(), lead);
    }
  }
};

EventWriter::EventWriter(hid_t file, const model::ModelInfo& info, const cohort::EventLayout& layout, bool table)
    : impl_(std::make_unique<Impl>(file, info, layout, table)) {}
EventWriter::~EventWriter() = default;
void EventWriter::add_block(const std::vector<cohort::PatientRecord>& records) { impl_->add_block(records); }

void EventWriter::write_summary(hid_t file, const cohort::EventSummaryState& state) {
  const auto& layout = impl_->layout;
  const auto summary = cohort::EventSummary::from(state, layout);
  // `file` is the arm's root; the year scale lives at the file's root.
  Handle year(H5Dopen2(file, "/year", H5P_DEFAULT), H5Dclose, "opening /year");
  Handle summary_group = h5::open_group(file, "summary");
  Handle events = h5::create_group(summary_group.id(), "events");
  h5::set_attribute(events.id(), "patient_years", summary.patient_years);
  for (std::size_t c = 0; c < layout.categories.size(); ++c) {
    const auto& cs = summary.categories[c];
    Handle g = h5::create_group(events.id(), layout.categories[c].name);
    h5::set_attribute(g.id(), "long_name", layout.categories[c].description);
    Handle local_year = h5::local_dimension_scale(g.id(), year.id());
    write_fraction_series(g.id(), "annual_incidence", cs.annual_incidence, local_year.id(),
                          "share of patients with at least one event in the year");
    write_fraction_series(g.id(), "cumulative_incidence", cs.cumulative_incidence, local_year.id(),
                          "share of patients with at least one event by the end of the year");
    h5::set_attribute(g.id(), "events", static_cast<std::int64_t>(cs.events));
    h5::set_attribute(g.id(), "rate_per_100_patient_years", cs.rate_per_100_patient_years);
    h5::set_attribute(g.id(), "rate_se", cs.rate_se);
    h5::set_attribute(g.id(), "first_event_q25_day", cs.first_event_q25_day);
    h5::set_attribute(g.id(), "first_event_median_day", cs.first_event_median_day);
    h5::set_attribute(g.id(), "first_event_q75_day", cs.first_event_q75_day);
    h5::set_attribute(g.id(), "since_course_q25_day", cs.since_course_q25_day);
    h5::set_attribute(g.id(), "since_course_median_day", cs.since_course_median_day);
    h5::set_attribute(g.id(), "since_course_q75_day", cs.since_course_q75_day);
    // Autoimmune onsets: how soon after the latest course start (cumulative shares).
    if (c < impl_->info.event_types.size() && impl_->info.event_types[c].autoimmune) {
      const auto timing = cohort::SinceCourseTiming::from(state, c);
      for (std::size_t k = 1; k <= cohort::timing_years; ++k)
        h5::set_attribute(g.id(), "since_course_within_" + std::to_string(k) + (k == 1 ? "_year" : "_years"),
                          timing.share_within_years[k - 1]);
      h5::set_attribute(g.id(), "since_course_beyond_4_years", timing.share_beyond_4_years);
    }
  }
  Handle monitoring = h5::create_group(summary_group.id(), "monitoring");
  for (std::size_t s = 0; s < layout.schedules.size(); ++s) {
    const auto& schedule = layout.schedules[s];
    Handle g = h5::create_group(monitoring.id(), schedule.name);
    h5::set_attribute(g.id(), "interval_days", schedule.interval_day);
    h5::set_attribute(g.id(), "until_days_after_last_infusion", schedule.until_after_last_infusion_day);
    h5::set_attribute(g.id(), "attendance", schedule.attendance);
    for (std::size_t t = 0; t < schedule.tests.size(); ++t)
      h5::set_attribute(g.id(), "tests_done_" + schedule.tests[t].name, static_cast<std::int64_t>(summary.tests_done[s][t]));
    for (std::size_t k = 0; k < layout.monitored_types.size(); ++k) {
      const auto& y = summary.yields[s][k];
      Handle c = h5::create_group(g.id(), impl_->info.event_types[layout.monitored_types[k]].name);
      h5::set_attribute(c.id(), "cases", static_cast<std::int64_t>(y.cases));
      h5::set_attribute(c.id(), "found_by_tests", static_cast<std::int64_t>(y.found_by_tests));
      h5::set_attribute(c.id(), "share_found", y.share_found);
      h5::set_attribute(c.id(), "share_found_se", y.share_found_se);
      h5::set_attribute(c.id(), "missed", static_cast<std::int64_t>(y.missed));
      h5::set_attribute(c.id(), "lead_q25_day", y.lead_q25_day);
      h5::set_attribute(c.id(), "lead_median_day", y.lead_median_day);
      h5::set_attribute(c.id(), "lead_q75_day", y.lead_q75_day);
      h5::set_attribute(c.id(), "tests", static_cast<std::int64_t>(y.tests));
      h5::set_attribute(c.id(), "tests_per_case_found", y.tests_per_case_found);
      h5::set_attribute(c.id(), "tests_after_last_onset", static_cast<std::int64_t>(y.tests_after_last_onset));
    }
  }

  write_monitoring_yield(summary_group.id(), impl_->info, layout, summary);

  Handle st = h5::create_group(events.id(), "state");
  h5::set_attribute(st.id(), "patients", static_cast<std::int64_t>(state.patients));
  h5::write_vector<std::uint64_t>(st.id(), "with_event_in_year", state.with_event_in_year);
  h5::write_vector<std::uint64_t>(st.id(), "first_event_day", state.first_event_day);
  h5::write_vector<std::uint64_t>(st.id(), "event_count", state.event_count);
  h5::write_vector<std::uint64_t>(st.id(), "event_count_squared", state.event_count_squared);
  h5::write_int128(st.id(), "count_times_followup", state.count_times_followup);
  h5::write_int128(st.id(), "followup_years", {state.followup_years, state.followup_years_squared});
  h5::write_vector<std::uint64_t>(st.id(), "since_course_day", state.since_course_day);
  h5::write_vector<std::uint64_t>(st.id(), "cases", state.cases);
  h5::write_vector<std::uint64_t>(st.id(), "found_by_tests", state.found_by_tests);
  h5::write_vector<std::uint64_t>(st.id(), "lead_day", state.lead_day);
  h5::write_vector<std::uint64_t>(st.id(), "tests_done", state.tests_done);
  h5::write_vector<std::uint64_t>(st.id(), "tests_by_day", state.tests_by_day);
  h5::write_vector<double>(st.id(), "latest_onset_day", state.latest_onset_day);
}

}  // namespace repop::io
