#pragma once
// The MPI job this process is one rank of (MPI_COMM_WORLD), and the few collective steps repop
// needs: every rank telling the others whether its step succeeded, and byte buffers or vectors of
// doubles broadcast from rank 0 or gathered to it. Only the thread that made the session may call
// MPI (MPI_THREAD_FUNNELED); worker threads never do.
//
// A rank that waits (for a collective that slower ranks have not reached) sleeps between polls
// instead of spinning, so that on a node shared by several ranks it leaves the cores to the ranks
// still working. MPI errors abort the whole job (MPI's default), so no rank is left waiting.
//
// This header needs no MPI headers: only mpi_session.cpp includes <mpi.h>.

#include <cstddef>
#include <string>
#include <vector>

namespace repop::distributed {

// One rank's outcome of a step: an exit code (0: fine) and, when it failed, why (one line each).
struct RankStatus {
  int exit_code = 0;
  std::vector<std::string> problems;
};

class MpiSession {
 public:
  MpiSession();   // MPI_Init_thread; throws std::runtime_error if MPI cannot start
  ~MpiSession();  // MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

  // Collective: every rank gives its status and gets every rank's, indexed by rank.
  std::vector<RankStatus> exchange_status(const RankStatus& mine) const;

  // Collective: rank 0's buffer, on every rank (the argument is ignored elsewhere).
  std::vector<std::byte> broadcast(std::vector<std::byte> bytes) const;
  std::vector<double> broadcast(std::vector<double> values) const;

  // Collective: every rank's buffer on rank 0, indexed by rank; empty on the other ranks.
  std::vector<std::vector<std::byte>> gather(const std::vector<std::byte>& bytes) const;
  std::vector<std::vector<double>> gather(const std::vector<double>& values) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

// Whether this process was started as one rank of an MPI job (by mpirun, mpiexec or srun), as
// the launchers' environment variables tell; a process started on its own never starts MPI.
bool started_by_mpi_launcher();

// The first rank whose status is a failure, or -1 if every rank succeeded.
int first_failed_rank(const std::vector<RankStatus>& statuses);

// Bytes of a text and back, for broadcasting or gathering strings.
std::vector<std::byte> bytes_of(const std::string& text);
std::string text_of(const std::vector<std::byte>& bytes);

}  // namespace repop::distributed
