#include "cli/output_check.hpp"

#include "cli/report_problems.hpp"
#include "core/exit_code.hpp"

namespace repop::cli {

int check_outputs(const io::OutputPlan& plan) {
  const auto problems = plan.problems();
  for (const auto& problem : problems) report_problem(problem.path, problem.message);
  return problems.empty() ? 0 : static_cast<int>(core::ExitCode::cannot_create);
}

}  // namespace repop::cli
