//===- ThreadPool.h - Worker threads for batch-parallel entry points ------===//
//
// The generated classes run an inference entry point on several threads by
// cutting the batch into one slice per thread (samples are independent in
// every entry point that has no loss or metric), each slice with its own
// scratch memory and run in cache-sized chunks. The pool keeps its threads between calls, so that a call
// costs a wake-up, not a thread creation.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_THREADPOOL_H
#define DLC_RUNTIME_THREADPOOL_H

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dlc::runtime {

class ThreadPool {
public:
  /// A pool of `threads` threads in all, the caller's included (so
  /// `threads - 1` workers); 0 means std::thread::hardware_concurrency().
  /// With `pinned`, worker i runs only on the i-th CPU the process may use
  /// (Linux), so that the workers and the caller (usually on the first)
  /// do not share a core.
  explicit ThreadPool(unsigned threads = 0, bool pinned = true);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  /// Threads that run tasks, the caller's included.
  unsigned size() const { return static_cast<unsigned>(workers.size()) + 1; }

  /// Runs task(i) for every i in [0, count) on the pool's threads and the
  /// calling one, and returns when all have finished. Calls from several
  /// threads at once are serialised. `task` must not throw.
  void parallelFor(int64_t count, const std::function<void(int64_t)> &task);

private:
  void work();
  /// Runs tasks of the current job until none is left.
  void drain();

  std::vector<std::thread> workers;
  std::mutex callMutex;
  std::mutex mutex;
  std::condition_variable wake, done;
  const std::function<void(int64_t)> *task = nullptr;
  int64_t count = 0;
  int64_t next = 0;
  int64_t finished = 0;
  uint64_t generation = 0;
  bool stopping = false;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_THREADPOOL_H
