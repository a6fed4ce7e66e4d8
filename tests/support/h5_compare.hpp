#pragma once
// Whether two result files hold the same results, object by object, by h5diff (Debian's
// hdf5-tools). Shared by the e2e tests of threads, shards, merges and MPI ranks.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace repop::test_support {

// What a cohort file holds per patient and in summary; /events is the event table. Provenance
// (the root's attributes: command line, title) is left out, as it names how the file was made.
inline const std::vector<std::string> cohort_objects = {"/summary", "/patients", "/trajectories", "/events",
                                                        "/courses", "/patient",  "/time"};

// Whether one object (group or dataset, recursively, with attributes) is the same in two files,
// by h5diff; `report` keeps what it printed. h5diff exits with 0 when equal, 1 when different or
// present in one file only, 2 on errors (an object in neither), but also 0 for datasets of
// different shapes, which it calls "not comparable" and lists with -c: those count as different.
inline bool same_in_both(const fs::path& a, const fs::path& b, const std::string& object, std::string& report) {
  const fs::path listing = b.parent_path().parent_path() / ("h5diff-" + b.filename().string() + ".txt");  // beside work
  const std::string command =
      "h5diff -c " + quoted(a) + " " + quoted(b) + " " + object + " " + object + " >" + quoted(listing) + " 2>&1";
  const int status = std::system(command.c_str());
  report = read_text(listing);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 && report.find("ot comparable") == std::string::npos;
}

inline void expect_same(const fs::path& a, const fs::path& b, const std::vector<std::string>& objects) {
  for (const auto& object : objects) {
    std::string report;
    EXPECT_TRUE(same_in_both(a, b, object, report)) << object << " differs between " << a << " and " << b << ":\n"
                                                    << report.substr(0, 2000);
  }
}

inline void expect_different(const fs::path& a, const fs::path& b, const std::string& object) {
  std::string report;
  EXPECT_FALSE(same_in_both(a, b, object, report)) << object << " of " << a << " and " << b;
}

}  // namespace repop::test_support
