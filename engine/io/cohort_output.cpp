#include "io/cohort_output.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "cohort/arm_comparison.hpp"
#include "cohort/cohort_summary.hpp"
#include "cohort/summary_names.hpp"
#include "io/course_output.hpp"
#include "io/event_output.hpp"
#include "io/labelled_table.hpp"
#include "io/yaml_fields.hpp"
#include "model/return_code.hpp"

namespace repop::io {

namespace {

using h5::Handle;

constexpr hsize_t patient_chunk = 4096;

struct Column {
  Handle dataset;
  hid_t type;
};

// The summary state's histograms in a file: the (index, count) pairs of their non-empty bins in
// ascending order of index = histogram × cohort::histogram_bins + bin, as one dense array of all
// bins would number them (read back by io::read_summary_state). The indices are stored in 32 bits
// when every one fits (below 2^32: up to 613,000 histograms), which halves what is compressed.
// Written a chunk at a time, so that writing takes little memory beside the state (slices of 2^20
// pairs once set a run's peak memory).
template <class Index>
void write_histograms_as(hid_t group, const std::vector<cohort::CompactHistogram>& histograms) {
  constexpr std::size_t slice = 1 << 16;  // the datasets' chunk
  hsize_t total = 0;
  for (const auto& h : histograms) h.for_each_bin([&](std::size_t, std::uint32_t) { ++total; });
  // The bookkeeping of a later merge is most of a file's bytes: compressed (shuffle + deflate), the
  // increasing bin indices and the small counts shrink several times over.
  h5::DatasetOptions compressed;
  if (total > 0) compressed = {.chunk = {std::min<hsize_t>(total, 1 << 16)}, .compress = true};
  Handle index_dataset = h5::create_dataset(group, "histogram_index", h5::native_type<Index>(), {total}, compressed);
  Handle count_dataset = h5::create_dataset(group, "histogram_count", H5T_NATIVE_UINT32, {total}, compressed);
  std::vector<Index> index;
  std::vector<std::uint32_t> count;
  hsize_t written = 0;
  auto flush = [&] {
    h5::write_rows<Index>(index_dataset.id(), written, index.size(), index);
    h5::write_rows<std::uint32_t>(count_dataset.id(), written, count.size(), count);
    written += index.size();
    index.clear();
    count.clear();
  };
  for (std::size_t i = 0; i < histograms.size(); ++i)
    histograms[i].for_each_bin([&](std::size_t bin, std::uint32_t c) {
      index.push_back(static_cast<Index>(i * cohort::histogram_bins + bin));
      count.push_back(c);
      if (index.size() == slice) flush();
    });
  if (!index.empty()) flush();
}

void write_histograms(hid_t group, const std::vector<cohort::CompactHistogram>& histograms) {
  if (histograms.size() * cohort::histogram_bins <= std::numeric_limits<std::uint32_t>::max())
    write_histograms_as<std::uint32_t>(group, histograms);
  else
    write_histograms_as<std::uint64_t>(group, histograms);
}

}  // namespace

// A dimension scale of the patient numbers [first, first + rows): chunked when the run may end
// early, so that it can be cut. Written a chunk at a time: a million patients' numbers are never
// held at once.
Handle patient_numbers(hid_t parent, const std::string& name, std::uint64_t first, hsize_t rows,
                       const CohortFileInfo& fi) {
  const h5::DatasetOptions options =
      fi.may_end_early ? h5::DatasetOptions{{std::min<hsize_t>(patient_chunk, std::max<hsize_t>(rows, 1))}, true, 1}
                       : h5::DatasetOptions{};
  Handle ds = h5::create_dataset(parent, name, H5T_NATIVE_INT64, {rows}, options);
  std::vector<std::int64_t> ids;
  for (hsize_t start = 0; start < rows; start += patient_chunk) {
    const hsize_t count = std::min<hsize_t>(patient_chunk, rows - start);
    ids.resize(count);
    for (hsize_t k = 0; k < count; ++k) ids[k] = static_cast<std::int64_t>(first + start + k);
    h5::write_rows<std::int64_t>(ds.id(), start, count, ids);
  }
  return ds;
}

// The datasets of one arm, under the file's root or under /arms/<name>.
struct ArmParts {
  const model::ModelInfo& info;
  const cohort::SummaryLayout& layout;
  CohortFileInfo file_info;
  hid_t file = H5I_INVALID_HID;
  Handle arm_group;  // open when the arm has its own group
  hid_t root = H5I_INVALID_HID;
  hid_t time = H5I_INVALID_HID, patient = H5I_INVALID_HID, quantile = H5I_INVALID_HID;
  Handle patients_group, recovery_group, trajectories_group, trajectory_patient;
  std::vector<Column> parameter_columns;
  Column return_code, accepted, rejected, rhs, courses;
  std::vector<Column> recovery_columns;
  std::vector<Handle> trajectory_columns;
  std::uint64_t trajectory_rows = 0;
  std::uint64_t next_row = 0;
  std::unique_ptr<EventWriter> events;
  std::unique_ptr<CourseWriter> course_table;

