// repop_variant_source PARAMETERS.yaml OUTPUT.cpp HEADER FUNCTION [POSTERIOR.csv]: run by the build
// to compile a calibrated variant shipped in a model folder in as data, with its posterior ensemble
// when the folder has one (calibration/model_variant_source.hpp).
// A faulty parameter file stops the build with each problem on one line, as repop would print it.

#include <cstdio>
#include <fstream>
#include <string>

#include "calibration/model_variant_source.hpp"
#include "calibration/posterior_report.hpp"
#include "core/error.hpp"
#include "io/text_file.hpp"

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: repop_variant_source PARAMETERS.yaml OUTPUT.cpp HEADER FUNCTION [POSTERIOR.csv]\n");
    return static_cast<int>(repop::core::ExitCode::usage);
  }
  const std::string parameters = argv[1], output = argv[2];
  bool reading_posterior = false;
  try {
    const auto variant = repop::calibration::parse_model_variant(repop::io::read_text_file(parameters));
    repop::model::ParameterEnsemble posterior;
    reading_posterior = argc == 6;  // its problems name their file and line themselves
    if (reading_posterior)
      posterior = repop::calibration::parse_posterior_ensemble(repop::io::read_text_file(argv[5]), argv[5]);
    reading_posterior = false;
    const std::string source =
        repop::calibration::calibrated_variant_source(variant, {argv[3], argv[4], parameters}, posterior);
    std::ofstream out(output);
    out << source;
    out.flush();
    if (!out) throw repop::core::IoError(output, "cannot be written");
  } catch (const repop::core::Error& e) {
    // A reader's problems are at fields of the file; other errors name their file themselves.
    const bool in_parameters = dynamic_cast<const repop::core::InputError*>(&e) != nullptr && !reading_posterior;
    for (const auto& p : e.problems())
      std::fprintf(stderr, "repop_variant_source: error: %s%s\n", in_parameters ? (parameters + ": ").c_str() : "",
                   p.to_string().c_str());
    return e.exit_code();
  }
  return 0;
}
