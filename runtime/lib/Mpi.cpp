//===- Mpi.cpp - Data-parallel training across processes with MPI ---------===//

#include "dlc/runtime/Mpi.h"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace dlc::runtime::mpi {

namespace {

/// Elements per MPI call: counts are ints.
constexpr int64_t kMaxCount = int64_t(1) << 28;

std::string errorText(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return std::string(text, size_t(length));
}

MPI_Datatype datatypeOf(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return MPI_FLOAT;
  case DType::f64:
    return MPI_DOUBLE;
  case DType::i32:
    return MPI_INT32_T;
  case DType::i64:
    return MPI_INT64_T;
  }
  return MPI_BYTE;
}

} // namespace

bool launchedByMpirun() {
  for (const char *name :
       {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(name))
      return true;
  return false;
}

Session::Session(int *argc, char ***argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    MPI_Init(argc, argv);
    owns = true;
  }
  // Errors come back as codes, which become messages, rather than ending
  // the job from inside MPI.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

Session::~Session() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (owns && !finalized)
    MPI_Finalize();
}

Collective::Collective(double timeoutSeconds) : timeout(timeoutSeconds) {
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

namespace {

/// Waits for `requests` until `timeout` seconds have passed; "" or why not.
std::string waitFor(std::vector<MPI_Request> &requests, double timeout,
                    const std::string &what) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(timeout));
  for (int64_t polls = 0;; ++polls) {
    int done = 0;
    if (int code = MPI_Testall(int(requests.size()), requests.data(), &done,
                               MPI_STATUSES_IGNORE);
        code != MPI_SUCCESS)
      return what + ": " + errorText(code);
    if (done)
      return "";
    if (Clock::now() > deadline) {
      char seconds[32];
      std::snprintf(seconds, sizeof(seconds), "%g", timeout);
      return what + " did not complete within " + seconds +
             " s: another process died, hangs or runs something else";
    }
    // Spin briefly (the other processes are usually a few microseconds
    // behind), then sleep so that a long wait does not take a core.
    if (polls > 10000)
      std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

} // namespace

std::string Collective::allreduce(std::span<const GradientSpec> layout,
                                  std::byte *grads, int64_t bytes,
                                  std::span<double> results) {
  ++operations;
  std::vector<MPI_Request> requests;
  auto start = [&](void *data, int64_t count, MPI_Datatype type,
                   int64_t elementBytes) -> int {
    for (int64_t done = 0; done < count; done += kMaxCount) {
      MPI_Request request;
      if (int code = MPI_Iallreduce(MPI_IN_PLACE,
                                    static_cast<std::byte *>(data) +
                                        done * elementBytes,
                                    int(std::min(kMaxCount, count - done)),
                                    type, MPI_SUM, MPI_COMM_WORLD, &request);
          code != MPI_SUCCESS)
        return code;
      requests.push_back(request);
    }
    return MPI_SUCCESS;
  };
  // The block in runs of gradients of one element type: one call for the
  // usual all-f32 block (the padding between gradients is zeros).
  for (size_t first = 0; first < layout.size();) {
    size_t last = first;
    while (last + 1 < layout.size() &&
           layout[last + 1].dtype == layout[first].dtype)
      ++last;
    int64_t elementBytes = int64_t(sizeOf(layout[first].dtype));
    int64_t begin = layout[first].offset;
    int64_t end = layout[last].offset + layout[last].elements * elementBytes;
    if (end > bytes)
      return "the gradient layout exceeds its block";
    if (int code = start(grads + begin, (end - begin) / elementBytes,
                         datatypeOf(layout[first].dtype), elementBytes);
        code != MPI_SUCCESS)
      return "the gradients' allreduce: " + errorText(code);
    first = last + 1;
  }
  if (!results.empty())
    if (int code = start(results.data(), int64_t(results.size()), MPI_DOUBLE,
                         sizeof(double));
        code != MPI_SUCCESS)
      return "the losses' allreduce: " + errorText(code);
  return waitFor(requests, timeout,
                 "the allreduce of a step's gradients (collective operation #" +
                     std::to_string(operations) + ")");
}

std::string Collective::broadcast(std::byte *data, int64_t bytes) {
  ++operations;
  std::vector<MPI_Request> requests;
  for (int64_t done = 0; done < bytes; done += kMaxCount) {
    MPI_Request request;
    if (int code =
            MPI_Ibcast(data + done, int(std::min(kMaxCount, bytes - done)),
                       MPI_BYTE, 0, MPI_COMM_WORLD, &request);
        code != MPI_SUCCESS)
      return "broadcast: " + errorText(code);
    requests.push_back(request);
  }
  return waitFor(requests, timeout,
                 "a broadcast of rank 0's state (collective operation #" +
                     std::to_string(operations) + ")");
}

void Collective::abort(const std::string &message, int code) {
  std::fprintf(stderr, "rank %d: %s\n", rank_, message.c_str());
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

} // namespace dlc::runtime::mpi
