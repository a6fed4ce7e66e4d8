#pragma once
// The headline figures of a cohort run as JSON, for scripts and notebooks. Keys (README.md,
// "Summary JSON"): model, scenario, seed, patients, failed, summarised, time_day, quantities
// {name: {unit, mean, mean_se, median, q05, q95}}, below {name: {quantity, below, fraction, se}},
// recovery {name: {quantity, at_least, at_least_baseline, q25_month, median_month, q75_month,
// not_recovered_fraction, recovered_by_year, recovered_by_year_se}}. Infinite months are null.

#include <string>

#include <nlohmann/json.hpp>

#include "cohort/arm_comparison.hpp"
#include "cohort/cohort_reducer.hpp"
#include "cohort/cohort_summary.hpp"
#include "cohort/event_layout.hpp"
#include "cohort/event_summary_state.hpp"
#include "cohort/summary_layout.hpp"

namespace repop::io {

struct RunIdentity {
  std::string model, scenario;
  std::uint64_t seed = 0;
};

// With events: also "events" {category: {annual_incidence, annual_incidence_se, cumulative_incidence,
// cumulative_incidence_se, rate_per_100_patient_years, rate_se, events, first_event_median_day,
// since_course_median_day}} and "monitoring" {schedule: {condition: {cases, found_by_tests,
// share_found, share_found_se, missed, lead_q25_day, lead_median_day, lead_q75_day, tests,
// tests_per_case_found, tests_after_last_onset}}}.
// What wrote a summary and how to cite it: {name, version, release_date, git_commit, citation}; the
// top level of cohort_summary_json carries it as "software".
nlohmann::json software_json();

nlohmann::json summary_json(const RunIdentity& identity, const cohort::SummaryLayout& layout,
                            const cohort::CohortSummary& summary, const cohort::EventLayout* events,
                            const cohort::EventSummaryState* event_state, const model::ModelInfo& info);
void write_summary_json(const std::string& path, const RunIdentity& identity, const cohort::SummaryLayout& layout,
                        const cohort::CohortSummary& summary, const cohort::EventLayout* events,
                        const cohort::EventSummaryState* event_state, const model::ModelInfo& info);

// A run with arms: {model, scenario, seed, arms: {name: <one arm's keys>}, arm_comparison:
// {reference_arm, paired_patients, arms: {name: {course_distribution, outcomes: {outcome:
// {mean_per_patient, difference_per_patient, difference_se}}}}}}.
struct ArmJson {
  std::string name;
  nlohmann::json summary;
};
nlohmann::json arm_comparison_json(const cohort::ArmComparisonLayout& layout, const cohort::ArmComparisonState& state);
void write_json(const std::string& path, const nlohmann::json& j);

// The document of --summary-json (README.md, "Summary JSON"): one arm's keys at the top for a run
// without arms, else {model, scenario, seed, arms: {name: ...}, arm_comparison: ...}.
// Each arm also has "courses" (course_json), "relapse_rate" (relapse_rate_json) when the run
// counts relapses, and "autoimmune_onset_since_course" (autoimmune_onset_json) when the model
// declares autoimmune event types, the run integrates hazards and the arm gives courses.
nlohmann::json cohort_summary_json(const RunIdentity& identity, const cohort::CohortReducer& reducer);

// {patients, courses, mean_per_patient, share_with_courses [k = 0, 1, ...: share of patients with
// exactly k courses], share_by_reason {planned, relapse, mri}, share_by_delay {none, gate,
// serious_infection}, late_courses {first_course_number, courses, start_q25_day,
// start_median_day, start_q75_day, starts_by_year}}.
nlohmann::json course_json(const cohort::CourseSummaryState& state);
// {per_patient_year, relapses, patient_years, per_patient_year_by_year, relapses_by_year,
// patient_years_by_year}: relapses per patient-year at risk, overall and in year 1, 2, ...
nlohmann::json relapse_rate_json(const cohort::CourseSummaryState& state);
// {type: {onsets, q25_day, median_day, q75_day, share_within_1_year, ..._2_years, ..._3_years,
// ..._4_years, share_beyond_4_years}} for each autoimmune event type: days from the latest course
// start to each onset. Shares are cumulative; beyond_4_years = 1 - within_4_years.
nlohmann::json autoimmune_onset_json(const model::ModelInfo& info, const cohort::EventSummaryState& state);

}  // namespace repop::io
