#pragma once
// The models a build knows, by the name scenario files use. The engine declares
// `builtin_models`; the models/ tree defines it, so a model is added without touching engine/.

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/declarations.hpp"
#include "model/patient_problem.hpp"

namespace repop::model {

class SystemProbe;  // model/system_probe.hpp; declared only, so that this header stays light

struct ModelEntry {
  ModelInfo info;
  // Type erasure happens here, once per patient; the right-hand side inside is a concrete type.
  std::function<PatientResult(const PatientProblem&)> solve_patient;
  // The patient's system behind a virtual interface, for checks over every model: the system
  // solve_patient integrates with events (with_events) or without. Never used to solve.
  std::function<std::unique_ptr<SystemProbe>(std::span<const double> parameter_values, bool with_events)> probe;
};

class ModelRegistry {
 public:
  void add(ModelEntry entry);
  const ModelEntry* find(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<ModelEntry> entries_;
};

// MAJOR.MINOR.PATCH, digits without leading zeros (semver.org, without pre-release or build parts).
bool is_semantic_version(const std::string& text);

// "alz-ref-1 1.0.0, alz-ms-1 1.0.0, ...": every model with its version, in registration order.
std::string model_versions(const ModelRegistry& registry);

// Every model of this build, registered on first use. Defined under models/.
const ModelRegistry& builtin_models();

}  // namespace repop::model
