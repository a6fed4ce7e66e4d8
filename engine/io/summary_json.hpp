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
nlohmann::json cohort_summary_json(const RunIdentity& identity, const cohort::CohortReducer& reducer);

}  // namespace repop::io
