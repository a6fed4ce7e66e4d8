#pragma once
// The `precision:` part of a scenario: run the cohort in whole blocks of patients until every
// named figure's Monte Carlo standard error is at most a target, or cohort.patients is reached.
// The stop is decided only after whole blocks, on summaries that are the same for any thread
// count, so the patients run (and every result) are those of a plain run of that many patients.
// Values only; io/precision_section.hpp reads them from YAML.

#include <cstdint>
#include <string>
#include <vector>

namespace repop::plan {

struct PrecisionSettings {
  bool enabled = false;
  // Figures of the summary JSON by their JSON pointer (e.g. /events/thyroid/cumulative_incidence,
  // or one value of it, /events/thyroid/cumulative_incidence/3): each must have a standard error
  // beside it (as `repop run --summary-json` writes them). An array figure counts by its largest SE.
  std::vector<std::string> figures;
  double standard_error = 0.0;          // the target, in each figure's own unit
  std::uint64_t block_patients = 1000;  // patients between two checks
};

}  // namespace repop::plan
