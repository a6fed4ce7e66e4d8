// The collective steps of distributed::MpiSession, run by ctest under mpiexec on three ranks: each
// rank runs every test, and a failure on any rank fails the job.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "distributed/mpi_session.hpp"

namespace {

using repop::distributed::bytes_of;
using repop::distributed::first_failed_rank;
using repop::distributed::MpiSession;
using repop::distributed::RankStatus;
using repop::distributed::text_of;
using ::testing::ElementsAre;

// One session for the whole process: MPI starts once and ends once.
MpiSession* mpi = nullptr;

TEST(MpiSession, RunsOnMoreThanOneRank) {
  ASSERT_GE(mpi->size(), 2) << "run this test under mpiexec -n 3";
  EXPECT_GE(mpi->rank(), 0);
  EXPECT_LT(mpi->rank(), mpi->size());
  EXPECT_EQ(mpi->is_root(), mpi->rank() == 0);
}

TEST(MpiSession, BroadcastGivesEveryRankTheRootsBuffer) {
  const std::vector<double> mine = mpi->is_root() ? std::vector<double>{1.5, -2.0, 1e300} : std::vector<double>{7.0};
  EXPECT_THAT(mpi->broadcast(mine), ElementsAre(1.5, -2.0, 1e300));
  const std::string text = mpi->is_root() ? "scenario text\nwith two lines" : "";
  EXPECT_EQ(text_of(mpi->broadcast(bytes_of(text))), "scenario text\nwith two lines");
  EXPECT_TRUE(mpi->broadcast(std::vector<double>{}).empty());
}

TEST(MpiSession, GatherCollectsEveryRanksBufferOnTheRootInRankOrder) {
  // Rank r gives r + 1 values, all equal to r (rank 0 gives one value, 0).
  const std::vector<double> mine(static_cast<std::size_t>(mpi->rank() + 1), static_cast<double>(mpi->rank()));
  const auto gathered = mpi->gather(mine);
  const auto texts = mpi->gather(bytes_of("rank " + std::to_string(mpi->rank())));
  if (!mpi->is_root()) {
    EXPECT_TRUE(gathered.empty());
    EXPECT_TRUE(texts.empty());
    return;
  }
  ASSERT_EQ(gathered.size(), static_cast<std::size_t>(mpi->size()));
  for (int r = 0; r < mpi->size(); ++r) {
    EXPECT_EQ(gathered[r], std::vector<double>(static_cast<std::size_t>(r + 1), static_cast<double>(r))) << r;
    EXPECT_EQ(text_of(texts[r]), "rank " + std::to_string(r));
  }
}

TEST(MpiSession, EveryRankLearnsWhichRanksFailedAndWhy) {
  RankStatus mine;
  if (mpi->rank() == 1) mine = {74, {"part.h5: disk full", "second line"}};
  if (mpi->rank() == 2) mine = {70, {}};
  const auto statuses = mpi->exchange_status(mine);
  ASSERT_EQ(statuses.size(), static_cast<std::size_t>(mpi->size()));
  EXPECT_EQ(statuses[0].exit_code, 0);
  EXPECT_TRUE(statuses[0].problems.empty());
  EXPECT_EQ(statuses[1].exit_code, 74);
  EXPECT_THAT(statuses[1].problems, ElementsAre("part.h5: disk full", "second line"));
  if (mpi->size() > 2) {
    EXPECT_EQ(statuses[2].exit_code, 70);
  }
  EXPECT_EQ(first_failed_rank(statuses), 1);
  EXPECT_EQ(first_failed_rank(mpi->exchange_status({})), -1);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const auto session = std::make_unique<MpiSession>();
  mpi = session.get();
  return RUN_ALL_TESTS();
}
