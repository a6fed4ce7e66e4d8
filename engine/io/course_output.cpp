#include "io/course_output.hpp"

#include "cohort/course_summary.hpp"
#include "dosing/course_reason.hpp"
#include "io/hdf5_file.hpp"

#include <type_traits>

namespace repop::io {

namespace {

using h5::Handle;
constexpr hsize_t course_chunk = 8192;

}  // namespace

struct CourseWriter::Impl {
  Handle group, course, patient, arm, number, start_day, infusion_days, dose, total, hours, reason, delay;
  std::uint8_t arm_code;
  std::int64_t rows_written = 0;

  Impl(hid_t root, std::size_t arm_index, const std::vector<std::string>& arm_names)
      : arm_code(static_cast<std::uint8_t>(arm_index)) {
    group = h5::create_group(root, "courses");
    h5::set_attribute(group.id(), "long_name", std::string("one row per course given, in patient and time order"));
    auto column = [&](const std::string& name, hid_t type, const std::string& units, const std::string& long_name) {
      Handle c = h5::create_growing_dataset(group.id(), name, type, course_chunk);
      h5::describe(c.id(), units, long_name);
      return c;
    };
    // The row number as the "course" dimension, so that netCDF readers (xarray, ncdf4) name it.
    course = column("course", H5T_NATIVE_INT64, "1", "course row number");
    h5::make_dimension_scale(course.id(), "course");
    patient = column("patient", H5T_NATIVE_INT64, "1", "patient number");
    if (!arm_names.empty()) {
      arm = column("arm", H5T_NATIVE_UINT8, "1", "arm of the scenario");
      std::string names;
      for (const auto& a : arm_names) names += (names.empty() ? "" : " ") + a;
      h5::set_attribute(arm.id(), "flag_meanings", names);
    }
    number = column("number", H5T_NATIVE_UINT32, "1", "course number of the patient, from 1");
    start_day = column("start_day", H5T_NATIVE_DOUBLE, "day", "first dose, days since the first infusion of course 1");
    infusion_days = column("infusion_days", H5T_NATIVE_UINT32, "day", "consecutive days with one dose each");
    dose = column("dose_mg", H5T_NATIVE_DOUBLE, "mg", "dose per day of the course");
    total = column("total_mg", H5T_NATIVE_DOUBLE, "mg", "dose of the whole course (dose_mg x infusion_days)");
    hours = column("infusion_hours", H5T_NATIVE_DOUBLE, "h", "length of each infusion");
    reason = column("reason", H5T_NATIVE_UINT8, "1", "why the course was given");
    h5::set_attribute(reason.id(), "flag_meanings", dosing::flag_meanings(dosing::course_reason_names));
    delay = column("delay", H5T_NATIVE_UINT8, "1", "what made the course start later than planned or due");
    h5::set_attribute(delay.id(), "flag_meanings", dosing::flag_meanings(dosing::course_delay_names));
    for (const Handle* c : {&patient, &arm, &number, &start_day, &infusion_days, &dose, &total, &hours, &reason, &delay})
      if (c->id() != H5I_INVALID_HID) h5::attach_dimension_scale(c->id(), course.id(), 0);
  }

