#pragma once
// CLAD-REF-1's covariates and parameters, in declaration order (README.md in this folder gives the
// equations and every value's source). The enum indexes the value vector a PatientProblem carries;
// `declarations()` gives each its unit, default, bounds, variability and source. The covariates
// shared with ALZ-REF-1 (age to CD19_0) carry the same names, units and population draws, so that
// arms of different models can run on the same patients.

#include <cstddef>
#include <vector>

#include "model/declarations.hpp"

namespace repop::models::clad_ref_1 {

enum Parameter : std::size_t {
  // covariates
  age, sex, fam, smk, CD4_0, CD8_0, CD19_0, weight_kg,
  // dosing and pharmacokinetics
  dose_reference_weight_kg, F_oral, ka, V, CL, t_half_ic,
  // commitment to die (kill) and the delay to death
  k_B, k_4, k_8, commit_delay,
  // B-cell renewal
  d_B, a_B,
  // T-cell renewal
  d_4, d_8, f_thy, nu, kappa, h_T,
  // hazards (events per day) and severity
  lambda_inf, w_inf, lambda_hz, beta_hz, p_serious_inf, p_serious_hz,
  parameter_count
};

std::vector<model::ParameterDecl> declarations();

}  // namespace repop::models::clad_ref_1
