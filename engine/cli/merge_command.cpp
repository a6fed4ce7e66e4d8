#include <cstdio>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_check.hpp"
#include "cli/shard_merge.hpp"
#include "cli/uncertainty_run.hpp"

namespace repop::cli {

void merge_command(const std::vector<std::string>& shard_paths, const std::string& output_path,
                   const std::string& summary_json_path, const std::string& command_line) {
  InterruptGuard interrupt;
  io::OutputPlan plan;
  for (const auto& shard : shard_paths) plan.reads(shard, "a shard");
  plan.writes(output_path, "-o").writes(summary_json_path, "--summary-json");
  require_creatable_outputs(plan);

  const auto merged = merge_shards({shard_paths, output_path, "", command_line, summary_json_path});
  if (!merged->uncertainty.is_null()) print_comparison_across_draws(merged->uncertainty, merged->summaries.layouts());
  std::printf("wrote %s (%llu patients from %zu shards)\n", output_path.c_str(),
              static_cast<unsigned long long>(merged->patients), shard_paths.size());
  if (!summary_json_path.empty()) std::printf("wrote %s\n", summary_json_path.c_str());
}

}  // namespace repop::cli
