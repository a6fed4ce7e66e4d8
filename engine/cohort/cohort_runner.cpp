#include "cohort/cohort_runner.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <memory>

namespace repop::cohort {

PatientRecord solve_patient(const CohortProblem& plan, std::size_t arm, std::uint64_t patient_id) {
  const ArmModel* own = arm < plan.arm_models.size() && plan.arm_models[arm].model ? &plan.arm_models[arm] : nullptr;
  const model::ModelEntry& entry = own ? *own->model : *plan.model;
  PatientRecord record;
  record.id = patient_id;
  model::PatientProblem problem = plan.arms[arm];
  if (own) {
    problem.parameter_values = own->population->sample(plan.seed, patient_id);
    const std::vector<double> patient = plan.population->sample(plan.seed, patient_id);
    for (const auto& c : own->shared_covariates) problem.parameter_values[c.in_arm_model] = patient[c.in_plan_model];
  } else {
    problem.parameter_values = plan.population->sample(plan.seed, patient_id);
  }
  problem.seed = plan.seed;
  problem.patient_id = patient_id;
  record.result = entry.solve_patient(problem);
  if (problem.with_events) {
    // Courses a policy added move the end of monitoring, as planned ones do.
    const auto& courses = record.result.courses;
    const double last_infusion_day = courses.empty() ? 0.0 : courses.back().last_infusion_day();
    record.monitoring = monitoring::monitor_patient(own ? own->schedules : plan.schedules, entry.info,
                                                    record.result.events, last_infusion_day, problem.horizon_day,
                                                    plan.seed, patient_id);
  }
  record.parameter_values = std::move(problem.parameter_values);
  return record;
}

bool run_cohort(const CohortProblem& plan, const CohortControl& control,
                const std::function<void(const RecordBlock&)>& consume_in_order) {
  const int threads = control.threads > 0 ? control.threads : tbb::info::default_concurrency();
  const std::uint64_t total = plan.end_patient - plan.first_patient;
  const std::uint64_t blocks = (total + plan.block_size - 1) / plan.block_size;
  bool stopped = false;

  tbb::task_arena arena(threads);
  arena.execute([&] {
    std::uint64_t next_block = 0;
    tbb::parallel_pipeline(
        static_cast<std::size_t>(2 * threads),
        tbb::make_filter<void, std::uint64_t>(tbb::filter_mode::serial_in_order,
                                              [&](tbb::flow_control& fc) -> std::uint64_t {
                                                if (next_block == blocks ||
                                                    (control.stop && control.stop->load())) {
                                                  stopped = next_block != blocks;
                                                  fc.stop();
                                                  return 0;
                                                }
                                                return next_block++;
                                              }) &
            tbb::make_filter<std::uint64_t, std::shared_ptr<RecordBlock>>(
                tbb::filter_mode::parallel,
                [&](std::uint64_t block) {
                  const std::uint64_t first = plan.first_patient + block * plan.block_size;
                  const std::uint64_t end = std::min(first + plan.block_size, plan.end_patient);
                  auto records = std::make_shared<RecordBlock>(plan.arms.size());
                  for (auto& arm : *records) arm.reserve(end - first);
                  for (std::uint64_t id = first; id < end; ++id) {
                    for (std::size_t a = 0; a < plan.arms.size(); ++a) (*records)[a].push_back(solve_patient(plan, a, id));
                    if (control.completed) control.completed->fetch_add(1, std::memory_order_relaxed);
                  }
                  return records;
                }) &
            tbb::make_filter<std::shared_ptr<RecordBlock>, void>(
                tbb::filter_mode::serial_in_order,
                [&](const std::shared_ptr<RecordBlock>& records) { consume_in_order(*records); }));
  });
  return !stopped;
}

}  // namespace repop::cohort
