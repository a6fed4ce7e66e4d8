#pragma once
// What the clinic decides during one patient's follow-up when treatment depends on what happens:
// a further course after a relapse or new MRI activity (a retreatment policy), a due course that
// waits until a gate quantity (e.g. CD4) is high enough, and planned courses that wait after a
// serious infection. The solver integrates up to next_decision_day() or to an event that matters,
// then tells these decisions what it found; the regimen grows or moves accordingly.
// Days are days since the first dose of course 1; decisions fall on whole days.

#include <algorithm>
#include <cmath>
#include <vector>

#include "dosing/input_fill.hpp"
#include "dosing/regimen.hpp"
#include "dosing/retreatment_policy.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"

namespace repop::solve {

class TreatmentDecisions {
 public:
  TreatmentDecisions(const model::ModelInfo& info, const model::PatientProblem& problem)
      : policy_(problem.policy ? *problem.policy : no_retreatment()),
        postpone_day_(problem.regimen.postpone_after_serious_infection_days),
        horizon_day_(problem.horizon_day),
        regimen_(problem.regimen),
        next_scan_day_(policy_.on_mri_activity ? policy_.first_scan_day : horizon_day_ + 1.0),
        due_day_(horizon_day_ + 1.0) {
    const std::size_t n = info.event_types.size();
    relapse_.resize(n);
    lesion_.resize(n);
    infection_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      relapse_[k] = policy_.on_relapse && info.event_types[k].role == "relapse";
      lesion_[k] = info.event_types[k].role == "mri_lesion";
      infection_[k] = postpone_day_ > 0.0 && !info.event_types[k].serious_probability.empty();
    }
  }

  const dosing::Regimen& regimen() const { return regimen_; }
  // Per event type: an event the policy reacts to when it happens (a relapse), and one that
  // postpones planned courses when serious (an infection). The integration stops at either.
  const std::vector<bool>& relapse_triggers() const { return relapse_; }
  const std::vector<bool>& infection_triggers() const { return infection_; }

  // The next scan or due course, or the horizon: planned courses still ahead bound it too, since
  // a due course must not overlap one.
  double next_decision_day() const { return std::min({horizon_day_, next_scan_day_, due_day_}); }

  // The integration stopped on `day` at events that matter (those of `found` on that day).
  void on_events_at(double day, const std::vector<model::Event>& found) {
    for (const model::Event& e : found) {
      if (e.day != day) continue;
      if (relapse_[e.type]) trigger(day, dosing::CourseReason::relapse);
      if (e.serious && infection_[e.type]) postpone_after(day);
    }
  }

  // A decision day: the scan reads the lesions since the previous scan, a due course is given if
  // `gate_open()` (called only then) says so, else it waits gate_recheck_day.
  template <class GateOpen>
  void decide_at(double day, const std::vector<model::Event>& found, GateOpen gate_open) {
    if (day == next_scan_day_) {
      for (const auto& e : found)
        if (lesion_[e.type] && e.day > previous_scan_day_ && e.day <= day) {
          trigger(day, dosing::CourseReason::mri_activity);
          break;
        }
      previous_scan_day_ = day;
      next_scan_day_ += policy_.scan_interval_day;
    }
    if (day == due_day_) {
      if (gate_open() && room_for_a_course()) {
        dosing::Course course = policy_.course;
        course.start_day = day;
        course.reason = due_reason_;
        course.delay = waited_at_gate_ ? dosing::CourseDelay::gate : dosing::CourseDelay::none;
        if (ends_by_horizon(course)) regimen_.courses.push_back(course);
        due_day_ = horizon_day_ + 1.0;
      } else {
        due_day_ = day + policy_.gate_recheck_day;
        waited_at_gate_ = true;
      }
    }
  }

 private:
  // Without a policy no course is added (triggers off, no room for more courses).
  static dosing::RetreatmentPolicy no_retreatment() {
    dosing::RetreatmentPolicy none;
    none.on_relapse = none.on_mri_activity = false;
    none.max_courses = 0;
    return none;
  }

  bool room_for_a_course() const { return static_cast<int>(regimen_.courses.size()) < policy_.max_courses; }
  bool ends_by_horizon(const dosing::Course& c) const {
    return c.last_infusion_day() + c.infusion_hours / 24.0 <= horizon_day_;
  }
  double last_start_day() const {
    return regimen_.courses.empty() ? dosing::no_course_yet : regimen_.courses.back().start_day;
  }

  // A trigger on `day` makes a course due after the policy's delay and its minimum interval since
  // the last course, unless one is due already or no more courses are allowed. The course given
  // keeps the reason of the trigger that made it due.
  void trigger(double day, dosing::CourseReason reason) {
    if (due_day_ <= horizon_day_ || !room_for_a_course()) return;
    due_day_ = std::ceil(std::max(day + policy_.delay_day, last_start_day() + policy_.min_interval_day));
    due_reason_ = reason;
    waited_at_gate_ = false;
  }

  // A serious infection on `day`: a planned course due before day + postpone_day waits until then,
  // and the courses after it move with it, keeping their intervals.
  void postpone_after(double day) {
    const double ready = std::ceil(day + postpone_day_);
    auto& courses = regimen_.courses;
    for (std::size_t c = 0; c < courses.size(); ++c) {
      if (courses[c].start_day <= day || courses[c].start_day >= ready) continue;
      const double shift = ready - courses[c].start_day;
      for (std::size_t later = c; later < courses.size(); ++later) {
        courses[later].start_day += shift;
        courses[later].delay = dosing::CourseDelay::serious_infection;
      }
      break;
    }
    while (!courses.empty() && !ends_by_horizon(courses.back())) courses.pop_back();  // moved past the end
  }

  const dosing::RetreatmentPolicy policy_;
  const double postpone_day_;  // d
  const double horizon_day_;   // d
  dosing::Regimen regimen_;    // the planned courses, then any a decision added or moved
  std::vector<bool> relapse_, lesion_, infection_;  // per event type
  double next_scan_day_;
  double previous_scan_day_ = 0.0;
  double due_day_;  // a course waiting to be given; beyond the horizon: none
  dosing::CourseReason due_reason_ = dosing::CourseReason::relapse;  // of the course due
  bool waited_at_gate_ = false;                                      // the course due was refused at the gate
};

}  // namespace repop::solve
