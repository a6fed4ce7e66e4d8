#pragma once
// Why a course was given, and what made it start later than it first would have. Their names are
// declared once, here: the course table of a cohort file (flag_meanings) and the summary JSON use
// them, in this order (the stored code of a value is its position).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace repop::dosing {

enum class CourseReason : std::uint8_t {
  planned,       // in the regimen from the start
  relapse,       // a retreatment policy's answer to a clinical relapse
  mri_activity,  // a retreatment policy's answer to new lesions seen at a scheduled scan
};
inline constexpr std::array<std::string_view, 3> course_reason_names = {"planned", "relapse", "mri"};

enum class CourseDelay : std::uint8_t {
  none,               // given when planned or when due
  gate,               // due, it waited for the gate quantity (e.g. CD4) to reach its level
  serious_infection,  // planned, it waited after a serious infection
};
inline constexpr std::array<std::string_view, 3> course_delay_names = {"none", "gate", "serious_infection"};

constexpr std::string_view name_of(CourseReason r) { return course_reason_names[static_cast<std::size_t>(r)]; }
constexpr std::string_view name_of(CourseDelay d) { return course_delay_names[static_cast<std::size_t>(d)]; }

// The names separated by spaces, as a flag_meanings attribute lists them.
template <std::size_t N>
std::string flag_meanings(const std::array<std::string_view, N>& names) {
  std::string s;
  for (std::string_view n : names) (s += s.empty() ? "" : " ") += n;
  return s;
}

}  // namespace repop::dosing
