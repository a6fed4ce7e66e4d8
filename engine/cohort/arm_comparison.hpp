#pragma once
// Arms compared on the same patients. For each patient and arm a few whole-number outcomes are
// taken (courses received, events of each category, whether any occurred, tests done under each
// schedule); differences against the first arm are paired per patient, so their standard errors
// are those of paired differences, SD(d)/√n, far smaller than comparing two independent cohorts.
// Kept as exact integer sums: mergeable across shards, bit-identical for any split. Arms may run
// different models: they are compared on the outcomes every arm's model has, by name (event
// categories of the first arm's model that each other arm's model declares too).

#include <cstdint>
#include <string>
#include <vector>

#include "cohort/cohort_runner.hpp"
#include "cohort/event_layout.hpp"

namespace repop::cohort {

inline constexpr std::size_t max_counted_courses = 32;

struct ArmComparisonLayout {
  std::vector<std::string> arm_names;
  std::vector<std::string> outcomes;  // "courses", "events_<category>", "with_<category>", "tests_<schedule>"
  std::vector<const EventLayout*> events;  // [arm]; null: no hazards
  // [arm][k]: the index in arm's event layout of the k-th compared category
  std::vector<std::vector<std::size_t>> categories;

  // Every arm with the same event layout (one model), or null.
  static ArmComparisonLayout make(std::vector<std::string> arm_names, const EventLayout* events);
  // Each arm with its own event layout (all null, or none null).
  static ArmComparisonLayout make(std::vector<std::string> arm_names, std::vector<const EventLayout*> events);
  std::vector<std::int64_t> outcomes_of(std::size_t arm, const PatientRecord& record) const;
};

class ArmComparisonState {
 public:
  explicit ArmComparisonState(const ArmComparisonLayout& layout);
  // One patient in every arm ([arm] records); patients failing in any arm are counted, not paired.
  void add(const std::vector<const PatientRecord*>& arms);
  void merge(const ArmComparisonState& other);

  std::size_t arms, outcomes;
  std::uint64_t paired = 0, unpaired = 0;
  std::vector<std::int64_t> sum;          // [arm][outcome]
  std::vector<std::int64_t> difference;   // [arm][outcome], arm − arm 0
  std::vector<std::uint64_t> difference_squared;
  std::vector<std::uint64_t> course_histogram;  // [arm][courses 0..max_counted_courses]

 private:
  const ArmComparisonLayout* layout_;
};

struct OutcomeComparison {
  double mean = 0.0;                       // per patient, in this arm
  double difference = 0.0, difference_se = 0.0;  // per patient, this arm − the first arm
};

struct ArmComparison {
  std::uint64_t paired = 0, unpaired = 0;
  std::vector<std::vector<OutcomeComparison>> outcomes;    // [arm][outcome]
  std::vector<std::vector<double>> course_distribution;    // [arm][k]: share with exactly k courses

  static ArmComparison from(const ArmComparisonState& state);
};

}  // namespace repop::cohort
