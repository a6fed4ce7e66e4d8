#include "core/error.hpp"

namespace repop::core {

namespace {

std::string one_per_line(const std::vector<Problem>& problems) {
  std::string text;
  for (const auto& p : problems) {
    if (!text.empty()) text += '\n';
    text += p.to_string();
  }
  return text;
}

}  // namespace

Error::Error(int exit_code, std::vector<Problem> problems)
    : std::runtime_error(one_per_line(problems)), exit_code_(exit_code), problems_(std::move(problems)) {}

Error::Error(ExitCode code, std::vector<Problem> problems) : Error(static_cast<int>(code), std::move(problems)) {}

Error::Error(ExitCode code, std::string path, std::string message)
    : Error(code, std::vector<Problem>{{std::move(path), std::move(message)}}) {}

UsageError::UsageError(std::string option, std::string message)
    : Error(ExitCode::usage, std::move(option), std::move(message)) {}

InputError::InputError(std::vector<Problem> problems) : Error(ExitCode::invalid_input, std::move(problems)) {}

InputError InputError::in_file(std::string file) const {
  InputError named(problems());
  named.file_ = std::move(file);
  return named;
}

MissingInput::MissingInput(std::string path, std::string reason)
    : Error(ExitCode::no_input, std::move(path), std::move(reason)) {}

Unavailable::Unavailable(std::string what, std::string message)
    : Error(ExitCode::unavailable, std::move(what), std::move(message)) {}

InternalError::InternalError(std::string where, std::string message)
    : Error(ExitCode::software, std::move(where), std::move(message)) {}

CannotCreateOutput::CannotCreateOutput(std::vector<Problem> problems)
    : Error(ExitCode::cannot_create, std::move(problems)) {}

IoError::IoError(std::string path, std::string message)
    : Error(ExitCode::io_error, std::move(path), std::move(message)) {}

Interrupted::Interrupted(int signal, std::string notice) : Error(128 + signal, {{"", std::move(notice)}}) {}

}  // namespace repop::core