  // `arm_names`: every arm's name in a file with arms (this one is arm_names[arm]), else empty.
  ArmParts(hid_t file_id, std::size_t arm, const std::vector<std::string>& arm_names, hid_t time_scale,
           hid_t patient_scale, hid_t quantile_scale, const model::ModelInfo& i, const cohort::SummaryLayout& l,
           const cohort::EventLayout* event_layout, bool event_table, const CohortFileInfo& fi)
      : info(i), layout(l), file_info(fi), file(file_id), time(time_scale), patient(patient_scale), quantile(quantile_scale) {
    root = file;
    if (!arm_names.empty()) {
      arm_group = h5::create_group(h5::open_group(file, "arms").id(), arm_names[arm]);
      root = arm_group.id();
    }
    const hsize_t n = fi.end_patient - fi.first_patient;

    patients_group = h5::create_group(root, "patients");
    // Blocks arrive in patient order, so a column needs only the chunk being filled.
    const h5::DatasetOptions options{{std::min<hsize_t>(patient_chunk, std::max<hsize_t>(n, 1))}, true, 1};
    auto column = [&](hid_t parent, const std::string& name, hid_t type, const std::string& units,
                      const std::string& long_name) {
      Column c{h5::create_dataset(parent, name, type, {n}, options), type};
      h5::describe(c.dataset.id(), units, long_name);
      h5::attach_dimension_scale(c.dataset.id(), patient, 0);
      return c;
    };
    for (const auto& p : info.parameters) {
      parameter_columns.push_back(column(patients_group.id(), p.name, H5T_NATIVE_DOUBLE, p.unit, p.description));
      h5::set_attribute(parameter_columns.back().dataset.id(), "source", p.source);
      // Which scenario key sets it (patient: or parameters:), so that a reader can run the patient again.
      h5::set_attribute(parameter_columns.back().dataset.id(), "role",
                        std::string(p.role == model::ParameterRole::covariate ? "covariate" : "parameter"));
    }
    return_code = column(patients_group.id(), "return_code", H5T_NATIVE_UINT8, "1", "how the integration ended");
    h5::set_attribute(return_code.dataset.id(), "flag_meanings", std::string(model::return_code_meanings));
    accepted = column(patients_group.id(), "accepted_steps", H5T_NATIVE_UINT64, "1", "accepted solver steps");
    rejected = column(patients_group.id(), "rejected_steps", H5T_NATIVE_UINT64, "1", "rejected solver steps");
    rhs = column(patients_group.id(), "rhs_evaluations", H5T_NATIVE_UINT64, "1", "right-hand-side evaluations");
    courses = column(patients_group.id(), "courses", H5T_NATIVE_UINT32, "1", "courses received, planned and added");
    recovery_group = h5::create_group(patients_group.id(), "recovery_day");
    for (std::size_t r = 0; r < layout.recoveries.size(); ++r)
      recovery_columns.push_back(column(recovery_group.id(), cohort::recovery_name(layout, r), H5T_NATIVE_DOUBLE, "day",
                                        "day of recovery (inf: not by the horizon)"));

    const std::uint64_t keep_end =
        fi.trajectory_patients < 0 ? fi.end_patient
                                   : std::min<std::uint64_t>(fi.end_patient, static_cast<std::uint64_t>(fi.trajectory_patients));
    trajectory_rows = keep_end > fi.first_patient ? keep_end - fi.first_patient : 0;
    if (trajectory_rows > 0) {
      trajectories_group = h5::create_group(root, "trajectories");
      trajectory_patient = patient_numbers(trajectories_group.id(), "patient", fi.first_patient, trajectory_rows, fi);
      h5::describe(trajectory_patient.id(), "1", "patient number of each trajectory row");
      h5::make_dimension_scale(trajectory_patient.id(), "trajectory_patient");
      const hsize_t times = layout.output_days.size();
      const h5::DatasetOptions trajectory_options{{std::min<hsize_t>(trajectory_rows, 256), times}, true};
      for (const auto& v : info.variables) {
        Handle ds = h5::create_dataset(trajectories_group.id(), v.name, H5T_NATIVE_DOUBLE, {trajectory_rows, times},
                                       trajectory_options);
        h5::describe(ds.id(), v.unit, v.description);
        h5::attach_dimension_scale(ds.id(), trajectory_patient.id(), 0);
        h5::attach_dimension_scale(ds.id(), time, 1);
        trajectory_columns.push_back(std::move(ds));
      }
    }
    if (event_layout) events = std::make_unique<EventWriter>(root, info, *event_layout, event_table);
    course_table = std::make_unique<CourseWriter>(root, arm, arm_names);
  }

