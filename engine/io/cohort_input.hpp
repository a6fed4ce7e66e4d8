#pragma once
// Reading a cohort file back (`repop merge` of shard files). First its header: which patients it
// holds, of which run, so that the shards can be checked to belong together before their bulk is
// read. Then one arm's mergeable states and, block by block, its patients. Nothing read is
// trusted: every dataset's length is checked against the header, every patient id against the
// header's range, every code and count against the scenario. A file failing a check throws InputFileError naming the file
// and what is wrong with it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cohort/cohort_runner.hpp"
#include "cohort/event_layout.hpp"
#include "cohort/event_summary_state.hpp"
#include "cohort/summary_layout.hpp"
#include "cohort/summary_state.hpp"
#include "io/cohort_output.hpp"
#include "io/hdf5_input.hpp"

namespace repop::io {

// The root attributes of a cohort file (see write_provenance and CohortWriter).
struct CohortFileHeader {
  CohortFileInfo info;
  std::string scenario_text, scenario_path, model_name;
  std::int64_t seed = 0;
};
CohortFileHeader read_cohort_header(const Hdf5Input& file);

// What a cohort file of one scenario holds besides its header, known from the scenario alone.
struct CohortFileLayout {
  const model::ModelInfo& info;
  const cohort::SummaryLayout& summary;
  const cohort::EventLayout* events;      // null: no hazards, so no event part
  bool event_table;                       // the scenario's events.table: one row per event under /events
  std::vector<std::string> arm_names;     // {""}: a file without arms
  std::vector<std::size_t> max_courses;   // [arm]: the most courses a patient can receive
};

// One arm of a cohort file, read a block of patients at a time in id order, so that memory does
// not grow with the number of patients. Construction checks the type and length of every
// per-patient dataset (and of the event table) against the header, reading no rows; `next`
// reads the next block (trajectories where kept, events where tabled), checking every value.
// The event table must list its rows patient by patient, as CohortWriter writes it.
class CohortArmReader {
 public:
  // `file`, `header` and `layout` must outlive the reader.
  CohortArmReader(const Hdf5Input& file, const CohortFileHeader& header, const CohortFileLayout& layout,
                  std::size_t arm);
  ~CohortArmReader();
  CohortArmReader(const CohortArmReader&) = delete;
  CohortArmReader& operator=(const CohortArmReader&) = delete;

  // The arm's summary states, into `state` and `event_state` (null without events): fresh
  // states of the layout.
  void read_states(cohort::SummaryState& state, cohort::EventSummaryState* event_state) const;
  // The arm's course state, into a fresh state of the layout.
  void read_course_state(cohort::CourseSummaryState& state) const;

  bool done() const;
  // The next at most `max_patients` (> 0) patients; empty once done.
  std::vector<cohort::PatientRecord> next(std::size_t max_patients);
  // Once done: refuses event rows left unread (of patients the file does not hold).
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace repop::io
