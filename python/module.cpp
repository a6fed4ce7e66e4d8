// repop._repop: the engine's commands as Python calls, over the same library as the `repop` program
// (one run plan, no second engine). The public API (repop/__init__.py) wraps these: it turns
// dicts and YAML strings into scenario text, keeps results, raises repop's exception classes and
// shows progress. Every call that solves releases the GIL; a Ctrl-C stops it as it stops the
// command (cli/interrupt.hpp: the patients in flight finish, nothing is written).

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "captured_output.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/report_problems.hpp"
#include "cli/tidy_tables.hpp"
#include "cli/run_preflight.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "io/scenario.hpp"
#include "io/scenario_schema.hpp"
#include "io/text_file.hpp"
#include "model/model_registry.hpp"

namespace py = pybind11;
using namespace repop;

namespace {

// The engine's signal handlers and the captured descriptors are the process's: one call at a time.
std::mutex engine_mutex;

// A core::Error as the module's Failure: (kind, exit code, problem lines, notice), the lines being
// those `repop` prints after "repop: error: ".
const char* kind_of(const core::Error& error) {
  if (dynamic_cast<const core::Interrupted*>(&error)) return "interrupted";
  if (dynamic_cast<const core::InputError*>(&error)) return "input";
  if (dynamic_cast<const core::UsageError*>(&error)) return "usage";
  if (dynamic_cast<const core::MissingInput*>(&error)) return "missing_input";
  if (dynamic_cast<const core::CannotCreateOutput*>(&error)) return "cannot_create_output";
  if (dynamic_cast<const core::IoError*>(&error)) return "io";
  if (dynamic_cast<const core::Unavailable*>(&error)) return "unavailable";
  return "internal";
}

// The progress callback, called from the reporting thread with the GIL taken. The callback object
// lives in the calling frame, so the sink (which the engine copies) holds only its address.
cli::ProgressSink progress_sink(const py::object& callback) {
  if (callback.is_none()) return {};
  const py::object* target = &callback;
  return [target](std::uint64_t done, std::uint64_t total, double seconds) {
    py::gil_scoped_acquire gil;
    try {
      (*target)(done, total, seconds);
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable("repop progress callback");
    }
  };
}

// Runs `work` with the GIL released, the engine's output captured and Ctrl-C handled as the command
// does; returns (`work`'s result, what the engine printed). A core::Error propagates, to become a
// Failure in the translator.
template <class Work>
py::tuple run_engine(Work&& work, bool guard_interrupts) {
  int code = 0;
  std::string log;
  {
    py::gil_scoped_release release;
    std::lock_guard lock(engine_mutex);
    python::CapturedOutput output;  // a failure's messages are in the exception it raises
    std::optional<cli::InterruptGuard> interrupt;
    if (guard_interrupts) interrupt.emplace();
    code = work();
    interrupt.reset();
    log = output.text();
  }
  return py::make_tuple(code, log);
}

// A row of a table the Python side makes a DataFrame of: field name -> value, in column order.
py::dict record(std::initializer_list<std::pair<const char*, py::object>> fields) {
  py::dict row;
  for (const auto& [name, value] : fields) row[name] = value;
  return row;
}

py::dict parameter_dict(const model::ParameterDecl& p) {
  return record({{"name", py::cast(p.name)},
                 {"role", py::cast(p.role == model::ParameterRole::covariate ? "covariate" : "parameter")},
                 {"unit", py::cast(p.unit)},
                 {"typical", py::cast(p.typical)},
                 {"lower", py::cast(p.lower)},
                 {"upper", py::cast(p.upper)},
                 {"cv", py::cast(p.omega > 0 ? model::cv_from_omega(p.omega) : 0.0)},
                 {"eta_group", py::cast(p.eta_group)},
                 {"source", py::cast(p.source)},
                 {"description", py::cast(p.description)}});
}

py::dict describe(const std::string& name) {
  const model::ModelEntry* entry = model::builtin_models().find(name);
  if (!entry) {
    std::string known;
    for (const auto& n : model::builtin_models().names()) known += (known.empty() ? "" : ", ") + n;
    throw core::UsageError("model", "'" + name + "' is not a known model (known: " + known + ")");
  }
  const model::ModelInfo& info = entry->info;
  py::dict d = record({{"name", py::cast(info.name)},
                       {"version", py::cast(info.version)},
                       {"title", py::cast(info.title)},
                       {"description", py::cast(info.description)},
                       {"specification", py::cast(info.specification)}});
  py::list variables, parameters, events;
  for (const auto& v : info.variables)
    variables.append(record({{"name", py::cast(v.name)},
                             {"unit", py::cast(v.unit)},
                             {"kind", py::cast(v.kind == model::VariableKind::state ? "state" : "derived")},
                             {"description", py::cast(v.description)}}));
  for (const auto& p : info.parameters) parameters.append(parameter_dict(p));
  for (const auto& e : info.event_types)
    events.append(record({{"name", py::cast(e.name)},
                          {"description", py::cast(e.description)},
                          {"recurrent", py::cast(e.recurrent)},
                          {"autoimmune", py::cast(e.autoimmune)}}));
  d["variables"] = variables;
  d["parameters"] = parameters;
  d["event_types"] = events;
  d["headline_outcomes"] = info.headline_outcomes;
  return d;
}

}  // namespace

