// The process group of a build without MPI: this process alone.

#include "cli/calibrate_command.hpp"
#include "cli/process_group.hpp"

namespace repop::cli {

struct ProcessGroup::Members {};

ProcessGroup::ProcessGroup() = default;
ProcessGroup::~ProcessGroup() = default;
int ProcessGroup::size() const { return 1; }
bool ProcessGroup::speaks() const { return true; }
int ProcessGroup::run(const RunOptions& options) const { return run_command(options); }
int ProcessGroup::calibrate(const CalibrateOptions& options) const {
  return calibrate_command(options, cohort_measure_in_this_process);
}

}  // namespace repop::cli
