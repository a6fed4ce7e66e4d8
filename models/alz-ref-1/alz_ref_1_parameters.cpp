#include "alz_ref_1_parameters.hpp"

#include <limits>

namespace repop::models::alz_ref_1 {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
using model::omega_from_cv;
using model::ParameterDecl;
using model::ParameterRole;

ParameterDecl covariate(const char* name, const char* unit, double typical, double lower, double upper, double cv,
                        const char* description, const char* source, model::PopulationDraw draw = {}) {
  return {name,   unit,   typical,    lower, upper, omega_from_cv(cv), "", description,
          source, ParameterRole::covariate, draw};
}

// A log-normal item declared by the SD of its eta rather than by its CV.
ParameterDecl with_omega(ParameterDecl p, double omega) {
  p.omega = omega;
  return p;
}

model::PopulationDraw uniform_between(double lower, double upper) {
  return {model::PopulationDraw::Kind::uniform, lower, upper};
}
model::PopulationDraw share_of_ones(double probability) { return {model::PopulationDraw::Kind::bernoulli, probability, 0.0}; }

ParameterDecl parameter(const char* name, const char* unit, double typical, double lower, double upper, double cv,
                        const char* description, const char* source, const char* eta_group = "") {
  return {name, unit, typical, lower, upper, omega_from_cv(cv), eta_group, description, source, ParameterRole::parameter, {}};
}
}  // namespace

