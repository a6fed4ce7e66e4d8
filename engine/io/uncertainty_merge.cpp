#include "io/uncertainty_merge.hpp"

#include <optional>

#include <nlohmann/json.hpp>

namespace repop::io {

void write_draw_summaries(hid_t file, std::uint64_t first_draw, const std::vector<std::string>& summaries) {
  h5::Handle group = h5::open_group(file, "uncertainty");
  h5::set_attribute(group.id(), "first_draw", static_cast<std::int64_t>(first_draw));
  std::vector<std::uint8_t> text;
  std::vector<std::uint64_t> ends;
  for (const auto& s : summaries) {
    text.insert(text.end(), s.begin(), s.end());
    ends.push_back(text.size());
  }
  const hsize_t bytes = text.size();
  h5::Handle ds = h5::create_dataset(group.id(), "draw_summary_text", H5T_NATIVE_UINT8, {bytes},
                                     bytes == 0 ? h5::DatasetOptions{}
                                                : h5::DatasetOptions{.chunk = {std::min<hsize_t>(bytes, 1 << 20)},
                                                                     .compress = true});
  if (bytes > 0) h5::write_all<std::uint8_t>(ds.id(), text);
  h5::describe(ds.id(), "1", "each draw's summary JSON, UTF-8, one after another (a part of an uncertainty run)");
  h5::Handle end = h5::write_vector<std::uint64_t>(group.id(), "draw_summary_end", ends);
  h5::describe(end.id(), "1", "where each draw's summary JSON ends in draw_summary_text");
}

bool has_draw_summaries(const Hdf5Input& file) {
  if (!file.has(file.id(), "uncertainty")) return false;
  const h5::Handle group = file.group(file.id(), "uncertainty");
  return file.has(group.id(), "draw_summary_end");
}

UncertaintySummary join_draws(const std::vector<std::string>& parts, const std::vector<std::string>& parameters,
                              const std::string& reference_schedule) {
  std::optional<UncertaintySummary> joined;
  std::uint64_t next_draw = 0;
  for (const auto& path : parts) {
    const Hdf5Input file(path);
    if (!has_draw_summaries(file))
      file.refuse("has no /uncertainty/draw_summary_end: not a part of an uncertainty run made by --shard");
    const h5::Handle group = file.group(file.id(), "uncertainty");
    const auto first_draw = static_cast<std::uint64_t>(file.integer_attribute(group.id(), "first_draw"));
    if (first_draw != next_draw)
      file.refuse("holds draws from " + std::to_string(first_draw) + ", but the parts before it end at draw " +
                  std::to_string(next_draw));
    const auto per_draw = static_cast<std::uint64_t>(file.integer_attribute(group.id(), "patients_per_draw"));
    const auto ends = file.list<std::uint64_t>(group.id(), "draw_summary_end");
    const auto text = file.values<std::uint8_t>(group.id(), "draw_summary_text", ends.empty() ? 0 : ends.back(),
                                                "bytes of draw summaries");
    const auto values = file.values<double>(group.id(), "parameter_values", {ends.size(), parameters.size()},
                                            "draws");
    if (!joined) joined.emplace(parameters, per_draw, reference_schedule);
    std::uint64_t start = 0;
    for (std::size_t k = 0; k < ends.size(); ++k) {
      if (ends[k] < start || ends[k] > text.size()) file.refuse("/uncertainty/draw_summary_end is not ascending");
      nlohmann::json summary;
      try {
        summary = nlohmann::json::parse(text.begin() + static_cast<std::ptrdiff_t>(start),
                                        text.begin() + static_cast<std::ptrdiff_t>(ends[k]));
      } catch (const nlohmann::json::exception&) {
        file.refuse("the summary of draw " + std::to_string(first_draw + k) + " is not JSON");
      }
      joined->add_draw(std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(k * parameters.size()),
                                           values.begin() + static_cast<std::ptrdiff_t>((k + 1) * parameters.size())),
                       summary);
      start = ends[k];
    }
    next_draw = first_draw + ends.size();
  }
  return std::move(*joined);
}

}  // namespace repop::io
