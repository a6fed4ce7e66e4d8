#pragma once
// CLAD-REF-1's covariates and parameters, in declaration order (README.md in this folder gives the
// equations and every value's source). The enum indexes the value vector a PatientProblem carries;
// `declarations()` gives each its unit, default, bounds, variability and source. The covariates
// shared with ALZ-REF-1 (age to CD19_0) carry the same names, units and population draws, so that
// arms of different models can run on the same patients.

#include <cstddef>
#include <vector>

#include "model/declarations.hpp"
#include "model/parameter_names.hpp"

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
  lambda_inf, w_inf, lambda_hz, hz_slope, p_serious_inf, p_serious_hz,
  parameter_count
};

// The names in value order, for the hazards (which read their parameters by name); a test compares
// them with the declarations.
inline constexpr auto parameter_names = model::name_table<parameter_count>({
    {age, "age"}, {sex, "sex"}, {fam, "fam"}, {smk, "smk"}, {CD4_0, "CD4_0"}, {CD8_0, "CD8_0"},
    {CD19_0, "CD19_0"}, {weight_kg, "weight_kg"}, {dose_reference_weight_kg, "dose_reference_weight_kg"},
    {F_oral, "F_oral"}, {ka, "ka"}, {V, "V"}, {CL, "CL"}, {t_half_ic, "t_half_ic"}, {k_B, "k_B"}, {k_4, "k_4"},
    {k_8, "k_8"}, {commit_delay, "commit_delay"}, {d_B, "d_B"}, {a_B, "a_B"}, {d_4, "d_4"}, {d_8, "d_8"},
    {f_thy, "f_thy"}, {nu, "nu"}, {kappa, "kappa"}, {h_T, "h_T"}, {lambda_inf, "lambda_inf"}, {w_inf, "w_inf"},
    {lambda_hz, "lambda_hz"}, {hz_slope, "hz_slope"}, {p_serious_inf, "p_serious_inf"},
    {p_serious_hz, "p_serious_hz"},
});

std::vector<model::ParameterDecl> declarations();

}  // namespace repop::models::clad_ref_1
