#include "cli/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "cli/cohort_command.hpp"
#include "cli/memory_limit.hpp"
#include "core/error.hpp"
#include "cohort/compact_histogram.hpp"
#include "cohort/summary_layout.hpp"
#include "core/exit_code.hpp"
#include "io/cohort_merge.hpp"
#include "io/cohort_settings.hpp"
#include "plan/summary_layout.hpp"

namespace repop::cli {

namespace {

constexpr double mib = 1048576.0;
// Code, libraries, HDF5's buffers and the threads' stacks and heaps (measured: 20 to 45 MiB
// resident for the shipped scenarios with 10 patients).
constexpr double program_bytes = 48.0 * mib;
// Patients per block of the cohort runner (cohort::CohortProblem::block_size). Each thread keeps up to
// two blocks in flight, and its heap keeps about as much again once they are freed (measured on a
// daily grid: 1.5 blocks resident with one thread, 7 with two).
constexpr double block_patients = 64.0;
constexpr double blocks_per_thread = 4.0;
// A run keeps each patient's id for the file's dimension scale, and HDF5 indexes the chunks of
// each per-patient column.
constexpr double run_bytes_per_patient = 16.0;
// Joining parts holds one block of patients at a time (io::merge_block_patients), each with its
// record (parameters, recovery days, courses, run statistics, with their allocations) and, with
// events, the events and their monitoring outcomes: 1.5 to 2 KB per patient on alz-ref-1-bench
// over ten years. HDF5 keeps up to 1 MiB of each written column's chunks in its cache.
constexpr double join_bytes_per_patient = 1024.0;
constexpr double chunk_cache_bytes = mib;
constexpr double event_bytes_per_patient_year = 96.0;
// The course table's columns (io/course_output.hpp), each with its chunk cache when parts are joined.
constexpr std::size_t course_table_columns = 11;

std::string count_text(double n) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", n);
  return buffer;
}

std::string counted(double n, const std::string& one, const std::string& many) {
  return count_text(n) + " " + (n == 1.0 ? one : many);
}

// The keys that set the number of patients of this process.
std::vector<std::string> patient_keys(const RunSize& size) {
  if (size.ranks > 1) return {"cohort.patients", "--patients", "the number of MPI ranks"};
  return {"cohort.patients", "--patients", "--shard"};
}

}  // namespace

double MemoryEstimate::total_bytes() const {
  double total = 0.0;
  for (const auto& part : parts) total += part.bytes;
  return total;
}

RunSize run_size(const io::Scenario& scenario, const RunOptions& options, bool cohort, int ranks) {
  RunSize size;
  size.cohort = cohort;
  size.ranks = ranks;
  if (!cohort) return size;
  size.all_patients = options.patients.value_or(scenario.cohort.patients);
  size.patients = size.all_patients;
  if (const auto part = parse_shard(options.shard))
    size.patients = part->end_patient(size.all_patients) - part->first_patient(size.all_patients);
  const auto rank_count = static_cast<std::uint64_t>(ranks);
  if (ranks > 1) size.patients = (size.all_patients + rank_count - 1) / rank_count;  // the largest share
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  size.threads = options.threads > 0 ? options.threads : static_cast<int>(cores);
  return size;
}

double expected_histogram_bytes(std::uint64_t patients) {
  const double object = sizeof(cohort::CompactHistogram) + 16.0;  // and its allocation's header
  const auto n = static_cast<double>(patients);
  // Few patients: a word each, with room for half as many again, or a run at most twice as long.
  if (patients <= cohort::CompactHistogram::max_sparse_bins) return object + 6.0 * n;
  // More: a run of 4-byte counts over the bins the values span. The spread of a quantity at one
  // time grows slowly with the cohort (the extremes of a log-normal), and some quantities (drug
  // levels after washout) spread over many decades. Measured on the shipped scenarios, the mean
  // run is 440 bins at 100 patients, 600 at 1,000 and 400 to 1,300 (960 over the arms of
  // retreatment-policies) at 10,000.
  const double spread_bins =
      std::min(static_cast<double>(cohort::histogram_bins), 700.0 + 250.0 * std::log10(n / 100.0));
  return object + 4.0 * spread_bins;
}

