#include "cli/report_problems.hpp"

#include <cstdio>

namespace repop::cli {

void report_problem(const std::string& where, const std::string& message) {
  std::fprintf(stderr, "repop: error: %s: %s\n", where.c_str(), message.c_str());
}

void report_problems(const std::string& file, const core::InputError& error) {
  for (const auto& p : error.problems()) report_problem(p.path.empty() ? file : file + ": " + p.path, p.message);
  std::fprintf(stderr, "repop: %zu problem%s in %s; nothing was run or written\n", error.problems().size(),
               error.problems().size() == 1 ? "" : "s", file.c_str());
}

}  // namespace repop::cli
