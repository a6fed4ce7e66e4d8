#include "cli/distributed_run.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "cli/cohort_command.hpp"
#include "cli/interrupt.hpp"
#include "cli/memory_estimate.hpp"
#include "cli/report_problems.hpp"
#include "cli/run_preflight.hpp"
#include "cli/shard_merge.hpp"
#include "cli/uncertainty_run.hpp"
#include "core/error.hpp"
#include "distributed/cohort_on_ranks.hpp"

namespace repop::cli {

namespace {

// The checks of a single run, on rank 0 only; sets `scenario` once it is read, and throws the
// core::Error of the first check that fails.
void check_on_root(const RunOptions& options, int ranks, std::optional<io::Scenario>& scenario) {
  scenario = read_scenario(options.scenario_path);
  if (!is_cohort_run(*scenario, options))
    throw core::UsageError(options.scenario_path, "runs one patient, which cannot be split across " +
                                                      std::to_string(ranks) +
                                                      " MPI ranks; run it without mpirun, or give --patients N for a cohort");
  if (scenario->uncertainty.enabled && static_cast<std::uint64_t>(ranks) > scenario->uncertainty.draws)
    throw core::UsageError(options.scenario_path, "has " + std::to_string(scenario->uncertainty.draws) +
                                                      " parameter draws, which are split between the MPI ranks; run "
                                                      "it on at most that many ranks");
  if (scenario->precision.enabled)
    throw core::UsageError(options.scenario_path, "has a precision section, whose stop is decided on the whole "
                                                  "cohort after each block; run it without mpirun");
  check_run_outputs(*scenario, options);
  // Rank 0 runs its part and then joins every part: the estimate counts both.
  check_memory(*scenario, estimate_memory(*scenario, run_size(*scenario, options, true, ranks)));
}

std::uintmax_t total_size(const std::vector<std::string>& paths) {
  std::uintmax_t bytes = 0;
  for (const auto& path : paths) bytes += std::filesystem::file_size(path);
  return bytes;
}

// Rank 0, after every part is written: joins them into the output and reports as a single run does.
int join_parts(const io::Scenario& scenario, const RunOptions& options, int ranks, double run_seconds) {
  std::vector<std::string> parts;
  for (int r = 0; r < ranks; ++r) parts.push_back(part_path(output_path_of(scenario, options), r, ranks));
  const std::uintmax_t part_bytes = total_size(parts);
  const auto start = std::chrono::steady_clock::now();
  const ShardMerge merge{parts, output_path_of(scenario, options),
                         "repop run of " + scenario.path + " on " + std::to_string(ranks) + " MPI ranks",
                         options.command_line, options.summary_json_path};
  const auto merged = merge_shards(merge);
  if (!merged->uncertainty.is_null()) print_comparison_across_draws(merged->uncertainty, merged->summaries.layouts());
  const double patients = static_cast<double>(merged->patients);
  const double join_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "repop: %.0f patients on %d MPI ranks in %.1f s (%.0f patients/s); %d part files (%.1f MiB) joined in %.2f s\n",
               patients, ranks, run_seconds, run_seconds > 0 ? patients / run_seconds : 0.0, ranks,
               static_cast<double>(part_bytes) / 1048576.0, join_seconds);
  const int code = finish_cohort_run(merged->summaries, merge.output_path, options.summary_json_path);
  write_tidy_tables(merge.output_path, options.tables);
  return code;
}

}  // namespace

std::string part_path(const std::string& output_path, int rank, int ranks) {
  return output_path + ".part-" + std::to_string(rank) + "-of-" + std::to_string(ranks);
}

int distributed_run(const distributed::MpiSession& mpi, const RunOptions& options) {
  InterruptGuard interrupt;
  const int ranks = mpi.size();
  // Every rank sees the same command line, so each decides this alone; main has rank 0 say why.
  if (!options.shard.empty())
    throw core::UsageError("--shard", "cannot be combined with " + std::to_string(ranks) +
                                          " MPI ranks, which split the cohort between them; drop --shard, or run "
                                          "without mpirun");

  std::optional<io::Scenario> scenario;
  std::string part;
  bool part_written = false;
  // Each step catches its own errors (exit_code_of), so that every rank reaches the next collective
  // and rank 0 reports the problems of all ranks.
  const distributed::CohortSteps steps{
      .check_on_root =
          [&](std::string& text) {
            const int code = exit_code_of([&] { check_on_root(options, ranks, scenario); });
            if (scenario) text = scenario->text;
            return code;
          },
      .prepare =
          [&](const std::string& text, int rank, int count) {
            // Rank 0 checked the text: its parse failing elsewhere is a fault of repop (run_step's).
            if (!mpi.is_root()) scenario = io::parse_scenario(text, options.scenario_path, model::builtin_models());
            part = part_path(output_path_of(*scenario, options), rank, count);
            return exit_code_of([&] { check_run_outputs(*scenario, options, part); });
          },
      .run_part =
          [&](int rank, int count) {
            const PartOutput share{.output_path = part,
                                   .title = "repop run of " + scenario->path + ", part " + std::to_string(rank) +
                                            " of " + std::to_string(count) + " (MPI rank " + std::to_string(rank) + ")",
                                   .show_progress = mpi.is_root(),
                                   .summary_json_path = "",
                                   .joined_later = true};
            return exit_code_of([&] {
              const plan::PatientPart mine{static_cast<std::uint64_t>(rank), static_cast<std::uint64_t>(count)};
              if (scenario->uncertainty.enabled) {  // the ranks split the draws
                run_uncertainty_part(*scenario, options, part, mine, mpi.is_root());
                part_written = true;
                return;
              }
              const plan::RunPlan plan = plan_run(*scenario, run_overrides(options, mine));
              cohort::CohortReducer summaries(plan.layouts);
              double seconds = 0.0;
              run_cohort_part(plan, options, share, summaries, seconds);
              part_written = true;
            });
          },
      .join_on_root =
          [&](int count, double run_seconds) {
            int outcome = 0;  // 70 when every patient failed: the output is written all the same
            const int failure = exit_code_of([&] { outcome = join_parts(*scenario, options, count, run_seconds); });
            return failure != 0 ? failure : outcome;
          },
      .remove_part =
          [&](int, int) {
            std::error_code ignored;
            if (part_written) std::filesystem::remove(part, ignored);
          },
      .capturing =
          [](const std::function<int()>& step, int& code) {
            ProblemCapture captured;
            code = step();
            return captured.problems();
          },
      .report_problem = [](const std::string& where, const std::string& message) { report_problem(where, message); },
  };
  return distributed::run_cohort_on_ranks(mpi, steps);
}

}  // namespace repop::cli