  void add_block(const std::vector<cohort::PatientRecord>& records) {
    std::vector<std::int64_t> rows, ids;
    std::vector<std::uint32_t> numbers, days;
    std::vector<double> starts, doses, totals, infusion_hours;
    std::vector<std::uint8_t> arms, reasons, delays;
    for (const auto& r : records)
      for (std::size_t c = 0; c < r.result.courses.size(); ++c) {
        const dosing::Course& course_given = r.result.courses[c];
        rows.push_back(rows_written++);
        ids.push_back(static_cast<std::int64_t>(r.id));
        arms.push_back(arm_code);
        numbers.push_back(static_cast<std::uint32_t>(c + 1));
        starts.push_back(course_given.start_day);
        days.push_back(static_cast<std::uint32_t>(course_given.infusion_days));
        doses.push_back(course_given.dose_mg);
        totals.push_back(course_given.total_mg());
        infusion_hours.push_back(course_given.infusion_hours);
        reasons.push_back(static_cast<std::uint8_t>(course_given.reason));
        delays.push_back(static_cast<std::uint8_t>(course_given.delay));
      }
    h5::append_rows<std::int64_t>(course.id(), rows);
    h5::append_rows<std::int64_t>(patient.id(), ids);
    if (arm.id() != H5I_INVALID_HID) h5::append_rows<std::uint8_t>(arm.id(), arms);
    h5::append_rows<std::uint32_t>(number.id(), numbers);
    h5::append_rows<double>(start_day.id(), starts);
    h5::append_rows<std::uint32_t>(infusion_days.id(), days);
    h5::append_rows<double>(dose.id(), doses);
    h5::append_rows<double>(total.id(), totals);
    h5::append_rows<double>(hours.id(), infusion_hours);
    h5::append_rows<std::uint8_t>(reason.id(), reasons);
    h5::append_rows<std::uint8_t>(delay.id(), delays);
  }
};

CourseWriter::CourseWriter(hid_t root, std::size_t arm, const std::vector<std::string>& arm_names)
    : impl_(std::make_unique<Impl>(root, arm, arm_names)) {}
CourseWriter::~CourseWriter() = default;
void CourseWriter::add_block(const std::vector<cohort::PatientRecord>& records) { impl_->add_block(records); }

void write_course_summary(hid_t summary_group, const cohort::CourseSummaryState& state) {
  const auto summary = cohort::CourseSummary::from(state);
  Handle g = h5::create_group(summary_group, "courses");
  // Every dataset has a named dimension with its values in the group itself, so that xarray and
  // ncdf4 read the group as it is: years of follow-up, whole or partial, as the file's /year counts
  // them where it has one (cohort::EventLayout::years).
  std::vector<double> year_numbers;
  for (std::size_t y = 1; y <= state.years; ++y) year_numbers.push_back(static_cast<double>(y));
  Handle year = h5::write_vector<double>(g.id(), "year", year_numbers);
  h5::describe(year.id(), "1", "year since the first infusion (year k is days [365(k-1), 365k))");
  h5::make_dimension_scale(year.id(), "year");
  auto by_year = [&](const Handle& ds) { h5::attach_dimension_scale(ds.id(), year.id(), 0); };
  auto scale = [&](const std::string& name, std::size_t size, const std::string& long_name) {
    std::vector<std::int64_t> values(size);
    for (std::size_t i = 0; i < size; ++i) values[i] = static_cast<std::int64_t>(i);
    Handle ds = h5::write_vector<std::int64_t>(g.id(), name, values);
    h5::describe(ds.id(), "1", long_name);
    h5::make_dimension_scale(ds.id(), name);
    return ds;
  };
  Handle course_count = scale("course_count", summary.share_with_courses.size(), "number of courses of a patient");
  Handle reason_scale = scale("reason", dosing::course_reason_names.size(), "why a course was given");
  h5::set_attribute(reason_scale.id(), "flag_meanings", dosing::flag_meanings(dosing::course_reason_names));
  Handle delay_scale = scale("delay", dosing::course_delay_names.size(), "what made a course start later");
  h5::set_attribute(delay_scale.id(), "flag_meanings", dosing::flag_meanings(dosing::course_delay_names));

  h5::set_attribute(g.id(), "long_name", std::string("courses given, per patient and by reason"));
  h5::set_attribute(g.id(), "patients", static_cast<std::int64_t>(summary.patients));
  h5::set_attribute(g.id(), "courses", static_cast<std::int64_t>(summary.courses));
  h5::set_attribute(g.id(), "mean_per_patient", summary.mean_per_patient);
  Handle with = h5::write_vector<double>(g.id(), "share_with_courses", summary.share_with_courses);
  h5::describe(with.id(), "1",
               "share of patients with exactly k courses, k = 0, 1, ... (the last: " +
                   std::to_string(cohort::counted_courses_per_patient) + " or more)");
  h5::attach_dimension_scale(with.id(), course_count.id(), 0);
  Handle reason = h5::write_vector<double>(g.id(), "share_by_reason", summary.share_by_reason);
  h5::describe(reason.id(), "1", "share of courses given for each reason");
  h5::attach_dimension_scale(reason.id(), reason_scale.id(), 0);
  Handle delay = h5::write_vector<double>(g.id(), "share_by_delay", summary.share_by_delay);
  h5::describe(delay.id(), "1", "share of courses that started later for each cause");
  h5::attach_dimension_scale(delay.id(), delay_scale.id(), 0);
  h5::set_attribute(g.id(), "late_courses", static_cast<std::int64_t>(summary.late_courses));
  h5::set_attribute(g.id(), "late_start_q25_day", summary.late_start_q25_day);
  h5::set_attribute(g.id(), "late_start_median_day", summary.late_start_median_day);
  h5::set_attribute(g.id(), "late_start_q75_day", summary.late_start_q75_day);
  Handle late = h5::write_vector<std::uint64_t>(g.id(), "late_starts_by_year", summary.late_starts_by_year);
  h5::describe(late.id(), "1",
               "courses number " + std::to_string(cohort::first_late_course) +
                   " and later begun in year k (days [365(k-1), 365k) since the first infusion)");
  by_year(late);

  if (summary.counts_relapses) {
    Handle r = h5::create_group(summary_group, "relapse_rate");
    h5::set_attribute(r.id(), "long_name",
                      std::string("relapses (events of role relapse) per patient-year at risk, each patient "
                                  "counted up to the end of its follow-up"));
    h5::set_attribute(r.id(), "rate", summary.relapse_rate);
    h5::set_attribute(r.id(), "relapses", static_cast<std::int64_t>(summary.relapses));
    h5::set_attribute(r.id(), "patient_years", summary.patient_years);
    // Its own copy of the years: netCDF readers resolve a dimension in the group or its ancestors.
    Handle relapse_year = h5::local_dimension_scale(r.id(), year.id());
    auto by_relapse_year = [&](const Handle& ds) { h5::attach_dimension_scale(ds.id(), relapse_year.id(), 0); };
    Handle rate = h5::write_vector<double>(r.id(), "rate", summary.relapse_rate_by_year);
    h5::describe(rate.id(), "1/year", "annualised relapse rate in year k");
    by_relapse_year(rate);
    Handle count = h5::write_vector<std::uint64_t>(r.id(), "relapses", summary.relapses_by_year);
    h5::describe(count.id(), "1", "relapses with onset in year k");
    by_relapse_year(count);
    Handle years = h5::write_vector<double>(r.id(), "patient_years", summary.patient_years_by_year);
    h5::describe(years.id(), "year", "patient-years at risk in year k");
    by_relapse_year(years);
  }

  Handle st = h5::create_group(g.id(), "state");
  h5::set_attribute(st.id(), "patients", static_cast<std::int64_t>(state.patients));
  cohort::for_each_field(state, cohort::CourseSummaryState::summed_fields(), [&](const char* name, const auto& field) {
    using T = typename std::decay_t<decltype(field)>::value_type;
    if constexpr (std::is_same_v<T, cohort::Int128>) h5::write_int128(st.id(), name, field);
    else h5::write_vector<T>(st.id(), name, field);
  });
}

}  // namespace repop::io
