#include "distributed/cohort_on_ranks.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <map>

#include "core/exit_code.hpp"

namespace repop::distributed {

namespace {

using Clock = std::chrono::steady_clock;

// Runs one rank's step so that the rank always reaches the collective after it: an exception
// becomes an internal error. With `capture`, problems are kept for rank 0 to print.
RankStatus run_step(const CohortSteps& steps, bool capture, const std::function<int()>& step) {
  auto guarded = [&steps, &step] {
    try {
      return step();
    } catch (const std::exception& e) {
      steps.report_problem("internal error", e.what());
      return static_cast<int>(core::ExitCode::software);
    }
  };
  RankStatus status;
  if (capture) status.problems = steps.capturing(guarded, status.exit_code);
  else status.exit_code = guarded();
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
int agree(const MpiSession& mpi, const RankStatus& mine, bool print) {
  const auto statuses = mpi.exchange_status(mine);
  const int failed = first_failed_rank(statuses);
  if (failed < 0) return 0;
  if (print && mpi.is_root()) print_failures(statuses);
  return statuses[static_cast<std::size_t>(failed)].exit_code;
}

}  // namespace

int run_cohort_on_ranks(const MpiSession& mpi, const CohortSteps& steps) {
  const int ranks = mpi.size(), rank = mpi.rank();

  // Rank 0 reads and checks the scenario alone, so that its problems are printed once; the other
  // ranks take its text, so that all run the very scenario rank 0 checked.
  std::string text;
  const RankStatus checked = run_step(steps, false, [&] { return mpi.is_root() ? steps.check_on_root(text) : 0; });
  if (const int code = agree(mpi, checked, false); code != 0) return code;
  text = text_of(mpi.broadcast(bytes_of(mpi.is_root() ? text : "")));

  // Each rank checks where its part goes (a folder that only some nodes see fails here, at once).
  const RankStatus ready = run_step(steps, true, [&] { return steps.prepare(text, rank, ranks); });
  if (const int code = agree(mpi, ready, true); code != 0) return code;

  const auto start = Clock::now();
  const RankStatus ran = run_step(steps, true, [&] { return steps.run_part(rank, ranks); });
  int code = agree(mpi, ran, true);
  const double run_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  // Rank 0 joins the parts; the others wait to learn how that went, so all exit alike.
  if (code == 0) {
    const RankStatus joined =
        run_step(steps, false, [&] { return mpi.is_root() ? steps.join_on_root(ranks, run_seconds) : 0; });
    code = agree(mpi, joined, false);
  }
  steps.remove_part(rank, ranks);
  return code;
}

}  // namespace repop::distributed
