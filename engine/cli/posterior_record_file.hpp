#pragma once
// The record `repop calibrate FILE --posterior` keeps of every point it evaluates
// (posterior-points.csv beside the fit), so that a run stopped by Ctrl-C, a time limit or a crash
// resumes where it stopped: the points it had evaluated are read back in order instead of being
// simulated again, and the run ends exactly as an uninterrupted one would.
//
// The file: a first line "# repop posterior record <fingerprint>", then a header (u_NAME per free
// parameter on the unit box, log_likelihood, then each used target's value and its SE), then one
// line per point, appended and flushed as it is evaluated, every number with 17 digits. A last line
// cut short by the interruption is ignored. The fingerprint covers what decides the points (the
// calibration file, the fit, the posterior settings, the patients): a record made under other
// ones is refused, not mixed in.

#include <memory>
#include <string>
#include <vector>

#include "calibration/posterior_sample.hpp"

namespace repop::cli {

// Hex digits identifying a posterior run's inputs.
std::string posterior_fingerprint(const calibration::PosteriorRequest& request);

// The points of `path` (none if it does not exist). Throws core::InputError naming the file when
// it was made for other inputs or is not such a record.
std::vector<calibration::PosteriorPoint> read_posterior_record(const std::string& path, const std::string& fingerprint,
                                                               const calibration::PosteriorRequest& request);

// Appends points to `path`, starting the file if `fresh`. Throws std::runtime_error if it cannot write.
class PosteriorRecordWriter {
 public:
  PosteriorRecordWriter(const std::string& path, const std::string& fingerprint,
                        const calibration::PosteriorRequest& request, bool fresh);
  ~PosteriorRecordWriter();
  void append(const calibration::PosteriorPoint& point);

 private:
  struct File;
  std::unique_ptr<File> file_;
  std::string path_;
};

}  // namespace repop::cli
