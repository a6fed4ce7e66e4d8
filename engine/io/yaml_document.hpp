#pragma once
// The one way repop reads a YAML input (scenario, calibration, targets, model variant): exactly one
// document, and no key twice in a mapping. yaml-cpp accepts both silently: node["k"] answers with
// the first of two equal keys, and a second document after `---` is never looked at, so a value the
// user changed further down the file would be ignored without a word.

#include <string>

#include <yaml-cpp/yaml.h>

#include "core/input_error.hpp"

namespace repop::io {

// Parses `text`. Text that is not YAML throws core::InputError at once ("not valid YAML ... (line,
// column)"). A key given twice (with the field path of the key and both lines) and a second
// document are added to `problems`, and the first document is returned, so that the reader can
// go on and report every other problem of the file in the same pass.
YAML::Node load_yaml_document(const std::string& text, core::ProblemList& problems);

}  // namespace repop::io
