#pragma once
// A target run's cohort measured by the ranks of an MPI job: rank r solves the patients a
// `--shard r/K` run would, rank 0 joins their measures in patient order and hands the whole table
// back to every rank. Every rank then computes the same estimates and the same loss, so an
// optimiser running on each rank takes the same steps with no further messages, and the result
// is the one a single process finds.

#include <atomic>
#include <cstdint>
#include <functional>

#include "calibration/calibration_problem.hpp"
#include "distributed/mpi_session.hpp"

namespace repop::distributed {

// How a rank learns that it is asked to stop (Ctrl-C, SIGTERM), and the exit code it then has.
struct StopRequest {
  const std::atomic<bool>* requested = nullptr;
  std::function<int()> exit_code;
};

// Collective: every rank calls the returned function with the same arguments. If any rank is
// stopped, every rank gets nullopt.
calibration::MeasureCohort cohort_measure_on_ranks(const MpiSession& session, const calibration::TargetRun& run,
                                                   std::uint64_t patients, int threads, StopRequest stop);

}  // namespace repop::distributed
