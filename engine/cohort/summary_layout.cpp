#include "cohort/summary_layout.hpp"

namespace repop::cohort {

std::vector<SummaryQuantity> SummaryLayout::quantities_of(const model::ModelInfo& info,
                                                          const std::vector<SummaryQuantity>& extra) {
  std::vector<SummaryQuantity> out;
  for (std::size_t v = 0; v < info.variables.size(); ++v)
    out.push_back({info.variables[v].name, info.variables[v].unit, info.variables[v].description, {v}});
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::vector<model::RecoveryCriterion> SummaryLayout::recovery_criteria() const {
  std::vector<model::RecoveryCriterion> out;
  for (const auto& r : recoveries) out.push_back({quantities[r.quantity].variables, r.at_least, r.at_least_baseline});
  return out;
}

int SummaryLayout::quantity_index(const std::string& name) const {
  for (std::size_t i = 0; i < quantities.size(); ++i)
    if (quantities[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace repop::cohort
