#include <cstdio>

#include "cli/commands.hpp"
#include "cli/report_problems.hpp"
#include "cli/shard_merge.hpp"
#include "core/exit_code.hpp"

namespace repop::cli {

int merge_command(const std::vector<std::string>& shard_paths, const std::string& output_path,
                  const std::string& summary_json_path, const std::string& command_line) {
  std::unique_ptr<MergedCohort> merged;
  if (const int code = merge_shards({shard_paths, output_path, "", command_line}, merged); code != 0) return code;
  if (!summary_json_path.empty()) {
    try {
      write_json_file(summary_json_path, summary_json(merged->identity, merged->scenario.model->info, merged->summaries));
    } catch (const std::exception& e) {
      report_problem(summary_json_path, e.what());
      return static_cast<int>(core::ExitCode::io_error);
    }
  }
  std::printf("wrote %s (%llu patients from %zu shards)\n", output_path.c_str(),
              static_cast<unsigned long long>(merged->patients), shard_paths.size());
  return 0;
}

}  // namespace repop::cli
