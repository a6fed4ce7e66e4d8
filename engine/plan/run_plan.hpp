#pragma once
// The one place a scenario becomes runnable. plan_of turns a scenario (read from a file, or built
// in code) and what the command line changes of it into a RunPlan: each arm's model, population
// and patient problem, the monitoring schedules, the layouts of what is summarised, and the range
// of patients this process runs. `repop run` (one process, a shard, an MPI rank), `repop merge`,
// and the target run of `check-targets` and `calibrate` all build their runs here, so they treat
// patients alike.
//
// Arms may run different models on the same patients. Patient i's covariates come from the
// scenario's model's population (its random streams are keyed by seed, patient and that model's
// declaration order); an arm of another model takes every covariate both models declare (same
// name, same unit) from those draws, and draws the rest from its own declarations with its own
// streams. So adding an arm of another model changes nothing in the others.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cohort/cohort_layouts.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/population.hpp"
#include "model/patient_problem.hpp"
#include "plan/scenario.hpp"

namespace repop::plan {

// Part `index` of `count` equal parts of a cohort: patients [total·index/count, total·(index+1)/count).
struct PatientPart {
  std::uint64_t index = 0, count = 1;

  std::uint64_t first_patient(std::uint64_t total) const { return share(total, index); }
  std::uint64_t end_patient(std::uint64_t total) const { return share(total, index + 1); }

 private:
  // total·k/count without overflow: the product needs up to 128 bits (10^12 patients in 10^10
  // parts), the quotient is at most total.
  std::uint64_t share(std::uint64_t total, std::uint64_t k) const {
    __extension__ typedef unsigned __int128 Wide;
    return static_cast<std::uint64_t>(static_cast<Wide>(total) * k / count);
  }
};

// What a run changes of its scenario (the command line's --patients, --seed, --shard). Any of
// them makes the run a cohort even if the scenario has no `cohort:`.
struct RunOverrides {
  std::optional<std::uint64_t> patients = std::nullopt;
  std::optional<std::uint64_t> seed = std::nullopt;
  std::optional<PatientPart> part = std::nullopt;  // none: every patient
};

// A cohort (the scenario has `cohort:`, or the overrides ask for one), not one patient.
bool is_cohort_run(const Scenario& scenario, const RunOverrides& overrides);

// One arm, runnable: its model (the scenario's or the arm's own) and the problem every patient
// of the arm solves (everything but the parameter values).
struct ArmPlan {
  std::string name;  // "" for a scenario without `arms:`
  const model::ModelEntry* model = nullptr;
  // Another model's own population (each model's parameters from its own declarations); empty
  // and null for an arm of the scenario's model, which draws from RunPlan::population.
  cohort::PopulationSpec population;
  std::unique_ptr<const cohort::PopulationSampler> sampler;
  model::PatientProblem problem;
  std::vector<monitoring::Schedule> schedules;  // event types of this arm's model
  // Covariates this arm's model shares with the scenario's model (empty for the scenario's model).
  std::vector<cohort::ArmModel::SharedCovariate> shared_covariates;
  bool own_model = false;  // runs another model than the scenario's
};

struct RunPlan {
  Scenario scenario;             // as run: a one-patient scenario needing a cohort is a cohort of one
  bool trajectory_file = false;  // one patient whose output is the one-patient trajectory file
  std::uint64_t total_patients = 1;  // of the whole cohort (all parts)
  std::uint64_t seed = 1;
  std::uint64_t first_patient = 0, end_patient = 1;  // this run's patients [first, end)
  std::int64_t trajectories = 0;  // the first K patients keep their trajectories; -1: all
  // The patients, drawn from the scenario's model's population; covariates another arm's model
  // shares with it take these values.
  cohort::PopulationSpec population;
  std::unique_ptr<const cohort::PopulationSampler> sampler;
  std::vector<ArmPlan> arms;
  std::shared_ptr<const cohort::CohortLayouts> layouts;

  const model::ModelEntry& model() const { return *scenario.model; }
  // The cohort runner's view of the plan; points into the plan, which must outlive it.
  cohort::CohortProblem cohort_plan() const;
  // [arm]: the most courses a patient can receive, the planned ones or as many as its policy allows.
  std::vector<std::size_t> max_courses() const;
};

// Throws core::InputError when a population cannot be sampled (correlations not positive
// definite) or an arm's model declares a covariate of the scenario's model in another unit.
RunPlan plan_of(const Scenario& scenario, const RunOverrides& overrides = {});

// The regimen an arm runs: its own, or for an arm of the scenario's model the scenario's; an arm
// that names another model and gives no regimen gets that model's default regimen.
dosing::Regimen arm_regimen(const Scenario& scenario, const Arm& arm);

// The arms' names; a single "" for a scenario without `arms:`.
std::vector<std::string> arm_names(const Scenario& scenario);

}  // namespace repop::plan
