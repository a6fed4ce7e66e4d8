#include "cli/cohort_measure.hpp"

#include "cli/interrupt.hpp"

namespace repop::cli {

calibration::MeasureCohort measure_in_this_process(const calibration::TargetRun& run, std::uint64_t patients,
                                                   int threads, std::atomic<std::uint64_t>* completed) {
  return [&run, patients, threads, completed](const cohort::PopulationSpec& population, const std::vector<bool>& wanted) {
    if (completed) completed->store(0);
    return run.measure(population, 0, patients, {threads, &InterruptGuard::requested(), completed}, wanted);
  };
}

calibration::MeasureCohort cohort_measure_in_this_process(const calibration::TargetRun& run, std::uint64_t patients,
                                                          int threads) {
  return measure_in_this_process(run, patients, threads, nullptr);
}

}  // namespace repop::cli