  void add_block(const std::vector<cohort::PatientRecord>& records) {
    const hsize_t count = records.size();
    if (count == 0) return;
    std::vector<double> values(count);
    for (std::size_t p = 0; p < parameter_columns.size(); ++p) {
      for (std::size_t i = 0; i < count; ++i) values[i] = records[i].parameter_values[p];
      h5::write_rows<double>(parameter_columns[p].dataset.id(), next_row, count, values);
    }
    std::vector<std::uint8_t> codes(count);
    for (std::size_t i = 0; i < count; ++i) codes[i] = static_cast<std::uint8_t>(records[i].result.code);
    h5::write_rows<std::uint8_t>(return_code.dataset.id(), next_row, count, codes);
    std::vector<std::uint64_t> counts(count);
    auto write_stat = [&](Column& c, auto member) {
      for (std::size_t i = 0; i < count; ++i) counts[i] = records[i].result.stats.*member;
      h5::write_rows<std::uint64_t>(c.dataset.id(), next_row, count, counts);
    };
    write_stat(accepted, &model::SolverStats::accepted_steps);
    write_stat(rejected, &model::SolverStats::rejected_steps);
    write_stat(rhs, &model::SolverStats::rhs_evaluations);
    std::vector<std::uint32_t> course_counts(count);
    for (std::size_t i = 0; i < count; ++i) course_counts[i] = static_cast<std::uint32_t>(records[i].result.courses.size());
    h5::write_rows<std::uint32_t>(courses.dataset.id(), next_row, count, course_counts);
    for (std::size_t r = 0; r < recovery_columns.size(); ++r) {
      for (std::size_t i = 0; i < count; ++i) values[i] = records[i].result.recovery_day[r];
      h5::write_rows<double>(recovery_columns[r].dataset.id(), next_row, count, values);
    }
    if (next_row < trajectory_rows) {
      const hsize_t rows = std::min<hsize_t>(count, trajectory_rows - next_row);
      const std::size_t times = layout.output_days.size();
      std::vector<double> block(rows * times);
      for (std::size_t v = 0; v < trajectory_columns.size(); ++v) {
        for (std::size_t i = 0; i < rows; ++i)
          for (std::size_t t = 0; t < times; ++t) block[i * times + t] = records[i].result.at(t, v);
        h5::write_rows<double>(trajectory_columns[v].id(), next_row, rows, block);
      }
    }
    if (events) events->add_block(records);
    course_table->add_block(records);
    next_row += count;
  }

