#include "alz_ms_2_parameters.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace repop::models::alz_ms_2 {

namespace {

model::ParameterDecl& named(std::vector<model::ParameterDecl>& d, const std::string& name) {
  const auto found = std::find_if(d.begin(), d.end(), [&](const model::ParameterDecl& p) { return p.name == name; });
  if (found == d.end()) throw std::logic_error("alz-ms-2 redeclares " + name + ", which alz-ms-1 does not declare");
  return *found;
}

}  // namespace

std::vector<model::ParameterDecl> declarations() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<model::ParameterDecl> d = alz_ms_1::declarations();

  // What the inherited parameters mean here, where the structure changed (README.md).
  model::ParameterDecl& rho = named(d, "rho");
  rho.typical = 1.0;
  rho.description = "yearly decline of the early-follow-up excess of common infections (every arm, treated or not)";
  rho.source = "assumed (excess halves in about 8 months)";
  named(d, "lambda_inf").description =
      "common infection hazard a patient of typical susceptibility settles to without lymphopenia";
  named(d, "w_inf").description = "extra common infection hazard at full CD4 depletion, relative to the background";
  named(d, "lambda_hsv").description = "background herpes (HSV/VZV) hazard of a patient of typical susceptibility";
  named(d, "k_a").description =
      "rate of each autoimmunity delay stage (mean delay 3/k_a from memory CD4 expansion to onset)";
  named(d, "lambda_thy").description = "thyroid autoimmunity hazard per unit A3 of a susceptible patient";
  named(d, "lambda_itp").description = "immune thrombocytopenia hazard per unit A3 of a susceptible patient";
  named(d, "lambda_gbm").description = "anti-GBM nephropathy hazard per unit A3 of a susceptible patient";

  d.push_back({.name = "NK_0", .unit = "cells/uL", .typical = 250.0, .lower = 1.0, .upper = 1e5,
               .omega = model::omega_from_cv(0.45), .description = "baseline NK cells (CD16+CD56+)",
               .source = "Bisset 2004 [M]", .role = model::ParameterRole::covariate});
  d.push_back({.name = "d_NK", .unit = "1/day", .typical = 0.05, .lower = 0.0, .upper = inf,
               .description = "NK cell turnover: death rate, and production rate relative to NK_0 at baseline",
               .source = "assumed (blood NK lifespan of weeks; Gilmore 2020 [M]: NK near baseline by month 5)"});
  d.push_back({.name = "kNK", .unit = "1/day", .typical = 0.10, .lower = 0.0, .upper = inf,
               .omega = model::omega_from_cv(0.30),
               .description = "maximal alemtuzumab kill rate of NK cells (less CD52 than on T and B cells)",
               .source = "assumed"});
  d.push_back({.name = "inf_frailty", .unit = "-", .typical = 1.0, .lower = 0.0, .upper = inf,
               .omega = model::omega_from_cv(0.8),
               .description = "patient's susceptibility to infection, exp(eta_inf); multiplies the common and herpes "
                              "infection hazards, so that infections cluster in patients",
               .source = "assumed"});
  d.push_back({.name = "inf_excess", .unit = "-", .typical = 0.2, .lower = 0.0, .upper = inf,
               .description = "excess of common infections at the start of follow-up over the level they settle to "
                              "(declining at rate rho; in every arm, as in trials' comparator arms)",
               .source = "assumed (Wray 2018 [R]: the interferon arm's yearly share falls from year 1 to year 2)"});
  d.push_back({.name = "AI_threshold", .unit = "-", .typical = 1.0, .lower = 0.0, .upper = inf,
               .description = "a patient is susceptible to secondary autoimmunity when AI_frailty times the hazard "
                              "ratios of family history and smoking is at least this (1: half of those without "
                              "risk factors)",
               .source = "assumed"});
  return d;
}

}  // namespace repop::models::alz_ms_2
