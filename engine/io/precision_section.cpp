#include "io/precision_section.hpp"

namespace repop::io {

void read_precision_section(YamlFields& f, const YAML::Node& node, const std::string& path,
                            plan::PrecisionSettings& settings) {
  if (!node) return;
  if (!f.require_map(node, path)) return;
  f.check_keys(node, path, {"figures", "standard_error", "block_patients"});
  settings.enabled = true;
  const YAML::Node figures = node["figures"];
  const std::string figures_path = join_path(path, "figures");
  if (!figures || !figures.IsSequence() || figures.size() == 0) {
    f.add(figures_path, "must be a non-empty list of figures of the summary JSON, by JSON pointer, e.g. "
                        "[/events/thyroid/cumulative_incidence]");
  } else {
    for (std::size_t i = 0; i < figures.size(); ++i) {
      const std::string item_path = figures_path + "[" + std::to_string(i) + "]";
      const auto text = f.text(figures[i], item_path);
      if (!text) continue;
      if (text->empty() || text->front() != '/')
        f.add(item_path, "'" + *text + "', but must be a JSON pointer starting with '/', e.g. "
                         "/events/thyroid/cumulative_incidence");
      else
        settings.figures.push_back(*text);
    }
  }
  if (!node["standard_error"])
    f.add(join_path(path, "standard_error"), "missing; the Monte Carlo standard error to reach, e.g. 0.005");
  else if (const auto se = f.number_in(node, "standard_error", path, 0.0, 1e300, true))
    settings.standard_error = *se;
  if (node["block_patients"])
    if (const auto block = f.integer_in(node, "block_patients", path, 1, 100'000'000))
      settings.block_patients = static_cast<std::uint64_t>(*block);
}

}  // namespace repop::io
