#pragma once
// A target run's cohort measured by the ranks of an MPI job: rank r solves the patients a
// `--shard r/K` run would, rank 0 joins their measures in patient order and hands the whole table
// back to every rank. Every rank then computes the same estimates and the same loss, so an
// optimiser running on each rank takes the same steps with no further messages, and the result
// is the one a single process finds.

#include <cstdint>

#include "calibration/calibration_problem.hpp"
#include "distributed/mpi_session.hpp"

namespace repop::cli {

// Collective: every rank calls the returned function with the same arguments. If any rank is
// interrupted, every rank gets nullopt.
calibration::MeasureCohort cohort_measure_on_ranks(const distributed::MpiSession& session,
                                                   const calibration::TargetRun& run, std::uint64_t patients,
                                                   int threads);

}  // namespace repop::cli
