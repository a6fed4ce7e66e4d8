#pragma once
// Every parameter, covariate and output variable of a model is declared once, here-shaped: name,
// unit, default, bounds, variability, description and source. The one declaration drives the
// scenario checks, `repop describe`, the HDF5 attributes and the docs. What is particular to the
// drug (its input channels, usual regimen, headline outcomes, target-run arms) is declared here
// too, so the engine holds no drug's knowledge.

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "dosing/input_fill.hpp"
#include "dosing/regimen.hpp"

namespace repop::model {

enum class ParameterRole {
  parameter,  // a property of the drug or the biology
  covariate,  // a property of the patient that a population or a patient list supplies
};

// How a population draws a value when it is not log-normal around the typical value.
struct PopulationDraw {
  enum class Kind { typical_lognormal, uniform, bernoulli };
  Kind kind = Kind::typical_lognormal;  // typical·exp(η); η ~ N(0, ω²) (ω = 0: the typical value)
  double a = 0.0;                       // uniform: lower end; bernoulli: probability of 1
  double b = 0.0;                       // uniform: upper end
};

struct ParameterDecl {
  std::string name;
  std::string unit;         // "1/day", "cells/uL", "-" for dimensionless
  double typical = 0.0;     // the typical patient's value (the median when variability is log-normal)
  double lower = -std::numeric_limits<double>::infinity();  // inclusive bounds any value must respect
  double upper = std::numeric_limits<double>::infinity();
  // Between-patient variability: value = typical·exp(η), η ~ N(0, ω²). ω = 0: none.
  // Declared through the coefficient of variation, ω² = ln(1 + CV²) (see omega_from_cv).
  double omega = 0.0;
  std::string eta_group{};  // parameters with the same non-empty group share one η
  std::string description;
  std::string source;       // short name from sources.md with its label, "calibrated" or "assumed"
  ParameterRole role = ParameterRole::parameter;
  PopulationDraw population{};  // the default population's distribution
};

// ω of a log-normal variability with the given coefficient of variation (0.3 for 30%).
double omega_from_cv(double cv);
// The coefficient of variation of exp(η), η ~ N(0, ω²).
double cv_from_omega(double omega);

enum class VariableKind { state, derived };

struct VariableDecl {
  std::string name;
  std::string unit;
  std::string description;
  VariableKind kind = VariableKind::state;
};

// A sum of trajectory variables that cohort summaries report beside the variables themselves
// (total lymphocytes = CD19 + CD4 + CD8).
struct SummedQuantity {
  std::string name;
  std::string unit;
  std::string description;
  std::vector<std::string> variables;
};

// Defaults of a cohort run's summaries; scenarios may replace them.
struct ThresholdDefault {
  std::string quantity;
  double below;  // in the quantity's unit
};
struct RecoveryDefault {
  std::string quantity;
  double at_least;         // in the quantity's unit
  bool at_least_baseline;  // and at least the patient's own day-0 value
};

// An event a hazard drives: its time is where the cumulative hazard crosses an Exp(1) threshold.
struct EventTypeDecl {
  std::string name;         // e.g. "thyroid"
  std::string description;
  bool recurrent = false;   // a new threshold after each event; else at most one per patient
  bool terminal = false;    // ends follow-up
  std::string serious_probability;  // name of the parameter giving P(serious), or "" (never serious)
  // Onset to symptoms, LogNormal(median, sigma), for conditions that tests can find before
  // symptoms; median 0 means the event is its own symptom (infections).
  double symptom_delay_median_day = 0.0;
  double symptom_delay_sigma = 0.0;
  // What retreatment policies may react to: "relapse" (a clinical relapse, seen when it happens)
  // or "mri_lesion" (a new lesion, seen at the next scheduled scan); "" for neither.
  std::string role;
  // An autoimmune condition (its onsets are summarised by time since the latest course).
  bool autoimmune = false;
};

// Event types reported together (any infection; serious infections).
struct EventGroupDecl {
  std::string name;
  std::string description;
  std::vector<std::string> types;
  bool serious_only = false;
};

// A piecewise-constant input channel the model reads (set_inputs), filled from the regimen.
struct InputDecl {
  std::string name;         // e.g. "infusion_rate"
  std::string unit;         // "mg/day", "-" for a flag, "day" for a day
  std::string description;
  dosing::InputFill fill = dosing::InputFill::dose_rate;
};

// One arm of the target run (repop check-targets, repop calibrate): targets name it by `name`.
// All arms treat the same patients with the same draws.
struct TargetArm {
  std::string name;         // e.g. "no_drug"
  std::string description;
  std::optional<dosing::Regimen> regimen{};  // none: the model's default_regimen
  // A retreatment policy as scenario files name it ("as_needed"), with that policy's defaults;
  // "" for none.
  std::string retreatment_policy{};
};

// Parameter sets consistent with the published figures a model was calibrated to (the posterior
// ensemble of `repop calibrate FILE --posterior`), shipped with a calibrated model so that a
// scenario's `uncertainty: {ensemble: posterior}` runs them. Empty for other models.
struct ParameterEnsemble {
  struct Column {
    std::string parameter;     // a declared parameter
    bool variability = false;  // false: its typical value (declared unit); true: its CV
  };
  std::vector<Column> columns;
  std::vector<std::vector<double>> rows;  // one parameter set each, values in the columns' order
};

struct ModelInfo {
  std::string name;          // as written in scenario files: "alz-ref-1"
  // Semantic version (MAJOR.MINOR.PATCH). A model's results change only with its version: a new
  // value or equation is a new version (MAJOR when results change, MINOR for added outputs, PATCH
  // for text), written into every output file beside the engine's version.
  std::string version;
  std::string title;
  std::string description;
  std::string specification;  // where the equations are written down
  std::vector<ParameterDecl> parameters;  // parameters and covariates, in the model's own order
  std::vector<VariableDecl> variables;    // trajectory columns, in output order
  std::vector<SummedQuantity> summed_quantities;
  std::vector<ThresholdDefault> default_thresholds;
  std::vector<RecoveryDefault> default_recoveries;
  std::vector<EventTypeDecl> event_types;  // in the order of the model's cumulative-hazard states
  std::vector<EventGroupDecl> event_groups;
  // The input channels set_inputs reads, in order: dosing::InputValues element i is inputs[i].
  // At most dosing::max_input_channels.
  std::vector<InputDecl> inputs;
  // What a scenario without `regimen:` gets; its first course gives the dose and dose length of
  // courses that do not state them, its last course what a further (retreatment) course is.
  dosing::Regimen default_regimen;
  // Arm-comparison outcomes (with_<category>, events_<category>) a run's headlines print;
  // the others are in the output file only.
  std::vector<std::string> headline_outcomes;
  std::vector<TargetArm> target_arms;  // the target run's arms, the first the reference
  ParameterEnsemble posterior;         // a calibrated model's posterior ensemble; empty: none

  // Index of a declared parameter or covariate, or -1.
  int parameter_index(const std::string& parameter_name) const;
  std::vector<double> typical_values() const;
  // How each declared input is filled, in order; throws std::invalid_argument when the model
  // declares more than dosing::max_input_channels inputs.
  std::vector<dosing::InputFill> input_fills() const;
};

}  // namespace repop::model
