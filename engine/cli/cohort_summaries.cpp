#include "cli/cohort_summaries.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/report_problems.hpp"
#include "cohort/cohort_summary.hpp"
#include "cohort/event_summary.hpp"
#include "core/exit_code.hpp"
#include "io/cohort_output.hpp"
#include "io/cohort_settings.hpp"
#include "io/scenario_plan.hpp"

namespace repop::cli {

namespace {

void print_headline(const cohort::SummaryLayout& layout, const cohort::CohortSummary& summary) {
  std::fprintf(stderr, "repop: %llu patients, %llu failed numerically\n",
               static_cast<unsigned long long>(summary.patients), static_cast<unsigned long long>(summary.failed));
  for (std::size_t r = 0; r < layout.recoveries.size(); ++r) {
    const auto& s = summary.recoveries[r];
    std::fprintf(stderr, "  %-36s median %5.1f months (IQR %.1f-%.1f), %4.1f%% not by the horizon\n",
                 io::recovery_name(layout, r).c_str(), s.median_month, s.q25_month, s.q75_month,
                 100.0 * s.not_recovered_fraction);
  }
}

void print_event_headline(const model::ModelInfo& info, const cohort::EventLayout& layout,
                          const cohort::EventSummary& summary) {
  std::fprintf(stderr, "  %-20s %-38s %s\n", "events", "share with >= 1 in year 1, 2, 3, 5, 10", "by year 6 / per 100 PY");
  for (std::size_t c = 0; c < layout.categories.size(); ++c) {
    const auto& cs = summary.categories[c];
    std::string years;
    for (std::size_t y : {0u, 1u, 2u, 4u, 9u}) {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "%6.3f", y < cs.annual_incidence.fraction.size() ? cs.annual_incidence.fraction[y] : NAN);
      years += buffer;
    }
    const double by_year_6 = cs.cumulative_incidence.fraction.size() > 5 ? cs.cumulative_incidence.fraction[5] : NAN;
    std::fprintf(stderr, "  %-20s %-38s %6.3f / %6.2f\n", layout.categories[c].name.c_str(), years.c_str(), by_year_6,
                 cs.rate_per_100_patient_years);
  }
  for (std::size_t s = 0; s < layout.schedules.size(); ++s)
    for (std::size_t k = 0; k < layout.monitored_types.size(); ++k) {
      const auto& y = summary.yields[s][k];
      std::fprintf(stderr, "  monitoring %-16s %-9s %5.1f%% found before symptoms, median lead %5.1f d, %7.1f tests per case\n",
                   layout.schedules[s].name.c_str(), info.event_types[layout.monitored_types[k]].name.c_str(),
                   100.0 * y.share_found, y.lead_median_day, y.tests_per_case_found);
    }
}

void print_comparison(const model::ModelInfo& info, const cohort::ArmComparisonLayout& layout,
                      const cohort::ArmComparisonState& state) {
  const auto c = cohort::ArmComparison::from(state);
  std::fprintf(stderr, "paired differences against arm %s, per 100 patients (± SE), %llu patients:\n",
               layout.arm_names.front().c_str(), static_cast<unsigned long long>(c.paired));
  for (std::size_t k = 0; k < layout.outcomes.size(); ++k) {
    const std::string& name = layout.outcomes[k];
    // Per-category outcomes only where the model names them as headlines; the file has them all.
    const bool per_category = name.rfind("with_", 0) == 0 || name.rfind("events_", 0) == 0;
    if (per_category && std::find(info.headline_outcomes.begin(), info.headline_outcomes.end(), name) ==
                            info.headline_outcomes.end())
      continue;
    std::fprintf(stderr, "  %-28s", name.c_str());
    for (std::size_t a = 1; a < layout.arm_names.size(); ++a)
      std::fprintf(stderr, "  %s %+8.2f ± %5.2f", layout.arm_names[a].c_str(), 100.0 * c.outcomes[a][k].difference,
                   100.0 * c.outcomes[a][k].difference_se);
    std::fprintf(stderr, "\n");
  }
  std::fprintf(stderr, "courses received (share of patients with 2, 3, 4, 5, 6+ courses):\n");
  for (std::size_t a = 0; a < layout.arm_names.size(); ++a) {
    const auto& d = c.course_distribution[a];
    double six_or_more = 0.0;
    for (std::size_t k = 6; k < d.size(); ++k) six_or_more += d[k];
    std::fprintf(stderr, "  %-28s %5.3f %5.3f %5.3f %5.3f %5.3f   mean %.2f\n", layout.arm_names[a].c_str(), d[2], d[3],
                 d[4], d[5], six_or_more, c.outcomes[a][0].mean);
  }
}

}  // namespace

CohortLayouts::CohortLayouts(const io::Scenario& scenario)
    : summary(io::summary_layout(scenario.model->info, scenario.cohort, scenario.output_days(), scenario.horizon_day)),
      event_layout(scenario.events.enabled ? std::optional(cohort::EventLayout::from_model(
                                                 scenario.model->info, scenario.events.schedules, scenario.horizon_day))
                                           : std::nullopt),
      arm_names(io::arm_names(scenario)),
      named_arms(!scenario.arms.empty()),
      comparison(cohort::ArmComparisonLayout::make(arm_names, events())) {}

