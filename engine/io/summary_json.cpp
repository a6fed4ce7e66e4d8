#include "io/summary_json.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "cohort/course_summary.hpp"
#include "cohort/event_summary.hpp"
#include "dosing/course_reason.hpp"
#include "cohort/summary_names.hpp"
#include "core/version.hpp"
#include "io/summary_figures.hpp"

namespace repop::io {

namespace {


nlohmann::json series(const std::vector<double>& v) {
  auto a = nlohmann::json::array();
  for (double x : v) a.push_back(number_or_null(x));
  return a;
}

std::size_t level_index(double level) {
  for (std::size_t i = 0; i < cohort::reported_quantiles.size(); ++i)
    if (cohort::reported_quantiles[i] == level) return i;
  throw std::logic_error("quantile level not reported");
}

}  // namespace

nlohmann::json summary_json(const RunIdentity& identity, const cohort::SummaryLayout& layout,
                            const cohort::CohortSummary& summary, const cohort::EventLayout* events,
                            const cohort::EventSummaryState* event_state, const model::ModelInfo& info) {
  nlohmann::json j;
  j["model"] = identity.model;
  j["scenario"] = identity.scenario;
  j["seed"] = identity.seed;
  j["patients"] = summary.patients;
  j["failed"] = summary.failed;
  j["summarised"] = summary.summarised;
  j["time_day"] = layout.output_days;
  for (std::size_t q = 0; q < layout.quantities.size(); ++q) {
    const auto& s = summary.quantities[q];
    j["quantities"][layout.quantities[q].name] = {
        {"unit", layout.quantities[q].unit},
        {"mean", series(s.mean)},
        {"mean_se", series(s.mean_se)},
        {"median", series(s.quantiles[level_index(0.5)])},
        {"q05", series(s.quantiles[level_index(0.05)])},
        {"q95", series(s.quantiles[level_index(0.95)])},
    };
  }
  for (std::size_t k = 0; k < layout.thresholds.size(); ++k)
    j["below"][cohort::threshold_name(layout, k)] = {
        {"quantity", layout.quantities[layout.thresholds[k].quantity].name},
        {"below", layout.thresholds[k].below},
        {"fraction", series(summary.below[k].fraction)},
        {"se", series(summary.below[k].se)},
    };
  for (std::size_t r = 0; r < layout.recoveries.size(); ++r) {
    const auto& s = summary.recoveries[r];
    j["recovery"][cohort::recovery_name(layout, r)] = {
        {"quantity", layout.quantities[layout.recoveries[r].quantity].name},
        {"at_least", layout.recoveries[r].at_least},
        {"at_least_baseline", layout.recoveries[r].at_least_baseline},
        {"q25_month", number_or_null(s.q25_month)},
        {"median_month", number_or_null(s.median_month)},
        {"q75_month", number_or_null(s.q75_month)},
        {"not_recovered_fraction", number_or_null(s.not_recovered_fraction)},
        {"recovered_by_year", series(s.recovered_by_year.fraction)},
        {"recovered_by_year_se", series(s.recovered_by_year.se)},
    };
  }
  if (events && event_state) {
    const auto es = cohort::EventSummary::from(*event_state, *events);
    j["patient_years"] = es.patient_years;
    for (std::size_t c = 0; c < events->categories.size(); ++c) {
      const auto& cs = es.categories[c];
      j["events"][events->categories[c].name] = {
          {"annual_incidence", series(cs.annual_incidence.fraction)},
          {"annual_incidence_se", series(cs.annual_incidence.se)},
          {"cumulative_incidence", series(cs.cumulative_incidence.fraction)},
          {"cumulative_incidence_se", series(cs.cumulative_incidence.se)},
          {"rate_per_100_patient_years", number_or_null(cs.rate_per_100_patient_years)},
          {"rate_se", number_or_null(cs.rate_se)},
          {"events", cs.events},
          {"first_event_median_day", number_or_null(cs.first_event_median_day)},
          {"since_course_median_day", number_or_null(cs.since_course_median_day)},
      };
    }
    for (std::size_t s = 0; s < events->schedules.size(); ++s)
      for (std::size_t k = 0; k < events->monitored_types.size(); ++k) {
        const auto& y = es.yields[s][k];
        j["monitoring"][events->schedules[s].name][info.event_types[events->monitored_types[k]].name] = {
            {"cases", y.cases},
            {"found_by_tests", y.found_by_tests},
            {"share_found", number_or_null(y.share_found)},
            {"share_found_se", number_or_null(y.share_found_se)},
            {"missed", y.missed},
            {"lead_q25_day", number_or_null(y.lead_q25_day)},
            {"lead_median_day", number_or_null(y.lead_median_day)},
            {"lead_q75_day", number_or_null(y.lead_q75_day)},
            {"tests", y.tests},
            {"tests_per_case_found", number_or_null(y.tests_per_case_found)},
            {"tests_after_last_onset", y.tests_after_last_onset},
        };
      }
  }
  return j;
}

void write_json(const std::string& path, const nlohmann::json& j) {
  std::ofstream out(path);
  out << j.dump(1) << '\n';
  if (!out) throw std::runtime_error("cannot write " + path);
}

void write_summary_json(const std::string& path, const RunIdentity& identity, const cohort::SummaryLayout& layout,
                        const cohort::CohortSummary& summary, const cohort::EventLayout* events,
                        const cohort::EventSummaryState* event_state, const model::ModelInfo& info) {
  write_json(path, summary_json(identity, layout, summary, events, event_state, info));
}

nlohmann::json arm_comparison_json(const cohort::ArmComparisonLayout& layout, const cohort::ArmComparisonState& state) {
  const auto c = cohort::ArmComparison::from(state);
  nlohmann::json j;
  j["reference_arm"] = layout.arm_names.front();
  j["paired_patients"] = c.paired;
  j["unpaired_patients"] = c.unpaired;
  for (std::size_t a = 0; a < layout.arm_names.size(); ++a) {
    nlohmann::json arm;
    arm["course_distribution"] = series(c.course_distribution[a]);
    for (std::size_t k = 0; k < layout.outcomes.size(); ++k)
      arm["outcomes"][layout.outcomes[k]] = {{"mean_per_patient", number_or_null(c.outcomes[a][k].mean)},
                                             {"difference_per_patient", number_or_null(c.outcomes[a][k].difference)},
                                             {"difference_se", number_or_null(c.outcomes[a][k].difference_se)}};
    j["arms"][layout.arm_names[a]] = arm;
  }
  return j;
}

nlohmann::json course_json(const cohort::CourseSummaryState& state) {
  const auto c = cohort::CourseSummary::from(state);
  // Shares up to the largest number of courses any patient had.
  std::size_t shown = 1;
  for (std::size_t k = 0; k < c.share_with_courses.size(); ++k)
    if (c.share_with_courses[k] > 0) shown = k + 1;
  nlohmann::json j;
  j["patients"] = c.patients;
  j["courses"] = c.courses;
  j["mean_per_patient"] = number_or_null(c.mean_per_patient);
  j["share_with_courses"] =
      series(std::vector<double>(c.share_with_courses.begin(), c.share_with_courses.begin() + static_cast<std::ptrdiff_t>(shown)));
  for (std::size_t r = 0; r < dosing::course_reason_names.size(); ++r)
    j["share_by_reason"][std::string(dosing::course_reason_names[r])] = number_or_null(c.share_by_reason[r]);
  for (std::size_t d = 0; d < dosing::course_delay_names.size(); ++d)
    j["share_by_delay"][std::string(dosing::course_delay_names[d])] = number_or_null(c.share_by_delay[d]);
  j["late_courses"] = {{"first_course_number", cohort::first_late_course},
                       {"courses", c.late_courses},
                       {"start_q25_day", number_or_null(c.late_start_q25_day)},
                       {"start_median_day", number_or_null(c.late_start_median_day)},
                       {"start_q75_day", number_or_null(c.late_start_q75_day)},
                       {"starts_by_year", c.late_starts_by_year}};
  return j;
}

nlohmann::json relapse_rate_json(const cohort::CourseSummaryState& state) {
  const auto c = cohort::CourseSummary::from(state);
  return {{"per_patient_year", number_or_null(c.relapse_rate)},
          {"relapses", c.relapses},
          {"patient_years", c.patient_years},
          {"per_patient_year_by_year", series(c.relapse_rate_by_year)},
          {"relapses_by_year", c.relapses_by_year},
          {"patient_years_by_year", series(c.patient_years_by_year)}};
}

nlohmann::json autoimmune_onset_json(const model::ModelInfo& info, const cohort::EventSummaryState& state) {
  nlohmann::json j = nlohmann::json::object();
  // The first categories are the event types, one each (cohort::EventLayout::from_model).
  for (std::size_t k = 0; k < info.event_types.size(); ++k) {
    if (!info.event_types[k].autoimmune) continue;
    const auto t = cohort::SinceCourseTiming::from(state, k);
    j[info.event_types[k].name] = {{"onsets", t.events},
                                   {"q25_day", number_or_null(t.q25_day)},
                                   {"median_day", number_or_null(t.median_day)},
                                   {"q75_day", number_or_null(t.q75_day)},
                                   {"share_within_1_year", number_or_null(t.share_within_years[0])},
                                   {"share_within_2_years", number_or_null(t.share_within_years[1])},
                                   {"share_within_3_years", number_or_null(t.share_within_years[2])},
                                   {"share_within_4_years", number_or_null(t.share_within_years[3])},
                                   {"share_beyond_4_years", number_or_null(t.share_beyond_4_years)}};
  }
  return j;
}

nlohmann::json software_json() {
  return {{"name", "repop"},
          {"version", core::engine_version},
          {"release_date", core::release_date},
          {"git_commit", core::git_commit},
          {"citation", core::citation}};
}

nlohmann::json cohort_summary_json(const RunIdentity& identity, const cohort::CohortReducer& reducer) {
  const cohort::CohortLayouts& layouts = reducer.layouts();
  nlohmann::json json;
  for (std::size_t a = 0; a < layouts.arms.size(); ++a) {
    const cohort::ArmLayout& arm = layouts.arms[a];
    auto arm_json = summary_json(identity, arm.summary, cohort::CohortSummary::from(reducer.states[a], arm.summary),
                                 arm.events(), arm.events() ? &reducer.event_states[a] : nullptr, *arm.info);
    const cohort::CourseSummaryState& courses = reducer.course_states[a];
    arm_json["courses"] = course_json(courses);
    if (courses.counts_relapses()) arm_json["relapse_rate"] = relapse_rate_json(courses);
    // Times since a course mean nothing in an arm that gives none (a no-drug comparator).
    if (arm.events() && courses.patients > 0 && cohort::CourseSummary::from(courses).courses > 0) {
      auto onsets = autoimmune_onset_json(*arm.info, reducer.event_states[a]);
      if (!onsets.empty()) arm_json["autoimmune_onset_since_course"] = std::move(onsets);
    }
    if (layouts.named_arms) json["arms"][arm.name] = std::move(arm_json);
    else json = std::move(arm_json);
  }
  if (layouts.named_arms) {
    json["model"] = identity.model;
    json["scenario"] = identity.scenario;
    json["seed"] = identity.seed;
    json["arm_comparison"] = arm_comparison_json(layouts.comparison, reducer.comparison);
  }
  json["software"] = software_json();
  return json;
}

}  // namespace repop::io
