// repop_variant_source PARAMETERS.yaml OUTPUT.cpp HEADER FUNCTION: run by the build to compile a
// calibrated variant shipped in a model folder in as data (calibration/model_variant_source.hpp).
// A faulty parameter file stops the build with each problem on one line, as repop would print it.

#include <cstdio>
#include <fstream>
#include <string>

#include "calibration/model_variant_source.hpp"
#include "core/error.hpp"
#include "io/text_file.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: repop_variant_source PARAMETERS.yaml OUTPUT.cpp HEADER FUNCTION\n");
    return static_cast<int>(repop::core::ExitCode::usage);
  }
  const std::string parameters = argv[1], output = argv[2];
  try {
    const auto variant = repop::calibration::parse_model_variant(repop::io::read_text_file(parameters));
    const std::string source = repop::calibration::calibrated_variant_source(variant, {argv[3], argv[4], parameters});
    std::ofstream out(output);
    out << source;
    out.flush();
    if (!out) throw repop::core::IoError(output, "cannot be written");
  } catch (const repop::core::Error& e) {
    // A reader's problems are at fields of the file; other errors name their file themselves.
    const bool in_parameters = dynamic_cast<const repop::core::InputError*>(&e) != nullptr;
    for (const auto& p : e.problems())
      std::fprintf(stderr, "repop_variant_source: error: %s%s\n", in_parameters ? (parameters + ": ").c_str() : "",
                   p.to_string().c_str());
    return e.exit_code();
  }
  return 0;
}
