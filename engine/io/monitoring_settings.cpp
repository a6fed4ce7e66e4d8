#include "io/monitoring_settings.hpp"

#include <algorithm>

#include "io/output_names.hpp"

namespace repop::io {

namespace {

const std::vector<std::string> schedule_keys = {"name",       "like",  "interval_days", "start_day",
                                                "until_days_after_last_infusion", "attendance", "tests"};
const std::vector<std::string> test_keys = {"name", "detects", "sensitivity", "every_nth_visit"};

std::vector<std::string> monitored_names(const model::ModelInfo& info) {
  std::vector<std::string> names;
  for (const auto& t : info.event_types)
    if (t.symptom_delay_median_day > 0.0) names.push_back(t.name);
  return names;
}

std::optional<monitoring::TestKind> read_test(YamlFields& f, const YAML::Node& node, const std::string& path,
                                              const model::ModelInfo& info) {
  if (!f.require_map(node, path)) return std::nullopt;
  f.check_keys(node, path, test_keys);
  monitoring::TestKind t;
  bool ok = true;
  if (auto name = node["name"] ? read_output_name(f, node["name"], join_path(path, "name")) : std::nullopt)
    t.name = *name;
  else {
    if (!node["name"]) f.add(join_path(path, "name"), "missing; a name for the test, e.g. TSH");
    ok = false;
  }
  const YAML::Node detects = node["detects"];
  const auto names = monitored_names(info);
  if (!detects || !detects.IsSequence() || detects.size() == 0) {
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    f.add(join_path(path, "detects"), "must be a non-empty list of conditions (of: " + all + ")");
    ok = false;
  } else {
    for (std::size_t i = 0; i < detects.size(); ++i) {
      const std::string item = index_path(join_path(path, "detects"), i);
      const auto name = f.text(detects[i], item);
      if (!name) {
        ok = false;
        continue;
      }
      const auto it = std::find(names.begin(), names.end(), *name);
      if (it == names.end()) {
        std::string message = "'" + *name + "' is not a condition tests can find";
        const std::string hint = closest_match(*name, names);
        if (!hint.empty()) message += "; did you mean '" + hint + "'?";
        f.add(item, message);
        ok = false;
        continue;
      }
      for (std::uint32_t k = 0; k < info.event_types.size(); ++k)
        if (info.event_types[k].name == *name) t.detects.push_back(k);
    }
  }
  if (!node["sensitivity"]) {
    f.add(join_path(path, "sensitivity"), "missing; the probability that one test finds a present condition");
    ok = false;
  } else if (auto v = f.number_in(node, "sensitivity", path, 0.0, 1.0)) {
    t.sensitivity = *v;
  } else {
    ok = false;
  }
  if (node["every_nth_visit"]) {
    if (auto v = f.integer_in(node, "every_nth_visit", path, 1, 1000)) t.every_nth_visit = static_cast<int>(*v);
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return t;
}

std::string ordinal(int n) {
  const int tens = n % 100, ones = n % 10;
  const char* suffix = tens >= 11 && tens <= 13 ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}

// "start_day 0, attendance 0.85 and its tests FBC, TSH (every 3rd visit)": the keys `s` does not give.
std::string copied_settings(const YAML::Node& s, const monitoring::Schedule& copy) {
  std::vector<std::string> kept;
  auto keep = [&](const char* key, double value) {
    if (!s[key]) kept.push_back(std::string(key) + " " + format_number(value));
  };
  keep("interval_days", copy.interval_day);
  keep("start_day", copy.start_day);
  keep("until_days_after_last_infusion", copy.until_after_last_infusion_day);
  keep("attendance", copy.attendance);
  if (!s["tests"]) {
    std::string tests;
    for (const auto& t : copy.tests)
      tests += (tests.empty() ? "" : ", ") + t.name +
               (t.every_nth_visit > 1 ? " (every " + ordinal(t.every_nth_visit) + " visit)" : "");
    kept.push_back("its tests " + tests);
  }
  std::string text;
  for (std::size_t i = 0; i < kept.size(); ++i)
    text += (i == 0 ? "" : i + 1 == kept.size() ? " and " : ", ") + kept[i];
  return text;
}

}  // namespace

void read_events_section(YamlFields& f, const YAML::Node& node, EventSettings& settings) {
  if (!node) return;
  if (!f.require_map(node, "events")) return;
  f.check_keys(node, "events", {"table"});
  settings.enabled = true;
  if (const YAML::Node table = node["table"]) {
    if (table.IsScalar() && (table.Scalar() == "true" || table.Scalar() == "false")) settings.table = table.Scalar() == "true";
    else f.add("events.table", "must be true or false");
  }
}

void read_monitoring_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                             EventSettings& settings) {
  if (!node) return;
  if (!f.require_map(node, "monitoring")) return;
  f.check_keys(node, "monitoring", {"schedules"});
  if (!settings.enabled) f.add("monitoring", "needs events: monitoring looks for events the hazards produce; add 'events: {}'");
  const YAML::Node list = node["schedules"];
  if (!list || !list.IsSequence() || list.size() == 0) {
    f.add("monitoring.schedules", "must be a non-empty list of schedules");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = index_path("monitoring.schedules", i);
    const YAML::Node s = list[i];
    if (!f.require_map(s, path)) continue;
    f.check_keys(s, path, schedule_keys);
    monitoring::Schedule schedule;
    bool ok = true;
    if (const YAML::Node like = s["like"]) {
      const auto name = f.text(like, join_path(path, "like"));
      const auto it = std::find_if(settings.schedules.begin(), settings.schedules.end(),
                                   [&](const auto& earlier) { return name && earlier.name == *name; });
      if (name && it == settings.schedules.end()) {
        f.add(join_path(path, "like"), "'" + *name + "' is not the name of an earlier schedule");
        ok = false;
      } else if (it != settings.schedules.end()) {
        schedule = *it;
      }
    }
    if (auto name =
            s["name"] ? read_output_name(f, s["name"], join_path(path, "name"), event_table_columns) : std::nullopt) {
      schedule.name = *name;
      for (const auto& earlier : settings.schedules)
        if (earlier.name == *name) {
          f.add(join_path(path, "name"), "'" + *name + "' names an earlier schedule too; names must differ");
          ok = false;
        }
    } else {
      if (!s["name"]) f.add(join_path(path, "name"), "missing; a name for the schedule");
      ok = false;
    }
    if (s["interval_days"]) {
      if (auto v = f.number_in(s, "interval_days", path, monitoring::min_interval_day, 36500.0))
        schedule.interval_day = *v;
      else ok = false;
    }
    if (s["start_day"]) {
      if (auto v = f.number_in(s, "start_day", path, 0.0, 36500.0)) schedule.start_day = *v;
      else ok = false;
    }
    if (s["until_days_after_last_infusion"]) {
      if (auto v = f.number_in(s, "until_days_after_last_infusion", path, 0.0, 36500.0))
        schedule.until_after_last_infusion_day = *v;
      else ok = false;
    }
    if (s["attendance"]) {
      if (auto v = f.number_in(s, "attendance", path, 0.0, 1.0)) schedule.attendance = *v;
      else ok = false;
    }
    if (const YAML::Node tests = s["tests"]) {
      schedule.tests.clear();
      if (!tests.IsSequence() || tests.size() == 0) {
        f.add(join_path(path, "tests"), "must be a non-empty list of tests");
        ok = false;
      }
      for (std::size_t t = 0; tests.IsSequence() && t < tests.size(); ++t) {
        const std::string test_path = index_path(join_path(path, "tests"), t);
        auto test = read_test(f, tests[t], test_path, info);
        if (!test) {
          ok = false;
        } else if (std::any_of(schedule.tests.begin(), schedule.tests.end(),
                               [&](const monitoring::TestKind& earlier) { return earlier.name == test->name; })) {
          // Reported, and left out: the schedule stays for later ones `like` it.
          f.add(join_path(test_path, "name"),
                "'" + test->name + "' names an earlier test of this schedule too; names must differ");
        } else {
          schedule.tests.push_back(*test);
        }
      }
    } else if (schedule.tests.empty() && !s["like"]) {  // a `like` that names no schedule is reported above
      f.add(join_path(path, "tests"), "missing; the tests each visit does (or 'like' an earlier schedule)");
      ok = false;
    }
    if (const std::string kept = ok && s["like"] ? copied_settings(s, schedule) : ""; !kept.empty())
      settings.copied.push_back({path, "like '" + s["like"].Scalar() + "', keeps " + kept});
    if (ok) settings.schedules.push_back(schedule);
  }
}

}  // namespace repop::io
