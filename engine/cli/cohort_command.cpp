#include "cli/cohort_command.hpp"

#include <cstdio>
#include <optional>

#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/report_problems.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/cohort_summary.hpp"
#include "cohort/event_summary.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_output.hpp"
#include "io/scenario_plan.hpp"
#include "io/summary_json.hpp"

namespace repop::cli {

namespace {

struct Shard {
  std::uint64_t index = 0, count = 1;
};

std::optional<Shard> parse_shard(const std::string& text) {
  if (text.empty()) return Shard{};
  unsigned long long i = 0, k = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%c", &i, &k, &tail) != 2 || k == 0 || i >= k) return std::nullopt;
  return Shard{i, k};
}

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

void add_to_summaries(const cohort::PatientRecord& record, cohort::SummaryState& state,
                      cohort::EventSummaryState* event_state) {
  state.add(record.result);
  if (!event_state || record.result.code != solve::ReturnCode::success) return;
  std::vector<double> course_starts;
  for (const auto& course : record.result.courses) course_starts.push_back(course.start_day);
  event_state->add(record.result, record.monitoring, course_starts);
}

void add_to_comparison(const cohort::RecordBlock& block, cohort::ArmComparisonState& comparison) {
  std::vector<const cohort::PatientRecord*> row(block.size());
  for (std::size_t i = 0; i < block.front().size(); ++i) {
    for (std::size_t a = 0; a < block.size(); ++a) row[a] = &block[a][i];
    comparison.add(row);
  }
}

void print_comparison(const cohort::ArmComparisonLayout& layout, const cohort::ArmComparisonState& state) {
  const auto c = cohort::ArmComparison::from(state);
  std::fprintf(stderr, "paired differences against arm %s, per 100 patients (± SE), %llu patients:\n",
               layout.arm_names.front().c_str(), static_cast<unsigned long long>(c.paired));
  for (std::size_t k = 0; k < layout.outcomes.size(); ++k) {
    const std::string& name = layout.outcomes[k];
    if (name.rfind("with_", 0) == 0 && name != "with_thyroid" && name != "with_serious_infection" &&
        name != "with_any_autoimmunity")
      continue;
    if (name.rfind("events_", 0) == 0 && name != "events_any_infection" && name != "events_relapse") continue;
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

int run_cohort(const io::Scenario& scenario, const RunOptions& options) {
  const auto shard = parse_shard(options.shard);
  if (!shard) {
    report_problem("--shard", "'" + options.shard + "', but must be i/K with 0 <= i < K, e.g. 0/3");
    return static_cast<int>(core::ExitCode::usage);
  }
  const model::ModelInfo& info = scenario.model->info;
  const std::uint64_t total = options.patients.value_or(scenario.cohort.patients);
  const std::uint64_t seed = options.seed.value_or(scenario.cohort.seed);

  std::optional<cohort::PopulationSampler> population;
  try {
    population.emplace(info, io::scenario_population(scenario));
  } catch (const core::InputError& e) {
    report_problems(scenario.path, e);
    return static_cast<int>(core::ExitCode::invalid_input);
  }

  const cohort::SummaryLayout layout =
      io::summary_layout(info, scenario.cohort, scenario.output_days(), scenario.horizon_day);
  cohort::CohortPlan plan;
  plan.model = scenario.model;
  plan.population = &*population;
  plan.seed = seed;
  plan.arms = io::arm_problems(scenario, layout);
  const std::vector<std::string> arm_names = io::arm_names(scenario);
  plan.schedules = scenario.events.schedules;
  std::optional<cohort::EventLayout> event_layout;
  if (scenario.events.enabled)
    event_layout = cohort::EventLayout::from_model(info, scenario.events.schedules, scenario.horizon_day);
  const cohort::EventLayout* events = event_layout ? &*event_layout : nullptr;
  const bool named_arms = !scenario.arms.empty();
  const auto comparison_layout = cohort::ArmComparisonLayout::make(arm_names, events);
  plan.first_patient = total * shard->index / shard->count;
  plan.end_patient = total * (shard->index + 1) / shard->count;

  const std::string output_path = options.output_path.empty() ? scenario.output_file : options.output_path;
  const io::Provenance provenance{"repop run of " + scenario.path, scenario.model_name, scenario.path, scenario.text,
                                  options.command_line, static_cast<std::int64_t>(seed)};
  const io::CohortFileInfo file_info{plan.first_patient, plan.end_patient, total, scenario.cohort.trajectories};

  std::vector<cohort::SummaryState> states(arm_names.size(), cohort::SummaryState(layout));
  std::vector<cohort::EventSummaryState> event_states;
  if (events) event_states.assign(arm_names.size(), cohort::EventSummaryState(*events));
  cohort::ArmComparisonState comparison(comparison_layout);
  std::atomic<std::uint64_t> completed{0};
  bool finished = false;
  double seconds = 0.0;
  try {
    io::AtomicOutput output(output_path);
    io::CohortWriter writer(output.temporary_path(), info, layout, events, scenario.events.table, provenance, file_info,
                            arm_names);
    {
      InterruptGuard interrupt;
      ProgressReporter progress(completed, plan.end_patient - plan.first_patient);
      finished = cohort::run_cohort(plan, {options.threads, &InterruptGuard::requested(), &completed},
                                    [&](const cohort::RecordBlock& block) {
                                      for (std::size_t a = 0; a < block.size(); ++a) {
                                        for (const auto& record : block[a]) add_to_summaries(record, states[a],
                                                                                             events ? &event_states[a] : nullptr);
                                        writer.add_block(a, block[a]);
                                      }
                                      if (named_arms) add_to_comparison(block, comparison);
                                    });
      seconds = progress.elapsed_seconds();
    }
    if (!finished) {
      std::fprintf(stderr, "repop: stopped after %llu of %llu patients; no output written\n",
                   static_cast<unsigned long long>(completed.load()),
                   static_cast<unsigned long long>(plan.end_patient - plan.first_patient));
      return static_cast<int>(core::ExitCode::interrupted);
    }
    writer.finish(states, events ? &event_states : nullptr, named_arms ? &comparison : nullptr);
    output.commit();
  } catch (const std::exception& e) {
    report_problem(output_path, e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }

  const double patients = static_cast<double>(plan.end_patient - plan.first_patient);
  std::fprintf(stderr, "repop: %.0f patients in %.1f s (%.0f patients/s)\n", patients, seconds,
               seconds > 0 ? patients / seconds : 0.0);
  nlohmann::json json;
  for (std::size_t a = 0; a < arm_names.size(); ++a) {
    if (named_arms) std::fprintf(stderr, "arm %s\n", arm_names[a].c_str());
    const auto summary = cohort::CohortSummary::from(states[a], layout);
    print_headline(layout, summary);
    if (events) print_event_headline(info, *events, cohort::EventSummary::from(event_states[a], *events));
    auto arm_json = io::summary_json({scenario.model_name, scenario.path, seed}, layout, summary, events,
                                     events ? &event_states[a] : nullptr, info);
    if (named_arms) json["arms"][arm_names[a]] = std::move(arm_json);
    else json = std::move(arm_json);
  }
  if (named_arms) {
    print_comparison(comparison_layout, comparison);
    json["model"] = scenario.model_name;
    json["scenario"] = scenario.path;
    json["seed"] = seed;
    json["arm_comparison"] = io::arm_comparison_json(comparison_layout, comparison);
  }
  if (!options.summary_json_path.empty()) {
    try {
      io::AtomicOutput json_output(options.summary_json_path);
      io::write_json(json_output.temporary_path(), json);
      json_output.commit();
    } catch (const std::exception& e) {
      report_problem(options.summary_json_path, e.what());
      return static_cast<int>(core::ExitCode::io_error);
    }
  }
  std::printf("wrote %s\n", output_path.c_str());
  if (!options.summary_json_path.empty()) std::printf("wrote %s\n", options.summary_json_path.c_str());
  return 0;
}

}  // namespace repop::cli
