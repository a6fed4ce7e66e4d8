#include "cohort/summary_names.hpp"

#include <algorithm>
#include <sstream>

namespace repop::cohort {

namespace {

// A number in a name, as a scenario would write it (15 significant digits). HDF5 allows '.', but
// a dot in a group name trips up readers that take it for a path or an extension, so 0.5 becomes 0p5.
std::string number_label(double v) {
  std::ostringstream s;
  s.precision(15);
  s << v;
  std::string text = s.str();
  std::replace(text.begin(), text.end(), '.', 'p');
  return text;
}

}  // namespace

std::string threshold_group_name(const std::string& quantity, double below) {
  return quantity + "_below_" + number_label(below);
}

std::string recovery_group_name(const std::string& quantity, double at_least, bool at_least_baseline) {
  return quantity + "_at_least_" + number_label(at_least) + (at_least_baseline ? "_and_baseline" : "");
}

std::string threshold_name(const SummaryLayout& layout, std::size_t k) {
  const auto& t = layout.thresholds[k];
  return threshold_group_name(layout.quantities[t.quantity].name, t.below);
}

std::string recovery_name(const SummaryLayout& layout, std::size_t r) {
  const auto& rec = layout.recoveries[r];
  return recovery_group_name(layout.quantities[rec.quantity].name, rec.at_least, rec.at_least_baseline);
}

}  // namespace repop::cohort
