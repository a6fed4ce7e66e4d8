#pragma once
// Runs a range of patients in parallel on oneTBB and hands their results, block by block and in
// patient order, to one consumer on one thread (the summaries and the HDF5 writer). A three-stage
// pipeline: numbering blocks (serial), solving patients (parallel), consuming (serial, in order).
// At most a few blocks are in flight, so memory does not grow with the number of patients.

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "cohort/population.hpp"
#include "model/model_registry.hpp"
#include "monitoring/detection.hpp"

namespace repop::cohort {

struct PatientRecord {
  std::uint64_t id = 0;
  std::vector<double> parameter_values;
  model::PatientResult result;
  monitoring::PatientMonitoring monitoring;  // when the plan has events
};

// An arm that runs another model than the plan's on the same patients: its own model, population
// and schedules (event types are the arm model's). The covariates both models declare are the
// plan's population's values (the plan's model's draws), so the patient is the same in every arm;
// everything else is drawn from the arm's own population.
struct ArmModel {
  const model::ModelEntry* model = nullptr;  // null: the arm runs the plan's model
  const PopulationSampler* population = nullptr;
  std::vector<monitoring::Schedule> schedules;
  struct SharedCovariate {
    std::size_t in_arm_model;   // parameter index in the arm's model
    std::size_t in_plan_model;  // parameter index in the plan's model
  };
  std::vector<SharedCovariate> shared_covariates;
};

struct CohortProblem {
  const model::ModelEntry* model = nullptr;
  const PopulationSampler* population = nullptr;
  std::uint64_t seed = 0;
  // One problem per arm: everything but the parameter values, shared by all patients. Every arm
  // sees the same patients and the same random draws (common random numbers).
  std::vector<model::PatientProblem> arms;
  std::vector<monitoring::Schedule> schedules;  // evaluated on every patient's events
  std::vector<ArmModel> arm_models;  // [arm], or empty: every arm runs `model`
  std::uint64_t first_patient = 0;  // this run's range of patient ids [first, end)
  std::uint64_t end_patient = 0;
  std::size_t block_size = 64;      // patients per task
};

struct CohortControl {
  int threads = 0;                                 // 0: all cores
  const std::atomic<bool>* stop = nullptr;         // set (e.g. by SIGINT) to stop after blocks in flight
  std::atomic<std::uint64_t>* completed = nullptr; // patients done, for progress reports
};

// Solves one patient of the plan in one arm.
PatientRecord solve_patient(const CohortProblem& plan, std::size_t arm, std::uint64_t patient_id);

// A block of consecutive patients, [arm][patient].
using RecordBlock = std::vector<std::vector<PatientRecord>>;

// Returns false if stopped before every patient was consumed.
bool run_cohort(const CohortProblem& plan, const CohortControl& control,
                const std::function<void(const RecordBlock&)>& consume_in_order);

}  // namespace repop::cohort
