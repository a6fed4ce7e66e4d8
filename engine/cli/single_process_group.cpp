// The process group of a build without MPI: this process alone.

#include "cli/process_group.hpp"

namespace repop::cli {

struct ProcessGroup::Members {};

ProcessGroup::ProcessGroup() = default;
ProcessGroup::~ProcessGroup() = default;
int ProcessGroup::size() const { return 1; }
bool ProcessGroup::speaks() const { return true; }
int ProcessGroup::run(const RunOptions& options) const { return run_command(options); }

}  // namespace repop::cli
