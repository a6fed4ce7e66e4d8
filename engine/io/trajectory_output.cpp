#include "io/trajectory_output.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "io/hdf5_file.hpp"
#include "model/return_code.hpp"

namespace repop::io {

void write_trajectory_hdf5(const std::string& path, const model::ModelInfo& info, std::span<const double> output_days,
                           const std::vector<SimulatedPatient>& patients, const Provenance& provenance) {
  h5::Handle file = h5::create_file(path);
  write_provenance(file.id(), provenance);

  const hsize_t n_patients = patients.size();
  const hsize_t n_times = output_days.size();
  h5::Handle time = h5::write_vector<double>(file.id(), "time", output_days);
  h5::describe(time.id(), "day", "days since the first infusion of course 1");
  h5::make_dimension_scale(time.id(), "time");

  std::vector<std::int64_t> ids;
  for (const auto& p : patients) ids.push_back(p.id);
  h5::Handle patient = h5::write_vector<std::int64_t>(file.id(), "patient", ids);
  h5::describe(patient.id(), "1", "patient number within the cohort");
  h5::make_dimension_scale(patient.id(), "patient");

  h5::Handle trajectories = h5::create_group(file.id(), "trajectories");
  std::vector<double> column(n_patients * n_times);
  for (std::size_t v = 0; v < info.variables.size(); ++v) {
    const auto& decl = info.variables[v];
    for (std::size_t i = 0; i < patients.size(); ++i)
      for (std::size_t t = 0; t < n_times; ++t) column[i * n_times + t] = patients[i].result.at(t, v);
    h5::Handle ds = h5::create_dataset(trajectories.id(), decl.name, H5T_NATIVE_DOUBLE, {n_patients, n_times});
    h5::write_all<double>(ds.id(), column);
    h5::describe(ds.id(), decl.unit, decl.description);
    h5::attach_dimension_scale(ds.id(), patient.id(), 0);
    h5::attach_dimension_scale(ds.id(), time.id(), 1);
  }

  h5::Handle patients_group = h5::create_group(file.id(), "patients");
  auto per_patient = [&](const std::string& name, auto getter, const std::string& units, const std::string& long_name) {
    using T = decltype(getter(patients.front()));
    std::vector<T> values;
    for (const auto& p : patients) values.push_back(getter(p));
    h5::Handle ds = h5::write_vector<T>(patients_group.id(), name, values);
    h5::describe(ds.id(), units, long_name);
    h5::attach_dimension_scale(ds.id(), patient.id(), 0);
    return ds;
  };
  for (std::size_t k = 0; k < info.parameters.size(); ++k) {
    const auto& decl = info.parameters[k];
    h5::Handle ds = per_patient(decl.name, [k](const SimulatedPatient& p) { return p.parameter_values[k]; }, decl.unit,
                                decl.description);
    h5::set_attribute(ds.id(), "source", decl.source);
  }
  {
    h5::Handle ds = per_patient(
        "return_code", [](const SimulatedPatient& p) { return static_cast<std::uint8_t>(p.result.code); }, "1",
        "how the integration ended (0 = success)");
    h5::set_attribute(ds.id(), "flag_meanings", std::string(model::return_code_meanings));
  }
  per_patient("accepted_steps", [](const SimulatedPatient& p) { return p.result.stats.accepted_steps; }, "1",
              "accepted solver steps");
  per_patient("rejected_steps", [](const SimulatedPatient& p) { return p.result.stats.rejected_steps; }, "1",
              "rejected solver steps");
  per_patient("rhs_evaluations", [](const SimulatedPatient& p) { return p.result.stats.rhs_evaluations; }, "1",
              "right-hand-side evaluations");
  file.close();
}

void write_trajectory_csv(const std::string& path, const model::ModelInfo& info, std::span<const double> output_days,
                          const model::PatientResult& result) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (!out) throw std::runtime_error("cannot write " + path);
  std::fputs("day", out);
  for (const auto& v : info.variables) std::fprintf(out, ",%s", v.name.c_str());
  std::fputc('\n', out);
  for (std::size_t t = 0; t < output_days.size(); ++t) {
    std::fprintf(out, "%.17g", output_days[t]);
    for (std::size_t v = 0; v < info.variables.size(); ++v) std::fprintf(out, ",%.17g", result.at(t, v));
    std::fputc('\n', out);
  }
  if (std::fclose(out) != 0) throw std::runtime_error("cannot finish writing " + path);
}

}  // namespace repop::io
