#include "cli/tidy_tables.hpp"

#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "cli/interrupt.hpp"
#include "cli/output_check.hpp"
#include "cli/report_problems.hpp"
#include "core/error.hpp"
#include "io/atomic_output.hpp"
#include "io/tidy_table.hpp"

namespace repop::cli {

namespace {

std::vector<std::pair<io::TidyTable, const std::string*>> asked_for(const TidyTableOutputs& tables) {
  std::vector<std::pair<io::TidyTable, const std::string*>> asked;
  if (!tables.patients_csv.empty()) asked.emplace_back(io::TidyTable::patients, &tables.patients_csv);
  if (!tables.events_csv.empty()) asked.emplace_back(io::TidyTable::events, &tables.events_csv);
  if (!tables.courses_csv.empty()) asked.emplace_back(io::TidyTable::courses, &tables.courses_csv);
  return asked;
}

}  // namespace

void plan_tidy_tables(io::OutputPlan& plan, const TidyTableOutputs& tables) {
  plan.writes(tables.patients_csv, "--patients-csv")
      .writes(tables.events_csv, "--events-csv")
      .writes(tables.courses_csv, "--courses-csv");
}

void write_tidy_tables(const std::string& results_path, const TidyTableOutputs& tables) {
  const auto asked = asked_for(tables);
  std::vector<std::optional<io::AtomicOutput>> outputs(asked.size());
  for (std::size_t i = 0; i < asked.size(); ++i) {
    const std::string& path = *asked[i].second;
    written_to(path, [&] {
      outputs[i].emplace(path);
      io::write_tidy_table(results_path, asked[i].first, outputs[i]->temporary_path());
    });
  }
  if (!asked.empty() && !InterruptGuard::may_commit()) throw InterruptGuard::interruption();
  for (std::size_t i = 0; i < asked.size(); ++i) written_to(*asked[i].second, [&] { outputs[i]->commit(); });
  for (const auto& [table, path] : asked) std::printf("wrote %s\n", path->c_str());
}

void export_command(const std::string& results_path, const TidyTableOutputs& tables) {
  InterruptGuard interrupt;
  if (!tables.any())
    throw core::UsageError("export", "writes the tables asked for; give at least one of --patients-csv FILE, "
                                     "--events-csv FILE, --courses-csv FILE");
  io::OutputPlan plan;
  plan.reads(results_path, "the results file");
  plan_tidy_tables(plan, tables);
  require_creatable_outputs(plan);
  write_tidy_tables(results_path, tables);
}

}  // namespace repop::cli
