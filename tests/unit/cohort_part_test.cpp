// --shard i/K and the patients each part runs (plan::PatientPart): read strictly, and computed without overflow.

#include <gtest/gtest.h>

#include <string>

#include "cli/cohort_command.hpp"
#include "cli/whole_number.hpp"

namespace repop::cli {
namespace {

TEST(CohortPart, ShardIsReadStrictly) {
  const auto part = parse_shard("2/3");
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->index, 2u);
  EXPECT_EQ(part->count, 3u);
  EXPECT_TRUE(parse_shard("0/18446744073709551615").has_value());
  for (const std::string bad : {"1/-1", "-1/2", "+1/2", " 0/2", "0/2 ", "0/ 2", "1/2x", "0x1/2", "1.0/2", "3/3", "0/0",
                                "0/18446744073709551616", "18446744073709551616/18446744073709551617", "1", "/2", "1/",
                                "1//2", "a/b"})
    EXPECT_FALSE(parse_shard(bad).has_value()) << bad;
}

TEST(CohortPart, NoShardIsTheWholeCohort) {
  const auto part = parse_shard("");
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->first_patient(1000), 0u);
  EXPECT_EQ(part->end_patient(1000), 1000u);
}

TEST(CohortPart, RangesOfHugeCohortsDoNotOverflow) {
  // total * index needs 73 bits here; in 64 bits it wrapped to patients 1,643,563,610-1,643,563,710.
  const auto part = parse_shard("9000000000/10000000000");
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->first_patient(1'000'000'000'000ULL), 900'000'000'000ULL);
  EXPECT_EQ(part->end_patient(1'000'000'000'000ULL), 900'000'000'100ULL);
}

TEST(CohortPart, PartsTileTheCohort) {
  const std::uint64_t total = 1'000'000'000'000ULL;
  plan::PatientPart part;
  part.count = 7;
  std::uint64_t end = 0;
  for (std::uint64_t i = 0; i < 7; ++i) {
    part.index = i;
    EXPECT_EQ(part.first_patient(total), end);
    end = part.end_patient(total);
  }
  EXPECT_EQ(end, total);
}

TEST(WholeNumber, DigitsOnlyWithin64Bits) {
  EXPECT_EQ(parse_whole_number("0"), 0u);
  EXPECT_EQ(parse_whole_number("9007199254740992"), 9007199254740992u);
  EXPECT_EQ(parse_whole_number("18446744073709551615"), 18446744073709551615u);
  for (const std::string bad : {"", "-1", "+1", " 1", "1 ", "1e3", "0x10", "1.5", "18446744073709551616"})
    EXPECT_FALSE(parse_whole_number(bad).has_value()) << bad;
}

}  // namespace
}  // namespace repop::cli
