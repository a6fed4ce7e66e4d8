#pragma once
// What a cohort run reports once its files are written, in one process or after joining parts:
// the headline figures on stderr, the --summary-json document, and the patients that failed.

#include <string>
#include <vector>

#include "cohort/cohort_reducer.hpp"
#include "io/atomic_output.hpp"
#include "io/summary_json.hpp"

namespace repop::cli {

// The headline figures on stderr: recoveries, event incidence and monitoring yield per arm, and
// the paired comparison of arms.
void print_headlines(const cohort::CohortReducer& summaries);

// The comparison outcomes the arms' models name as headlines (with_thyroid, events_relapse, ...).
std::vector<std::string> headline_outcomes(const cohort::CohortLayouts& layouts);

// Writes the document of --summary-json into `output`'s temporary file, which the caller commits
// with the run's other outputs; an uncertainty run's figures across draws go in as its block
// "uncertainty" (none when null). Throws core::IoError (74) naming the JSON file if it cannot.
void write_summary_json(const io::AtomicOutput& output, const io::RunIdentity& identity,
                        const cohort::CohortReducer& summaries, const nlohmann::json& uncertainty = nullptr);

// Patients that failed numerically, from the written file `output_path`: a warning with their number
// when some did; an error when every patient of the cohort (or of an arm) did, so that there is
// nothing to summarise. Returns 0, or 70 in the latter case.
int report_failed_patients(const cohort::CohortReducer& summaries, const std::string& output_path);

}  // namespace repop::cli
