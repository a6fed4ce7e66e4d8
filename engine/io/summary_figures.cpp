#include "io/summary_figures.hpp"

#include <map>

namespace repop::io {

std::string se_key_of(const nlohmann::json& object, const std::string& key) {
  static const std::map<std::string, std::string> irregular = {{"fraction", "se"},
                                                               {"rate_per_100_patient_years", "rate_se"},
                                                               {"difference_per_patient", "difference_se"}};
  if (key.ends_with("_se") || key == "se") return "";
  if (object.contains(key + "_se")) return key + "_se";
  const auto found = irregular.find(key);
  if (found != irregular.end() && object.contains(found->second)) return found->second;
  return "";
}

std::string pointer_escaped(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return out;
}

std::optional<std::string> se_pointer_of(const nlohmann::json& summary, const std::string& pointer) {
  using Pointer = nlohmann::json::json_pointer;
  const Pointer at(pointer);
  if (at.empty() || !summary.contains(at)) return std::nullopt;
  Pointer figure = at;
  std::string element;  // "/i" for one value of an array figure
  if (summary.at(figure.parent_pointer()).is_array()) {
    element = "/" + figure.back();
    figure = figure.parent_pointer();
    if (figure.empty()) return std::nullopt;
  }
  const nlohmann::json& parent = summary.at(figure.parent_pointer());
  if (!parent.is_object()) return std::nullopt;
  const std::string se_key = se_key_of(parent, figure.back());
  if (se_key.empty()) return std::nullopt;
  const std::string se_pointer = figure.parent_pointer().to_string() + "/" + pointer_escaped(se_key) + element;
  if (!summary.contains(Pointer(se_pointer))) return std::nullopt;
  return se_pointer;
}

}  // namespace repop::io
