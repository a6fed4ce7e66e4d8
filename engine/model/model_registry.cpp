#include "model/model_registry.hpp"

#include <stdexcept>

namespace repop::model {

void ModelRegistry::add(ModelEntry entry) {
  if (find(entry.info.name) != nullptr) throw std::logic_error("model registered twice: " + entry.info.name);
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
