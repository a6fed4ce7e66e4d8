#include "cohort/arm_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace repop::cohort {

ArmComparisonLayout ArmComparisonLayout::make(std::vector<std::string> arm_names, const EventLayout* events) {
  const std::size_t arms = arm_names.size();
  return make(std::move(arm_names), std::vector<const EventLayout*>(arms, events));
}

ArmComparisonLayout ArmComparisonLayout::make(std::vector<std::string> arm_names, std::vector<const EventLayout*> events) {
  ArmComparisonLayout layout;
  layout.arm_names = std::move(arm_names);
  layout.events = std::move(events);
  layout.categories.resize(layout.events.size());
  layout.outcomes.push_back("courses");
  const EventLayout* first = layout.events.empty() ? nullptr : layout.events.front();
  if (!first) return layout;
  std::vector<std::string> compared;
  for (std::size_t c = 0; c < first->categories.size(); ++c) {
    const std::string& name = first->categories[c].name;
    std::vector<std::size_t> found;
    for (const EventLayout* arm : layout.events) {
      const auto& cats = arm->categories;
      const auto k = std::find_if(cats.begin(), cats.end(), [&](const EventCategory& e) { return e.name == name; });
      if (k == cats.end()) break;
      found.push_back(static_cast<std::size_t>(k - cats.begin()));
    }
    if (found.size() != layout.events.size()) continue;
    compared.push_back(name);
    for (std::size_t a = 0; a < found.size(); ++a) layout.categories[a].push_back(found[a]);
  }
  for (const auto& name : compared) layout.outcomes.push_back("events_" + name);
  for (const auto& name : compared) layout.outcomes.push_back("with_" + name);
  for (const auto& s : first->schedules) layout.outcomes.push_back("tests_" + s.name);
  return layout;
}

std::vector<std::int64_t> ArmComparisonLayout::outcomes_of(std::size_t arm, const PatientRecord& record) const {
  std::vector<std::int64_t> out;
  out.push_back(static_cast<std::int64_t>(record.result.courses.size()));
  const EventLayout* layout = events[arm];
  if (!layout) return out;
  std::vector<std::int64_t> counts;
  for (std::size_t index : categories[arm]) {
    const EventCategory& c = layout->categories[index];
    std::int64_t n = 0;
    for (const auto& e : record.result.events)
      if (std::find(c.types.begin(), c.types.end(), e.type) != c.types.end() && (!c.serious_only || e.serious)) ++n;
    counts.push_back(n);
  }
  out.insert(out.end(), counts.begin(), counts.end());
  for (std::int64_t n : counts) out.push_back(n > 0 ? 1 : 0);
  for (std::size_t s = 0; s < layout->schedules.size(); ++s) {
    std::int64_t tests = 0;
    if (s < record.monitoring.schedules.size())
      for (auto t : record.monitoring.schedules[s].tests_done) tests += t;
    out.push_back(tests);
  }
  return out;
}

ArmComparisonState::ArmComparisonState(const ArmComparisonLayout& layout)
    : arms(layout.arm_names.size()),
      outcomes(layout.outcomes.size()),
      sum(arms * outcomes, 0),
      difference(arms * outcomes, 0),
      difference_squared(arms * outcomes, 0),
      course_histogram(arms * (max_counted_courses + 1), 0),
      layout_(&layout) {}

void ArmComparisonState::add(const std::vector<const PatientRecord*>& records) {
  for (const auto* r : records)
    if (r->result.code != model::ReturnCode::success) {
      ++unpaired;
      return;
    }
  ++paired;
  const auto reference = layout_->outcomes_of(0, *records[0]);
  for (std::size_t a = 0; a < arms; ++a) {
    const auto values = layout_->outcomes_of(a, *records[a]);
    for (std::size_t k = 0; k < outcomes; ++k) {
      const std::int64_t d = values[k] - reference[k];
      sum[a * outcomes + k] += values[k];
      difference[a * outcomes + k] += d;
      difference_squared[a * outcomes + k] += static_cast<std::uint64_t>(d * d);
    }
    ++course_histogram[a * (max_counted_courses + 1) +
                       std::min<std::size_t>(records[a]->result.courses.size(), max_counted_courses)];
  }
}

void ArmComparisonState::merge(const ArmComparisonState& o) {
  if (o.sum.size() != sum.size()) throw std::invalid_argument("arm comparisons of different layouts cannot be merged");
  paired += o.paired;
  unpaired += o.unpaired;
  for (std::size_t i = 0; i < sum.size(); ++i) {
    sum[i] += o.sum[i];
    difference[i] += o.difference[i];
    difference_squared[i] += o.difference_squared[i];
  }
  for (std::size_t i = 0; i < course_histogram.size(); ++i) course_histogram[i] += o.course_histogram[i];
}

ArmComparison ArmComparison::from(const ArmComparisonState& s) {
  ArmComparison out;
  out.paired = s.paired;
  out.unpaired = s.unpaired;
  const double n = static_cast<double>(s.paired);
  for (std::size_t a = 0; a < s.arms; ++a) {
    std::vector<OutcomeComparison> row;
    for (std::size_t k = 0; k < s.outcomes; ++k) {
      const std::size_t i = a * s.outcomes + k;
      OutcomeComparison c;
      c.mean = n > 0 ? static_cast<double>(s.sum[i]) / n : std::nan("");
      c.difference = n > 0 ? static_cast<double>(s.difference[i]) / n : std::nan("");
      const double variance = n > 1 ? (static_cast<double>(s.difference_squared[i]) - n * c.difference * c.difference) / (n - 1.0)
                                    : std::nan("");
      c.difference_se = n > 1 ? std::sqrt(std::max(0.0, variance) / n) : std::nan("");
      row.push_back(c);
    }
    out.outcomes.push_back(row);
    std::vector<double> distribution;
    for (std::size_t k = 0; k <= max_counted_courses; ++k)
      distribution.push_back(n > 0 ? static_cast<double>(s.course_histogram[a * (max_counted_courses + 1) + k]) / n : 0.0);
    out.course_distribution.push_back(distribution);
  }
  return out;
}

}  // namespace repop::cohort
