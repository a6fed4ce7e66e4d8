#include "cli/cohort_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/report_problems.hpp"
#include "cohort/cohort_summary.hpp"
#include "cohort/course_summary.hpp"
#include "cohort/event_summary.hpp"
#include "core/exit_code.hpp"
#include "cohort/summary_names.hpp"

namespace repop::cli {

namespace {

void print_headline(const cohort::SummaryLayout& layout, const cohort::CohortSummary& summary) {
  std::fprintf(stderr, "repop: %llu patients, %llu failed numerically\n",
               static_cast<unsigned long long>(summary.patients), static_cast<unsigned long long>(summary.failed));
  for (std::size_t r = 0; r < layout.recoveries.size(); ++r) {
    const auto& s = summary.recoveries[r];
    std::fprintf(stderr, "  %-36s median %5.1f months (IQR %.1f-%.1f), %4.1f%% not by the horizon\n",
                 cohort::recovery_name(layout, r).c_str(), s.median_month, s.q25_month, s.q75_month,
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

// For models with relapses only: the relapse rate and the courses it led to, on one line.
void print_relapse_headline(const cohort::CourseSummaryState& state) {
  if (!state.counts_relapses()) return;
  const auto c = cohort::CourseSummary::from(state);
  std::string years;
  for (std::size_t y = 0; y < std::min<std::size_t>(3, c.relapse_rate_by_year.size()); ++y) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, " %.3f", c.relapse_rate_by_year[y]);
    years += buffer;
  }
  std::fprintf(stderr, "  relapses %.3f per patient-year (years 1-3:%s), courses per patient %.2f\n", c.relapse_rate,
               years.c_str(), c.mean_per_patient);
}

// The outcomes any arm's model names as headlines (arms may run different models).

void print_comparison(const std::vector<std::string>& headlines, const cohort::ArmComparisonLayout& layout,
                      const cohort::ArmComparisonState& state) {
  const auto c = cohort::ArmComparison::from(state);
  std::fprintf(stderr, "paired differences against arm %s, per 100 patients (± SE), %llu patients:\n",
               layout.arm_names.front().c_str(), static_cast<unsigned long long>(c.paired));
  for (std::size_t k = 0; k < layout.outcomes.size(); ++k) {
    const std::string& name = layout.outcomes[k];
    // Per-category outcomes only where a model names them as headlines; the file has them all.
    const bool per_category = name.rfind("with_", 0) == 0 || name.rfind("events_", 0) == 0;
    if (per_category && std::find(headlines.begin(), headlines.end(), name) == headlines.end()) continue;
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

std::vector<std::string> headline_outcomes(const cohort::CohortLayouts& layouts) {
  std::vector<std::string> names;
  for (const auto& arm : layouts.arms)
    for (const auto& name : arm.info->headline_outcomes)
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}

void print_headlines(const cohort::CohortReducer& summaries) {
  const cohort::CohortLayouts& layouts = summaries.layouts();
  for (std::size_t a = 0; a < layouts.arms.size(); ++a) {
    const cohort::ArmLayout& arm = layouts.arms[a];
    if (layouts.named_arms) std::fprintf(stderr, "arm %s\n", arm.name.c_str());
    print_headline(arm.summary, cohort::CohortSummary::from(summaries.states[a], arm.summary));
    if (arm.events())
      print_event_headline(*arm.info, *arm.events(), cohort::EventSummary::from(summaries.event_states[a], *arm.events()));
    print_relapse_headline(summaries.course_states[a]);
  }
  if (layouts.named_arms) print_comparison(headline_outcomes(layouts), layouts.comparison, summaries.comparison);
}

void write_summary_json(const io::AtomicOutput& output, const io::RunIdentity& identity,
                        const cohort::CohortReducer& summaries, const nlohmann::json& uncertainty) {
  written_to(output.final_path(), [&] {
    nlohmann::json document = io::cohort_summary_json(identity, summaries);
    if (!uncertainty.is_null()) document["uncertainty"] = uncertainty;
    io::write_json(output.temporary_path(), document);
  });
}

int report_failed_patients(const cohort::CohortReducer& summaries, const std::string& output_path) {
  const cohort::CohortLayouts& layouts = summaries.layouts();
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
