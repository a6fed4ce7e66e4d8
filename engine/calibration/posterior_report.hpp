#pragma once
// What `repop calibrate FILE --posterior` writes: the ensemble as a table a scenario's
// `uncertainty: {ensemble: FILE}` reads, and a section of the calibration report with the sampler's
// diagnostics, the parameters' posterior against the fit and the targets' posterior predictive.

#include <string>

#include "calibration/posterior_sample.hpp"
#include "model/declarations.hpp"

namespace repop::calibration {

struct PosteriorReport {
  const PosteriorRequest* request = nullptr;
  const PosteriorOutcome* outcome = nullptr;
  std::string command_line;
  std::string ensemble_path;  // as the report names it
  std::string figure;         // the figures' prefix, beside the report (PREFIX.png, PREFIX-pairs.png)
};

// A first unnamed column of set numbers (1, 2, ...), then one column per free parameter named as
// an ensemble file wants it: NAME for a typical value, NAME_cv for a variability; 17 digits.
std::string posterior_ensemble_csv(const PosteriorReport& report);

// "## Posterior ensemble" and what follows, to go into the calibration report (with_report_section).
std::string posterior_markdown(const PosteriorReport& report);

// Reads posterior_ensemble_csv's table back (the build compiles a shipped model's ensemble in);
// throws core::InputError naming `path` and each line that is not such a table.
model::ParameterEnsemble parse_posterior_ensemble(const std::string& text, const std::string& path);

// The ensemble's column name of a free parameter.
std::string ensemble_column_name(const FreeParameter& fp);

}  // namespace repop::calibration
