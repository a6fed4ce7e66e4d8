#pragma once
// What a result file carries so that it can be re-run and trusted: the scenario text, the model,
// the engine's version and build, and the command that made it.

#include <cstdint>
#include <string>

#include <hdf5.h>

namespace repop::io {

struct Provenance {
  std::string title;          // e.g. "repop run of scenarios/typical-patient.yaml"
  std::string model_name;
  std::string scenario_path;
  std::string scenario_text;  // the whole file as read
  std::string command_line;
  std::int64_t seed = 0;
  std::string model_versions;  // every model of the build with its version: model::model_versions
};

// Root attributes: title, source, Conventions, engine_version, git_commit, compiler, build_flags,
// hdf5_version, schema_version, model, model_versions, scenario_path, scenario_text, command_line, seed,
// seed_str, and citation: how to cite the version that wrote the file.
void write_provenance(hid_t file, const Provenance& provenance);

}  // namespace repop::io
