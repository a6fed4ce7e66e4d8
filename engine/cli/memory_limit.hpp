#pragma once
// How much memory a run may take: the smallest of the machine's physical memory, the memory limit
// of the process's cgroup (a container, a Slurm job), its address-space limit (`ulimit -v`) and,
// when set, the environment variable REPOP_MEMORY_LIMIT_MIB (to keep a run below what the
// machine has, and for tests).

#include <string>

namespace repop::cli {

inline constexpr const char* memory_limit_variable = "REPOP_MEMORY_LIMIT_MIB";

struct MemoryLimit {
  double bytes = 0.0;
  std::string source;  // which limit it is, as the user would look it up
};

// Throws core::UsageError (64) when REPOP_MEMORY_LIMIT_MIB is set but not a whole number >= 1.
MemoryLimit memory_limit();

// "3.4 GiB", "120 MiB": bytes for people.
std::string format_bytes(double bytes);

}  // namespace repop::cli
