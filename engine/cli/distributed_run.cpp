#include "cli/distributed_run.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include "cli/cohort_command.hpp"
#include "cli/interrupt.hpp"
#include "cli/memory_estimate.hpp"
#include "cli/report_problems.hpp"
#include "cli/run_preflight.hpp"
#include "cli/shard_merge.hpp"
#include "core/exit_code.hpp"

namespace repop::cli {

namespace {

using distributed::RankStatus;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs one rank's step so that the rank always reaches the collective after it: an exception
// becomes an internal error. With `capture`, problems are kept for rank 0 to print.
RankStatus run_step(bool capture, const std::function<int()>& step) {
  std::optional<ProblemCapture> captured;
  if (capture) captured.emplace();
  RankStatus status;
  try {
    status.exit_code = step();
  } catch (const std::exception& e) {
    report_problem("internal error", e.what());
    status.exit_code = static_cast<int>(core::ExitCode::software);
  }
  if (captured) status.problems = captured->problems();
  return status;
}

// On rank 0: every failed rank's problems, each distinct list once with the ranks that had it.
void print_failures(const std::vector<RankStatus>& statuses) {
  std::map<std::vector<std::string>, std::vector<int>> ranks_by_problems;
  int failed = 0;
  for (int r = 0; r < static_cast<int>(statuses.size()); ++r)
    if (statuses[r].exit_code != 0) {
      ranks_by_problems[statuses[r].problems].push_back(r);
      ++failed;
    }
  const std::string of = " of " + std::to_string(statuses.size());
  for (const auto& [problems, ranks] : ranks_by_problems) {
    std::string who = ranks.size() == 1 ? "rank " : "ranks ";
    for (std::size_t i = 0; i < ranks.size(); ++i) who += (i ? ", " : "") + std::to_string(ranks[i]);
    who += of;
    if (problems.empty())
      std::fprintf(stderr, "repop: error: %s: stopped with exit code %d\n", who.c_str(), statuses[ranks.front()].exit_code);
    for (const auto& problem : problems) std::fprintf(stderr, "repop: error: %s: %s\n", who.c_str(), problem.c_str());
  }
  std::fprintf(stderr, "repop: the run failed on %d%s MPI ranks; no output written\n", failed, of.c_str());
}

// Collective: every rank's status, rank 0 printing the failures; the first failed rank's exit
// code (the same on every rank), or 0.
int agree(const distributed::MpiSession& mpi, const RankStatus& mine, bool print) {
  const auto statuses = mpi.exchange_status(mine);
  const int failed = distributed::first_failed_rank(statuses);
  if (failed < 0) return 0;
  if (print && mpi.is_root()) print_failures(statuses);
  return statuses[failed].exit_code;
}

// The checks of a single run, on rank 0 only; the scenario when they pass.
int check_on_root(const RunOptions& options, int ranks, std::optional<io::Scenario>& scenario) {
  int code = 0;
  scenario = read_scenario(options.scenario_path, code);
  if (!scenario) return code;
  if (!is_cohort_run(*scenario, options)) {
    report_problem(options.scenario_path, "runs one patient, which cannot be split across " + std::to_string(ranks) +
                                              " MPI ranks; run it without mpirun, or give --patients N for a cohort");
    return static_cast<int>(core::ExitCode::usage);
  }
  if (const int check = check_run_outputs(*scenario, options); check != 0) return check;
  // Rank 0 runs its part and then joins every part: the estimate counts both.
  return check_memory(*scenario, estimate_memory(*scenario, run_size(*scenario, options, true, ranks)));
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
  const auto start = Clock::now();
  std::unique_ptr<MergedCohort> merged;
  const ShardMerge merge{parts, output_path_of(scenario, options),
                         "repop run of " + scenario.path + " on " + std::to_string(ranks) + " MPI ranks",
                         options.command_line, options.summary_json_path};
  if (const int code = merge_shards(merge, merged); code != 0) return code;
  const double patients = static_cast<double>(merged->patients);
  std::fprintf(stderr, "repop: %.0f patients on %d MPI ranks in %.1f s (%.0f patients/s); %d part files (%.1f MiB) joined in %.2f s\n",
               patients, ranks, run_seconds, run_seconds > 0 ? patients / run_seconds : 0.0, ranks,
               static_cast<double>(part_bytes) / 1048576.0, seconds_since(start));
  return finish_cohort_run(merged->scenario.model->info, merged->summaries, merge.output_path, options.summary_json_path);
}

}  // namespace

std::string part_path(const std::string& output_path, int rank, int ranks) {
  return output_path + ".part-" + std::to_string(rank) + "-of-" + std::to_string(ranks);
}

int distributed_run(const distributed::MpiSession& mpi, const RunOptions& options) {
  InterruptGuard interrupt;
  const int ranks = mpi.size(), rank = mpi.rank();
  // Every rank sees the same command line, so each decides this alone; rank 0 says why.
  if (!options.shard.empty()) {
    if (mpi.is_root())
      report_problem("--shard", "cannot be combined with " + std::to_string(ranks) +
                                    " MPI ranks, which split the cohort between them; drop --shard, or run without mpirun");
    return static_cast<int>(core::ExitCode::usage);
  }

  // Rank 0 reads and checks the scenario alone, so that its problems are printed once; the other
  // ranks take its text, so that all run the very scenario rank 0 checked.
  std::optional<io::Scenario> scenario;
  const RankStatus checked = run_step(false, [&] { return mpi.is_root() ? check_on_root(options, ranks, scenario) : 0; });
  if (const int code = agree(mpi, checked, false); code != 0) return code;
  const std::string text = distributed::text_of(mpi.broadcast(distributed::bytes_of(mpi.is_root() ? scenario->text : "")));

  // Each rank checks where its part goes (a folder that only some nodes see fails here, at once).
  std::string part;
  const RankStatus ready = run_step(true, [&] {
    if (!mpi.is_root()) scenario = io::parse_scenario(text, options.scenario_path, model::builtin_models());
    part = part_path(output_path_of(*scenario, options), rank, ranks);
    return check_run_outputs(*scenario, options, part);
  });
  if (const int code = agree(mpi, ready, true); code != 0) return code;

  const auto start = Clock::now();
  bool part_written = false;
  const RankStatus ran = run_step(true, [&] {
    const CohortPart share{static_cast<std::uint64_t>(rank), static_cast<std::uint64_t>(ranks), part,
                           "repop run of " + scenario->path + ", part " + std::to_string(rank) + " of " +
                               std::to_string(ranks) + " (MPI rank " + std::to_string(rank) + ")",
                           mpi.is_root(), "", true};
    CohortSummaries summaries(*scenario);
    double seconds = 0.0;
    const int code = run_cohort_part(*scenario, options, share, summaries, seconds);
    part_written = code == 0;
    return code;
  });
  int code = agree(mpi, ran, true);
  const double run_seconds = seconds_since(start);

  // Rank 0 joins the parts; the others wait to learn how that went, so all exit alike.
  if (code == 0) {
    const RankStatus joined =
        run_step(false, [&] { return mpi.is_root() ? join_parts(*scenario, options, ranks, run_seconds) : 0; });
    code = agree(mpi, joined, false);
  }
  std::error_code ignored;
  if (part_written) std::filesystem::remove(part, ignored);
  return code;
}

}  // namespace repop::cli
