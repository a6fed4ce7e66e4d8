#include "io/output_plan.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "io/atomic_output.hpp"

namespace repop::io {

namespace {

namespace fs = std::filesystem;

// The absolute path with `.`, `..` and the symbolic links of its existing folders resolved: two
// names of a file that does not exist yet compare equal exactly when they would create the same file.
std::string normalised(const std::string& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  const fs::path canonical = fs::weakly_canonical(absolute, ec);
  return (ec ? absolute.lexically_normal() : canonical).string();
}

std::optional<struct stat> status_of(const std::string& path) {
  struct stat s {};
  if (::stat(path.c_str(), &s) != 0) return std::nullopt;
  return s;
}

// What kind of file that is not a regular one `mode` describes, or "" for a regular file.
std::string kind_of(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Why the folder of `path` cannot take a new file, or "".
std::string folder_problem(const std::string& path) {
  const std::string folder = folder_of(path);
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return "folder " + folder + " does not exist";
  if (::access(folder.c_str(), W_OK) != 0) return "folder " + folder + " is not writable";
  return "";
}

}  // namespace

OutputPlan& OutputPlan::reads(const std::string& path, const std::string& role) {
  if (!path.empty()) inputs_.push_back({path, role});
  return *this;
}

OutputPlan& OutputPlan::writes(const std::string& path, const std::string& role) {
  if (!path.empty()) outputs_.push_back({path, role});
  return *this;
}

std::vector<PlacementProblem> OutputPlan::problems() const {
  std::vector<PlacementProblem> problems;
  auto refuse = [&](const File& output, const std::string& why) {
    problems.push_back({output.path, "cannot be written: " + why});
  };
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    const File& output = outputs_[i];
    if (const std::string why = folder_problem(output.path); !why.empty()) {
      refuse(output, why);
      continue;
    }
    struct stat link {};
    const bool exists = ::lstat(output.path.c_str(), &link) == 0;
    if (exists && S_ISLNK(link.st_mode)) {
      std::error_code ec;
      const fs::path target = fs::read_symlink(output.path, ec);
      refuse(output, "it is a symbolic link" + (ec ? std::string() : " (to " + target.string() + ")") +
                         ", which the output would replace rather than write through; give the file it points to");
      continue;
    }
    if (exists) {
      if (const std::string kind = kind_of(link.st_mode); !kind.empty()) {
        refuse(output, "it is " + kind + ", not a regular file; outputs replace what is at their path");
        continue;
      }
    }
    const std::string output_name = normalised(output.path);
    const File* input = nullptr;
    for (const File& candidate : inputs_) {
      const auto s = exists ? status_of(candidate.path) : std::nullopt;
      const bool same = s ? s->st_dev == link.st_dev && s->st_ino == link.st_ino
                          : normalised(candidate.path) == output_name;
      if (same) {
        input = &candidate;
        break;
      }
    }
    if (input) {
      refuse(output, "it is " + input->role + " (" + input->path + "), which this command reads");
      continue;
    }
    for (std::size_t j = 0; j < i; ++j)
      if (normalised(outputs_[j].path) == output_name) {
        refuse(output, "it is given twice, as " + outputs_[j].role + " and as " + output.role +
                           "; give each output its own name");
        break;
      }
  }
  return problems;
}

}  // namespace repop::io
