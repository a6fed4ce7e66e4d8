#include "cli/calibrate_posterior.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "calibration/calibration_report.hpp"
#include "calibration/posterior_report.hpp"
#include "cli/interrupt.hpp"
#include "cli/posterior_record_file.hpp"
#include "cli/python_script.hpp"
#include "cli/report_problems.hpp"
#include "core/number_text.hpp"
#include "io/atomic_output.hpp"
#include "io/text_file.hpp"

namespace repop::cli {

PosteriorFiles posterior_files(const std::string& fit_path) {
  const auto folder = std::filesystem::path(fit_path).parent_path();
  return {.ensemble = (folder / "posterior.csv").string(),
          .record = (folder / "posterior-points.csv").string(),
          .report = (folder / "calibration-report.md").string(),
          .figure = (folder / "posterior").string()};
}

calibration::PosteriorSettings posterior_settings(const CalibrateOptions& options,
                                                  const calibration::CalibrationSpec& spec) {
  auto settings = spec.posterior.value_or(calibration::PosteriorSettings{});
  if (options.patients) settings.patients = *options.patients;
  // A quick trial: no more than the first particles and one temperature's moves, whatever the file asks.
  if (options.max_evaluations)
    settings.max_evaluations = std::min(
        settings.max_evaluations, std::max(*options.max_evaluations, settings.draws * (1 + settings.moves)));
  return settings;
}

int calibrate_posterior(const PosteriorJob& job, const calibration::MeasureCohort& measure) {
  const auto files = posterior_files(job.spec.output);
  const calibration::PosteriorRequest request{
      .spec = job.spec, .run = job.run, .problem = job.problem, .fit = job.fit, .settings = job.settings};
  const std::string fingerprint = posterior_fingerprint(request);
  calibration::PosteriorRecord record;
  record.earlier = read_posterior_record(files.record, fingerprint, request);
  auto say = [&](const char* format, auto... values) {
    if (job.speaks) std::fprintf(stderr, format, values...);
  };
  std::optional<PosteriorRecordWriter> writer;
  if (job.speaks) writer.emplace(files.record, fingerprint, request, record.earlier.empty());
  if (!record.earlier.empty())
    say("repop: resuming the posterior: %zu points read back from %s\n", record.earlier.size(), files.record.c_str());
  std::size_t evaluated = 0;
  record.record = [&](const calibration::PosteriorPoint& point) {
    if (writer) writer->append(point);
    ++evaluated;
    say("repop: posterior, point %zu: log-likelihood %.4g\n", record.earlier.size() + evaluated, point.log_likelihood);
  };
  calibration::PosteriorObserver observer;
  observer.start_progress = [&](int done, int total) {
    say("repop: posterior, the fit's Laplace approximation: %d of %d evaluations\n", done, total);
  };
  observer.stage = [&](const calibration::SmcStage& s) {
    say("repop: posterior, temperature %.4g of 1: effective sample size %.1f of %d before resampling; %.0f%% of "
        "moves accepted; %d distinct sets; %d evaluations\n",
        s.temperature, s.effective_sample_size, job.settings.draws, 100.0 * s.acceptance, s.distinct, s.evaluations);
  };
  const auto outcome = calibration::sample_posterior(request, measure, record, observer);
  if (!outcome)
    throw InterruptGuard::interruption("stopped; the points evaluated so far are kept in " + files.record +
                                       ": the same command resumes from them");
  if (!job.speaks) return 0;
  if (outcome->sampler.ensemble.empty())
    throw std::runtime_error("no point the posterior sampler tried had a likelihood above zero: the fit in " +
                             job.spec.output + " does not reproduce the targets");
  const calibration::PosteriorReport report{.request = &request,
                                            .outcome = &*outcome,
                                            .command_line = job.options.command_line,
                                            .ensemble_path = std::filesystem::path(files.ensemble).filename().string(),
                                            .figure = std::filesystem::path(files.figure).filename().string()};
  const std::string section = calibration::posterior_markdown(report);
  const std::string previous = std::filesystem::exists(files.report) ? io::read_text_file(files.report) : "";
  written_to(files.ensemble, [&] {
    io::AtomicOutput ensemble(files.ensemble), markdown(files.report);
    io::write_text_file(ensemble.temporary_path(), calibration::posterior_ensemble_csv(report));
    io::write_text_file(markdown.temporary_path(), calibration::with_report_section(previous, section));
    if (!InterruptGuard::may_commit()) throw InterruptGuard::interruption("stopped; nothing written");
    ensemble.commit();
    markdown.commit();
  });
  if (!outcome->sampler.converged)
    say("repop: WARNING: the posterior sampler stopped on its budget of %d evaluations, not on its criterion\n",
        job.settings.max_evaluations);
  std::printf("%s\nwrote %s\nwrote %s\n", section.c_str(), files.ensemble.c_str(), files.report.c_str());
  std::vector<std::string> arguments{"--output=" + files.figure, "--title=" + job.spec.variant};
  for (std::size_t j = 0; j < job.spec.free.size(); ++j) {
    const auto& fp = job.spec.free[j];
    arguments.push_back("--parameter=" + calibration::ensemble_column_name(fp) + "," + core::format_exact(job.fit[j]) +
                        "," + core::format_exact(fp.lower) + "," + core::format_exact(fp.upper) + "," +
                        (fp.log_scale ? "log" : "linear"));
  }
  arguments.insert(arguments.end(), {"--", files.ensemble});
  if (job.release_interrupt) job.release_interrupt();
  return run_script("posterior_figure.py", arguments);
}

}  // namespace repop::cli
