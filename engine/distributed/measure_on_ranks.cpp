#include "distributed/measure_on_ranks.hpp"

namespace repop::distributed {

calibration::MeasureCohort cohort_measure_on_ranks(const MpiSession& session, const calibration::TargetRun& run,
                                                   std::uint64_t patients, int threads, StopRequest stop) {
  return [&session, &run, patients, threads, stop](const cohort::PopulationSpec& population,
                                                   const std::vector<bool>& wanted) -> std::optional<calibration::PatientMeasures> {
    const auto ranks = static_cast<std::uint64_t>(session.size());
    const auto rank = static_cast<std::uint64_t>(session.rank());
    const std::uint64_t first = patients * rank / ranks, end = patients * (rank + 1) / ranks;
    const auto mine = run.measure(population, first, end, {threads, stop.requested, nullptr}, wanted);
    // Everyone learns whether everyone finished before anyone waits for the measures.
    RankStatus status;
    if (!mine) status.exit_code = stop.exit_code();
    if (first_failed_rank(session.exchange_status(status)) >= 0) return std::nullopt;

    // Target-major, this rank's patients: measures[t][i] at t·n + i.
    const std::size_t targets = run.targets().size(), n = static_cast<std::size_t>(end - first);
    std::vector<double> flat;
    flat.reserve(targets * n);
    for (const auto& column : *mine) flat.insert(flat.end(), column.begin(), column.end());
    const auto parts = session.gather(flat);
    std::vector<double> joined;
    if (session.is_root()) {
      joined.reserve(targets * static_cast<std::size_t>(patients));
      for (std::size_t t = 0; t < targets; ++t)
        for (const auto& part : parts) {
          const std::size_t part_patients = part.size() / targets;
          joined.insert(joined.end(), part.begin() + static_cast<std::ptrdiff_t>(t * part_patients),
                        part.begin() + static_cast<std::ptrdiff_t>((t + 1) * part_patients));
        }
    }
    joined = session.broadcast(std::move(joined));
    calibration::PatientMeasures all(targets);
    const auto total = static_cast<std::size_t>(patients);
    for (std::size_t t = 0; t < targets; ++t)
      all[t].assign(joined.begin() + static_cast<std::ptrdiff_t>(t * total),
                    joined.begin() + static_cast<std::ptrdiff_t>((t + 1) * total));
    return all;
  };
}

}  // namespace repop::distributed
