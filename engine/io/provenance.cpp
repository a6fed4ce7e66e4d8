#include "io/provenance.hpp"

#include "core/version.hpp"
#include "io/hdf5_file.hpp"
#include "io/scenario.hpp"

namespace repop::io {

void write_provenance(hid_t file, const Provenance& p) {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  h5::set_attribute(file, "title", p.title);
  h5::set_attribute(file, "source", std::string("repop ") + core::engine_version);
  h5::set_attribute(file, "Conventions", std::string("CF-1.8"));
  h5::set_attribute(file, "engine_version", std::string(core::engine_version));
  h5::set_attribute(file, "git_commit", std::string(core::git_commit));
  h5::set_attribute(file, "compiler", std::string(core::compiler));
  h5::set_attribute(file, "build_flags", std::string(core::build_flags));
  h5::set_attribute(file, "hdf5_version",
                    std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release));
  h5::set_attribute(file, "schema_version", static_cast<std::int64_t>(current_schema_version));
  h5::set_attribute(file, "model", p.model_name);
  h5::set_attribute(file, "model_versions", p.model_versions);
  h5::set_attribute(file, "scenario_path", p.scenario_path);
  h5::set_attribute(file, "scenario_text", p.scenario_text);
  h5::set_attribute(file, "command_line", p.command_line);
  // int64 and text: R's hdf5r saturates uint64 seeds silently.
  h5::set_attribute(file, "seed", p.seed);
  h5::set_attribute(file, "seed_str", std::to_string(p.seed));
  h5::set_attribute(file, "citation", std::string(core::citation));
}

}  // namespace repop::io
