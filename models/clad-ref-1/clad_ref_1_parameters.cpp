#include "clad_ref_1_parameters.hpp"

#include <limits>

namespace repop::models::clad_ref_1 {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double hours_per_day = 24.0;
using model::omega_from_cv;
using model::ParameterDecl;
using model::ParameterRole;

ParameterDecl covariate(const char* name, const char* unit, double typical, double lower, double upper, double cv,
                        const char* description, const char* source, model::PopulationDraw draw = {}) {
  return {name,   unit,   typical,    lower, upper, omega_from_cv(cv), "", description,
          source, ParameterRole::covariate, draw};
}

ParameterDecl parameter(const char* name, const char* unit, double typical, double lower, double upper, double cv,
                        const char* description, const char* source, const char* eta_group = "") {
  return {name, unit, typical, lower, upper, omega_from_cv(cv), eta_group, description, source, ParameterRole::parameter, {}};
}

model::PopulationDraw uniform_between(double lower, double upper) {
  return {model::PopulationDraw::Kind::uniform, lower, upper};
}
model::PopulationDraw share_of_ones(double probability) { return {model::PopulationDraw::Kind::bernoulli, probability, 0.0}; }
}  // namespace

std::vector<model::ParameterDecl> declarations() {
  // Order must follow enum Parameter; tests/model/clad_ref_1_declarations_test.cpp checks it.
  return {
      // Shared with ALZ-REF-1: same names, units, bounds and draws, so one population serves both.
      covariate("age", "year", 35.0, 16.0, 90.0, 0.0, "age at the first dose", "reference-model.md",
                uniform_between(18.0, 55.0)),
      covariate("sex", "-", 1.0, 0.0, 1.0, 0.0, "1 female, 0 male; no effect in this model", "reference-model.md",
                share_of_ones(0.65)),
      covariate("fam", "-", 0.0, 0.0, 1.0, 0.0, "family history of autoimmune disease (0/1); no effect in this model",
                "Cossburn 2011 [R]", share_of_ones(0.15)),
      covariate("smk", "-", 0.0, 0.0, 1.0, 0.0, "current smoker (0/1); no effect in this model", "Cossburn 2011 [R]",
                share_of_ones(0.25)),
      covariate("CD4_0", "cells/uL", 850.0, 1.0, 1e5, 0.30, "baseline CD4 T cells", "Bisset 2004 [R]/[M]"),
      covariate("CD8_0", "cells/uL", 450.0, 1.0, 1e5, 0.35, "baseline CD8 T cells", "Bisset 2004 [R]/[M]"),
      covariate("CD19_0", "cells/uL", 250.0, 1.0, 1e5, 0.45, "baseline CD19 B cells", "Bisset 2004 [R]/[M]"),
      covariate("weight_kg", "kg", 70.0, 30.0, 250.0, 0.20, "body weight (the tablets are dosed per kg)",
                "assumed (adult MS trial population)"),

      parameter("dose_reference_weight_kg", "kg", 70.0, 1.0, inf, 0.0,
                "body weight the regimen's doses are written for; each patient takes dose·weight_kg/this "
                "(mg/kg dosing: 1.75 mg/kg a year is 122.5 mg for 70 kg)",
                "Mavenclad SmPC 4.2 [R] (1.75 mg/kg per year)"),
      parameter("F_oral", "-", 0.40, 0.0, 1.0, 0.0, "oral bioavailability of the tablets",
                "Hermann 2019 [R] (about 40%); Liliemark 1997 [R] (37-51%)"),
      parameter("ka", "1/day", 6.0 * hours_per_day, 1e-6, inf, 0.0,
                "first-order absorption rate from the gut depot (6 per hour)",
                "Hermann 2019 [D] (median tmax 0.5 h fasted)"),
      parameter("V", "L", 480.0, 1e-3, inf, 0.20, "volume of distribution (one compartment)",
                "Hermann 2019 [R] (480-490 L)"),
      parameter("CL", "L/day", 39.3 * hours_per_day, 1e-6, inf, 0.30, "total clearance (39.3 L/h)",
                "Lindemalm 2005 [R] (39.3 L/h, large variability)"),
      parameter("t_half_ic", "day", 1.0, 1e-3, inf, 0.0,
                "half-life of the intracellular phosphorylated drug (2-CdATP) that drives the kill",
                "Liliemark 1997 [R] (9 to >30 h); Litak SmPC 5.2 [R] (15 h, then >30 h)"),

      parameter("k_B", "L/(mg*day)", 150.0, 0.0, inf, 0.35,
                "B cells committed to die per day per mg/L of intracellular drug (plasma-equivalent)",
                "Giovannoni 2021 [D] (CD19 -90% at week 9)", "kill"),
      parameter("k_4", "L/(mg*day)", 14.0, 0.0, inf, 0.35, "CD4 T cells committed to die per day per mg/L",
                "Stuve 2018 [D] (CD4 memory subsets -54% to -63%)", "kill"),
      parameter("k_8", "L/(mg*day)", 8.0, 0.0, inf, 0.35, "CD8 T cells committed to die per day per mg/L",
                "Stuve 2019 [D] (CD8 fall least, nadir week 24)", "kill"),
      parameter("commit_delay", "day", 20.0, 1e-3, inf, 0.0,
                "mean time from commitment to death (two stages of commit_delay/2 each)",
                "Mavenclad US PI 5.3 [D] (lowest counts 2-3 months after each course start)"),

      parameter("d_B", "1/day", 0.0025, 1e-9, inf, 0.30, "B-cell turnover (death) rate at baseline",
                "Macallan [D] (as ALZ-REF-1's d_n0)"),
      parameter("a_B", "-", 0.3, 0.0, inf, 0.0, "marrow feedback gain on B production per unit CD19 deficit",
                "Thompson 2010 [D] (as ALZ-REF-1's a_fb)"),

      parameter("d_4", "1/day", 0.47 * 0.00045 + 0.53 * 0.00475, 1e-9, inf, 0.0,
                "CD4 T-cell turnover: naive and memory death rates weighted by ALZ-REF-1's 47/53 split",
                "Vrisekoop 2008 [D]"),
      parameter("d_8", "1/day", 0.40 * 0.00029 + 0.60 * 0.00271, 1e-9, inf, 0.0,
                "CD8 T-cell turnover: naive and memory death rates weighted by ALZ-REF-1's 40/60 split",
                "Vrisekoop 2008 [D]"),
      parameter("f_thy", "-", 0.15, 0.0, inf, 0.50, "thymic share of T production at age 35 (f is capped at 0.95)",
                "den Braber 2012 [R]"),
      parameter("nu", "1/year", 0.04, 0.0, inf, 0.0, "decline of thymic output with age", "Mackall 1997 [M]"),
      parameter("kappa", "-", 0.3, 1e-9, inf, 0.0, "half-saturation of the T-cell density signal",
                "Mackall 1997 [D] (as ALZ-REF-1)"),
      parameter("h_T", "-", 1.25, 0.0, inf, 0.0, "exponent of the T-cell density signal",
                "Mavenclad SmPC 4.8 [D] (20-25% with grade 3-4 lymphopenia); ALZ-REF-1 has 1 (h_N)"),

      parameter("lambda_inf", "1/day", 0.30 / 365.0, 0.0, inf, 0.0,
                "common infection hazard at full lymphocyte counts (0.30 a year)",
                "Cook 2011 [D] (placebo: 42.5% with an infection in 96 weeks)"),
      parameter("w_inf", "-", 0.45, 0.0, inf, 0.0, "extra common infection hazard at full lymphocyte depletion",
                "Cook 2011 [D] (cladribine: 48.3% with an infection in 96 weeks)"),
      parameter("lambda_hz", "1/day", 0.002 / 365.0, 0.0, inf, 0.0,
                "herpes zoster hazard at full lymphocyte counts (0.2 per 100 patient-years)",
                "Cook 2019 [R] (placebo 0.2 per 100 PY)"),
      parameter("hz_slope", "1/sqrt(cells/uL)", 0.175, 0.0, inf, 0.0,
                "growth of the herpes zoster hazard per unit of sqrt(lymphocytes) lost: h = lambda_hz·"
                "exp(-hz_slope·(sqrt(L) - sqrt(L_0)))",
                "Cook 2019 via TAND 2021 [D] (4.5 vs 0.73 per 100 PY with and without grade 3-4 lymphopenia)"),
      parameter("p_serious_inf", "-", 0.03, 0.0, 1.0, 0.0, "probability a common infection is serious",
                "Cook 2019 [D] (serious 0.8 of 24.9 infections per 100 PY)"),
      parameter("p_serious_hz", "-", 0.0, 0.0, 1.0, 0.0, "probability a herpes zoster episode is serious",
                "Cook 2011 [R] (all cases dermatomal); TAND 2021 [R] (no severe or disseminated case)"),
  };
}

}  // namespace repop::models::clad_ref_1