  void end_at(std::uint64_t end_patient) {
    const hsize_t rows = end_patient - file_info.first_patient;
    for (auto* columns : {&parameter_columns, &recovery_columns})
      for (auto& c : *columns) h5::shrink_rows(c.dataset.id(), rows);
    for (Column* c : {&return_code, &accepted, &rejected, &rhs, &courses}) h5::shrink_rows(c->dataset.id(), rows);
    if (trajectory_rows > rows) {
      for (auto& ds : trajectory_columns) h5::shrink_rows(ds.id(), rows);
      h5::shrink_rows(trajectory_patient.id(), rows);
      trajectory_rows = rows;
    }
  }

  void write_summary(const cohort::SummaryState& state) {
    const auto summary = cohort::CohortSummary::from(state, layout);
    Handle group = h5::create_group(root, "summary");
    h5::set_attribute(group.id(), "patients", static_cast<std::int64_t>(summary.patients));
    h5::set_attribute(group.id(), "failed", static_cast<std::int64_t>(summary.failed));
    h5::set_attribute(group.id(), "summarised", static_cast<std::int64_t>(summary.summarised));
    const hsize_t times = layout.output_days.size();
    auto series = [&](hid_t parent, const std::string& name, const std::vector<double>& v, hid_t local_time,
                      const std::string& units, const std::string& long_name) {
      Handle ds = h5::write_vector<double>(parent, name, v);
      h5::describe(ds.id(), units, long_name);
      h5::attach_dimension_scale(ds.id(), local_time, 0);
    };
    for (std::size_t q = 0; q < layout.quantities.size(); ++q) {
      const auto& quantity = layout.quantities[q];
      const auto& s = summary.quantities[q];
      Handle g = h5::create_group(group.id(), quantity.name);
      h5::set_attribute(g.id(), "long_name", quantity.description);
      Handle local_time = h5::local_dimension_scale(g.id(), time);
      Handle local_quantile = h5::local_dimension_scale(g.id(), quantile);
      series(g.id(), "mean", s.mean, local_time.id(), quantity.unit, "mean over patients");
      series(g.id(), "sd", s.sd, local_time.id(), quantity.unit, "standard deviation over patients");
      series(g.id(), "mean_se", s.mean_se, local_time.id(), quantity.unit, "Monte Carlo standard error of the mean");
      std::vector<double> flat;
      for (const auto& level : s.quantiles) flat.insert(flat.end(), level.begin(), level.end());
      Handle ds = h5::create_dataset(g.id(), "quantiles", H5T_NATIVE_DOUBLE, {cohort::reported_quantiles.size(), times});
      h5::write_all<double>(ds.id(), flat);
      h5::describe(ds.id(), quantity.unit, "quantiles over patients (histogram, within 0.46%)");
      h5::attach_dimension_scale(ds.id(), local_quantile.id(), 0);
      h5::attach_dimension_scale(ds.id(), local_time.id(), 1);
    }
    Handle below = h5::create_group(group.id(), "below");
    for (std::size_t k = 0; k < layout.thresholds.size(); ++k) {
      const auto& t = layout.thresholds[k];
      Handle g = h5::create_group(below.id(), cohort::threshold_name(layout, k));
      h5::set_attribute(g.id(), "quantity", layout.quantities[t.quantity].name);
      h5::set_attribute(g.id(), "below", t.below);
      h5::set_attribute(g.id(), "units", layout.quantities[t.quantity].unit);
      Handle local_time = h5::local_dimension_scale(g.id(), time);
      series(g.id(), "fraction", summary.below[k].fraction, local_time.id(), "1", "share of patients below the threshold");
      series(g.id(), "se", summary.below[k].se, local_time.id(), "1", "Monte Carlo standard error of the share");
    }
    Handle recovery = h5::create_group(group.id(), "recovery");
    // The whole years of follow-up (/recovery_year; the events' /year also counts a last partial year).
    Handle recovery_year;
    if (!layout.recoveries.empty())
      recovery_year = Handle(H5Dopen2(root, "/recovery_year", H5P_DEFAULT), H5Dclose, "opening /recovery_year");
    for (std::size_t r = 0; r < layout.recoveries.size(); ++r) {
      const auto& rec = layout.recoveries[r];
      const auto& s = summary.recoveries[r];
      Handle g = h5::create_group(recovery.id(), cohort::recovery_name(layout, r));
      h5::set_attribute(g.id(), "quantity", layout.quantities[rec.quantity].name);
      h5::set_attribute(g.id(), "at_least", rec.at_least);
      h5::set_attribute(g.id(), "at_least_baseline", static_cast<std::int64_t>(rec.at_least_baseline));
      h5::set_attribute(g.id(), "q25_month", s.q25_month);
      h5::set_attribute(g.id(), "median_month", s.median_month);
      h5::set_attribute(g.id(), "q75_month", s.q75_month);
      h5::set_attribute(g.id(), "not_recovered_fraction", s.not_recovered_fraction);
      Handle years = h5::local_dimension_scale(g.id(), recovery_year.id());
      Handle a = h5::write_vector<double>(g.id(), "recovered_by_year", s.recovered_by_year.fraction);
      h5::describe(a.id(), "1", "share recovered by the end of year 1, 2, ... after the first infusion");
      h5::attach_dimension_scale(a.id(), years.id(), 0);
      Handle b = h5::write_vector<double>(g.id(), "recovered_by_year_se", s.recovered_by_year.se);
      h5::describe(b.id(), "1", "Monte Carlo standard error");
      h5::attach_dimension_scale(b.id(), years.id(), 0);
    }
    write_state(group.id(), state);
  }

