#pragma once
// Per-patient trajectories on the output grid, as HDF5 and as a plain CSV table.
//
// HDF5 layout (documented in README.md):
//   /time                    float64 [T]     dimension scale "time", units "day"
//   /patient                 int64   [P]     dimension scale "patient"
//   /trajectories/<variable> float64 [P, T]  units, long_name
//   /patients/<parameter>    float64 [P]     units, long_name, source (covariates and parameters)
//   /patients/return_code    uint8   [P]     flag_values / flag_meanings
//   /patients/accepted_steps, rejected_steps, rhs_evaluations   uint64 [P]

#include <span>
#include <string>
#include <vector>

#include "io/provenance.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"

namespace repop::io {

struct SimulatedPatient {
  std::int64_t id = 0;
  std::vector<double> parameter_values;  // aligned with ModelInfo::parameters
  model::PatientResult result;
};

// Writes the file at `path` directly; callers wrap it in AtomicOutput.
void write_trajectory_hdf5(const std::string& path, const model::ModelInfo& info, std::span<const double> output_days,
                           const std::vector<SimulatedPatient>& patients, const Provenance& provenance);

// One row per output time: `day` then every variable, full precision (17 significant digits).
void write_trajectory_csv(const std::string& path, const model::ModelInfo& info, std::span<const double> output_days,
                          const model::PatientResult& result);

}  // namespace repop::io
