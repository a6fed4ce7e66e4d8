#include "io/yaml_document.hpp"

#include <map>
#include <sstream>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "io/yaml_fields.hpp"

namespace repop::io {

namespace {

std::string line_of(const YAML::Mark& mark) { return std::to_string(mark.line + 1); }

// Follows the parser's events and reports every key that a mapping already has. It works on the
// event stream rather than on the loaded nodes, so an alias is one event and never expanded: a
// file of nested aliases costs no more to check than to parse.
class DuplicateKeyFinder : public YAML::EventHandler {
 public:
  explicit DuplicateKeyFinder(core::ProblemList& problems) : problems_(problems) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { leaf(); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { leaf(); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
    if (!frames_.empty() && frames_.back().is_map && frames_.back().expecting_key) key(mark, value);
    else leaf();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool is_map = false;
    std::string path;
    std::size_t items = 0;         // a list's items so far
    bool expecting_key = true;     // a mapping's next node is a key
    bool plain_key = false;        // the value's key is a scalar (other keys are reported by the readers)
    std::string current_key;
    std::map<std::string, YAML::Mark> keys;  // the scalar keys so far, where each first appeared
  };

  // The field path of the node that starts now.
  std::string child_path() const {
    if (frames_.empty()) return "";
    const Frame& parent = frames_.back();
    if (!parent.is_map) return index_path(parent.path, parent.items);
    if (parent.expecting_key) return parent.path;  // a list or mapping used as a key
    return parent.plain_key ? join_path(parent.path, parent.current_key) : parent.path;
  }

  // A node ended: the parent moves on to its next item, key or value.
  void leaf() {
    if (frames_.empty()) return;
    Frame& parent = frames_.back();
    if (!parent.is_map) {
      ++parent.items;
    } else {
      if (parent.expecting_key) parent.plain_key = false;
      parent.expecting_key = !parent.expecting_key;
    }
  }

  void key(const YAML::Mark& mark, const std::string& value) {
    Frame& map = frames_.back();
    const auto [earlier, first] = map.keys.emplace(value, mark);
    if (!first) {
      const std::string lines = earlier->second.line == mark.line
                                    ? "on line " + line_of(mark)
                                    : "(lines " + line_of(earlier->second) + " and " + line_of(mark) + ")";
      problems_.add(join_path(map.path, value), "given twice " + lines + "; a key may appear only once in a mapping");
    }
    map.current_key = value;
    map.plain_key = true;
    map.expecting_key = false;
  }

  void open(bool is_map) {
    Frame frame;
    frame.is_map = is_map;
    frame.path = child_path();
    frames_.push_back(std::move(frame));
  }

  void close() {
    frames_.pop_back();
    leaf();
  }

  core::ProblemList& problems_;
  std::vector<Frame> frames_;
};

[[noreturn]] void throw_not_yaml(const YAML::Exception& e) {
  std::string where;
  if (!e.mark.is_null())
    where = " (line " + std::to_string(e.mark.line + 1) + ", column " + std::to_string(e.mark.column + 1) + ")";
  throw core::InputError({{"", "not valid YAML: " + e.msg + where}});
}

// Counts the documents after the first; parsing stops at the second.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  YAML::Mark start;
};

}  // namespace

YAML::Node load_yaml_document(const std::string& text, core::ProblemList& problems) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  try {
    DuplicateKeyFinder finder(problems);
    parser.HandleNextDocument(finder);
  } catch (const YAML::Exception& e) {
    throw_not_yaml(e);
  }
  // Whatever follows the first document, well formed or not, would be ignored: say so.
  DocumentCounter next;
  try {
    if (parser.HandleNextDocument(next))
      problems.add("", "a second YAML document starts on line " + line_of(next.start) +
                           "; a file holds one (remove the '---' and what follows, or merge it into the first)");
  } catch (const YAML::Exception& e) {
    problems.add("", "more follows the first YAML document and is not valid YAML either (line " + line_of(e.mark) +
                         ": " + e.msg + "); a file holds one document");
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw_not_yaml(e);
  }
}

}  // namespace repop::io
