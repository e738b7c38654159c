//===- ThreadPoolTest.cpp - The runtime's thread pool ---------------------===//

#include "dlc/runtime/ThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace {

using dlc::runtime::ThreadPool;

TEST(ThreadPool, RunsEveryIndexOnce) {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.size(), threads);
    for (int64_t count : {0, 1, 2, 3, 17, 1000}) {
      std::vector<std::atomic<int>> hits(count);
      pool.parallelFor(count, [&](int64_t i) { hits[i]++; });
      for (int64_t i = 0; i < count; ++i)
        EXPECT_EQ(hits[i].load(), 1) << threads << " threads, " << count;
    }
  }
}

TEST(ThreadPool, UsesSeveralThreads) {
  ThreadPool pool(3);
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> waiting{0};
  // Each task waits until three are running at once, so the three must be
  // on three threads.
  pool.parallelFor(3, [&](int64_t) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      seen.insert(std::this_thread::get_id());
    }
    waiting++;
    while (waiting.load() < 3)
      std::this_thread::yield();
  });
  EXPECT_EQ(seen.size(), 3u);
}

TEST(ThreadPool, ManyCallsAndCallsFromSeveralThreads) {
  ThreadPool pool(4);
  std::atomic<int64_t> sum{0};
  auto caller = [&] {
    for (int round = 0; round < 200; ++round)
      pool.parallelFor(5, [&](int64_t i) { sum += i; });
  };
  std::thread a(caller), b(caller);
  caller();
  a.join();
  b.join();
  EXPECT_EQ(sum.load(), 3 * 200 * 10);
}

TEST(ThreadPool, DefaultSizeIsTheHardware) {
  ThreadPool pool;
  EXPECT_EQ(pool.size(), std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace
