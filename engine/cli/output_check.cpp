#include "cli/output_check.hpp"

#include "core/error.hpp"

namespace repop::cli {

void require_creatable_outputs(const io::OutputPlan& plan) {
  std::vector<core::Problem> problems;
  for (const auto& problem : plan.problems()) problems.push_back({problem.path, problem.message});
  if (!problems.empty()) throw core::CannotCreateOutput(std::move(problems));
}

}  // namespace repop::cli
