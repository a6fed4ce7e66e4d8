#pragma once
// The draws of an uncertainty run split into parts (`repop run --shard i/K`, MPI ranks) and joined
// again. A part file keeps, beside its /uncertainty group, each of its draws' summary JSON (as
// UTF-8 bytes: /uncertainty/draw_summary_text, ending at /uncertainty/draw_summary_end) and the
// number of its first draw (attribute first_draw); joining the parts in draw order feeds the same
// parameter values and summaries to io::UncertaintySummary as the whole run does, so the figures
// across draws, their split and the curves are the whole run's to the bit.

#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5_input.hpp"
#include "io/uncertainty_summary.hpp"

namespace repop::io {

// Writes into the file's /uncertainty group (UncertaintySummary::write_hdf5 made it).
void write_draw_summaries(hid_t file, std::uint64_t first_draw, const std::vector<std::string>& summaries);

// Whether a cohort file is a part of an uncertainty run (has its draws' summaries).
bool has_draw_summaries(const Hdf5Input& file);

// Joins the parts' draws: `parts` in patient order (as read_shard_headers sorts them), of a run
// whose draws have `parameters` (labels) and compare schedules with `reference_schedule`, as the
// run's UncertaintySummary has them. Throws InputFileError when a part lacks its draws or they do
// not follow on from the previous part's.
UncertaintySummary join_draws(const std::vector<std::string>& parts, const std::vector<std::string>& parameters,
                              const std::string& reference_schedule);

}  // namespace repop::io
