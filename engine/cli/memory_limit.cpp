#include "cli/memory_limit.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"

namespace repop::cli {

namespace {

// A cgroup's limit file: a number of bytes, or "max" (v2) or a huge number (v1) for none.
double cgroup_limit(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return 0.0;
  char* end = nullptr;
  const double bytes = std::strtod(text.c_str(), &end);
  return end && *end == '\0' && bytes > 0.0 && bytes < 1e18 ? bytes : 0.0;
}

void take_smaller(MemoryLimit& limit, double bytes, const std::string& source) {
  if (bytes > 0.0 && (limit.bytes == 0.0 || bytes < limit.bytes)) limit = {bytes, source};
}

}  // namespace

MemoryLimit memory_limit() {
  MemoryLimit limit;
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page_size > 0)
    limit = {static_cast<double>(pages) * static_cast<double>(page_size), "physical memory"};
  // The process's own cgroup, as a container or a cgroup namespace shows it (v2, then v1).
  take_smaller(limit, cgroup_limit("/sys/fs/cgroup/memory.max"), "cgroup memory limit");
  take_smaller(limit, cgroup_limit("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
               "cgroup memory limit");
  rlimit address_space{};
  if (getrlimit(RLIMIT_AS, &address_space) == 0 && address_space.rlim_cur != RLIM_INFINITY)
    take_smaller(limit, static_cast<double>(address_space.rlim_cur), "ulimit -v");
  if (const char* text = std::getenv(memory_limit_variable)) {
    char* end = nullptr;
    const long long mib = std::strtoll(text, &end, 10);
    if (*text == '\0' || *end != '\0' || mib < 1 || mib > (1LL << 40))
      throw core::UsageError("environment", std::string(memory_limit_variable) + ": '" + text +
                                                "', but must be a whole number of MiB from 1 to 2^40");
    take_smaller(limit, static_cast<double>(mib) * 1048576.0, memory_limit_variable);
  }
  return limit;
}

std::string format_bytes(double bytes) {
  char buffer[32];
  if (bytes >= 1024.0 * 1048576.0) std::snprintf(buffer, sizeof buffer, "%.1f GiB", bytes / (1024.0 * 1048576.0));
  else if (bytes >= 1048576.0) std::snprintf(buffer, sizeof buffer, "%.0f MiB", bytes / 1048576.0);
  else std::snprintf(buffer, sizeof buffer, "%.0f KiB", bytes / 1024.0);
  return buffer;
}

}  // namespace repop::cli
