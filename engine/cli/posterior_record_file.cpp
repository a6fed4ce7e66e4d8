#include "cli/posterior_record_file.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/input_error.hpp"
#include "core/number_text.hpp"
#include "io/text_file.hpp"

namespace repop::cli {

namespace {

constexpr const char* record_mark = "# repop posterior record ";

// FNV-1a, 64 bits: the same digits on every machine (std::hash promises nothing of the kind).
struct Fnv {
  std::uint64_t h = 14695981039346656037ULL;
  void add(const std::string& text) {
    for (unsigned char c : text) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;  // a separator, so that "ab"+"c" differs from "a"+"bc"
    h *= 1099511628211ULL;
  }
};

std::string header(const calibration::PosteriorRequest& request) {
  std::ostringstream s;
  for (const auto& fp : request.spec.free) s << "u_" << (fp.variability ? fp.parameter + "_cv" : fp.parameter) << ",";
  s << "log_likelihood";
  const auto& targets = request.run.targets();
  for (std::size_t t : request.problem.used_targets()) s << "," << targets[t].id;
  for (std::size_t t : request.problem.used_targets()) s << "," << targets[t].id << "_se";
  return s.str();
}

std::string line_of(const calibration::PosteriorPoint& p) {
  std::string line;
  auto add = [&](double v) {
    if (!line.empty()) line += ',';
    line += core::format_exact(v);
  };
  for (double u : p.unit) add(u);
  add(p.log_likelihood);
  for (double v : p.targets) add(v);
  for (double v : p.target_se) add(v);
  return line;
}

}  // namespace

std::string posterior_fingerprint(const calibration::PosteriorRequest& request) {
  Fnv f;
  f.add(request.spec.text);
  for (double v : request.fit) f.add(core::format_exact(v));
  const auto& s = request.settings;
  f.add("tempered-smc");  // the sampler: another one asks for other points
  for (auto v : {static_cast<std::uint64_t>(s.draws), s.patients, static_cast<std::uint64_t>(s.moves), s.seed,
                 request.spec.seed})
    f.add(std::to_string(v));
  // The budget is left out: a run may be resumed with a larger one.
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(f.h));
  return text;
}

std::vector<calibration::PosteriorPoint> read_posterior_record(const std::string& path, const std::string& fingerprint,
                                                               const calibration::PosteriorRequest& request) {
  std::vector<calibration::PosteriorPoint> points;
  if (!std::filesystem::exists(path)) return points;
  const std::string text = io::read_text_file(path);
  std::istringstream in(text);
  std::string first, columns;
  std::getline(in, first);
  std::getline(in, columns);
  auto refuse = [&](const std::string& why) {
    throw core::InputError(std::vector<core::Problem>{{path, why + "; remove it to start the posterior anew"}});
  };
  if (first.rfind(record_mark, 0) != 0) refuse("is not a posterior record of repop");
  if (first.substr(std::string(record_mark).size()) != fingerprint)
    refuse("was made for another calibration file, fit, posterior settings or seed");
  if (columns != header(request)) refuse("has other columns than this calibration's free parameters and targets");
  const std::size_t d = request.spec.free.size();
  const std::size_t targets = request.problem.used_targets().size();
  const std::size_t fields = d + 1 + 2 * targets;
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof() && !text.empty() && text.back() != '\n') break;  // cut short by the interruption
    std::vector<double> values;
    std::istringstream row(line);
    std::string field;
    while (std::getline(row, field, ',')) {
      char* end = nullptr;
      values.push_back(std::strtod(field.c_str(), &end));
      if (end == field.c_str() || *end != '\0') refuse("has a field that is not a number: '" + field + "'");
    }
    if (values.size() != fields)
      refuse("has a line of " + std::to_string(values.size()) + " fields, not " + std::to_string(fields));
    calibration::PosteriorPoint p;
    p.unit.assign(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(d));
    p.log_likelihood = values[d];
    p.targets.assign(values.begin() + static_cast<std::ptrdiff_t>(d + 1),
                     values.begin() + static_cast<std::ptrdiff_t>(d + 1 + targets));
    p.target_se.assign(values.begin() + static_cast<std::ptrdiff_t>(d + 1 + targets), values.end());
    points.push_back(std::move(p));
  }
  return points;
}

struct PosteriorRecordWriter::File {
  std::ofstream out;
};

PosteriorRecordWriter::PosteriorRecordWriter(const std::string& path, const std::string& fingerprint,
                                             const calibration::PosteriorRequest& request, bool fresh)
    : file_(std::make_unique<File>()), path_(path) {
  if (!fresh) {
    // Drop a line cut short by the interruption, so that what follows starts on a line of its own.
    const std::string text = io::read_text_file(path);
    if (!text.empty() && text.back() != '\n') {
      std::ofstream rewrite(path, std::ios::trunc);
      rewrite << text.substr(0, text.rfind('\n') + 1);
      if (!rewrite.flush()) throw std::runtime_error("cannot write " + path);
    }
  }
  file_->out.open(path, fresh ? std::ios::trunc : std::ios::app);
  if (fresh) file_->out << record_mark << fingerprint << "\n" << header(request) << "\n";
  if (!file_->out.flush()) throw std::runtime_error("cannot write " + path);
}

PosteriorRecordWriter::~PosteriorRecordWriter() = default;

void PosteriorRecordWriter::append(const calibration::PosteriorPoint& point) {
  file_->out << line_of(point) << "\n";
  if (!file_->out.flush()) throw std::runtime_error("cannot write " + path_);
}

}  // namespace repop::cli
