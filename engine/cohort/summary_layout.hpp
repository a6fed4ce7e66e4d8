#pragma once
// What a cohort run summarises, on the output grid: each trajectory variable and any declared
// sums of them (such as total lymphocytes), the share of patients below thresholds, and the
// distribution of times to recovery.

#include <string>
#include <vector>

#include "model/declarations.hpp"
#include "model/patient_problem.hpp"

namespace repop::cohort {

struct SummaryQuantity {
  std::string name;
  std::string unit;
  std::string description;
  std::vector<std::size_t> variables;  // summed; one entry for a plain trajectory variable
};

struct Threshold {
  std::size_t quantity;    // index into SummaryLayout::quantities
  double below;            // in the quantity's unit
};

struct Recovery {
  std::size_t quantity;
  double at_least;
  bool at_least_baseline;
};

struct SummaryLayout {
  std::vector<SummaryQuantity> quantities;
  std::vector<Threshold> thresholds;
  std::vector<Recovery> recoveries;
  std::vector<double> output_days;
  double horizon_day = 0.0;

  // Every trajectory variable, plus the sums `extra` names.
  static std::vector<SummaryQuantity> quantities_of(const model::ModelInfo& info,
                                                    const std::vector<SummaryQuantity>& extra);
  std::vector<model::RecoveryCriterion> recovery_criteria() const;
  int quantity_index(const std::string& name) const;
};

// Quantile levels reported for every quantity and time.
inline const std::vector<double> reported_quantiles = {0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975};

}  // namespace repop::cohort