std::vector<model::ParameterDecl> declarations() {
  // Order must follow enum Parameter; tests/model/alz_ref_1_declarations_test.cpp checks it.
  return {
      covariate("age", "year", 35.0, 16.0, 90.0, 0.0, "age at the first infusion", "reference-model.md",
                uniform_between(18.0, 55.0)),
      covariate("sex", "-", 1.0, 0.0, 1.0, 0.0, "1 female, 0 male; no effect in this model", "reference-model.md",
                share_of_ones(0.65)),
      covariate("fam", "-", 0.0, 0.0, 1.0, 0.0, "family history of autoimmune disease (0/1)", "Cossburn 2011 [R]",
                share_of_ones(0.15)),
      covariate("smk", "-", 0.0, 0.0, 1.0, 0.0, "current smoker (0/1)", "Cossburn 2011 [R]", share_of_ones(0.25)),
      covariate("CD4_0", "cells/uL", 850.0, 1.0, 1e5, 0.30, "baseline CD4 T cells", "Bisset 2004 [R]/[M]"),
      covariate("CD8_0", "cells/uL", 450.0, 1.0, 1e5, 0.35, "baseline CD8 T cells", "Bisset 2004 [R]/[M]"),
      covariate("CD19_0", "cells/uL", 250.0, 1.0, 1e5, 0.45, "baseline CD19 B cells", "Bisset 2004 [R]/[M]"),

      parameter("V", "L", 14.1, 1e-3, inf, 0.20, "central volume of alemtuzumab", "Mould 2007 [M]"),
      parameter("CL", "L/day", 2.0, 0.0, inf, 0.30, "linear clearance", "Li 2018 [D]"),
      parameter("CL_TM", "L/day", 0.8, 0.0, inf, 0.50, "target-mediated clearance at baseline lymphocytes",
                "Li 2018 [D]"),
      parameter("EC50", "mg/L", 0.5, 1e-9, inf, 0.50, "concentration at half-maximal kill", "Baker 2017 [D]"),
      parameter("kT4", "1/day", 0.220, 0.0, inf, 0.30, "maximal kill rate of CD4 T cells", "Baker 2017 [D]"),
      parameter("kT8", "1/day", 0.123, 0.0, inf, 0.30, "maximal kill rate of CD8 T cells", "Baker 2017 [D]"),
      parameter("kB", "1/day", 0.227, 0.0, inf, 0.30, "maximal kill rate of B cells", "Baker 2017 [D]"),
      parameter("m_B", "-", 1.5, 0.0, inf, 0.0, "kill multiplier of memory B cells", "Baker 2017 [D]"),

      parameter("d_N4", "1/day", 0.00045, 0.0, inf, 0.0, "naive CD4 death rate", "Vrisekoop 2008 [R]"),
      parameter("d_N8", "1/day", 0.00029, 0.0, inf, 0.0, "naive CD8 death rate", "Vrisekoop 2008 [R]"),
      parameter("d_M4", "1/day", 0.00475, 0.0, inf, 0.0, "memory CD4 death rate", "Vrisekoop 2008 [R]"),
      parameter("d_M8", "1/day", 0.00271, 0.0, inf, 0.0, "memory CD8 death rate", "Vrisekoop 2008 [R]"),
      parameter("c", "1/day", 0.0002, 0.0, inf, 0.0, "naive to memory conversion rate", "Vrisekoop 2008 [M]"),
      parameter("f_thy", "-", 0.15, 0.0, inf, 0.50, "thymic share of naive T production at age 35 (f is capped at 0.95)",
                "den Braber 2012 [R]"),
      parameter("kappa", "-", 0.3, 1e-9, inf, 0.0, "half-saturation of the naive density signal", "Mackall 1997 [D]"),
      parameter("kappaM", "-", 0.3, 1e-9, inf, 0.0, "half-saturation of the memory niche signal", "Mackall 1997 [D]"),
      parameter("h_N", "-", 1.0, 0.0, inf, 0.0, "exponent of the naive density signal", "Mackall 1997 [D]"),
      parameter("h_M4", "-", 1.0, 0.0, inf, 0.25, "exponent of the CD4 memory niche signal", "Jones 2009 [D]", "h_M"),
      parameter("h_M8", "-", 1.35, 0.0, inf, 0.25, "exponent of the CD8 memory niche signal", "Jones 2009 [D]", "h_M"),
      parameter("nu", "1/year", 0.04, 0.0, inf, 0.0, "decline of thymic output with age", "Mackall 1997 [M]"),
      parameter("nu_h", "1/year", 0.01, 0.0, inf, 0.0, "decline of homeostatic responsiveness with age",
                "Mackall 1997 [D]"),

      parameter("d_t", "1/day", 0.10, 0.0, inf, 0.0, "transitional B cell death rate", "Macallan [D]"),
      parameter("d_n0", "1/day", 0.006, 0.0, inf, 0.30, "naive B cell death rate at baseline BAFF", "Macallan [D]"),
      parameter("k_nm", "1/day", 0.0005, 1e-12, inf, 0.0, "naive to memory B conversion rate", "Macallan [D]"),
      parameter("p_m", "1/day", 0.0266, 0.0, inf, 0.0, "memory B proliferation rate", "Macallan [R]"),
      parameter("a_fb", "-", 0.3, 0.0, inf, 0.0, "marrow feedback gain on B production", "Thompson 2010 [D]"),
      parameter("theta_Z", "-", 1.3, 0.0, inf, 0.40, "BAFF rise per unit T cell deficit", "Thompson 2010 [D]"),
      parameter("k_Z", "1/day", 1.0, 1e-9, inf, 0.0, "BAFF turnover rate", "Thompson 2010 [D]"),
      parameter("eps", "-", 0.3, 0.0, 1.0, 0.0, "BAFF consumption not by B cells", "Thompson 2010 [D]"),
      parameter("beta1", "-", 0.75, 0.0, inf, 0.0, "BAFF exponent of B maturation", "Thompson 2010 [D]"),
      parameter("beta2", "-", 2.0, 0.0, inf, 0.30, "BAFF exponent of naive B survival", "Thompson 2010 [D]"),

      parameter("k_a", "1/day", 3.0 / 270.0, 1e-9, inf, 0.0, "rate of each autoimmunity delay stage (mean delay 3/k_a)",
                "Jones 2009 [D]"),

      parameter("lambda_inf", "1/day", 0.5655 / 365.0, 0.0, inf, 0.0, "common infection hazard at day 0, full CD4",
                "Wray 2018 [D] (interferon arm, years 1-2)"),
      parameter("rho", "1/year", 0.118, 0.0, inf, 0.0, "yearly decline of the common infection hazard", "Wray 2018 [D]"),
      parameter("w_inf", "-", 0.9, 0.0, inf, 0.0, "extra common infection hazard at full CD4 depletion",
                "Wray 2018 [D]"),
      parameter("lambda_hsv", "1/day", 0.015 / 365.0, 0.0, inf, 0.0, "herpes (HSV/VZV) hazard at full CD8",
                "Lemtrada label [D]"),
      parameter("w_hsv", "-", 20.0, 0.0, inf, 0.0, "extra herpes hazard at full CD8 depletion", "Lemtrada label [M]"),
      parameter("e_acv", "-", 0.8, 0.0, 1.0, 0.0, "efficacy of acyclovir prophylaxis against herpes",
                "Hassoun 2016 [M]"),
      parameter("lambda_oi", "1/day", 0.0002 / 365.0, 0.0, inf, 0.0, "opportunistic infection hazard at baseline CD4",
                "BMC Neurol 2017, Clerico 2017 [D]"),
      parameter("oi_slope", "1/sqrt(cells/uL)", 0.20, 0.0, inf, 0.0,
                "decline of the opportunistic hazard per unit sqrt(CD4)", "AIDS Res Ther 2007 [D]"),
      parameter("lambda_thy", "1/day", 2.4e-4, 0.0, inf, 0.0, "thyroid autoimmunity hazard per unit A3",
                "Dayan 2023, Cossburn 2011 [D]"),
      parameter("lambda_itp", "1/day", 1.2e-5, 0.0, inf, 0.0, "immune thrombocytopenia hazard per unit A3",
                "Cuker 2020 [D]"),
      parameter("lambda_gbm", "1/day", 1.8e-6, 0.0, inf, 0.0, "anti-GBM nephropathy hazard per unit A3",
                "Lemtrada label 5.1 [D]"),
      parameter("HR_fam", "-", 3.0, 0.0, inf, 0.0, "autoimmunity hazard ratio with family history",
                "Cossburn 2011 [D] (shrunk from OR 7.31)"),
      parameter("HR_smk", "-", 2.0, 0.0, inf, 0.0, "autoimmunity hazard ratio of smokers",
                "Cossburn 2011 [D] (shrunk from OR 3.05)"),
      with_omega(parameter("AI_frailty", "-", 1.0, 0.0, inf, 0.0,
                           "autoimmunity frailty exp(eta_AI), eta_AI ~ N(0, 0.83^2), shared by thyroid, ITP, anti-GBM",
                           "reference-model.md [D]"),
                 0.83),
      parameter("p_serious_inf", "-", 0.025, 0.0, 1.0, 0.0, "probability a common infection is serious",
                "Wray 2018 [D]"),
      parameter("p_serious_hsv", "-", 0.01, 0.0, 1.0, 0.0, "probability a herpes infection is serious",
                "reference-model.md [D]"),
      parameter("p_serious_oi", "-", 0.5, 0.0, 1.0, 0.0, "probability an opportunistic infection is serious",
                "reference-model.md [D]"),
  };
}

}  // namespace repop::models::alz_ref_1
