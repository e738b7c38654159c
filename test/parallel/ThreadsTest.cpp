//===- ThreadsTest.cpp - Data-parallel training on threads ----------------===//
//
// As PyTorch's DDP tests check it: every chapter training step, trained for
// a few steps from the same start on one worker with the whole batch (the
// fused step) and on 2 and 3 threads with uneven slices of it (7 samples:
// 3 + 4, 2 + 2 + 3), gives the same parameters after every step (within
// 1e-6, normwise relative: float rounding of the sums), the same optimizer
// state (1e-5) and the same loss and metrics (1e-6); and two runs on the
// same thread count give bit-identical parameters.
//
//===----------------------------------------------------------------------===//

#include "Subjects.h"

#include "dlc/runtime/DataParallel.h"
#include "dlc/runtime/ThreadPool.h"

#include <gtest/gtest.h>

namespace dlc::test {
namespace {

constexpr int64_t kBatch = 7;
constexpr int kSteps = 4;
/// Adam's moments are the gradients' running means: they carry the
/// rounding of sums in another order (thousands of terms per weight of a
/// convolution), which the parameters see damped by the learning rate.
constexpr double kOptimizerTolerance = 1e-5;

TEST(Threads, MatchTheFusedStepOnTheWholeBatch) {
  for (const Subject &subject : subjects()) {
    for (unsigned threads : {2u, 3u}) {
      SCOPED_TRACE(subject.name + " on " + std::to_string(threads) +
                   " threads");
      std::unique_ptr<Instance> one = subject.make(5), many = subject.make(5);
      runtime::ThreadPool pool(threads, /*pinned=*/false);
      runtime::DataParallelStep parallel(many->step(), &pool, nullptr);
      ASSERT_EQ(parallel.error(), "");
      size_t numResults = one->step().resultNames().size();
      std::vector<double> expected(numResults), results(numResults);
      for (int step = 0; step < kSteps; ++step) {
        runtime::Batch batch = randomBatch(one->step(), kBatch, 100 + step);
        one->step().step(batch, expected);
        ASSERT_EQ(parallel.step(batch, results), "");
        for (size_t i = 0; i < numResults; ++i)
          EXPECT_NEAR(results[i], expected[i],
                      1e-6 * std::max(1.0, std::abs(expected[i])))
              << "result " << one->step().resultNames()[i] << " of step "
              << step + 1;
        StateDifference difference = stateDifference(one->step(), many->step());
        EXPECT_LE(difference.params, 1e-6)
            << "after step " << step + 1 << " in " << difference.worstParam;
        EXPECT_LE(difference.optimizer, kOptimizerTolerance)
            << "after step " << step + 1 << " in " << difference.worstOptimizer;
      }
    }
  }
}

TEST(Threads, TheSameThreadCountGivesBitIdenticalParameters) {
  for (const Subject &subject : subjects()) {
    SCOPED_TRACE(subject.name);
    std::unique_ptr<Instance> first = subject.make(9), second = subject.make(9);
    runtime::ThreadPool pool(3, /*pinned=*/false);
    runtime::DataParallelStep a(first->step(), &pool, nullptr);
    runtime::DataParallelStep b(second->step(), &pool, nullptr);
    std::vector<double> results(first->step().resultNames().size());
    for (int step = 0; step < kSteps; ++step) {
      runtime::Batch batch = randomBatch(first->step(), kBatch, 200 + step);
      ASSERT_EQ(a.step(batch, results), "");
      ASSERT_EQ(b.step(batch, results), "");
    }
    EXPECT_TRUE(sameState(first->step(), second->step()));
  }
}

/// Validation on threads: a batch per thread at once, each result that of
/// the step's own evaluation, bit for bit.
TEST(Threads, EvaluateBatchesAtOnceAsOneThreadDoes) {
  for (const Subject &subject : subjects()) {
    SCOPED_TRACE(subject.name);
    std::unique_ptr<Instance> instance = subject.make(3);
    runtime::TrainStep &step = instance->step();
    runtime::ThreadPool pool(3, /*pinned=*/false);
    runtime::DataParallelStep parallel(step, &pool, nullptr);
    size_t numResults = step.resultNames().size();
    std::vector<runtime::Batch> batches;
    for (int64_t size : {5, 1, 7})
      batches.push_back(randomBatch(step, size, 300 + uint64_t(size)));
    std::vector<std::vector<double>> results(3,
                                             std::vector<double>(numResults));
    ASSERT_EQ(parallel.evaluate(batches, results), "");
    for (size_t b = 0; b < batches.size(); ++b) {
      std::vector<double> expected(numResults);
      step.evaluate(batches[b], expected);
      EXPECT_EQ(results[b], expected) << "batch " << b;
    }
  }
}

/// A step without halves is refused with the reason, not run wrongly.
TEST(Threads, AStepWithoutHalvesIsAClearError) {
  class NoHalves final : public runtime::TrainStep {
  public:
    std::string_view modelName() const override { return "m"; }
    std::string_view stepName() const override { return "train_step"; }
    std::span<const runtime::InputSpec> inputs() const override { return {}; }
    std::span<const std::string_view> resultNames() const override {
      return {};
    }
    void step(const runtime::Batch &, std::span<double>) override {}
    void evaluate(const runtime::Batch &, std::span<double>) override {}
    std::vector<runtime::TensorView> state() const override { return {}; }
    std::vector<runtime::TensorSlot> stateSlots() override { return {}; }
  } step;
  runtime::ThreadPool pool(2, /*pinned=*/false);
  runtime::DataParallelStep parallel(step, &pool, nullptr);
  EXPECT_NE(parallel.error().find("has no gradients/apply halves"),
            std::string::npos)
      << parallel.error();
}

} // namespace
} // namespace dlc::test
