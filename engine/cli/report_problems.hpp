#pragma once
// How problems reach the user: one line each on stderr, "repop: error: <where>: <what>".

#include <string>

#include "core/input_error.hpp"

namespace repop::cli {

void report_problem(const std::string& where, const std::string& message);
void report_problems(const std::string& file, const core::InputError& error);

}  // namespace repop::cli
