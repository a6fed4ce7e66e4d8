#pragma once
// What a run will need in memory, estimated from the scenario and the command line before anything
// is allocated, so that a run that cannot fit is refused at once, naming what to change, instead
// of failing after minutes (or being killed by the system).
//
// The parts (each estimated from above on the shipped scenarios, docs/scenarios.md "Memory"):
//  - the program itself: code, libraries, HDF5 and thread buffers;
//  - the summaries of each arm: per quantity and output time the exact sums and a histogram
//    whose size follows the spread of the patients' values (see expected_histogram_bytes);
//  - the patients in flight: each thread solves blocks of patients whose full trajectories wait,
//    in order, to be summarised and written;
//  - per patient of the run, what the output file keeps in memory (patient ids, chunk index);
//  - on rank 0 of an MPI run, joining the parts: one block of patients' rows (with trajectories
//    and events), HDF5's cache of each written column, and the summaries again.

#include <cstdint>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/scenario.hpp"

namespace repop::cli {

struct MemoryPart {
  std::string what;  // "summaries of 17 quantities at 3651 output times"
  std::vector<std::string> keys;  // the scenario keys and options that set its size
  double bytes = 0.0;
};

struct MemoryEstimate {
  std::vector<MemoryPart> parts;
  double total_bytes() const;
};

// The shape of a run of the scenario in this process.
struct RunSize {
  bool cohort = false;
  std::uint64_t patients = 1;      // solved by this process
  std::uint64_t all_patients = 1;  // of the whole cohort
  int threads = 1;
  int ranks = 1;                   // MPI ranks; above 1 this process also joins the parts
};

// The run's size from the scenario and the command line (--patients, --shard, --threads, ranks).
RunSize run_size(const io::Scenario& scenario, const RunOptions& options, bool cohort, int ranks = 1);

// Expected bytes of one summary histogram (one quantity at one output time) over `patients` values.
double expected_histogram_bytes(std::uint64_t patients);

MemoryEstimate estimate_memory(const io::Scenario& scenario, const RunSize& size);

// Compares the estimate with the memory available (cli/memory_limit.hpp). Returns if it fits;
// otherwise throws a core::Error (65) naming the largest parts and the keys to change (a
// core::UsageError, 64, when REPOP_MEMORY_LIMIT_MIB itself is wrong).
void check_memory(const io::Scenario& scenario, const MemoryEstimate& estimate);

}  // namespace repop::cli
