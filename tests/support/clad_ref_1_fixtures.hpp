#pragma once
// Patients, the label's regimen and problems shared by the CLAD-REF-1 tests.

#include <initializer_list>
#include <utility>
#include <vector>

#include "clad-ref-1/clad_ref_1_model.hpp"
#include "clad-ref-1/clad_ref_1_parameters.hpp"
#include "clad-ref-1/clad_ref_1_system.hpp"
#include "dosing/regimen.hpp"
#include "model/patient_problem.hpp"
#include "patient_problem_fixtures.hpp"

namespace repop::test_support {

inline std::vector<double> clad_ref_1_typical() { return models::clad_ref_1::info().typical_values(); }

// The label's two yearly courses, as scenarios/cladribine-cohort.yaml writes them.
inline dosing::Regimen clad_ref_1_label_regimen() { return models::clad_ref_1::label_regimen(); }

inline model::PatientProblem clad_ref_1_problem(std::vector<double> parameters,
                                                dosing::Regimen regimen = clad_ref_1_label_regimen(),
                                                double horizon_day = 1460.0, double step_day = 1.0) {
  return problem_on_grid(std::move(parameters), std::move(regimen), horizon_day, step_day);
}

inline model::PatientResult solve_clad_ref_1(const model::PatientProblem& problem) {
  return models::clad_ref_1::entry().solve_patient(problem);
}

// Patients at the edges of the population: young and old, light and heavy, weak and strong kill.
inline std::vector<std::vector<double>> clad_ref_1_varied_patients() {
  namespace p = models::clad_ref_1;
  std::vector<std::vector<double>> patients;
  const auto base = clad_ref_1_typical();
  auto with = [&](std::initializer_list<std::pair<p::Parameter, double>> changes) {
    patients.push_back(with_values(base, changes));
  };
  with({});
  with({{p::age, 18.0}, {p::CD4_0, 1400.0}, {p::CD19_0, 500.0}, {p::f_thy, 0.3}, {p::weight_kg, 50.0}});
  with({{p::age, 55.0}, {p::CD4_0, 450.0}, {p::CD8_0, 200.0}, {p::weight_kg, 110.0}, {p::k_B, 300.0}});
  with({{p::V, 300.0}, {p::CL, 500.0}, {p::k_4, 30.0}, {p::k_8, 20.0}, {p::h_T, 2.0}, {p::d_B, 0.006}});
  with({{p::V, 700.0}, {p::CL, 1500.0}, {p::k_B, 50.0}, {p::a_B, 1.0}, {p::t_half_ic, 0.4}, {p::commit_delay, 40.0}});
  return patients;
}

}  // namespace repop::test_support
