#include "distributed/mpi_session.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <utility>

namespace repop::distributed {

namespace {

template <class T>
MPI_Datatype datatype_of();
template <>
MPI_Datatype datatype_of<std::byte>() { return MPI_BYTE; }
template <>
MPI_Datatype datatype_of<double>() { return MPI_DOUBLE; }
template <>
MPI_Datatype datatype_of<char>() { return MPI_CHAR; }

// Polls the request, sleeping between polls (20 µs, doubling up to 10 ms): a rank that reached a
// collective early must not spin on a core that a slower rank on the same node needs.
void wait_politely(MPI_Request& request) {
  auto pause = std::chrono::microseconds(20);
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(10000));
  }
}

// MPI counts are int; the check runs on every rank with the same numbers, so all throw together.
int as_count(long long n) {
  if (n < 0 || n > INT_MAX) throw std::length_error("a buffer of " + std::to_string(n) + " elements is too large for one MPI message");
  return static_cast<int>(n);
}

// Every rank's `value`, indexed by rank, on every rank.
std::vector<long long> all_gather_numbers(const std::vector<long long>& mine, int size) {
  std::vector<long long> all(mine.size() * static_cast<std::size_t>(size));
  MPI_Request request;
  MPI_Iallgather(mine.data(), as_count(static_cast<long long>(mine.size())), MPI_LONG_LONG, all.data(),
                 as_count(static_cast<long long>(mine.size())), MPI_LONG_LONG, MPI_COMM_WORLD, &request);
  wait_politely(request);
  return all;
}

template <class T>
std::vector<T> broadcast_from_root(std::vector<T> values) {
  long long length = static_cast<long long>(values.size());
  MPI_Request request;
  MPI_Ibcast(&length, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD, &request);
  wait_politely(request);
  values.resize(static_cast<std::size_t>(length));
  MPI_Ibcast(values.data(), as_count(length), datatype_of<T>(), 0, MPI_COMM_WORLD, &request);
  wait_politely(request);
  return values;
}

// Every rank's values, indexed by rank, on every rank (`to_all`) or on rank 0 only.
template <class T>
std::vector<std::vector<T>> gather_by_rank(const std::vector<T>& mine, int rank, int size, bool to_all) {
  const std::vector<long long> lengths = all_gather_numbers({static_cast<long long>(mine.size())}, size);
  std::vector<int> counts, offsets;
  for (const long long n : lengths) {
    offsets.push_back(counts.empty() ? 0 : offsets.back() + counts.back());
    counts.push_back(as_count(n));
  }
  const int total = as_count(std::accumulate(lengths.begin(), lengths.end(), 0LL));
  const bool receives = to_all || rank == 0;
  std::vector<T> joined(receives ? static_cast<std::size_t>(total) : 0);
  MPI_Request request;
  if (to_all)
    MPI_Iallgatherv(mine.data(), counts[rank], datatype_of<T>(), joined.data(), counts.data(), offsets.data(),
                    datatype_of<T>(), MPI_COMM_WORLD, &request);
  else
    MPI_Igatherv(mine.data(), counts[rank], datatype_of<T>(), joined.data(), counts.data(), offsets.data(),
                 datatype_of<T>(), 0, MPI_COMM_WORLD, &request);
  wait_politely(request);
  std::vector<std::vector<T>> by_rank;
  if (!receives) return by_rank;
  for (int r = 0; r < size; ++r)
    by_rank.emplace_back(joined.begin() + offsets[r], joined.begin() + offsets[r] + counts[r]);
  return by_rank;
}

}  // namespace

MpiSession::MpiSession() {
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    throw std::runtime_error("MPI could not start");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("this MPI library does not allow threads beside the one that calls MPI (MPI_THREAD_FUNNELED)");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

std::vector<RankStatus> MpiSession::exchange_status(const RankStatus& mine) const {
  std::string text;
  for (const auto& line : mine.problems) text.append(line).push_back('\n');
  const std::vector<long long> codes = all_gather_numbers({mine.exit_code}, size_);
  const auto texts = gather_by_rank(std::vector<char>(text.begin(), text.end()), rank_, size_, true);
  std::vector<RankStatus> statuses(static_cast<std::size_t>(size_));
  for (int r = 0; r < size_; ++r) {
    statuses[r].exit_code = static_cast<int>(codes[r]);
    std::string line;
    for (const char c : texts[r]) {
      if (c != '\n') line.push_back(c);
      else statuses[r].problems.push_back(std::exchange(line, {}));
    }
  }
  return statuses;
}

std::vector<std::byte> MpiSession::broadcast(std::vector<std::byte> bytes) const {
  return broadcast_from_root(std::move(bytes));
}

std::vector<double> MpiSession::broadcast(std::vector<double> values) const {
  return broadcast_from_root(std::move(values));
}

std::vector<std::vector<std::byte>> MpiSession::gather(const std::vector<std::byte>& bytes) const {
  return gather_by_rank(bytes, rank_, size_, false);
}

std::vector<std::vector<double>> MpiSession::gather(const std::vector<double>& values) const {
  return gather_by_rank(values, rank_, size_, false);
}

bool started_by_mpi_launcher() {
  // Open MPI's mpirun; PMIx (Open MPI 4+, srun --mpi=pmix); PMI-1/2 (MPICH and Intel MPI's
  // Hydra, srun --mpi=pmi2); MVAPICH.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MV2_COMM_WORLD_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

int first_failed_rank(const std::vector<RankStatus>& statuses) {
  for (std::size_t r = 0; r < statuses.size(); ++r)
    if (statuses[r].exit_code != 0) return static_cast<int>(r);
  return -1;
}

std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> bytes(text.size());
  std::transform(text.begin(), text.end(), bytes.begin(), [](char c) { return static_cast<std::byte>(c); });
  return bytes;
}

std::string text_of(const std::vector<std::byte>& bytes) {
  std::string text(bytes.size(), '\0');
  std::transform(bytes.begin(), bytes.end(), text.begin(), [](std::byte b) { return static_cast<char>(b); });
  return text;
}

}  // namespace repop::distributed
