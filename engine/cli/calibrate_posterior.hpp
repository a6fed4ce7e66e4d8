#pragma once
// `repop calibrate FILE --posterior`: samples the posterior around the fit already written
// (calibration/posterior_sample.hpp), keeping a record of every point it evaluates so that an
// interrupted run resumes (posterior_record_file.hpp), and writes the ensemble (posterior.csv beside
// the fit) and a section of the calibration report.

#include <functional>
#include <string>
#include <vector>

#include "calibration/calibration_problem.hpp"
#include "cli/commands.hpp"

namespace repop::cli {

struct PosteriorFiles {
  std::string ensemble;  // posterior.csv
  std::string record;    // posterior-points.csv
  std::string report;    // calibration-report.md
  std::string figure;    // posterior.png/.svg and posterior-pairs.png/.svg (a prefix)
};

PosteriorFiles posterior_files(const std::string& fit_path);

struct PosteriorJob {
  const CalibrateOptions& options;
  const calibration::CalibrationSpec& spec;
  const calibration::TargetRun& run;
  const calibration::CalibrationProblem& problem;
  std::vector<double> fit;
  calibration::PosteriorSettings settings;
  bool speaks = true;                       // says progress and writes the files (rank 0 of an MPI job)
  std::function<void()> release_interrupt;  // before the figure script, which meets Ctrl-C as any program does
};

// The settings the job runs with: the file's `posterior:` (or the defaults), --patients over them,
// and --max-evaluations as a cap on the sampler's budget (at least the prior's points and one
// component's).
calibration::PosteriorSettings posterior_settings(const CalibrateOptions& options,
                                                  const calibration::CalibrationSpec& spec);

int calibrate_posterior(const PosteriorJob& job, const calibration::MeasureCohort& measure);

}  // namespace repop::cli
