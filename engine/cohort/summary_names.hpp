#pragma once
// The names under which a summary's thresholds and recoveries appear in files, JSON and printed
// headlines: /summary/below/<quantity>_below_<value> and
// /summary/recovery/<quantity>_at_least_<value>[_and_baseline].

#include <cstddef>
#include <string>

#include "cohort/summary_layout.hpp"

namespace repop::cohort {

std::string threshold_group_name(const std::string& quantity, double below);
std::string recovery_group_name(const std::string& quantity, double at_least, bool at_least_baseline);

std::string threshold_name(const SummaryLayout& layout, std::size_t k);
std::string recovery_name(const SummaryLayout& layout, std::size_t r);

}  // namespace repop::cohort
