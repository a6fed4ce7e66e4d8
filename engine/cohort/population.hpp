#pragma once
// A virtual population: how each patient's covariates and parameters are drawn. Log-normal
// items are value = typical·exp(η) with η ~ N(0, Σ), Σ_ij = r_ij·ω_i·ω_j; items in one eta group
// share one η; uniform and 0/1 covariates are drawn directly. A table of real patients'
// covariates, if given, supplies those columns instead (patient i takes row i mod rows).

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "model/declarations.hpp"

namespace repop::cohort {

struct Correlation {
  std::string first, second;  // parameter or covariate names (log-normal items)
  double r = 0.0;             // correlation of their η, in (-1, 1)
};

struct CovariateTable {
  std::string path;
  std::vector<std::string> columns;        // declared covariate names
  std::vector<std::vector<double>> rows;   // in the columns' declared units
};

struct PopulationSpec {
  std::vector<double> typical;                 // per declared parameter (median of log-normal items)
  std::vector<double> omega;                   // per declared parameter; 0 = no variability
  std::vector<model::PopulationDraw> draw;     // per declared parameter
  std::vector<Correlation> correlations;
  CovariateTable covariate_table;

  // The model's default population, around the given typical values.
  static PopulationSpec from_model(const model::ModelInfo& info, std::vector<double> typical);
};

class PopulationSampler {
 public:
  // Throws core::InputError if the correlations do not make a positive-definite covariance.
  PopulationSampler(const model::ModelInfo& info, PopulationSpec spec);

  // The parameter vector of patient `patient_id` (aligned with the declarations).
  std::vector<double> sample(std::uint64_t seed, std::uint64_t patient_id) const;
  const PopulationSpec& spec() const { return spec_; }

 private:
  PopulationSpec spec_;
  std::vector<int> slot_of_;        // per parameter: its η slot, or -1
  std::vector<std::uint32_t> slot_substream_;  // per slot: the declaration index of its first item
  std::vector<int> table_column_;   // per parameter: its column in the covariate table, or -1
  Eigen::MatrixXd cholesky_;        // lower factor of Σ over the slots
};

}  // namespace repop::cohort
