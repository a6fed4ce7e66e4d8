// The engine of the teaching page: one patient of a built-in model, kinetics only, solved in the
// browser (compiled to WebAssembly by teach/CMakeLists.txt). The same model code and solver as
// the command's one-patient run, so the page's curves are the command's numbers.
//
// JavaScript calls (embind):
//   models()                 JSON: [{name, title, version}]
//   describe(model)          JSON: parameters (with role, unit, typical, bounds, description),
//                            variables, the model's default regimen
//   simulate(model, request) {days: Float64Array (d), names: [variable names], values:
//                            Float64Array [day][variable] row-major (declared units), code: "success" | ...,
//                            steps: accepted steps, events: {names, recurrent, autoimmune,
//                            cumulative_hazard: Float64Array [day][event type]}}; request is JSON: {parameters: {name: value},
//                            regimen: {dose_mg, infusion_hours, courses: [{start_day, days}]},
//                            horizon_days, step_days, daily_after_courses_days}

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "dosing/output_grid.hpp"
#include "model/model_registry.hpp"
#include "model/patient_problem.hpp"
#include "model/system_probe.hpp"

namespace {

using emscripten::val;
using nlohmann::json;
using namespace repop;

const model::ModelEntry& entry_of(const std::string& name) {
  const model::ModelEntry* entry = model::builtin_models().find(name);
  if (!entry) throw std::invalid_argument("'" + name + "' is not a model of this build");
  return *entry;
}

json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

std::string models() {
  json out = json::array();
  for (const auto& name : model::builtin_models().names()) {
    const model::ModelInfo& info = entry_of(name).info;
    out.push_back({{"name", info.name}, {"title", info.title}, {"version", info.version}});
  }
  return out.dump();
}

std::string describe(const std::string& name) {
  const model::ModelInfo& info = entry_of(name).info;
  json parameters = json::array(), variables = json::array(), courses = json::array();
  for (const auto& p : info.parameters)
    parameters.push_back({{"name", p.name},
                          {"role", p.role == model::ParameterRole::covariate ? "covariate" : "parameter"},
                          {"unit", p.unit},
                          {"typical", p.typical},
                          {"lower", number(p.lower)},
                          {"upper", number(p.upper)},
                          {"description", p.description},
                          {"source", p.source}});
  for (const auto& v : info.variables)
    variables.push_back({{"name", v.name},
                         {"unit", v.unit},
                         {"kind", v.kind == model::VariableKind::state ? "state" : "derived"},
                         {"description", v.description}});
  for (const auto& c : info.default_regimen.courses)
    courses.push_back({{"start_day", c.start_day}, {"days", c.infusion_days}, {"dose_mg", c.dose_mg},
                       {"infusion_hours", c.infusion_hours}});
  return json{{"name", info.name},           {"title", info.title},         {"description", info.description},
              {"parameters", parameters},   {"variables", variables},
              {"default_regimen", {{"courses", courses}, {"prophylaxis_days", info.default_regimen.prophylaxis_days}}}}
      .dump();
}

// The patient problem a one-patient scenario with these values and this regimen gives
// (plan::Scenario::patient_parameter_values, dosing::output_days, default solver options).
model::PatientProblem problem_of(const model::ModelInfo& info, const json& request) {
  model::PatientProblem problem;
  problem.parameter_values = info.typical_values();
  const json values = request.value("parameters", json::object());
  for (const auto& [name, value] : values.items()) {
    const int index = info.parameter_index(name);
    if (index < 0) throw std::invalid_argument("'" + name + "' is not a parameter of " + info.name);
    problem.parameter_values[static_cast<std::size_t>(index)] = value.get<double>();
  }
  const json& regimen = request.at("regimen");
  const dosing::Course model_course = info.default_regimen.courses.empty() ? dosing::Course{} : info.default_regimen.courses.front();
  for (const auto& c : regimen.at("courses")) {
    dosing::Course course;
    course.start_day = c.at("start_day").get<double>();
    course.infusion_days = c.at("days").get<int>();
    course.dose_mg = regimen.value("dose_mg", model_course.dose_mg);
    course.infusion_hours = regimen.value("infusion_hours", model_course.infusion_hours);
    problem.regimen.courses.push_back(course);
  }
  problem.regimen.prophylaxis_days = regimen.value("prophylaxis_days", info.default_regimen.prophylaxis_days);
  problem.horizon_day = request.at("horizon_days").get<double>();
  const dosing::Regimen* regimens[] = {&problem.regimen};
  problem.output_days = dosing::output_days({.horizon_day = problem.horizon_day,
                                             .step_day = request.value("step_days", 30.0),
                                             .extra_days = {},
                                             .daily_after_courses_day = request.value("daily_after_courses_days", 0)},
                                            regimens);
  return problem;
}

val typed_copy(const std::vector<double>& values) {
  val array = val::global("Float64Array").new_(values.size());
  array.call<void>("set", val(emscripten::typed_memory_view(values.size(), values.data())));
  return array;
}

// What the patient's hazards promise: each event type's cumulative hazard Λ(t) on the output days,
// integrated with the kinetics as the cohort run integrates them but without drawing events (for
// a recurrent event Λ is the expected number; for a first event 1 − exp(−Λ) the probability).
// A second solve: with the hazards the solver's steps differ, so the curves come from the
// kinetics-only solve above, as in the command's one-patient run.
val expected_events(const model::ModelEntry& entry, const model::PatientProblem& problem) {
  const auto probe = entry.probe(problem.parameter_values, true);
  val events = val::object();
  val names = val::array(), recurrent = val::array(), autoimmune = val::array();
  for (const auto& e : entry.info.event_types) {
    names.call<void>("push", e.name);
    recurrent.call<void>("push", e.recurrent);
    autoimmune.call<void>("push", e.autoimmune);
  }
  events.set("names", names);
  events.set("recurrent", recurrent);
  events.set("autoimmune", autoimmune);
  const std::optional<std::size_t> first = probe->first_hazard_state();
  const std::size_t count = entry.info.event_types.size();
  std::vector<double> cumulative;
  if (first && count > 0) {
    const auto trajectory = probe->states_at(problem.regimen, problem.output_days, problem.solver);
    cumulative.reserve(problem.output_days.size() * count);
    for (const auto& states : trajectory.states)
      for (std::size_t k = 0; k < count; ++k) cumulative.push_back(states[*first + k]);
    cumulative.resize(problem.output_days.size() * count, std::numeric_limits<double>::quiet_NaN());
  }
  events.set("cumulative_hazard", typed_copy(cumulative));
  return events;
}

val simulate_or_throw(const std::string& name, const std::string& request_text) {
  const model::ModelEntry& entry = entry_of(name);
  const model::PatientProblem problem = problem_of(entry.info, json::parse(request_text));
  const model::PatientResult result = entry.solve_patient(problem);
  val names = val::array();
  for (const auto& v : entry.info.variables) names.call<void>("push", v.name);
  val out = val::object();
  out.set("days", typed_copy(problem.output_days));
  out.set("names", names);
  out.set("values", typed_copy(result.trajectory));
  out.set("code", std::string(model::to_string(result.code)));
  out.set("steps", static_cast<double>(result.stats.accepted_steps));
  out.set("events", expected_events(entry, problem));
  return out;
}

// A mistake in the request (an unknown parameter, a malformed course) comes back as {error}: the
// page says what it is instead of the module aborting.
val simulate(const std::string& name, const std::string& request_text) {
  try {
    return simulate_or_throw(name, request_text);
  } catch (const std::exception& e) {
    val out = val::object();
    out.set("error", std::string(e.what()));
    return out;
  }
}

}  // namespace

EMSCRIPTEN_BINDINGS(repop_teach) {
  emscripten::function("models", &models);
  emscripten::function("describe", &describe);
  emscripten::function("simulate", &simulate);
}
