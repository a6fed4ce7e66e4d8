#include "model/model_registry.hpp"

#include <regex>
#include <stdexcept>

namespace repop::model {

bool is_semantic_version(const std::string& text) {
  static const std::regex pattern(R"((0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*))");
  return std::regex_match(text, pattern);
}

std::string model_versions(const ModelRegistry& registry) {
  std::string out;
  for (const auto& name : registry.names()) {
    if (!out.empty()) out += ", ";
    out += name + " " + registry.find(name)->info.version;
  }
  return out;
}

void ModelRegistry::add(ModelEntry entry) {
  if (find(entry.info.name) != nullptr) throw std::logic_error("model registered twice: " + entry.info.name);
  if (!is_semantic_version(entry.info.version))
    throw std::logic_error("model " + entry.info.name + " declares version '" + entry.info.version +
                           "', not MAJOR.MINOR.PATCH");
  (void)entry.info.input_fills();  // refuses more input channels than the solver's fixed-size inputs hold
  entries_.push_back(std::move(entry));
}

const ModelEntry* ModelRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.info.name == name) return &e;
  return nullptr;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.info.name);
  return out;
}

}  // namespace repop::model
