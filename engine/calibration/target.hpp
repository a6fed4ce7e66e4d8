#pragma once
// A published figure a model is compared with and calibrated to (calibration/targets.yaml), with
// exactly how it is computed from the target run (see target_run.hpp): which arm, which per-patient
// measure, which day or year, and how the measures of the arm's patients are combined.

#include <string>
#include <vector>

namespace repop::calibration {

enum class TargetKind {
  mean,                               // mean of a quantity on a day
  fraction_below,                     // share below a value, averaged over days
  median_ratio_to_baseline,           // median of quantity(day) / the patient's own baseline
  recovery_median_month,              // median months until a quantity is back at a level
  annual_incidence,                   // share with >= 1 event of a category in a year, averaged over years
  cumulative_incidence,               // share with a first event of a category by the end of a year
  share_with_courses,                 // share with at least k courses by the end of the run
  share_with_at_most_courses_by_day,  // share that started at most k courses by a day
  fraction_ever_below,                // share below a value on at least one day of a window
  annual_event_rate,                  // events of a category per patient-year over some years
};

// How the per-patient measures of a kind are combined: the mean (a share is a mean of 0/1) or the median.
enum class Aggregate { mean, median };
Aggregate aggregate_of(TargetKind kind);

struct TargetComputation {
  TargetKind kind = TargetKind::mean;
  std::string arm;               // a target-run arm the model declares (repop describe MODEL)
  std::string quantity;          // a summary quantity (trajectory variable or declared sum)
  std::string baseline;          // median_ratio_to_baseline: the covariate holding the patient's baseline
  std::string category;          // incidence kinds: an event category (type or group)
  std::vector<double> days;      // d; one for mean, ratio and at-most-courses; averaged for fraction_below;
                                 // fraction_ever_below: every whole day from `from_day` to `to_day`
  std::vector<int> years;        // 1-based; averaged for annual_incidence and annual_event_rate; one for
                                 // cumulative_incidence
  double level = 0.0;            // fraction_below, fraction_ever_below: below; recovery: at_least (the quantity's unit)
  bool at_least_baseline = false;  // recovery: also back at the patient's own day-0 value
  int courses = 0;               // share_with_courses: at least; at-most-courses: at most
};

struct Target {
  std::string id;           // "L01"
  std::string label;        // evidence label of the source: R, D, M
  std::string description;
  std::string source;       // short name in shared/science/sources.md
  double value = 0.0;       // published figure, in the measure's unit
  double low = 0.0;         // published range
  double high = 0.0;
  TargetComputation compute;
};

// Reads a targets file; throws core::InputError naming every malformed field.
std::vector<Target> read_targets(const std::string& path);
std::vector<Target> parse_targets(const std::string& text);

}  // namespace repop::calibration
