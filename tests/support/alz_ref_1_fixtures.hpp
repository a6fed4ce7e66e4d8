#pragma once
// Patients and problems shared by the ALZ-REF-1 tests.

#include <string>
#include <vector>

#include "alz-ref-1/alz_ref_1_hazards.hpp"
#include "alz-ref-1/alz_ref_1_model.hpp"
#include "alz-ref-1/alz_ref_1_parameters.hpp"
#include "alz-ref-1/alz_ref_1_system.hpp"
#include "dosing/regimen.hpp"
#include "model/patient_problem.hpp"
#include "patient_problem_fixtures.hpp"

namespace repop::test_support {

inline std::vector<double> alz_ref_1_typical() { return models::alz_ref_1::info().typical_values(); }

// The ten-year problem of the reference scenario on the 30-day grid.
inline model::PatientProblem alz_ref_1_problem(std::vector<double> parameters,
                                               dosing::Regimen regimen = models::alz_ref_1::info().default_regimen,
                                               double horizon_day = 3650.0, double step_day = 30.0) {
  return problem_on_grid(std::move(parameters), std::move(regimen), horizon_day, step_day);
}

inline model::PatientResult solve_alz_ref_1(const model::PatientProblem& problem) {
  return models::alz_ref_1::entry().solve_patient(problem);
}

// Patients at the edges of the population: young and old, deep and shallow depletion.
inline std::vector<std::vector<double>> alz_ref_1_varied_patients() {
  namespace p = models::alz_ref_1;
  std::vector<std::vector<double>> patients;
  const auto base = alz_ref_1_typical();
  auto with = [&](std::initializer_list<std::pair<p::Parameter, double>> changes) {
    patients.push_back(with_values(base, changes));
  };
  with({});
  with({{p::age, 18.0}, {p::CD4_0, 1400.0}, {p::CD19_0, 500.0}, {p::f_thy, 0.3}});
  with({{p::age, 55.0}, {p::CD4_0, 450.0}, {p::CD8_0, 200.0}, {p::theta_Z, 2.5}, {p::beta2, 3.0}});
  with({{p::V, 10.0}, {p::CL, 0.8}, {p::CL_TM, 2.0}, {p::EC50, 0.15}, {p::kT4, 0.4}, {p::kB, 0.4}});
  with({{p::V, 20.0}, {p::CL, 4.0}, {p::EC50, 1.5}, {p::kT8, 0.06}, {p::h_M4, 1.6}, {p::h_M8, 2.1}});
  return patients;
}

}  // namespace repop::test_support
