#pragma once
// ALZ-REF-1's parameters and covariates, in declaration order (../../shared/science/reference-model.md).
// The enum indexes the value vector a PatientProblem carries; `declarations()` gives each its unit,
// default, bounds, variability and source.

#include <cstddef>
#include <vector>

#include "model/declarations.hpp"
#include "model/parameter_names.hpp"

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

// The names of the enum's entries, by index: what hazards and declarations name parameters by.
// name_table refuses a table with an index missing or named twice; the declarations test checks
// that declarations() follows it.
inline constexpr auto parameter_names = model::name_table<parameter_count>({
    {age, "age"}, {sex, "sex"}, {fam, "fam"}, {smk, "smk"}, {CD4_0, "CD4_0"}, {CD8_0, "CD8_0"},
    {CD19_0, "CD19_0"}, {V, "V"}, {CL, "CL"}, {CL_TM, "CL_TM"}, {EC50, "EC50"}, {kT4, "kT4"}, {kT8, "kT8"},
    {kB, "kB"}, {m_B, "m_B"}, {d_N4, "d_N4"}, {d_N8, "d_N8"}, {d_M4, "d_M4"}, {d_M8, "d_M8"}, {c, "c"},
    {f_thy, "f_thy"}, {kappa, "kappa"}, {kappaM, "kappaM"}, {h_N, "h_N"}, {h_M4, "h_M4"}, {h_M8, "h_M8"},
    {nu, "nu"}, {nu_h, "nu_h"}, {d_t, "d_t"}, {d_n0, "d_n0"}, {k_nm, "k_nm"}, {p_m, "p_m"}, {a_fb, "a_fb"},
    {theta_Z, "theta_Z"}, {k_Z, "k_Z"}, {eps, "eps"}, {beta1, "beta1"}, {beta2, "beta2"}, {k_a, "k_a"},
    {lambda_inf, "lambda_inf"}, {rho, "rho"}, {w_inf, "w_inf"}, {lambda_hsv, "lambda_hsv"}, {w_hsv, "w_hsv"},
    {e_acv, "e_acv"}, {lambda_oi, "lambda_oi"}, {oi_slope, "oi_slope"}, {lambda_thy, "lambda_thy"},
    {lambda_itp, "lambda_itp"}, {lambda_gbm, "lambda_gbm"}, {HR_fam, "HR_fam"}, {HR_smk, "HR_smk"},
    {AI_frailty, "AI_frailty"}, {p_serious_inf, "p_serious_inf"}, {p_serious_hsv, "p_serious_hsv"},
    {p_serious_oi, "p_serious_oi"},
});

std::vector<model::ParameterDecl> declarations();

}  // namespace repop::models::alz_ref_1
