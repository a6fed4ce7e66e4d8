#include <cstdio>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_check.hpp"
#include "cli/shard_merge.hpp"

namespace repop::cli {

int merge_command(const std::vector<std::string>& shard_paths, const std::string& output_path,
                  const std::string& summary_json_path, const std::string& command_line) {
  InterruptGuard interrupt;
  io::OutputPlan plan;
  for (const auto& shard : shard_paths) plan.reads(shard, "a shard");
  plan.writes(output_path, "-o").writes(summary_json_path, "--summary-json");
  if (const int code = check_outputs(plan); code != 0) return code;

  std::unique_ptr<MergedCohort> merged;
  if (const int code = merge_shards({shard_paths, output_path, "", command_line, summary_json_path}, merged); code != 0)
    return code;
  std::printf("wrote %s (%llu patients from %zu shards)\n", output_path.c_str(),
              static_cast<unsigned long long>(merged->patients), shard_paths.size());
  if (!summary_json_path.empty()) std::printf("wrote %s\n", summary_json_path.c_str());
  return 0;
}

}  // namespace repop::cli
