//===- Mpi.h - Data-parallel training across processes with MPI -----------===//
//
// The Collective of DataParallelStep and fit over MPI (OpenMPI from Debian:
// libopenmpi-dev, openmpi-bin), in its own library, dlc_runtime_mpi, built
// where MPI is found, so that the core runtime never depends on MPI:
//
//   dlc::runtime::mpi::Session session(argc, argv);   // MPI_Init
//   dlc::runtime::mpi::Collective processes;           // MPI_COMM_WORLD
//   options.processes = &processes;                    // FitOptions
//   if (error) processes.abort(error);                 // ends every rank
//
// The gradient block is summed with one MPI_Allreduce (a nonblocking one,
// waited for with a deadline): a process that died or stopped answering
// makes the others fail with a message after the timeout rather than wait
// forever. mpirun itself ends the job when a process exits without
// MPI_Finalize.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_MPI_H
#define DLC_RUNTIME_MPI_H

#include "dlc/runtime/DataParallel.h"

#include <string>

namespace dlc::runtime::mpi {

/// Whether this process was started by an MPI launcher (mpirun, mpiexec,
/// srun): the variables Open MPI, PMI and PMIx set.
bool launchedByMpirun();

/// MPI for the life of the object: MPI_Init (when not initialized yet),
/// MPI_Finalize at the end (when it initialized MPI).
class Session {
public:
  Session(int *argc, char ***argv);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

private:
  bool owns = false;
};

/// The processes of MPI_COMM_WORLD.
class Collective final : public runtime::Collective {
public:
  /// `timeoutSeconds`: how long a collective operation waits for the other
  /// processes before it fails.
  explicit Collective(double timeoutSeconds = 300);

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string allreduce(std::span<const GradientSpec> layout, std::byte *grads,
                        int64_t bytes, std::span<double> results) override;
  std::string broadcast(std::byte *data, int64_t bytes) override;

  /// Prints "rank R: <message>" to stderr and ends every process of the
  /// job (MPI_Abort), so that none waits for this one.
  [[noreturn]] void abort(const std::string &message, int code = 1);

private:
  int rank_ = 0, size_ = 1;
  double timeout;
  int64_t operations = 0;
};

} // namespace dlc::runtime::mpi

#endif // DLC_RUNTIME_MPI_H
