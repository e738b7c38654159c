//===- MpiEquivalence.cpp - Data-parallel training across MPI processes ---===//
//
// Run under mpirun (test/parallel/mpirun.sh): every chapter training step,
// trained for a few steps on each rank's shard of a global batch of 7
// samples (uneven shards: 3 + 4, 2 + 2 + 3), with `--threads N` threads per
// rank, must match on every rank the fused step on the whole batch, as the
// threads test checks it; the ranks must hold bit-identical parameters, and
// a second run on the same ranks the same bits.
//
// `--die-rank R` / `--hang-rank R`: rank R exits / stops answering before
// the second step's allreduce; the others must then fail with a message
// within `--timeout S` seconds rather than wait forever.
//
//===----------------------------------------------------------------------===//

#include "Subjects.h"

#include "dlc/runtime/DataParallel.h"
#include "dlc/runtime/Mpi.h"
#include "dlc/runtime/ThreadPool.h"

#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <thread>

using namespace dlc;

namespace {

constexpr int64_t kBatch = 7;
constexpr int kSteps = 4;

/// FNV-1a over the state's bytes.
uint64_t stateHash(runtime::TrainStep &step) {
  uint64_t hash = 1469598103934665603ull;
  for (const runtime::TensorView &view : step.state()) {
    int64_t n = 1;
    for (int64_t dim : view.shape)
      n *= dim;
    const auto *bytes = static_cast<const unsigned char *>(view.data);
    for (size_t i = 0; i < size_t(n) * runtime::sizeOf(view.dtype); ++i)
      hash = (hash ^ bytes[i]) * 1099511628211ull;
  }
  return hash;
}

} // namespace

int main(int argc, char **argv) {
  runtime::mpi::Session session(&argc, &argv);
  unsigned threads = 1;
  int dieRank = -1, hangRank = -1;
  double timeout = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view name = argv[i];
    if (name == "--threads")
      threads = unsigned(std::atoi(argv[i + 1]));
    else if (name == "--die-rank")
      dieRank = std::atoi(argv[i + 1]);
    else if (name == "--hang-rank")
      hangRank = std::atoi(argv[i + 1]);
    else if (name == "--timeout")
      timeout = std::atof(argv[i + 1]);
  }
  runtime::mpi::Collective processes(timeout);
  int rank = processes.rank(), size = processes.size();
  bool failureTest = dieRank >= 0 || hangRank >= 0;
  std::optional<runtime::ThreadPool> pool;
  if (threads > 1)
    pool.emplace(threads, /*pinned=*/false);
  runtime::ThreadPool *pointer = pool ? &*pool : nullptr;

  int failures = 0;
  auto check = [&](bool ok, const std::string &what) {
    if (!ok) {
      std::fprintf(stderr, "rank %d: FAILED: %s\n", rank, what.c_str());
      ++failures;
    }
  };
  std::vector<test::Subject> subjects = test::subjects();
  if (failureTest)
    subjects.resize(1);
  for (const test::Subject &subject : subjects) {
    std::unique_ptr<test::Instance> one = subject.make(5),
                                    many = subject.make(5),
                                    again = subject.make(5);
    runtime::DataParallelStep parallel(many->step(), pointer, &processes),
        repeated(again->step(), pointer, &processes);
    if (!parallel.error().empty())
      processes.abort(parallel.error());
    for (runtime::DataParallelStep *step : {&parallel, &repeated})
      if (std::string error = step->broadcastState(); !error.empty())
        processes.abort(error);
    size_t numResults = one->step().resultNames().size();
    std::vector<double> expected(numResults), results(numResults);
    for (int step = 0; step < kSteps; ++step) {
      std::string where = subject.name + " step " + std::to_string(step + 1);
      if (step == 1 && rank == dieRank)
        std::_Exit(3);
      if (step == 1 && rank == hangRank)
        std::this_thread::sleep_for(std::chrono::hours(1));
      runtime::Batch batch = test::randomBatch(one->step(), kBatch, 100 + step);
      runtime::Batch shard =
          test::rowsOf(batch, kBatch * rank / size, kBatch * (rank + 1) / size);
      one->step().step(batch, expected);
      if (std::string error = parallel.step(shard, results); !error.empty())
        processes.abort(where + ": " + error);
      if (std::string error = repeated.step(shard, results); !error.empty())
        processes.abort(where + ": " + error);
      for (size_t i = 0; i < numResults; ++i)
        check(std::abs(results[i] - expected[i]) <=
                  1e-6 * std::max(1.0, std::abs(expected[i])),
              where + ": " + std::string(one->step().resultNames()[i]) + " " +
                  std::to_string(results[i]) + " against " +
                  std::to_string(expected[i]));
      test::StateDifference difference =
          test::stateDifference(one->step(), many->step());
      check(difference.params <= 1e-6, where + ": parameters differ by " +
                                           std::to_string(difference.params) +
                                           " in " + difference.worstParam);
      check(difference.optimizer <= 1e-5,
            where + ": optimizer state differs by " +
                std::to_string(difference.optimizer) + " in " +
                difference.worstOptimizer);
    }
    check(test::sameState(*&many->step(), again->step()),
          subject.name + ": a second run on the same ranks differs");
    // Every rank holds the same bits.
    uint64_t hash = stateHash(many->step()), low = hash, high = hash;
    MPI_Allreduce(&hash, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&hash, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
    check(low == high, subject.name + ": the ranks' parameters differ");
  }
  int total = 0;
  MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0)
    std::printf("%d processes x %u threads: %zu training steps, %s\n", size,
                threads, subjects.size(),
                total ? "FAILED" : "all match the fused step");
  return total ? 1 : 0;
}
