#pragma once
// The `repop` command as a user meets it: the real binary (REPOP_BINARY), run in a fresh folder,
// judged by its exit code, what it prints and the files it leaves behind. Shared by the e2e tests.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace repop::test_support {

namespace fs = std::filesystem;

// Single quotes for the shell; the paths here never contain one. (Built by append: GCC 12 warns
// falsely, -Wrestrict, about "'" + std::string.)
inline std::string quoted(const fs::path& p) { return std::string("'").append(p.string()).append("'"); }

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `repop <arguments>` (shell words, quoted where needed) inside `folder`; its stdout and
// stderr go to the files `out` and `err`, which should lie outside `folder`. A `launcher` (shell
// words, e.g. "mpiexec -n 2") starts repop through it.
inline Outcome run_repop(const fs::path& folder, const std::string& arguments, const fs::path& out,
                         const fs::path& err, const std::string& launcher = "") {
  const std::string command = "cd " + quoted(folder) + " && " + launcher + (launcher.empty() ? "" : " ") +
                              quoted(REPOP_BINARY) + " " + arguments + " >" + quoted(out) + " 2>" + quoted(err);
  const int status = std::system(command.c_str());
  Outcome o;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = read_text(out);
  o.err = read_text(err);
  return o;
}

// Runs `repop <arguments>` in `shared`/work, a folder for runs that several tests of one process
// use, made on first use (named by `prefix` and the process); whether repop exited with 0.
inline bool run_shared_repop(fs::path& shared, const std::string& prefix, const std::string& arguments) {
  if (shared.empty()) {
    shared = fs::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()));
    fs::create_directories(shared / "work");
  }
  const Outcome o = run_repop(shared / "work", arguments, shared / "stdout.txt", shared / "stderr.txt");
  EXPECT_EQ(o.exit_code, 0) << arguments << "\n" << o.err;
  return o.exit_code == 0;
}

// Each test gets an empty working folder `work` for repop, and keeps repop's stdout and stderr
// outside it, so that what repop wrote (or did not write) can be checked file by file.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("repop-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + info->name());
    fs::create_directories(root_ / "work");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  fs::path work() const { return root_ / "work"; }
  // A path beside work(), for files the test itself makes.
  fs::path beside_work(const std::string& name) const { return root_ / name; }

  // Runs `repop <arguments>` inside work().
  Outcome repop(const std::string& arguments) const {
    return run_repop(work(), arguments, beside_work("stdout.txt"), beside_work("stderr.txt"));
  }

  // Writes a scenario file into work() and returns its path.
  fs::path write_scenario(const std::string& name, const std::string& text) const {
    const fs::path p = work() / name;
    std::ofstream(p) << text;
    return p;
  }

  // The names of the files in work(), sorted.
  std::vector<std::string> files_in_work() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(work())) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path root_;
};

}  // namespace repop::test_support
