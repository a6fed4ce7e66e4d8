#pragma once
// `repop run` of a cohort on the K ranks of an MPI job (docs/cluster.md). Rank r runs part r of K
// of the patients, exactly as `--shard r/K` would, with its own threads, into a part file beside
// the output (OUTPUT.part-r-of-K); rank 0 then joins the parts as `repop merge` does and removes
// them. Every step ends with all ranks comparing statuses, so a rank that fails makes every rank
// stop with its exit code, rank 0 prints the problem with the rank's number, and no output or part
// file is left. Problems with the command line or the scenario are found by rank 0 alone and
// printed once. The steps' order and the agreement after each are distributed/cohort_on_ranks.hpp;
// this is what each step does for `repop run`.

#include "cli/commands.hpp"
#include "distributed/mpi_session.hpp"

namespace repop::cli {

// Returns the same exit code on every rank.
int distributed_run(const distributed::MpiSession& mpi, const RunOptions& options);

// Where rank `rank` of `ranks` writes its part of `output_path`.
std::string part_path(const std::string& output_path, int rank, int ranks);

}  // namespace repop::cli
