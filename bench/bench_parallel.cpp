//===- bench_parallel.cpp - Data-parallel training: threads and processes -===//
//
// The scaling figures of data-parallel training (scripts/bench-parallel.sh
// runs it alone and under mpirun): for the chapter CNN and autoencoder,
// training images/s of the fused step on one thread, of DataParallelStep
// on `--threads N` threads and, under mpirun, on every rank's shard of the
// global batch; the gradient block's size and the time of its allreduce
// alone. Rank 0 prints one line per row as JSON.
//
//===----------------------------------------------------------------------===//

#include "autoencoder.h"
#include "data.h"
#include "mnist_cnn.h"

#include "dlc/runtime/DataParallel.h"
#include "dlc/runtime/Mpi.h"
#include "dlc/runtime/ThreadPool.h"

#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rt = dlc::runtime;

namespace {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

template <typename T>
rt::Tensor tensorOf(std::vector<int64_t> shape, const std::vector<T> &values) {
  rt::Tensor tensor(rt::dtypeOf<T>(), std::move(shape));
  std::memcpy(tensor.bytes(), values.data(), values.size() * sizeof(T));
  return tensor;
}

/// Rows [begin, end) of `batch` (a rank's shard).
rt::Batch shardOf(const rt::Batch &batch, int64_t begin, int64_t end) {
  rt::Batch shard;
  shard.size = end - begin;
  shard.globalSize = batch.size;
  for (const rt::Tensor &tensor : batch.tensors) {
    std::vector<int64_t> shape = tensor.shape();
    size_t row = tensor.numBytes() / size_t(shape[0]);
    shape[0] = end - begin;
    rt::Tensor rows(tensor.dtype(), shape);
    std::memcpy(rows.bytes(), tensor.bytes() + size_t(begin) * row,
                size_t(end - begin) * row);
    shard.tensors.push_back(std::move(rows));
  }
  return shard;
}

struct Options {
  unsigned threads = 1;
  int steps = 30;
  bool fused = false;
};

/// Times `options.steps` steps of `Model`'s train_step on a global batch
/// of `size`, and the allreduce of its gradient block alone.
template <typename Model>
void measure(const char *name, rt::Batch batch, const Options &options,
             rt::mpi::Collective *processes) {
  Model model(1);
  typename Model::TrainStepTrainer trainer(model);
  int rank = processes ? processes->rank() : 0;
  int size = processes ? processes->size() : 1;
  std::optional<rt::ThreadPool> pool;
  if (options.threads > 1)
    pool.emplace(options.threads);
  rt::DataParallelStep parallel(trainer, pool ? &*pool : nullptr, processes);
  if (!parallel.error().empty()) {
    std::fprintf(stderr, "%s\n", parallel.error().c_str());
    std::exit(1);
  }
  int64_t n = batch.size;
  rt::Batch shard = shardOf(batch, n * rank / size, n * (rank + 1) / size);
  std::vector<double> results(trainer.resultNames().size());
  auto step = [&] {
    if (options.fused) {
      trainer.step(batch, results);
    } else if (std::string error = parallel.step(shard, results);
               !error.empty()) {
      std::fprintf(stderr, "%s\n", error.c_str());
      std::exit(1);
    }
  };
  for (int i = 0; i < 3; ++i)
    step();
  if (processes)
    MPI_Barrier(MPI_COMM_WORLD);
  double start = now();
  for (int i = 0; i < options.steps; ++i)
    step();
  double seconds = (now() - start) / options.steps;

  // The allreduce alone, on a block of the step's layout.
  rt::StepHalves *halves = trainer.halves();
  int64_t bytes = halves->gradientBytes();
  double allreduce = 0;
  if (processes) {
    rt::ParamBlock block(bytes);
    std::vector<double> values(results.size());
    MPI_Barrier(MPI_COMM_WORLD);
    double begin = now();
    for (int i = 0; i < options.steps; ++i)
      if (std::string error = processes->allreduce(
              halves->gradients(), block.data(), bytes, values);
          !error.empty()) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(1);
      }
    allreduce = (now() - begin) / options.steps;
  }
  if (rank == 0)
    std::printf("{\"model\": \"%s\", \"batch\": %lld, \"mode\": \"%s\", "
                "\"processes\": %d, \"threads\": %u, \"step_ms\": %.4f, "
                "\"images_per_s\": %.1f, \"gradient_bytes\": %lld, "
                "\"allreduce_us\": %.2f}\n",
                name, (long long)n, options.fused ? "fused" : "parallel", size,
                options.threads, seconds * 1e3, double(n) / seconds,
                (long long)bytes, allreduce * 1e6);
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--fused")
      options.fused = true;
    else if (arg == "--threads" && i + 1 < argc)
      options.threads = unsigned(std::atoi(argv[++i]));
    else if (arg == "--steps" && i + 1 < argc)
      options.steps = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr,
                   "usage: [mpirun -np N] dlc-bench-parallel [--fused] "
                   "[--threads N] [--steps N]\n");
      return 2;
    }
  }
  std::optional<rt::mpi::Session> session;
  std::optional<rt::mpi::Collective> processes;
  if (rt::mpi::launchedByMpirun()) {
    session.emplace(&argc, &argv);
    processes.emplace();
  }
  rt::mpi::Collective *collective = processes ? &*processes : nullptr;
  using dlc::bench::randomData;
  for (int64_t n : {64, 256}) {
    rt::Batch batch{n, n, 0, {}};
    batch.tensors.push_back(
        tensorOf({n, 28, 28, 1}, randomData(n * 784, 0.0f, 1.0f)));
    std::vector<float> draws = randomData(n, 0.0f, 10.0f);
    batch.tensors.push_back(
        tensorOf({n}, std::vector<int32_t>(draws.begin(), draws.end())));
    measure<MnistCnn>("cnn", std::move(batch), options, collective);
  }
  int64_t n = 256;
  rt::Batch batch{n, n, 0, {}};
  batch.tensors.push_back(tensorOf({n, 784}, randomData(n * 784, 0.0f, 1.0f)));
  measure<Autoencoder>("autoencoder", std::move(batch), options, collective);
  return 0;
}
