//===- ThreadPool.cpp - Worker threads for batch-parallel entry points ----===//

#include "dlc/runtime/ThreadPool.h"

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif

namespace dlc::runtime {

namespace {
/// Pins `thread` to the `index`-th CPU this process may run on (modulo
/// their number). Unpinned, two busy threads often end up sharing one core
/// of a small virtual machine.
void pin(std::thread &thread, unsigned index) {
#if defined(__linux__)
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
    return;
  int count = CPU_COUNT(&allowed);
  if (count < 2)
    return;
  int wanted = static_cast<int>(index % static_cast<unsigned>(count));
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed) || wanted-- > 0)
      continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pthread_setaffinity_np(thread.native_handle(), sizeof(one), &one);
    return;
  }
#else
  (void)thread;
  (void)index;
#endif
}
} // namespace

ThreadPool::ThreadPool(unsigned threads, bool pinned) {
  if (threads == 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < threads; ++i) {
    workers.emplace_back([this] { work(); });
    if (pinned)
      pin(workers.back(), i);
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread &worker : workers)
    worker.join();
}

void ThreadPool::drain() {
  std::unique_lock<std::mutex> lock(mutex);
  while (task && next < count) {
    int64_t index = next++;
    const std::function<void(int64_t)> *current = task;
    lock.unlock();
    (*current)(index);
    lock.lock();
    if (++finished == count)
      done.notify_all();
  }
}

void ThreadPool::work() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      wake.wait(lock, [&] { return stopping || generation != seen; });
      if (stopping)
        return;
      seen = generation;
    }
    drain();
  }
}

void ThreadPool::parallelFor(int64_t n,
                             const std::function<void(int64_t)> &fn) {
  if (n <= 0)
    return;
  if (workers.empty() || n == 1) {
    for (int64_t i = 0; i < n; ++i)
      fn(i);
    return;
  }
  std::lock_guard<std::mutex> call(callMutex);
  {
    std::lock_guard<std::mutex> lock(mutex);
    task = &fn;
    count = n;
    next = 0;
    finished = 0;
    ++generation;
  }
  wake.notify_all();
  drain();
  std::unique_lock<std::mutex> lock(mutex);
  done.wait(lock, [&] { return finished == count; });
  task = nullptr;
}

} // namespace dlc::runtime
