// Where a command's outputs may go (io/output_plan.hpp), and the registry of temporary files that a
// second Ctrl-C removes (io/temporary_files.hpp), on real files in a temporary folder.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/atomic_output.hpp"
#include "io/output_plan.hpp"
#include "io/temporary_files.hpp"

namespace {

namespace fs = std::filesystem;
using repop::io::OutputPlan;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Each test works in a folder of its own, which is also the working directory (relative names).
class Placement : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("repop-output-plan-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(folder_);
    previous_ = fs::current_path();
    fs::current_path(folder_);
    std::ofstream("s.yaml") << "schema_version: 1\nmodel: alz-ref-1\n";
  }
  void TearDown() override {
    fs::current_path(previous_);
    std::error_code ec;
    fs::remove_all(folder_, ec);
  }

  // "path: message" of each problem.
  static std::vector<std::string> problems(const OutputPlan& plan) {
    std::vector<std::string> lines;
    for (const auto& p : plan.problems()) lines.push_back(p.path + ": " + p.message);
    return lines;
  }

  fs::path folder_, previous_;
};

TEST_F(Placement, NewFilesInAnExistingFolderAndAnExistingRegularOutputAreFine) {
  std::ofstream("old.h5") << "an earlier output";
  EXPECT_THAT(problems(OutputPlan().reads("s.yaml", "the scenario").writes("new.h5", "-o").writes("old.h5", "--csv")),
              IsEmpty());
}

TEST_F(Placement, EmptyPathsAreOutputsNotAskedFor) {
  EXPECT_THAT(problems(OutputPlan().reads("", "the scenario").writes("", "--csv").writes("", "-o")), IsEmpty());
}

TEST_F(Placement, AnInputIsRefusedUnderAnyOfItsNames) {
  fs::create_directory("sub");
  fs::create_hard_link("s.yaml", "link.yaml");
  for (const std::string& name :
       std::vector<std::string>{"s.yaml", "./s.yaml", "sub/../s.yaml", (folder_ / "s.yaml").string(), "link.yaml"})
    EXPECT_THAT(problems(OutputPlan().reads("s.yaml", "the scenario").writes(name, "-o")),
                ElementsAre(name + ": cannot be written: it is the scenario (s.yaml), which this command reads"))
        << name;
}

TEST_F(Placement, TwoOutputsAtOnePathAreRefusedEvenBeforeEitherExists) {
  fs::create_directory("sub");
  EXPECT_THAT(problems(OutputPlan().writes("x.h5", "-o").writes("sub/../x.h5", "--csv")),
              ElementsAre("sub/../x.h5: cannot be written: it is given twice, as -o and as --csv; give each output "
                          "its own name"));
}

TEST_F(Placement, FilesThatAreNotRegularAreRefusedAndNamed) {
  fs::create_directory("folder");
  ASSERT_EQ(::mkfifo("fifo", 0644), 0);
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, "socket");
  ASSERT_EQ(::bind(s, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  const auto lines = problems(OutputPlan().writes("folder", "-o").writes("fifo", "--csv").writes("socket", "--summary-json"));
  ::close(s);
  EXPECT_THAT(lines, ElementsAre(HasSubstr("folder: cannot be written: it is a folder"),
                                 HasSubstr("fifo: cannot be written: it is a FIFO"),
                                 HasSubstr("socket: cannot be written: it is a socket")));
}

TEST_F(Placement, ACharacterDeviceIsRefused) {
  if (::mknod("null", S_IFCHR | 0666, makedev(1, 3)) != 0) GTEST_SKIP() << "mknod needs root";
  EXPECT_THAT(problems(OutputPlan().writes("null", "-o")),
              ElementsAre(HasSubstr("null: cannot be written: it is a character device, not a regular file")));
}

TEST_F(Placement, ASymbolicLinkIsRefusedNamingItsTarget) {
  std::ofstream("target.h5") << "kept";
  fs::create_symlink("target.h5", "link.h5");
  EXPECT_THAT(problems(OutputPlan().writes("link.h5", "-o")),
              ElementsAre(HasSubstr("link.h5: cannot be written: it is a symbolic link (to target.h5)")));
}

TEST_F(Placement, AMissingFolderIsRefused) {
  EXPECT_THAT(problems(OutputPlan().writes("missing/x.h5", "-o")),
              ElementsAre("missing/x.h5: cannot be written: folder missing does not exist"));
}

TEST_F(Placement, EveryProblemIsListedOncePerOutputInOrder) {
  const auto lines = problems(OutputPlan()
                                  .reads("s.yaml", "the scenario")
                                  .writes("s.yaml", "-o")
                                  .writes("missing/x.csv", "--csv")
                                  .writes("j.json", "--summary-json")
                                  .writes("j.json", "the part file of MPI rank 0"));
  EXPECT_THAT(lines, ElementsAre(HasSubstr("s.yaml: cannot be written: it is the scenario"),
                                 HasSubstr("missing/x.csv: cannot be written: folder missing"),
                                 HasSubstr("j.json: cannot be written: it is given twice")));
}

// The registry: what a second Ctrl-C removes before the process ends.
TEST_F(Placement, RegisteredTemporaryFilesAreRemovedAndUnregisteredOnesKept) {
  std::ofstream("a.tmp") << "a";
  std::ofstream("b.tmp") << "b";
  repop::io::register_temporary_file("a.tmp");
  repop::io::register_temporary_file("b.tmp");
  repop::io::unregister_temporary_file("b.tmp");
  repop::io::remove_temporary_files();
  EXPECT_FALSE(fs::exists("a.tmp"));
  EXPECT_TRUE(fs::exists("b.tmp"));
  repop::io::unregister_temporary_file("a.tmp");  // taken by the removal: a no-op
}

TEST_F(Placement, AnAtomicOutputRegistersItsTemporaryFileUntilCommitted) {
  {
    repop::io::AtomicOutput output("x.h5");
    std::ofstream(output.temporary_path()) << "partial";
    EXPECT_THROW(repop::io::AtomicOutput("x.h5"), std::logic_error);  // two writers of one path
    repop::io::remove_temporary_files();
    EXPECT_FALSE(fs::exists(output.temporary_path()));
  }
  repop::io::AtomicOutput output("y.h5");
  std::ofstream(output.temporary_path()) << "whole";
  output.commit();
  repop::io::remove_temporary_files();  // no longer registered: the committed file stays
  EXPECT_TRUE(fs::exists("y.h5"));
}

TEST_F(Placement, AFileLeftAtTheTemporaryPathByAKilledProcessIsReplaced) {
  const std::string temporary = "z.h5.tmp." + std::to_string(::getpid());
  std::ofstream(temporary) << std::string(10000, 'x');
  fs::permissions(temporary, fs::perms::owner_read);
  {
    repop::io::AtomicOutput output("z.h5");
    EXPECT_FALSE(fs::exists(temporary));
    std::ofstream(output.temporary_path()) << "new";
    output.commit();
  }
  std::ifstream in("z.h5");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "new");
}

}  // namespace
