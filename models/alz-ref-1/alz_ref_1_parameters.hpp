#pragma once
// ALZ-REF-1's parameters and covariates, in declaration order (../../shared/science/reference-model.md).
// The enum indexes the value vector a PatientProblem carries; `declarations()` gives each its unit,
// default, bounds, variability and source.

#include <cstddef>
#include <vector>

#include "model/declarations.hpp"

namespace repop::models::alz_ref_1 {

enum Parameter : std::size_t {
  // covariates
  age, sex, fam, smk, CD4_0, CD8_0, CD19_0,
  // pharmacokinetics and kill
  V, CL, CL_TM, EC50, kT4, kT8, kB, m_B,
  // T cells
  d_N4, d_N8, d_M4, d_M8, c, f_thy, kappa, kappaM, h_N, h_M4, h_M8, nu, nu_h,
  // B cells and BAFF
  d_t, d_n0, k_nm, p_m, a_fb, theta_Z, k_Z, eps, beta1, beta2,
  // autoimmunity delay chain
  k_a,
  // hazards (events per day) and severity
  lambda_inf, rho, w_inf, lambda_hsv, w_hsv, e_acv, lambda_oi, oi_slope, lambda_thy, lambda_itp, lambda_gbm,
  HR_fam, HR_smk, AI_frailty, p_serious_inf, p_serious_hsv, p_serious_oi,
  parameter_count
};

std::vector<model::ParameterDecl> declarations();

}  // namespace repop::models::alz_ref_1