PYBIND11_MODULE(_repop, m) {
  m.doc() = "repop's engine (use the repop package, which wraps these calls)";
  static py::exception<core::Error> failure(m, "Failure");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const core::Error& e) {
      const cli::ErrorText text = cli::error_text(e);
      py::object args = py::make_tuple(kind_of(e), e.exit_code(), text.problems, text.notice);
      PyErr_SetObject(failure.ptr(), args.ptr());
    }
  });

  m.def(
      "run",
      [](const std::string& path, const std::string& text, const std::string& output,
         std::optional<std::uint64_t> patients, std::optional<std::uint64_t> seed, int threads, py::object progress,
         double progress_seconds, const std::string& command_line, const std::string& patients_csv,
         const std::string& events_csv, const std::string& courses_csv) {
        cli::RunOptions options;
        options.scenario_path = path;
        options.output_path = output;
        options.patients = patients;
        options.seed = seed;
        options.threads = threads;
        options.progress_seconds = progress.is_none() ? 0.0 : progress_seconds;
        options.progress_sink = progress_sink(progress);
        options.command_line = command_line;
        options.tables = {patients_csv, events_csv, courses_csv};
        return run_engine(
            [&] {
              // Text is read as the file `path` would be: relative paths in it are the file's.
              const io::Scenario scenario =
                  text.empty() ? cli::read_scenario(path) : cli::read_named_input(path, [&] {
                    return io::parse_scenario(text, path, model::builtin_models());
                  });
              return cli::run_scenario(scenario, options);
            },
            true);
      },
      py::arg("path"), py::arg("text"), py::arg("output"), py::arg("patients"), py::arg("seed"), py::arg("threads"),
      py::arg("progress"), py::arg("progress_seconds"), py::arg("command_line"), py::arg("patients_csv"),
      py::arg("events_csv"), py::arg("courses_csv"),
      "Runs a scenario (read from `path`, or `text` standing for it) as `repop run`; returns (exit code, log).");

  m.def(
      "read_text",
      [](const std::string& path) {
        py::gil_scoped_release release;
        return io::read_text_file(path);
      },
      py::arg("path"), "An input file's text, read as the command reads it (the same errors).");
  m.def(
      "check_scenario",
      [](const std::string& path, const std::string& text) {
        py::gil_scoped_release release;
        cli::read_named_input(path, [&] { return io::parse_scenario(text, path, model::builtin_models()); });
      },
      py::arg("path"), py::arg("text"),
      "Reads scenario text standing for the file `path` as `repop run` would, raising its problems.");

  m.def(
      "check_targets",
      [](const std::string& model_name, const std::string& variant_path, const std::string& targets_path,
         std::uint64_t patients, std::uint64_t seed, int threads, const std::string& csv_path, py::object progress,
         double progress_seconds) {
        cli::CheckTargetsOptions options;
        options.model_name = model_name;
        options.variant_path = variant_path;
        options.targets_path = targets_path;
        options.patients = patients;
        options.seed = seed;
        options.threads = threads;
        options.csv_path = csv_path;
        options.progress_seconds = progress.is_none() ? 0.0 : progress_seconds;
        options.progress_sink = progress_sink(progress);
        // check-targets guards Ctrl-C itself, until its table is written.
        return run_engine([&] { return cli::check_targets_command(options); }, false);
      },
      py::arg("model"), py::arg("variant_path"), py::arg("targets_path"), py::arg("patients"), py::arg("seed"),
      py::arg("threads"), py::arg("csv_path"), py::arg("progress"), py::arg("progress_seconds"),
      "Runs `repop check-targets`, writing its table to `csv_path`; returns (exit code, log).");

  m.def(
      "export_tables",
      [](const std::string& results_path, const std::string& patients_csv, const std::string& events_csv,
         const std::string& courses_csv) {
        return run_engine(
            [&] {
              cli::export_command(results_path, {patients_csv, events_csv, courses_csv});
              return 0;
            },
            true);
      },
      py::arg("results_path"), py::arg("patients_csv"), py::arg("events_csv"), py::arg("courses_csv"),
      "Writes a results file's patients, events or courses group as tidy CSV (`repop export`).");

  m.def(
      "models",
      [] {
        py::list rows;
        for (const auto& name : model::builtin_models().names()) {
          const model::ModelInfo& info = model::builtin_models().find(name)->info;
          rows.append(record({{"name", py::cast(info.name)},
                              {"version", py::cast(info.version)},
                              {"title", py::cast(info.title)},
                              {"specification", py::cast(info.specification)}}));
        }
        return rows;
      },
      "The models of this build: name, version, title, specification.");
  m.def("describe", &describe, py::arg("model"), "A model's declarations (what `repop describe` prints).");
  m.def(
      "schema",
      [] {
        py::list rows;
        for (const auto& k : io::scenario_schema(model::builtin_models().names()))
          rows.append(record({{"key", py::cast(k.path)},
                              {"type", py::cast(k.type)},
                              {"unit", py::cast(k.unit)},
                              {"default", py::cast(k.default_value)},
                              {"meaning", py::cast(k.meaning)}}));
        return rows;
      },
      "Every scenario key: key, type, unit, default, meaning (what `repop schema` prints).");
  m.attr("engine_version") = core::engine_version;
  m.attr("git_commit") = core::git_commit;
  m.attr("citation") = core::citation;
}
