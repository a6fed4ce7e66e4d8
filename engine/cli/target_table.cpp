#include "cli/target_table.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "io/csv_table.hpp"
#include "io/yaml_fields.hpp"

namespace repop::cli {

std::pair<int, int> count_inside(const calibration::TargetRun& run,
                                 const std::vector<calibration::TargetEstimate>& estimates) {
  int inside = 0, computed = 0;
  for (std::size_t t = 0; t < run.targets().size(); ++t) {
    if (!run.not_computable(t).empty() || std::isnan(estimates[t].value)) continue;
    ++computed;
    inside += calibration::inside_range(run.targets()[t], estimates[t].value);
  }
  return {inside, computed};
}

void print_target_table(const calibration::TargetRun& run, const std::vector<calibration::TargetEstimate>& estimates) {
  std::printf("%-6s %24s %22s  %-6s  %s\n", "target", "published (range)", "simulated ± SE", "inside", "description");
  for (std::size_t t = 0; t < run.targets().size(); ++t) {
    const auto& target = run.targets()[t];
    const std::string published = io::format_number(target.value) + " (" + io::format_number(target.low) + "–" +
                                  io::format_number(target.high) + ")";
    if (!run.not_computable(t).empty()) {
      std::printf("%-6s %26s %22s  %-6s  %s [%s]\n", target.id.c_str(), published.c_str(), "–", "–",
                  target.description.c_str(), run.not_computable(t).c_str());
      continue;
    }
    const auto& e = estimates[t];
    char simulated[64];
    std::snprintf(simulated, sizeof simulated, "%.4g ± %.2g", e.value, e.se);
    std::printf("%-6s %26s %22s  %-6s  %s\n", target.id.c_str(), published.c_str(), simulated,
                calibration::inside_range(target, e.value) ? "yes" : "NO", target.description.c_str());
  }
  const auto [inside, computed] = count_inside(run, estimates);
  std::printf("%d of %d computed targets inside their published range\n", inside, computed);
}

void write_target_csv(const std::string& path, const calibration::TargetRun& run,
                      const std::vector<calibration::TargetEstimate>& estimates) {
  std::ofstream out(path);
  out << "id,description,published,low,high,simulated,se,range_score,inside,patients,failed,source\n";
  for (std::size_t t = 0; t < run.targets().size(); ++t) {
    const auto& target = run.targets()[t];
    out << target.id << ',' << io::quoted_csv_field(target.description) << ',' << io::format_number(target.value) << ','
        << io::format_number(target.low) << ',' << io::format_number(target.high) << ',';
    if (run.not_computable(t).empty()) {
      const auto& e = estimates[t];
      out << io::format_exact(e.value) << ',' << io::format_exact(e.se) << ','
          << io::format_exact(calibration::range_score(target, e.value)) << ','
          << (calibration::inside_range(target, e.value) ? "true" : "false") << ',' << e.patients << ',' << e.failed;
    } else {
      out << ",,,,,";
    }
    out << ',' << io::quoted_csv_field(target.source) << '\n';
  }
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace repop::cli
