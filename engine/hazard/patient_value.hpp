#pragma once
// A number a hazard reads for one patient: a declared parameter named in the hazard's declaration,
// or a value the model derives from its parameters (an autoimmunity frailty combining risk
// factors). Resolved once, when the patient's system is built.

#include <string_view>

#include "model/parameter_names.hpp"

namespace repop::hazard {

class PatientValue {
 public:
  using Derivation = double (*)(const model::ParameterValues&);

  constexpr PatientValue() = default;  // absent: the hazard leaves the factor out
  constexpr PatientValue(const char* parameter_name) : parameter_(parameter_name) {}
  constexpr PatientValue(Derivation derive) : derive_(derive) {}

  constexpr bool present() const { return !parameter_.empty() || derive_ != nullptr; }
  // The declared parameter's name, "" for a derived or absent value.
  constexpr std::string_view parameter() const { return parameter_; }

  double of(const model::ParameterValues& values) const { return derive_ ? derive_(values) : values[parameter_]; }

 private:
  std::string_view parameter_;
  Derivation derive_ = nullptr;
};

}  // namespace repop::hazard