MemoryEstimate estimate_memory(const io::Scenario& scenario, const RunSize& size) {
  const model::ModelInfo& info = scenario.model->info;
  const auto times = static_cast<double>(scenario.output_days().size());
  const double trajectory = times * static_cast<double>(info.variables.size()) * 8.0;
  const std::vector<std::string> grid_keys = {"output.step_days", "horizon_days"};
  auto and_grid = [&](std::vector<std::string> keys) {
    keys.insert(keys.begin(), grid_keys.begin(), grid_keys.end());
    return keys;
  };
  const std::string times_text = counted(times, "output time", "output times");
  MemoryEstimate estimate;
  estimate.parts.push_back({"the program", {}, program_bytes});
  if (!size.cohort) {
    // The solution, the columns written to HDF5 and the CSV's rows.
    estimate.parts.push_back({"a trajectory of " + times_text, grid_keys, 3.0 * trajectory});
    return estimate;
  }

  const auto layout = plan::summary_layout(info, scenario.cohort, {}, scenario.horizon_day);
  const double arms = std::max<double>(1.0, static_cast<double>(scenario.arms.size()));
  const auto quantities = static_cast<double>(layout.quantities.size());
  const double day_bins = std::ceil(scenario.horizon_day) + 2.0;
  // Every arm's summaries: per quantity and output time the sums and a histogram; the thresholds
  // per output time; the recoveries and, with events, a few counters per event category and
  // monitoring schedule for each day of follow-up.
  auto summaries = [&](std::uint64_t patients) {
    const double per_cell = 2.0 * sizeof(cohort::Int128) + expected_histogram_bytes(patients);
    const double thresholds = static_cast<double>(layout.thresholds.size()) * times * 8.0;
    const double recoveries = static_cast<double>(layout.recoveries.size()) * day_bins * 8.0;
    const double events = scenario.events.enabled
                              ? day_bins * 8.0 * (2.0 * static_cast<double>(info.event_types.size() + 4) +
                                                  6.0 * static_cast<double>(scenario.events.schedules.size()))
                              : 0.0;
    // The course summary: start days of late courses per day, and a few hundred bytes of counters.
    const double courses = day_bins * 8.0 + 1024.0;
    return arms * (quantities * times * per_cell + thresholds + recoveries + events + courses);
  };
  estimate.parts.push_back({"summaries of " + counted(quantities, "quantity", "quantities") + " at " + times_text +
                                (arms > 1.0 ? " in " + counted(arms, "arm", "arms") : ""),
                            arms > 1.0 ? and_grid({"arms"}) : grid_keys, summaries(size.patients)});
  // The blocks' records (each arm's trajectory and a little more per patient), and the writer's
  // rows of one block.
  const double blocks = static_cast<double>(size.threads) * blocks_per_thread;
  estimate.parts.push_back({"patients in flight on " + counted(size.threads, "thread", "threads"),
                            and_grid({"--threads"}),
                            blocks * block_patients * arms * (trajectory + 512.0) + block_patients * times * 8.0});
  estimate.parts.push_back({"per-patient rows of " + counted(static_cast<double>(size.patients), "patient", "patients"),
                            patient_keys(size), arms * static_cast<double>(size.patients) * run_bytes_per_patient});
  if (size.ranks > 1) {
    // Rank 0 joins the parts after running its own, a block of patients at a time.
    const auto all = static_cast<double>(size.all_patients);
    const double block = std::min(all, static_cast<double>(io::merge_block_patients));
    const double events = scenario.events.enabled ? event_bytes_per_patient_year * scenario.horizon_day / 365.0 : 0.0;
    const double kept =
        scenario.cohort.trajectories < 0 ? all : std::min(all, static_cast<double>(scenario.cohort.trajectories));
    const double columns =
        static_cast<double>(info.parameters.size() + 5 + layout.recoveries.size()) +
        (kept > 0.0 ? static_cast<double>(info.variables.size()) : 0.0) +
        (scenario.events.table ? 8.0 + 3.0 * static_cast<double>(scenario.events.schedules.size()) : 0.0) +
        static_cast<double>(course_table_columns);
    estimate.parts.push_back({"joining the parts of " + counted(all, "patient", "patients"),
                              {"cohort.patients", "--patients"},
                              arms * (block * (join_bytes_per_patient + events + (kept > 0.0 ? trajectory : 0.0)) +
                                      columns * std::min(chunk_cache_bytes, all * 8.0)) +
                                  summaries(size.all_patients)});
  }
  return estimate;
}

void check_memory(const io::Scenario& scenario, const MemoryEstimate& estimate) {
  const MemoryLimit limit = memory_limit();
  const double total = estimate.total_bytes();
  if (limit.bytes <= 0.0 || total <= limit.bytes) return;
  // The parts that matter, largest first, and the keys that set their size.
  auto parts = estimate.parts;
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
  std::string detail;
  std::vector<std::string> keys;
  for (const auto& part : parts) {
    if (part.bytes < 0.1 * total && !(keys.empty() && !part.keys.empty())) continue;
    detail += (detail.empty() ? "" : ", ") + format_bytes(part.bytes) + " for " + part.what;
    for (const auto& key : part.keys)
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  std::string change;
  for (std::size_t i = 0; i < keys.size(); ++i)
    change += (i == 0 ? "" : i + 1 == keys.size() ? " or " : ", ") + keys[i];
  // One line naming the scenario, without the count of problems a faulty file gets: the file is
  // fine, the run is too big for this machine.
  throw core::Error(core::ExitCode::invalid_input, scenario.path,
                    "a run needs about " + format_bytes(total) + " of memory, more than the " +
                        format_bytes(limit.bytes) + " available (" + limit.source + "): " + detail + "; change " +
                        change);
}

}  // namespace repop::cli
