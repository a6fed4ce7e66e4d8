// The engine's hot paths, one benchmark each, from the smallest piece to a whole patient. Items
// per second are right-hand sides, Jacobians or patients per second on one thread.

#include <benchmark/benchmark.h>

#include <string>

#include "alz-ref-1/alz_ref_1_hazards.hpp"
#include "alz-ref-1/alz_ref_1_model.hpp"
#include "alz-ref-1/alz_ref_1_system.hpp"
#include "cohort/cohort_reducer.hpp"
#include "cohort/cohort_runner.hpp"
#include "model/system.hpp"
#include "io/scenario.hpp"
#include "plan/run_plan.hpp"
#include "solve/rodas4_method.hpp"

namespace {

namespace alz = repop::models::alz_ref_1;

const std::string bench_scenario = std::string(REPOP_SOURCE_DIR) + "/scenarios/reference/alz-ref-1-bench.yaml";

// The bench cohort's plan for `patients` patients.
repop::plan::RunPlan bench_plan(std::uint64_t patients) {
  const auto scenario = repop::io::load_scenario(bench_scenario, repop::model::builtin_models());
  return repop::plan::plan_of(scenario, {.patients = patients, .seed = std::nullopt, .part = std::nullopt});
}

void KineticsRightHandSide(benchmark::State& state) {
  const auto parameters = alz::info().typical_values();
  const alz::Kinetics kinetics(parameters);
  auto x = kinetics.initial_state();
  x[alz::sA] = 20.0;  // mid-infusion: the kill terms are active
  alz::Kinetics::State dxdt;
  for (auto _ : state) {
    kinetics(x, dxdt, 1.0);
    benchmark::DoNotOptimize(dxdt);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(KineticsRightHandSide);

void KineticsJacobian(benchmark::State& state) {
  const auto parameters = alz::info().typical_values();
  const alz::Kinetics kinetics(parameters);
  auto x = kinetics.initial_state();
  x[alz::sA] = 20.0;
  repop::model::JacobianMatrix<alz::Kinetics> jacobian;
  repop::model::TimeDerivative<alz::Kinetics> dfdt;
  for (auto _ : state) {
    kinetics.jacobian(x, 1.0, jacobian, dfdt);
    benchmark::DoNotOptimize(jacobian);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(KineticsJacobian);

// One Rodas4 trial step of the bench system (kinetics and six hazards) from a mid-infusion state:
// the fused right-hand side and Jacobian, the 9x9 factorisation, six stages and their solves.
void Rodas4StepWithHazards(benchmark::State& state) {
  const auto parameters = alz::info().typical_values();
  alz::WithHazards system(parameters);
  repop::dosing::InputValues inputs{};
  inputs[alz::infusion_rate_input] = 72.0;
  system.set_inputs(inputs);
  auto x = system.initial_state();
  x[alz::sA] = 20.0;
  alz::WithHazards::State x_new, error;
  repop::model::SolverStats stats;
  repop::solve::Rodas4Method<alz::WithHazards> method;
  double day = 1.0;
  for (auto _ : state) {
    // A new start time each step, so that nothing computed at the last start is reused.
    method.attempt(system, x, day, 0.01, x_new, error, stats);
    day += 1e-9;
    benchmark::DoNotOptimize(x_new);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Rodas4StepWithHazards);

// The typical patient, two courses, ten years on the 30-day grid, kinetics only.
void TypicalPatientTenYears(benchmark::State& state) {
  repop::model::PatientProblem problem;
  problem.parameter_values = alz::info().typical_values();
  problem.regimen = alz::info().default_regimen;
  problem.horizon_day = 3650.0;
  for (int k = 0; k * 30 < 3650; ++k) problem.output_days.push_back(30.0 * k);
  problem.output_days.push_back(3650.0);
  for (auto _ : state) benchmark::DoNotOptimize(alz::entry().solve_patient(problem));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(TypicalPatientTenYears)->Unit(benchmark::kMicrosecond);

// Patients of the bench cohort (drawn parameters, six hazards with event times, the reference
// monitoring schedule), one at a time as a worker thread solves them.
void BenchPatientWithHazardsAndMonitoring(benchmark::State& state) {
  const auto plan = bench_plan(1000);
  const auto problem = plan.cohort_plan();
  std::uint64_t patient = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(repop::cohort::solve_patient(problem, 0, patient));
    patient = (patient + 1) % 1000;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BenchPatientWithHazardsAndMonitoring)->Unit(benchmark::kMicrosecond);

// Adding solved patients of the bench cohort to its summaries (histograms, sums, events).
void SummaryAddPerPatient(benchmark::State& state) {
  const auto plan = bench_plan(256);
  repop::cohort::RecordBlock block;
  repop::cohort::run_cohort(plan.cohort_plan(), {.threads = 1, .stop = nullptr, .completed = nullptr},
                            [&](const repop::cohort::RecordBlock& b) {
                              block.resize(b.size());
                              for (std::size_t a = 0; a < b.size(); ++a)
                                block[a].insert(block[a].end(), b[a].begin(), b[a].end());
                            });
  for (auto _ : state) {
    state.PauseTiming();
    repop::cohort::CohortReducer reducer(plan.layouts);
    state.ResumeTiming();
    reducer.add(block);
    benchmark::DoNotOptimize(reducer);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(block.front().size()));
}
BENCHMARK(SummaryAddPerPatient)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
