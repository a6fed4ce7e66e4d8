#include "cli/output_check.hpp"

#include "cli/report_problems.hpp"
#include "core/error.hpp"

namespace repop::cli {

void require_creatable_outputs(const io::OutputPlan& plan) {
  std::vector<core::Problem> problems;
  for (const auto& problem : plan.problems()) problems.push_back({problem.path, problem.message});
  if (!problems.empty()) throw core::CannotCreateOutput(std::move(problems));
}

int check_outputs(const io::OutputPlan& plan) {
  return exit_code_of([&] { require_creatable_outputs(plan); });
}

}  // namespace repop::cli
