#include "cli/precision_run.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "cohort/cohort_reducer.hpp"
#include "core/error.hpp"
#include "core/number_text.hpp"
#include "io/summary_json.hpp"

namespace repop::cli {

void check_precision_figures(const plan::RunPlan& plan) {
  const auto& scenario = plan.scenario;
  const cohort::CohortReducer nobody(plan.layouts);
  const auto problems = io::precision_figure_problems(
      io::cohort_summary_json({scenario.model_name, scenario.path, plan.seed}, nobody), scenario.precision);
  if (!problems.empty()) throw core::InputError(problems).in_file(scenario.path);
}

PrecisionRun run_until_precise(const cohort::CohortProblem& run, const cohort::CohortControl& control,
                               const plan::PrecisionSettings& settings, const std::function<nlohmann::json()>& summary,
                               const std::function<void(const cohort::RecordBlock&)>& consume_in_order,
                               const std::function<void(const io::PrecisionCheck&, std::uint64_t)>& on_check) {
  PrecisionRun result{.finished = true, .end_patient = run.first_patient, .check = {}};
  cohort::CohortProblem block = run;
  while (result.end_patient < run.end_patient) {
    block.first_patient = result.end_patient;
    block.end_patient = std::min(run.end_patient, block.first_patient + settings.block_patients);
    if (!cohort::run_cohort(block, control, consume_in_order)) {
      result.finished = false;
      return result;
    }
    result.end_patient = block.end_patient;
    result.check = io::check_precision(summary(), settings);
    if (on_check) on_check(result.check, result.end_patient);
    if (result.check.reached) break;
  }
  return result;
}

void print_precision(const io::PrecisionCheck& check, const plan::PrecisionSettings& settings,
                     std::uint64_t patients, std::FILE* to) {
  std::string line = "repop: after " + std::to_string(patients) + " patients, Monte Carlo SE (target " +
                     core::format_printf("%.3g", settings.standard_error) + "):";
  for (const auto& f : check.figures)
    line += " " + f.pointer + " " +
            (std::isfinite(f.standard_error) ? core::format_printf("%.3g", f.standard_error) : "unknown");
  std::fprintf(to, "%s\n", line.c_str());
}

}  // namespace repop::cli