CohortSummaries::CohortSummaries(const io::Scenario& scenario)
    : layouts_(std::make_unique<const CohortLayouts>(scenario)), comparison(layouts_->comparison) {
  // Each made in place: copies of one would need memory for one more state while they are made.
  states.reserve(layouts_->arm_names.size());
  for (std::size_t a = 0; a < layouts_->arm_names.size(); ++a) states.emplace_back(layouts_->summary);
  if (layouts_->events()) event_states.assign(layouts_->arm_names.size(), cohort::EventSummaryState(*layouts_->events()));
}

void CohortSummaries::add(const cohort::RecordBlock& block) {
  std::vector<const model::PatientResult*> results;
  for (std::size_t a = 0; a < block.size(); ++a) {
    results.clear();
    for (const auto& record : block[a]) results.push_back(&record.result);
    states[a].add(results);
  }
  for (std::size_t a = 0; a < block.size(); ++a)
    for (const auto& record : block[a]) {
      if (event_states.empty() || record.result.code != model::ReturnCode::success) continue;
      std::vector<double> course_starts;
      for (const auto& course : record.result.courses) course_starts.push_back(course.start_day);
      event_states[a].add(record.result, record.monitoring, course_starts);
    }
  if (!layouts_->named_arms) return;
  std::vector<const cohort::PatientRecord*> row(block.size());
  for (std::size_t i = 0; i < block.front().size(); ++i) {
    for (std::size_t a = 0; a < block.size(); ++a) row[a] = &block[a][i];
    comparison.add(row);
  }
}

const std::vector<cohort::EventSummaryState>* CohortSummaries::event_states_if_any() const {
  return event_states.empty() ? nullptr : &event_states;
}

const cohort::ArmComparisonState* CohortSummaries::comparison_if_any() const {
  return layouts_->named_arms ? &comparison : nullptr;
}

void print_headlines(const model::ModelInfo& info, const CohortSummaries& summaries) {
  const CohortLayouts& layouts = summaries.layouts();
  for (std::size_t a = 0; a < layouts.arm_names.size(); ++a) {
    if (layouts.named_arms) std::fprintf(stderr, "arm %s\n", layouts.arm_names[a].c_str());
    print_headline(layouts.summary, cohort::CohortSummary::from(summaries.states[a], layouts.summary));
    if (layouts.events())
      print_event_headline(info, *layouts.events(),
                           cohort::EventSummary::from(summaries.event_states[a], *layouts.events()));
  }
  if (layouts.named_arms) print_comparison(info, layouts.comparison, summaries.comparison);
}

nlohmann::json summary_json(const io::RunIdentity& identity, const model::ModelInfo& info,
                            const CohortSummaries& summaries) {
  const CohortLayouts& layouts = summaries.layouts();
  nlohmann::json json;
  for (std::size_t a = 0; a < layouts.arm_names.size(); ++a) {
    auto arm_json = io::summary_json(identity, layouts.summary,
                                     cohort::CohortSummary::from(summaries.states[a], layouts.summary), layouts.events(),
                                     layouts.events() ? &summaries.event_states[a] : nullptr, info);
    if (layouts.named_arms) json["arms"][layouts.arm_names[a]] = std::move(arm_json);
    else json = std::move(arm_json);
  }
  if (layouts.named_arms) {
    json["model"] = identity.model;
    json["scenario"] = identity.scenario;
    json["seed"] = identity.seed;
    json["arm_comparison"] = io::arm_comparison_json(layouts.comparison, summaries.comparison);
  }
  return json;
}

int write_summary_json(const io::AtomicOutput& output, const io::RunIdentity& identity, const model::ModelInfo& info,
                       const CohortSummaries& summaries) {
  try {
    io::write_json(output.temporary_path(), summary_json(identity, info, summaries));
    return 0;
  } catch (const std::exception& e) {
    report_problem(output.final_path(), e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }
}

int report_failed_patients(const CohortSummaries& summaries, const std::string& output_path) {
  const CohortLayouts& layouts = summaries.layouts();
  bool nothing_summarised = false;
  for (std::size_t a = 0; a < layouts.arm_names.size(); ++a) {
    const cohort::SummaryState& state = summaries.states[a];
    if (state.failed == 0) continue;
    const std::string arm = layouts.named_arms ? "arm " + layouts.arm_names[a] + ": " : "";
    const std::string codes = "/" + std::string(layouts.named_arms ? "arms/" + layouts.arm_names[a] + "/" : "") +
                              "patients/return_code of " + output_path;
    if (state.failed == state.patients) {
      nothing_summarised = true;
      std::fprintf(stderr, "repop: error: %sall %llu patients failed numerically, so nothing could be summarised; "
                   "their return codes are in %s\n", arm.c_str(), static_cast<unsigned long long>(state.patients),
                   codes.c_str());
    } else {
      std::fprintf(stderr, "repop: warning: %s%llu of %llu patients failed numerically and are left out of the "
                   "summaries; their return codes are in %s\n", arm.c_str(),
                   static_cast<unsigned long long>(state.failed), static_cast<unsigned long long>(state.patients),
                   codes.c_str());
    }
  }
  return nothing_summarised ? static_cast<int>(core::ExitCode::software) : 0;
}

}  // namespace repop::cli
