#pragma once
// CLAD-REF-1 as the engine sees it: its declarations and how to solve one patient.

#include "dosing/regimen.hpp"
#include "model/model_registry.hpp"

namespace repop::models::clad_ref_1 {

inline constexpr const char* model_name = "clad-ref-1";

// The label's two yearly courses (Mavenclad SmPC 4.2), as repop writes them: a course is a run of
// consecutive daily doses, so each yearly course of two treatment weeks a month apart is two
// courses, on days 0, 28, 365 and 393 (CLARITY dosed at weeks 1, 5, 48 and 52), of 5 daily doses of
// 12.25 mg (1.75 mg/kg a year for the 70 kg the doses are written for; the model scales each
// patient's dose by weight), each put into the gut over half an hour; no prophylaxis window.
dosing::Regimen label_regimen();

model::ModelInfo info();
model::ModelEntry entry();

}  // namespace repop::models::clad_ref_1
