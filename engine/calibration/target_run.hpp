#pragma once
// The run every target is computed from: a model's population in up to three arms on the same
// patients and draws (common random numbers) over nine years: `alemtuzumab` (courses on days 0-4
// and 365-367), `no_drug` (no depletion: the interferon-like comparator) and, for models with
// disease activity, `as_needed` (a further course after a relapse or new MRI activity). Each
// target becomes one number per patient (a value, or 0/1 for a share), kept in patient order, so
// that the estimates are the same for any thread count and any split of the patients.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calibration/target.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/event_layout.hpp"
#include "cohort/population.hpp"
#include "plan/run_plan.hpp"

namespace repop::calibration {

inline constexpr double target_run_horizon_day = 3285.0;  // d: the retreatment figures are at about 9 years

// measures[target][patient - first]; NaN where the patient's integration failed or the target
// cannot be computed for the model.
using PatientMeasures = std::vector<std::vector<double>>;

// The model `name` of `registry`; throws core::InputError naming `field` (the option or key that
// gave the name: --model, base_model) with the models there are.
const model::ModelEntry& find_model(const model::ModelRegistry& registry, const std::string& name,
                                    const std::string& field);

class TargetRun {
 public:
  // Throws core::InputError naming each target that asks for what the model does not have
  // (a quantity, a baseline covariate, an event category) or for a day outside the run. A target on an arm the model
  // cannot run (as_needed without disease activity) is kept and reported as not computable.
  TargetRun(const std::string& model_name, const model::ModelRegistry& registry, std::vector<Target> targets,
            std::uint64_t seed);

  const std::vector<Target>& targets() const { return targets_; }
  // Empty when the target is computed; otherwise why not.
  const std::string& not_computable(std::size_t target) const { return not_computable_[target]; }
  const model::ModelInfo& info() const { return plan_.model().info; }
  const cohort::PopulationSpec& default_population() const { return plan_.population; }
  const std::string& scenario_text() const { return plan_.scenario.text; }
  std::uint64_t seed() const { return seed_; }

  // Runs patients [first, end) of `population`; nullopt if `control.stop` ended it early.
  // `wanted` (per target; empty: all) leaves the other targets NaN and skips arms none needs.
  std::optional<PatientMeasures> measure(const cohort::PopulationSpec& population, std::uint64_t first,
                                         std::uint64_t end, const cohort::CohortControl& control,
                                         const std::vector<bool>& wanted = {}) const;

  // One patient's measure for a target, from its record in the target's arm; NaN if its
  // integration failed.
  double measure_of(std::size_t target, const cohort::PatientRecord& record) const;

  // The scenario of the target run as YAML (also runnable with `repop run`).
  static std::string scenario_yaml(const std::string& model_name, bool with_disease_activity,
                                   const std::vector<double>& output_days, std::uint64_t seed);

 private:
  struct Resolved {  // a target's indices into this run
    std::size_t arm = 0;
    std::vector<std::size_t> variables;  // summed quantity
    std::vector<std::size_t> rows;       // output rows of the target's days
    std::size_t baseline = 0;            // parameter index
    std::size_t recovery = 0;            // recovery criterion index
    std::vector<std::uint32_t> event_types;
    bool serious_only = false;
  };
  std::vector<Target> targets_;
  std::vector<std::string> not_computable_;
  std::vector<Resolved> resolved_;
  plan::RunPlan plan_;  // the target run's scenario, as every run is planned
  std::uint64_t seed_ = 0;
};

}  // namespace repop::calibration
