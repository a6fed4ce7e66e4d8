#include "io/scenario_schema.hpp"

namespace repop::io {

std::vector<SchemaKey> scenario_schema(const std::vector<std::string>& model_names) {
  std::string models;
  for (const auto& name : model_names) models += (models.empty() ? "" : ", ") + name;
  return {
      {"schema_version", "whole number", "-", "(required)", "version of this key set; 1"},
      {"model", "text", "-", "(required)", "a model `repop describe` knows: " + models},
      {"patient", "'typical' or mapping", "declared", "typical",
       "covariates by name (the model's: repop describe MODEL); in a cohort, fixed values or log-normal medians"},
      {"parameters", "mapping", "declared", "model's", "parameter values by name, checked against declared bounds"},
      {"regimen.courses", "list", "-", "model's",
       "the planned courses, in order, not overlapping; [] for no drug; left out, the model's default regimen "
       "(repop describe MODEL; also under arms)"},
      {"regimen.courses[].start_day", "number", "day", "(required)",
       "first dose day (day 0 = first dose of course 1)"},
      {"regimen.courses[].days", "whole number", "day", "(required)", "consecutive days with one dose each"},
      {"regimen.courses[].dose_mg", "number", "mg", "regimen.dose_mg", "dose per infusion"},
      {"regimen.courses[].infusion_hours", "number", "h", "regimen.infusion_hours", "length of each dose's infusion"},
      {"regimen.dose_mg", "number", "mg", "model's", "dose per infusion for every course (default: the model's default course)"},
      {"regimen.infusion_hours", "number", "h", "model's",
       "infusion length for every course (default: the model's default course)"},
      {"regimen.prophylaxis_days", "number", "day", "model's",
       "window from the first day of each course that the model's course_window input marks (e.g. antiviral "
       "prophylaxis)"},
      {"regimen.postpone_after_serious_infection_days", "number", "day", "0",
       "a planned course due this soon after a serious infection waits (needs events); 0: never"},
      {"horizon_days", "number", "day", "3650", "follow-up from day 0"},
      {"output.step_days", "number", "day", "30",
       "output grid step; the horizon is always included; at most 1,000,000 output times in all"},
      {"output.days", "list", "day", "[]", "further output times, e.g. [183, 913] for months 6 and 30"},
      {"output.daily_after_courses_days", "whole number", "day", "0",
       "an output every day for this long (0 to 365) from the start of each planned course, whatever the step, so "
       "that drug peaks and nadirs are drawn true"},
      {"output.file", "text", "-", "<scenario name>.h5", "HDF5 output, relative to the working folder"},
      {"solver.method", "text", "-", "rodas4",
       "rodas4 (implicit Rosenbrock, Jacobian) or dopri5 (explicit Dormand-Prince)"},
      {"solver.relative_tolerance", "number", "-", "1e-4", "local error bound relative to each state"},
      {"solver.absolute_tolerance", "number", "state unit", "1e-8", "local error bound near zero"},
      {"solver.initial_step_day", "number", "day", "1e-3", "first trial step after each restart"},
      {"solver.min_step_day", "number", "day", "1e-10", "a smaller step ends the patient (step_size_underflow)"},
      {"solver.max_step_attempts", "whole number", "-", "200000", "step budget per patient (step_budget_exhausted)"},
      {"cohort.patients", "whole number", "-", "1", "patients in the cohort (--patients overrides)"},
      {"cohort.seed", "whole number", "-", "1", "random seed (--seed overrides)"},
      {"cohort.trajectories", "whole number or 'all'", "-", "0", "keep full trajectories of the first K patients"},
      {"population.variability.<name>", "mapping", "-", "model's",
       "one of {cv: x} (log-normal), {uniform: [a, b]}, {share: p} (0/1), {fixed: v}"},
      {"population.correlations", "list", "-", "none", "[{between: [A, B], r: value}] between log-normal etas"},
      {"population.covariates_csv", "text", "-", "-",
       "CSV of real patients' covariates; patient i takes row i mod rows"},
      {"summary.thresholds", "list", "-", "model's",
       "[{quantity, below}]: share of patients below, at every output time"},
      {"summary.recoveries", "list", "-", "model's",
       "[{quantity, at_least, at_least_baseline}]: time to recovery"},
      {"events.table", "true/false", "-", "true", "with `events:` present the hazards run; keep one row per event"},
      {"monitoring.schedules", "list", "-", "none", "schedules scored on the same patients' events"},
      {"monitoring.schedules[].name", "text", "-", "(required)",
       "the schedule's name in outputs: letters, digits, _ and -; not event, patient, type, day, serious, "
       "symptom_delay_day, since_course_start_day or since_infusion_day"},
      {"monitoring.schedules[].like", "text", "-", "-",
       "copy an earlier schedule, its tests and their every_nth_visit included; keys given here replace the copies "
       "(repop validate lists what was copied)"},
      {"monitoring.schedules[].interval_days", "number", "day", "30", "between visits; at least 1"},
      {"monitoring.schedules[].start_day", "number", "day", "0", "first visit"},
      {"monitoring.schedules[].until_days_after_last_infusion", "number", "day", "1460",
       "visits end this long after the last infusion"},
      {"monitoring.schedules[].attendance", "number", "-", "0.85", "probability a visit happens"},
      {"monitoring.schedules[].tests", "list", "-", "(required)",
       "[{name, detects: [conditions], sensitivity, every_nth_visit}]; names as for schedules, each once per schedule"},
      {"retreatment.policy", "text", "-", "none", "as_needed, cd4_gated or none (needs a model with disease activity)"},
      {"retreatment.triggers", "list", "-", "[relapse, mri]", "what starts a course"},
      {"retreatment.delay_days", "number", "day", "30", "from trigger to first infusion"},
      {"retreatment.min_interval_days", "number", "day", "365", "between course starts"},
      {"retreatment.max_courses", "whole number", "-", "5", "courses in all, planned ones included"},
      {"retreatment.course", "mapping", "-", "model's",
       "{days, dose_mg, infusion_hours}: what a further course is; default: the last course of the model's default "
       "regimen"},
      {"retreatment.gate", "mapping", "-", "{quantity: CD4, at_least: 400, recheck_days: 30}",
       "cd4_gated: hold a due course until"},
      {"retreatment.scans", "mapping", "-", "{first_day: 365, interval_days: 365}",
       "MRI scans that can show new lesions"},
      {"arms", "list", "-", "one arm",
       "[{name, model, regimen, retreatment}]: treatments of the same patients, compared pairwise; names of letters, digits, "
       "_ and -, not 'state'"},
      {"uncertainty.draws", "whole number", "-", "(required without ensemble)",
       "parameter sets run in an outer loop, each on cohort.patients patients of its own (2 to 100,000); with an "
       "ensemble, its first rows (default: all)"},
      {"uncertainty.ensemble", "text", "-", "-",
       "posterior: the model's own posterior ensemble (a calibrated model's, e.g. alz-cal-2); or a CSV of parameter "
       "sets, one per row (columns: declared parameters, NAME_cv for a CV), relative to the scenario file; draw d "
       "takes row d"},
      {"uncertainty.parameters", "list", "-", "(required without ensemble)",
       "[{parameter, of: typical|cv, distribution: uniform|log_uniform|lognormal, low, high | median, cv}]: what is "
       "not known about declared parameters; every draw must lie within the declared bounds"},
      {"precision.figures", "list", "-", "(required)",
       "figures of the summary JSON by JSON pointer (e.g. /events/thyroid/cumulative_incidence, or one year of it, "
       "/events/thyroid/cumulative_incidence/3), each with a standard error beside it; an array counts by its "
       "largest"},
      {"precision.standard_error", "number", "figure's unit", "(required)",
       "stop once every figure's Monte Carlo SE is at most this; cohort.patients is the most the run takes"},
      {"precision.block_patients", "whole number", "-", "1000",
       "patients between two checks; the run stops only after whole blocks, so it is the same for any thread count"},
  };
}

}  // namespace repop::io
