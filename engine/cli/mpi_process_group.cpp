// The process group of a build with REPOP_WITH_MPI: the ranks of the MPI job when a launcher
// started this process, else this process alone (and MPI is never started).

#include <optional>

#include "cli/calibrate_command.hpp"
#include "cli/distributed_run.hpp"
#include "cli/interrupt.hpp"
#include "cli/process_group.hpp"
#include "core/error.hpp"
#include "distributed/measure_on_ranks.hpp"

namespace repop::cli {

struct ProcessGroup::Members {
  std::optional<distributed::MpiSession> session;
};

ProcessGroup::ProcessGroup() : members_(std::make_unique<Members>()) {
  if (!distributed::started_by_mpi_launcher()) return;
  try {
    members_->session.emplace();
  } catch (const std::exception& e) {
    throw core::InternalError("MPI", e.what());
  }
}

ProcessGroup::~ProcessGroup() = default;

int ProcessGroup::size() const { return members_->session ? members_->session->size() : 1; }

bool ProcessGroup::speaks() const { return !members_->session || members_->session->is_root(); }

int ProcessGroup::run(const RunOptions& options) const {
  return size() > 1 ? distributed_run(*members_->session, options) : run_command(options);
}

int ProcessGroup::calibrate(const CalibrateOptions& options) const {
  if (size() == 1) return calibrate_command(options, cohort_measure_in_this_process);
  const distributed::MpiSession& session = *members_->session;
  return calibrate_command(options, [&session](const calibration::TargetRun& run, std::uint64_t patients, int threads) {
    return distributed::cohort_measure_on_ranks(session, run, patients, threads,
                                                {&InterruptGuard::requested(), &InterruptGuard::exit_code});
  }, speaks(), [&session](int code) {
    distributed::RankStatus mine;
    mine.exit_code = code;
    const auto statuses = session.exchange_status(mine);
    const int failed = distributed::first_failed_rank(statuses);
    return failed < 0 ? 0 : statuses[static_cast<std::size_t>(failed)].exit_code;
  });
}

}  // namespace repop::cli
