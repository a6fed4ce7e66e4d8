#pragma once
// The `uncertainty:` part of a scenario: run the cohort again for each of `draws` parameter sets
// (an outer loop around the patients), so that every headline figure gets an interval for what is
// not known about the parameters, apart from the Monte Carlo error of a finite cohort. Values
// only; io/uncertainty_settings.hpp reads them from YAML, plan/parameter_draws.hpp draws them.

#include <cstdint>
#include <string>
#include <vector>

namespace repop::plan {

enum class UncertainDistribution {
  uniform,      // on [low, high]
  log_uniform,  // log-uniform on [low, high], 0 < low
  lognormal,    // median `median`, coefficient of variation `cv`
};

// One parameter whose value is not known: a declared parameter's typical value (its unit), or
// its between-patient variability as a CV.
struct UncertainParameter {
  std::string parameter;
  bool variability = false;
  UncertainDistribution distribution = UncertainDistribution::uniform;
  double low = 0.0, high = 0.0;    // uniform, log_uniform
  double median = 0.0, cv = 0.0;   // lognormal
};

// A column of an ensemble file: a declared parameter's typical value, or its CV.
struct EnsembleColumn {
  std::string parameter;
  bool variability = false;
};

struct UncertaintySettings {
  bool enabled = false;
  std::uint64_t draws = 0;  // parameter sets; each runs cohort.patients patients of its own
  std::vector<UncertainParameter> parameters;  // drawn from distributions
  // Parameter sets given as rows of a file (e.g. a calibration's posterior): draw d takes row d.
  std::string ensemble_path;
  std::vector<EnsembleColumn> ensemble_columns;
  std::vector<std::vector<double>> ensemble_rows;
};

// What a draw's values are, in order: the ensemble's columns, then `parameters`.
std::vector<EnsembleColumn> uncertain_parameters(const UncertaintySettings& settings);
// Their labels in results: "kT4", "kT4 (CV)".
std::vector<std::string> uncertain_parameter_labels(const UncertaintySettings& settings);

// The largest number of draws a scenario may ask for: every draw's figures are kept.
inline constexpr std::uint64_t max_uncertainty_draws = 100000;

}  // namespace repop::plan
