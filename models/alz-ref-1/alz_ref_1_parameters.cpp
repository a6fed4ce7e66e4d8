#include "alz_ref_1_parameters.hpp"

#include <limits>

namespace repop::models::alz_ref_1 {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
using model::omega_from_cv;
using model::ParameterRole;

model::PopulationDraw uniform_between(double lower, double upper) {
  return {model::PopulationDraw::Kind::uniform, lower, upper};
}
model::PopulationDraw share_of_ones(double probability) { return {model::PopulationDraw::Kind::bernoulli, probability, 0.0}; }
}  // namespace

std::vector<model::ParameterDecl> declarations() {
  // Order must follow enum Parameter (parameter_names); tests/model/alz_ref_1_declarations_test.cpp
  // checks it. A log-normal item has ω from its CV (omega_from_cv), or its ω directly (AI_frailty).
  return {
      {.name = "age", .unit = "year", .typical = 35.0, .lower = 16.0, .upper = 90.0,
       .description = "age at the first infusion", .source = "reference-model.md", .role = ParameterRole::covariate,
       .population = uniform_between(18.0, 55.0)},
      {.name = "sex", .unit = "-", .typical = 1.0, .lower = 0.0, .upper = 1.0,
       .description = "1 female, 0 male; no effect in this model", .source = "reference-model.md",
       .role = ParameterRole::covariate, .population = share_of_ones(0.65)},
      {.name = "fam", .unit = "-", .typical = 0.0, .lower = 0.0, .upper = 1.0,
       .description = "family history of autoimmune disease (0/1)", .source = "Cossburn 2011 [R]",
       .role = ParameterRole::covariate, .population = share_of_ones(0.15)},
      {.name = "smk", .unit = "-", .typical = 0.0, .lower = 0.0, .upper = 1.0, .description = "current smoker (0/1)",
       .source = "Cossburn 2011 [R]", .role = ParameterRole::covariate, .population = share_of_ones(0.25)},
      {.name = "CD4_0", .unit = "cells/uL", .typical = 850.0, .lower = 1.0, .upper = 1e5,
       .omega = omega_from_cv(0.30), .description = "baseline CD4 T cells", .source = "Bisset 2004 [R]/[M]",
       .role = ParameterRole::covariate},
      {.name = "CD8_0", .unit = "cells/uL", .typical = 450.0, .lower = 1.0, .upper = 1e5,
       .omega = omega_from_cv(0.35), .description = "baseline CD8 T cells", .source = "Bisset 2004 [R]/[M]",
       .role = ParameterRole::covariate},
      {.name = "CD19_0", .unit = "cells/uL", .typical = 250.0, .lower = 1.0, .upper = 1e5,
       .omega = omega_from_cv(0.45), .description = "baseline CD19 B cells", .source = "Bisset 2004 [R]/[M]",
       .role = ParameterRole::covariate},

      {.name = "V", .unit = "L", .typical = 14.1, .lower = 1e-3, .upper = inf, .omega = omega_from_cv(0.20),
       .description = "central volume of alemtuzumab", .source = "Mould 2007 [M]"},
      {.name = "CL", .unit = "L/day", .typical = 2.0, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.30),
       .description = "linear clearance", .source = "Li 2018 [D]"},
      {.name = "CL_TM", .unit = "L/day", .typical = 0.8, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.50),
       .description = "target-mediated clearance at baseline lymphocytes", .source = "Li 2018 [D]"},
      {.name = "EC50", .unit = "mg/L", .typical = 0.5, .lower = 1e-9, .upper = inf, .omega = omega_from_cv(0.50),
       .description = "concentration at half-maximal kill", .source = "Baker 2017 [D]"},
      {.name = "kT4", .unit = "1/day", .typical = 0.220, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.30),
       .description = "maximal kill rate of CD4 T cells", .source = "Baker 2017 [D]"},
      {.name = "kT8", .unit = "1/day", .typical = 0.123, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.30),
       .description = "maximal kill rate of CD8 T cells", .source = "Baker 2017 [D]"},
      {.name = "kB", .unit = "1/day", .typical = 0.227, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.30),
       .description = "maximal kill rate of B cells", .source = "Baker 2017 [D]"},
      {.name = "m_B", .unit = "-", .typical = 1.5, .lower = 0.0, .upper = inf,
       .description = "kill multiplier of memory B cells", .source = "Baker 2017 [D]"},

      {.name = "d_N4", .unit = "1/day", .typical = 0.00045, .lower = 0.0, .upper = inf,
       .description = "naive CD4 death rate", .source = "Vrisekoop 2008 [R]"},
      {.name = "d_N8", .unit = "1/day", .typical = 0.00029, .lower = 0.0, .upper = inf,
       .description = "naive CD8 death rate", .source = "Vrisekoop 2008 [R]"},
      {.name = "d_M4", .unit = "1/day", .typical = 0.00475, .lower = 0.0, .upper = inf,
       .description = "memory CD4 death rate", .source = "Vrisekoop 2008 [R]"},
      {.name = "d_M8", .unit = "1/day", .typical = 0.00271, .lower = 0.0, .upper = inf,
       .description = "memory CD8 death rate", .source = "Vrisekoop 2008 [R]"},
      {.name = "c", .unit = "1/day", .typical = 0.0002, .lower = 0.0, .upper = inf,
       .description = "naive to memory conversion rate", .source = "Vrisekoop 2008 [M]"},
      {.name = "f_thy", .unit = "-", .typical = 0.15, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.50),
       .description = "thymic share of naive T production at age 35 (f is capped at 0.95)",
       .source = "den Braber 2012 [R]"},
      {.name = "kappa", .unit = "-", .typical = 0.3, .lower = 1e-9, .upper = inf,
       .description = "half-saturation of the naive density signal", .source = "Mackall 1997 [D]"},
      {.name = "kappaM", .unit = "-", .typical = 0.3, .lower = 1e-9, .upper = inf,
       .description = "half-saturation of the memory niche signal", .source = "Mackall 1997 [D]"},
      {.name = "h_N", .unit = "-", .typical = 1.0, .lower = 0.0, .upper = inf,
       .description = "exponent of the naive density signal", .source = "Mackall 1997 [D]"},
      {.name = "h_M4", .unit = "-", .typical = 1.0, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.25),
       .eta_group = "h_M", .description = "exponent of the CD4 memory niche signal", .source = "Jones 2009 [D]"},
      {.name = "h_M8", .unit = "-", .typical = 1.35, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.25),
       .eta_group = "h_M", .description = "exponent of the CD8 memory niche signal", .source = "Jones 2009 [D]"},
      {.name = "nu", .unit = "1/year", .typical = 0.04, .lower = 0.0, .upper = inf,
       .description = "decline of thymic output with age", .source = "Mackall 1997 [M]"},
      {.name = "nu_h", .unit = "1/year", .typical = 0.01, .lower = 0.0, .upper = inf,
       .description = "decline of homeostatic responsiveness with age", .source = "Mackall 1997 [D]"},

      {.name = "d_t", .unit = "1/day", .typical = 0.10, .lower = 0.0, .upper = inf,
       .description = "transitional B cell death rate", .source = "Macallan [D]"},
      {.name = "d_n0", .unit = "1/day", .typical = 0.006, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.30),
       .description = "naive B cell death rate at baseline BAFF", .source = "Macallan [D]"},
      {.name = "k_nm", .unit = "1/day", .typical = 0.0005, .lower = 1e-12, .upper = inf,
       .description = "naive to memory B conversion rate", .source = "Macallan [D]"},
      {.name = "p_m", .unit = "1/day", .typical = 0.0266, .lower = 0.0, .upper = inf,
       .description = "memory B proliferation rate", .source = "Macallan [R]"},
      {.name = "a_fb", .unit = "-", .typical = 0.3, .lower = 0.0, .upper = inf,
       .description = "marrow feedback gain on B production", .source = "Thompson 2010 [D]"},
      {.name = "theta_Z", .unit = "-", .typical = 1.3, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.40),
       .description = "BAFF rise per unit T cell deficit", .source = "Thompson 2010 [D]"},
      {.name = "k_Z", .unit = "1/day", .typical = 1.0, .lower = 1e-9, .upper = inf,
       .description = "BAFF turnover rate", .source = "Thompson 2010 [D]"},
      {.name = "eps", .unit = "-", .typical = 0.3, .lower = 0.0, .upper = 1.0,
       .description = "BAFF consumption not by B cells", .source = "Thompson 2010 [D]"},
      {.name = "beta1", .unit = "-", .typical = 0.75, .lower = 0.0, .upper = inf,
       .description = "BAFF exponent of B maturation", .source = "Thompson 2010 [D]"},
      {.name = "beta2", .unit = "-", .typical = 2.0, .lower = 0.0, .upper = inf, .omega = omega_from_cv(0.30),
       .description = "BAFF exponent of naive B survival", .source = "Thompson 2010 [D]"},

      {.name = "k_a", .unit = "1/day", .typical = 3.0 / 270.0, .lower = 1e-9, .upper = inf,
       .description = "rate of each autoimmunity delay stage (mean delay 3/k_a)", .source = "Jones 2009 [D]"},

      {.name = "lambda_inf", .unit = "1/day", .typical = 0.5655 / 365.0, .lower = 0.0, .upper = inf,
       .description = "common infection hazard at day 0, full CD4",
       .source = "Wray 2018 [D] (interferon arm, years 1-2)"},
      {.name = "rho", .unit = "1/year", .typical = 0.118, .lower = 0.0, .upper = inf,
       .description = "yearly decline of the common infection hazard", .source = "Wray 2018 [D]"},
      {.name = "w_inf", .unit = "-", .typical = 0.9, .lower = 0.0, .upper = inf,
       .description = "extra common infection hazard at full CD4 depletion", .source = "Wray 2018 [D]"},
      {.name = "lambda_hsv", .unit = "1/day", .typical = 0.015 / 365.0, .lower = 0.0, .upper = inf,
       .description = "herpes (HSV/VZV) hazard at full CD8", .source = "Lemtrada label [D]"},
      {.name = "w_hsv", .unit = "-", .typical = 20.0, .lower = 0.0, .upper = inf,
       .description = "extra herpes hazard at full CD8 depletion", .source = "Lemtrada label [M]"},
      {.name = "e_acv", .unit = "-", .typical = 0.8, .lower = 0.0, .upper = 1.0,
       .description = "efficacy of acyclovir prophylaxis against herpes", .source = "Hassoun 2016 [M]"},
      {.name = "lambda_oi", .unit = "1/day", .typical = 0.0002 / 365.0, .lower = 0.0, .upper = inf,
       .description = "opportunistic infection hazard at baseline CD4", .source = "BMC Neurol 2017, Clerico 2017 [D]"},
      {.name = "oi_slope", .unit = "1/sqrt(cells/uL)", .typical = 0.20, .lower = 0.0, .upper = inf,
       .description = "decline of the opportunistic hazard per unit sqrt(CD4)", .source = "AIDS Res Ther 2007 [D]"},
      {.name = "lambda_thy", .unit = "1/day", .typical = 2.4e-4, .lower = 0.0, .upper = inf,
       .description = "thyroid autoimmunity hazard per unit A3", .source = "Dayan 2023, Cossburn 2011 [D]"},
      {.name = "lambda_itp", .unit = "1/day", .typical = 1.2e-5, .lower = 0.0, .upper = inf,
       .description = "immune thrombocytopenia hazard per unit A3", .source = "Cuker 2020 [D]"},
      {.name = "lambda_gbm", .unit = "1/day", .typical = 1.8e-6, .lower = 0.0, .upper = inf,
       .description = "anti-GBM nephropathy hazard per unit A3", .source = "Lemtrada label 5.1 [D]"},
      {.name = "HR_fam", .unit = "-", .typical = 3.0, .lower = 0.0, .upper = inf,
       .description = "autoimmunity hazard ratio with family history",
       .source = "Cossburn 2011 [D] (shrunk from OR 7.31)"},
      {.name = "HR_smk", .unit = "-", .typical = 2.0, .lower = 0.0, .upper = inf,
       .description = "autoimmunity hazard ratio of smokers", .source = "Cossburn 2011 [D] (shrunk from OR 3.05)"},
      {.name = "AI_frailty", .unit = "-", .typical = 1.0, .lower = 0.0, .upper = inf, .omega = 0.83,
       .description = "autoimmunity frailty exp(eta_AI), eta_AI ~ N(0, 0.83^2), shared by thyroid, ITP, anti-GBM",
       .source = "reference-model.md [D]"},
      {.name = "p_serious_inf", .unit = "-", .typical = 0.025, .lower = 0.0, .upper = 1.0,
       .description = "probability a common infection is serious", .source = "Wray 2018 [D]"},
      {.name = "p_serious_hsv", .unit = "-", .typical = 0.01, .lower = 0.0, .upper = 1.0,
       .description = "probability a herpes infection is serious", .source = "reference-model.md [D]"},
      {.name = "p_serious_oi", .unit = "-", .typical = 0.5, .lower = 0.0, .upper = 1.0,
       .description = "probability an opportunistic infection is serious", .source = "reference-model.md [D]"},
  };
}

}  // namespace repop::models::alz_ref_1
