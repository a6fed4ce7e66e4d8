#include "plan/summary_layout.hpp"

namespace repop::plan {

cohort::SummaryLayout summary_layout(const model::ModelInfo& info, const CohortSettings& settings,
                                     std::vector<double> output_days, double horizon_day) {
  cohort::SummaryLayout layout;
  std::vector<cohort::SummaryQuantity> sums;
  for (const auto& q : info.summed_quantities) {
    cohort::SummaryQuantity s{q.name, q.unit, q.description, {}};
    for (const auto& v : q.variables)
      for (std::size_t i = 0; i < info.variables.size(); ++i)
        if (info.variables[i].name == v) s.variables.push_back(i);
    sums.push_back(s);
  }
  layout.quantities = cohort::SummaryLayout::quantities_of(info, sums);
  for (const auto& t : settings.thresholds)
    if (const int q = layout.quantity_index(t.quantity); q >= 0)
      layout.thresholds.push_back({static_cast<std::size_t>(q), t.below});
  for (const auto& r : settings.recoveries)
    if (const int q = layout.quantity_index(r.quantity); q >= 0)
      layout.recoveries.push_back({static_cast<std::size_t>(q), r.at_least, r.at_least_baseline});
  layout.output_days = std::move(output_days);
  layout.horizon_day = horizon_day;
  return layout;
}

}  // namespace repop::plan
