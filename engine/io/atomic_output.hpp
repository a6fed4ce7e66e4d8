#pragma once
// Output written where a reader can never see half of it: into a temporary file beside the
// target, renamed over the target only when complete. If the run stops early (an error, Ctrl-C),
// the temporary file is removed and an earlier output at the target is left as it was. The
// temporary file is registered (temporary_files.hpp) so that a second Ctrl-C, which ends the
// process at once, removes it too. Where an output may go at all is output_plan.hpp's concern.

#include <string>

namespace repop::io {

class AtomicOutput {
 public:
  // The temporary file is FINAL.tmp.<pid>; a file left there by a killed process is removed.
  explicit AtomicOutput(std::string final_path);
  ~AtomicOutput();  // removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& temporary_path() const { return temporary_path_; }
  const std::string& final_path() const { return final_path_; }
  // Flushes the temporary file to disk and renames it into place; throws on failure.
  void commit();

 private:
  std::string final_path_;
  std::string temporary_path_;
  bool committed_ = false;
};

// The folder that `path` names a file in: "." for a bare name.
std::string folder_of(const std::string& path);

}  // namespace repop::io
