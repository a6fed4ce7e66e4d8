#pragma once
// The HDF5 file of a cohort run, written as the run goes: per-patient rows block by block, the
// summaries at the end. Layout (README.md, "Output files"):
//   /time [T], /patient [N], /quantile [7]           dimension scales
//   /patients/<parameter|covariate> float64 [N]      sampled values, with units and sources
//   /patients/return_code uint8 [N], accepted_steps, rejected_steps, rhs_evaluations uint64 [N]
//   /patients/recovery_day/<recovery> float64 [N]    inf: not recovered by the horizon
//   /trajectories/<variable> float64 [K, T]          the first K patients, if requested
//   /summary/<quantity>/{mean, sd, mean_se} [T], quantiles [7, T]
//   /summary/below/<threshold>/{fraction, se} [T]
//   /summary/recovery/<recovery>/{recovered_by_year, recovered_by_year_se} [Y] + quantile attributes
//   /summary/state/...                               exact mergeable state, read by `repop merge`
//   /courses/... [C], /summary/courses, /summary/relapse_rate   io/course_output.hpp
// (io/cohort_input.hpp reads such files back.)

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cohort/arm_comparison.hpp"
#include "cohort/cohort_layouts.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/course_summary_state.hpp"
#include "cohort/event_summary_state.hpp"
#include "cohort/summary_state.hpp"
#include "io/hdf5_file.hpp"
#include "io/provenance.hpp"

namespace repop::io {

struct CohortFileInfo {
  std::uint64_t first_patient = 0, end_patient = 0;  // ids written in this file
  std::uint64_t total_patients = 0;                  // of the whole cohort (all shards)
  std::int64_t trajectory_patients = 0;              // first K ids keep trajectories; -1: all
  bool may_end_early = false;  // the run may stop before end_patient (CohortWriter::end_at)
};

class CohortWriter {
 public:
  // Arms with events (hazards integrated) add the event table (when `event_table`) and event
  // summaries. With named arms each arm's groups go under /arms/<name>/ and /arm_comparison holds
  // the paired differences; one unnamed arm writes them at the root. Arms that run different
  // models each write their own model's parameters, and say which model in the attribute
  // /arms/<name>@model. `layouts` must outlive the writer.
  CohortWriter(const std::string& path, const cohort::CohortLayouts& layouts, bool event_table,
               const Provenance& provenance, const CohortFileInfo& file_info);
  ~CohortWriter();
  void add_block(std::size_t arm, const std::vector<cohort::PatientRecord>& records);
  // The run stopped after the patients before `end_patient` (a precision run, at a whole block):
  // every per-patient dataset is cut there and the file says so, as if it had been made for
  // [first_patient, end_patient) of a cohort of that many. Needs `may_end_early`; before finish.
  void end_at(std::uint64_t end_patient);
  void finish(const std::vector<cohort::SummaryState>& states, const std::vector<cohort::EventSummaryState>* event_states,
              const cohort::ArmComparisonState* comparison,
              const std::vector<cohort::CourseSummaryState>& course_states);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

void write_arm_comparison(hid_t file, const cohort::ArmComparisonLayout& layout, const cohort::ArmComparisonState& state);

}  // namespace repop::io
