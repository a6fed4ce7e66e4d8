#pragma once
// The processes that carry out one `repop` command together: this process alone, or, in a build
// with REPOP_WITH_MPI started by mpirun, mpiexec or srun, the ranks of the MPI job. The build
// compiles one of single_process_group.cpp and mpi_process_group.cpp, so that no other code needs
// to know which.

#include <memory>

#include "cli/commands.hpp"

namespace repop::cli {

class ProcessGroup {
 public:
  // Joins the MPI job when an MPI launcher started this process; throws core::InternalError if MPI
  // cannot start.
  ProcessGroup();
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int size() const;
  // Whether this process prints what concerns the whole group (rank 0, or the only process): every
  // rank sees the same command line, so a mistake in it is reported once.
  bool speaks() const;
  // `repop run`: in one process as ever; on several ranks, a cohort split between them.
  int run(const RunOptions& options) const;
  // `repop calibrate`: every evaluation's patients split between the ranks, which all follow the
  // same search; rank 0 prints and writes.
  int calibrate(const CalibrateOptions& options) const;

 private:
  struct Members;
  std::unique_ptr<Members> members_;
};

}  // namespace repop::cli
