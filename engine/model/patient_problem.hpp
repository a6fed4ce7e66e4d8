#pragma once
// One patient to simulate, and what came of it.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <optional>

#include "dosing/regimen.hpp"
#include "dosing/retreatment_policy.hpp"
#include "model/return_code.hpp"
#include "model/solver_options.hpp"
#include "model/solver_stats.hpp"

namespace repop::model {

// "Recovered" means the sum of some trajectory variables is back at or above a threshold after
// having fallen below it (for example CD4 >= 400 cells/uL). The day is found on the solver's
// dense output, to 1e-6 day, not on the output grid.
struct RecoveryCriterion {
  std::vector<std::size_t> variables;  // indices into ModelInfo::variables, summed
  double at_least = 0.0;               // in the variables' unit
  bool at_least_baseline = false;      // also at least the patient's own value on day 0
};

struct PatientProblem {
  std::vector<double> parameter_values;  // aligned with ModelInfo::parameters, each in its declared unit
  dosing::Regimen regimen;
  double horizon_day = 3650.0;           // d; integration runs over [0, horizon_day]
  std::vector<double> output_days;       // d; sorted, within [0, horizon_day]
  model::SolverOptions solver;
  std::vector<RecoveryCriterion> recoveries;
  // Hazards and events: off, the kinetics alone are integrated. On, the patient's draws come from
  // the cohort's counter-based streams keyed by (seed, patient_id).
  bool with_events = false;
  std::uint64_t seed = 0;
  std::uint64_t patient_id = 0;
  // Further courses as the patient's course dictates (needs events: relapses and MRI lesions are
  // model events with those roles).
  std::optional<dosing::RetreatmentPolicy> policy;
};

struct Event {
  std::uint32_t type = 0;  // index into ModelInfo::event_types
  double day = 0.0;        // d since the first infusion; exact to 1e-6 day
  bool serious = false;
};

struct PatientResult {
  model::ReturnCode code = model::ReturnCode::success;
  model::SolverStats stats;
  double end_day = 0.0;         // d; the horizon unless the integration failed earlier
  std::size_t variable_count = 0;
  // Row-major [output time][variable], variables as in ModelInfo::variables, each in its
  // declared unit. Rows after a failure are NaN.
  std::vector<double> trajectory;
  // Per RecoveryCriterion: the day it was met (0 if the quantity never fell below), +inf if not
  // by the end of follow-up.
  std::vector<double> recovery_day;
  std::vector<Event> events;  // in time order
  std::vector<dosing::Course> courses;  // every course given: the planned ones, then any a policy added

  double at(std::size_t row, std::size_t variable) const { return trajectory[row * variable_count + variable]; }
};

}  // namespace repop::model