  void write_state(hid_t summary_group, const cohort::SummaryState& state) {
    Handle g = h5::create_group(summary_group, "state");
    h5::set_attribute(g.id(), "patients", static_cast<std::int64_t>(state.patients));
    h5::set_attribute(g.id(), "failed", static_cast<std::int64_t>(state.failed));
    h5::set_attribute(g.id(), "fixed_point_bits", static_cast<std::int64_t>(cohort::fixed_point_bits));
    h5::write_int128(g.id(), "sum", state.sum);
    h5::write_int128(g.id(), "sum_of_squares", state.sum_of_squares);
    write_histograms(g.id(), state.histogram);
    h5::write_vector<std::uint64_t>(g.id(), "below", state.below);
    h5::write_vector<std::uint64_t>(g.id(), "recovery_histogram", state.recovery_histogram);
  }
};

struct CohortWriter::Impl {
  Handle file, time, patient, quantile;
  std::vector<std::unique_ptr<ArmParts>> arms;
  const cohort::ArmComparisonLayout* comparison_layout = nullptr;
  CohortFileInfo file_info;

  Impl(const std::string& path, const cohort::CohortLayouts& layouts, bool event_table, const Provenance& provenance,
       const CohortFileInfo& fi)
      : file_info(fi) {
    const cohort::ArmLayout& first = layouts.arms.front();
    file = h5::create_file(path);
    write_provenance(file.id(), provenance);
    h5::set_attribute(file.id(), "first_patient", static_cast<std::int64_t>(fi.first_patient));
    h5::set_attribute(file.id(), "end_patient", static_cast<std::int64_t>(fi.end_patient));
    h5::set_attribute(file.id(), "total_patients", static_cast<std::int64_t>(fi.total_patients));
    h5::set_attribute(file.id(), "trajectory_patients", fi.trajectory_patients);

    time = h5::write_vector<double>(file.id(), "time", first.summary.output_days);
    h5::describe(time.id(), "day", "days since the first infusion of course 1");
    h5::make_dimension_scale(time.id(), "time");
    quantile = h5::write_vector<double>(file.id(), "quantile", cohort::reported_quantiles);
    h5::describe(quantile.id(), "1", "quantile level");
    h5::make_dimension_scale(quantile.id(), "quantile");
    const hsize_t n = fi.end_patient - fi.first_patient;
    patient = patient_numbers(file.id(), "patient", fi.first_patient, n, fi);
    h5::describe(patient.id(), "1", "patient number within the cohort");
    h5::make_dimension_scale(patient.id(), "patient");
    if (const cohort::EventLayout* event_layout = first.events()) {
      std::vector<double> years;
      for (std::size_t y = 1; y <= event_layout->years(); ++y) years.push_back(static_cast<double>(y));
      Handle year = h5::write_vector<double>(file.id(), "year", years);
      h5::describe(year.id(), "1", "year since the first infusion (year k is days [365(k-1), 365k))");
      h5::make_dimension_scale(year.id(), "year");
    }
    if (!first.summary.recoveries.empty()) {
      std::vector<double> years;
      for (std::size_t y = 1; y <= cohort::whole_years(first.summary.horizon_day); ++y)
        years.push_back(static_cast<double>(y));
      Handle recovery_year = h5::write_vector<double>(file.id(), "recovery_year", years);
      h5::describe(recovery_year.id(), "1", "whole years since the first infusion (year k ends on day 365k)");
      h5::make_dimension_scale(recovery_year.id(), "recovery_year");
    }
    if (layouts.named_arms) {
      Handle group = h5::create_group(file.id(), "arms");
      std::string names;
      for (const auto& a : layouts.arm_names) names += (names.empty() ? "" : " ") + a;
      h5::set_attribute(group.id(), "arms", names);
      comparison_layout = &layouts.comparison;
    }
    const std::vector<std::string> arm_names = layouts.named_arms ? layouts.arm_names : std::vector<std::string>{};
    for (std::size_t a = 0; a < layouts.arms.size(); ++a) {
      const cohort::ArmLayout& arm = layouts.arms[a];
      arms.push_back(std::make_unique<ArmParts>(file.id(), a, arm_names, time.id(), patient.id(), quantile.id(),
                                                *arm.info, arm.summary, arm.events(), event_table, fi));
      // Only where models differ, so that a file of one model is as it always was.
      if (!layouts.one_model()) h5::set_attribute(arms.back()->root, "model", arm.info->name);
    }
  }
};

CohortWriter::CohortWriter(const std::string& path, const cohort::CohortLayouts& layouts, bool event_table,
                           const Provenance& provenance, const CohortFileInfo& file_info)
    : impl_(std::make_unique<Impl>(path, layouts, event_table, provenance, file_info)) {}

CohortWriter::~CohortWriter() = default;

void CohortWriter::add_block(std::size_t arm, const std::vector<cohort::PatientRecord>& records) {
  impl_->arms[arm]->add_block(records);
}

void CohortWriter::end_at(std::uint64_t end_patient) {
  auto& impl = *impl_;
  if (!impl.file_info.may_end_early) throw std::logic_error("CohortWriter::end_at of a file made to its full size");
  for (auto& arm : impl.arms) arm->end_at(end_patient);
  h5::shrink_rows(impl.patient.id(), end_patient - impl.file_info.first_patient);
  for (const char* name : {"end_patient", "total_patients"}) {
    if (H5Adelete(impl.file.id(), name) < 0) throw std::runtime_error(std::string("replacing attribute ") + name);
    h5::set_attribute(impl.file.id(), name, static_cast<std::int64_t>(end_patient));
  }
}

void CohortWriter::finish(const std::vector<cohort::SummaryState>& states,
                          const std::vector<cohort::EventSummaryState>* event_states,
                          const cohort::ArmComparisonState* comparison,
                          const std::vector<cohort::CourseSummaryState>& course_states) {
  for (std::size_t a = 0; a < impl_->arms.size(); ++a) {
    auto& arm = *impl_->arms[a];
    arm.write_summary(states[a]);
    write_course_summary(h5::open_group(arm.root, "summary").id(), course_states[a]);
    if (arm.events && event_states) arm.events->write_summary(arm.root, (*event_states)[a]);
    arm.events.reset();
    arm.course_table.reset();
    arm.trajectory_columns.clear();
    arm.recovery_columns.clear();
    arm.parameter_columns.clear();
  }
  if (comparison && impl_->comparison_layout) write_arm_comparison(impl_->file.id(), *impl_->comparison_layout, *comparison);
  impl_->arms.clear();
  impl_->file.close();
}

void write_arm_comparison(hid_t file, const cohort::ArmComparisonLayout& layout, const cohort::ArmComparisonState& state) {
  const auto comparison = cohort::ArmComparison::from(state);
  Handle group = h5::create_group(file, "arm_comparison");
  h5::set_attribute(group.id(), "long_name",
                    std::string("per-patient outcomes by arm, and paired differences against the first arm"));
  h5::set_attribute(group.id(), "reference_arm", layout.arm_names.front());
  h5::set_attribute(group.id(), "paired_patients", static_cast<std::int64_t>(comparison.paired));
  h5::set_attribute(group.id(), "unpaired_patients", static_cast<std::int64_t>(comparison.unpaired));
  for (std::size_t a = 0; a < layout.arm_names.size(); ++a) {
    Handle arm = h5::create_group(group.id(), layout.arm_names[a]);
    const auto& distribution = comparison.course_distribution[a];
    std::vector<std::int64_t> course_counts(distribution.size());
    for (std::size_t k = 0; k < course_counts.size(); ++k) course_counts[k] = static_cast<std::int64_t>(k);
    Handle counts = h5::write_vector<std::int64_t>(arm.id(), "course_count", course_counts);
    h5::describe(counts.id(), "1", "number of courses of a patient");
    h5::make_dimension_scale(counts.id(), "course_count");
    Handle dist = h5::write_vector<double>(arm.id(), "course_distribution", distribution);
    h5::describe(dist.id(), "1", "share of patients with exactly k courses, k = 0, 1, ...");
    h5::attach_dimension_scale(dist.id(), counts.id(), 0);
    for (std::size_t k = 0; k < layout.outcomes.size(); ++k) {
      Handle o = h5::create_group(arm.id(), layout.outcomes[k]);
      const auto& c = comparison.outcomes[a][k];
      h5::set_attribute(o.id(), "mean_per_patient", c.mean);
      h5::set_attribute(o.id(), "difference_per_patient", c.difference);
      h5::set_attribute(o.id(), "difference_se", c.difference_se);
    }
  }
  // The same figures as (arm × outcome) datasets, which xarray opens as one Dataset.
  LabelledTable table(group.id(), "table", "arm", layout.arm_names, "outcome", layout.outcomes);
  std::vector<double> mean, difference, difference_se;
  for (std::size_t a = 0; a < layout.arm_names.size(); ++a)
    for (const auto& c : comparison.outcomes[a]) {
      mean.push_back(c.mean);
      difference.push_back(c.difference);
      difference_se.push_back(c.difference_se);
    }
  table.add("mean_per_patient", mean, "1", "mean per patient over the horizon");
  table.add("difference_per_patient", difference, "1", "paired difference per patient against the reference arm");
  table.add("difference_se", difference_se, "1", "Monte Carlo standard error of the paired difference");

  Handle st = h5::create_group(group.id(), "state");
  h5::set_attribute(st.id(), "paired", static_cast<std::int64_t>(state.paired));
  h5::set_attribute(st.id(), "unpaired", static_cast<std::int64_t>(state.unpaired));
  h5::write_vector<std::int64_t>(st.id(), "sum", state.sum);
  h5::write_vector<std::int64_t>(st.id(), "difference", state.difference);
  h5::write_vector<std::uint64_t>(st.id(), "difference_squared", state.difference_squared);
  h5::write_vector<std::uint64_t>(st.id(), "course_histogram", state.course_histogram);
}

}  // namespace repop::io
