#pragma once
// A cohort run on the K ranks of an MPI job (docs/cluster.md): the order of its steps and how the
// ranks agree after each. Rank 0 checks the scenario alone (its problems printed once) and hands
// its text to every rank; each rank checks where its part goes; rank r runs part r of K of the
// patients, exactly as `--shard r/K` would, into a part file of its own; rank 0 joins the parts.
// Every step ends with all ranks comparing statuses, so a rank that fails makes every rank stop
// with its exit code, rank 0 prints the problem with the rank's number, and no output or part file
// is left. What each step does (reading scenarios, writing files, reporting) is the command's.

#include <functional>
#include <string>
#include <vector>

#include "distributed/mpi_session.hpp"

namespace repop::distributed {

struct CohortSteps {
  // Rank 0 alone: reads and checks the scenario; sets its text. Returns an exit code (0: fine).
  std::function<int(std::string& scenario_text)> check_on_root;
  // Every rank: takes the scenario text rank 0 checked and checks where this rank's part goes.
  std::function<int(const std::string& scenario_text, int rank, int ranks)> prepare;
  // Every rank: runs its part into its part file.
  std::function<int(int rank, int ranks)> run_part;
  // Rank 0 alone, after every part is written: joins them into the output and reports.
  std::function<int(int ranks, double run_seconds)> join_on_root;
  // Every rank, at the end: removes its part file if it wrote one.
  std::function<void(int rank, int ranks)> remove_part;
  // Runs a step and keeps the problems it reports instead of printing them (for rank 0 to print,
  // naming the rank); `code` gets the step's exit code.
  std::function<std::vector<std::string>(const std::function<int()>& step, int& code)> capturing;
  // Reports a problem as the command reports its problems (captured while `capturing` runs).
  std::function<void(const std::string& where, const std::string& message)> report_problem;
};

// Collective; returns the same exit code on every rank.
int run_cohort_on_ranks(const MpiSession& mpi, const CohortSteps& steps);

}  // namespace repop::distributed
