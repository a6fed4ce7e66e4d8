// The error classes carry the exit codes sysexits(3) gives their causes (64 usage, 65 data error,
// 66 no input, 69 unavailable, 70 software, 73 cannot create, 74 I/O error; 128 + the signal for an
// interruption), and list their problems one a line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "core/error.hpp"
#include "core/input_error.hpp"

namespace repop::core {
namespace {

TEST(Error, EachCauseCarriesItsSysexitsCode) {
  EXPECT_EQ(UsageError("--shard", "x").exit_code(), 64);
  EXPECT_EQ(InputError(std::vector<Problem>{{"a", "b"}}).exit_code(), 65);
  EXPECT_EQ(MissingInput("s.yaml", "no such file").exit_code(), 66);
  EXPECT_EQ(Unavailable("python3", "not found").exit_code(), 69);
  EXPECT_EQ(InternalError("MPI", "cannot start").exit_code(), 70);
  EXPECT_EQ(CannotCreateOutput(std::vector<Problem>{{"out.h5", "is a folder"}}).exit_code(), 73);
  EXPECT_EQ(IoError("out.h5", "disk full").exit_code(), 74);
  EXPECT_EQ(Interrupted(SIGINT, "stopped").exit_code(), 128 + SIGINT);
  EXPECT_EQ(Interrupted(SIGTERM, "stopped").exit_code(), 128 + SIGTERM);
}

TEST(Error, WhatListsEveryProblemOneALine) {
  const InputError e({{"regimen.courses[2].days", "-1, but must be >= 1"}, {"", "not valid YAML"}});
  EXPECT_STREQ(e.what(), "regimen.courses[2].days: -1, but must be >= 1\nnot valid YAML");
  const MissingInput missing("s.yaml", "no such file");
  EXPECT_EQ(missing.path(), "s.yaml");
  EXPECT_EQ(missing.reason(), "no such file");
}

TEST(Error, AnInputErrorLearnsItsFileWithoutLosingAProblem) {
  const InputError unnamed({{"a", "b"}, {"c", "d"}});
  EXPECT_EQ(unnamed.file(), "");
  const InputError named = unnamed.in_file("s.yaml");
  EXPECT_EQ(named.file(), "s.yaml");
  ASSERT_EQ(named.problems().size(), 2u);
  EXPECT_EQ(named.problems()[1].to_string(), "c: d");
}

TEST(Error, AProblemListThrowsOnlyWhenItHasProblems) {
  ProblemList problems;
  EXPECT_NO_THROW(problems.throw_if_any());
  problems.add("x", "is required");
  try {
    problems.throw_if_any();
    FAIL() << "expected an input error";
  } catch (const Error& e) {  // caught as the base, as main catches it
    EXPECT_EQ(e.exit_code(), static_cast<int>(ExitCode::invalid_input));
    EXPECT_NE(dynamic_cast<const InputError*>(&e), nullptr);
  }
}

}  // namespace
}  // namespace repop::core
