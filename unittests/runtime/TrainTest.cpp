//===- TrainTest.cpp - The training loop over a hand-written step ---------===//

#include "RuntimeTestUtil.h"

#include "dlc/runtime/Csv.h"
#include "dlc/runtime/Train.h"

#include <cmath>
#include <cstring>
#include <sstream>

using namespace dlc::runtime;
using namespace dlc::runtime::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

/// Linear regression y = w . x + b with mean squared error and plain SGD,
/// as a compiled training step would do it: inputs "x" (f32 [features]) and
/// "y" (f32 []), results "loss" and "mae" (and optionally "score", the
/// negated loss, a metric to maximise), state "w", "b" and the step counter.
class LinearStep : public TrainStep {
public:
  explicit LinearStep(int64_t features = 2, float learningRate = 0.05f,
                      bool withScore = false)
      : learningRate(learningRate),
        w(size_t(features), 0.0f), wShape{features} {
    specs = {{"x", DType::f32, wShape}, {"y", DType::f32, {}}};
    names = {"loss", "mae"};
    if (withScore)
      names.push_back("score");
  }

  std::string_view modelName() const override { return "linear"; }
  std::string_view stepName() const override { return "train_step"; }
  std::span<const InputSpec> inputs() const override { return specs; }
  std::span<const std::string_view> resultNames() const override {
    return names;
  }

  void step(const Batch &batch, std::span<double> results) override {
    std::vector<double> errors = errorsOf(batch);
    report(errors, results);
    std::span<const float> x = batch.tensors[0].values<float>();
    auto n = double(batch.size);
    for (size_t j = 0; j < w.size(); ++j) {
      double gradient = 0;
      for (size_t k = 0; k < errors.size(); ++k)
        gradient += 2 * errors[k] * double(x[k * w.size() + j]) / n;
      w[j] -= float(learningRate * gradient);
    }
    double gradient = 0;
    for (double error : errors)
      gradient += 2 * error / n;
    b -= float(learningRate * gradient);
    ++counter;
  }

  void evaluate(const Batch &batch, std::span<double> results) override {
    evaluatedSizes.push_back(batch.size);
    report(errorsOf(batch), results);
  }

  std::vector<TensorView> state() const override {
    return {{"w", DType::f32, wShape, w.data()},
            {"b", DType::f32, {}, &b},
            {"train_step/step", DType::i64, {}, &counter}};
  }
  std::vector<TensorSlot> stateSlots() override {
    return {{"w", DType::f32, wShape, w.data()},
            {"b", DType::f32, {}, &b},
            {"train_step/step", DType::i64, {}, &counter}};
  }

  double learningRate;
  std::vector<float> w;
  float b = 0;
  int64_t counter = 0;
  std::vector<int64_t> evaluatedSizes;

private:
  std::vector<double> errorsOf(const Batch &batch) const {
    std::span<const float> x = batch.tensors[0].values<float>();
    std::span<const float> y = batch.tensors[1].values<float>();
    std::vector<double> errors(size_t(batch.size));
    for (size_t k = 0; k < errors.size(); ++k) {
      double prediction = b;
      for (size_t j = 0; j < w.size(); ++j)
        prediction += double(w[j]) * double(x[k * w.size() + j]);
      errors[k] = prediction - double(y[k]);
    }
    return errors;
  }

  void report(const std::vector<double> &errors,
              std::span<double> results) const {
    double squares = 0, absolutes = 0;
    for (double error : errors) {
      squares += error * error;
      absolutes += std::fabs(error);
    }
    results[0] = squares / double(errors.size());
    results[1] = absolutes / double(errors.size());
    if (results.size() > 2)
      results[2] = -results[0];
  }

  std::vector<int64_t> wShape;
  std::vector<InputSpec> specs;
  std::vector<std::string_view> names;
};

/// `n` samples of y = slope * (x0 + x1) + intercept with x drawn from a
/// seeded Random.
Dataset linearData(int64_t n, float slope = 2, float intercept = 1,
                   uint64_t seed = 7, int64_t features = 2) {
  Random random(seed);
  Tensor x(DType::f32, {n, features});
  Tensor y(DType::f32, {n});
  for (int64_t i = 0; i < n; ++i) {
    double sum = 0;
    for (int64_t j = 0; j < features; ++j) {
      auto value = float(random.uniform(-1, 1));
      x.values<float>()[size_t(i * features + j)] = value;
      sum += value;
    }
    y.values<float>()[size_t(i)] = float(slope * sum + intercept);
  }
  Dataset data;
  EXPECT_EQ(data.add("x", std::move(x)), "");
  EXPECT_EQ(data.add("y", std::move(y)), "");
  return data;
}

FitOptions basicOptions(int64_t epochs) {
  FitOptions options;
  options.epochs = epochs;
  options.batch.batchSize = 4;
  options.seed = 42;
  return options;
}

/// The parameters' bits, so that equality means bit for bit.
std::vector<uint32_t> bitsOf(const LinearStep &step) {
  std::vector<uint32_t> bits;
  auto add = [&](float value) {
    uint32_t word;
    std::memcpy(&word, &value, sizeof(word));
    bits.push_back(word);
  };
  for (float value : step.w)
    add(value);
  add(step.b);
  return bits;
}

/// A history's rows without the "seconds" column, which is never the same
/// twice.
std::vector<std::vector<double>> withoutSeconds(const History &history) {
  std::vector<std::vector<double>> rows = history.rows;
  for (std::vector<double> &row : rows)
    row.pop_back();
  return rows;
}

} // namespace

TEST(Train, LossDecreasesAndHistoryHasAColumnPerResult) {
  LinearStep step;
  Dataset data = linearData(40);
  History history;
  ASSERT_EQ(fit(step, data, basicOptions(5), history), "");
  EXPECT_THAT(history.columns, ElementsAre("epoch", "loss", "mae", "seconds"));
  ASSERT_EQ(history.rows.size(), 5u);
  for (size_t i = 0; i < history.rows.size(); ++i) {
    EXPECT_EQ(history.rows[i][0], double(i + 1));
    EXPECT_GE(history.rows[i][3], 0);
  }
  for (size_t i = 1; i < history.rows.size(); ++i)
    EXPECT_LT(history.rows[i][1], history.rows[i - 1][1]) << "epoch " << i + 1;
  EXPECT_LT(history.rows.back()[1], history.rows.front()[1] / 4);
  EXPECT_EQ(step.counter, 5 * 10);
  EXPECT_EQ(history.column("mae"), 2);
  EXPECT_EQ(history.column("val_loss"), -1);
}

TEST(Train, EpochMetricsAreMeansWeightedByBatchSize) {
  // A learning rate of 0 keeps the parameters at 0, so every batch's loss
  // is the mean of its y^2 and the epoch's must be that of the whole set,
  // whatever the shuffling: 7 samples in batches of 3, 3 and 1.
  LinearStep step(2, 0.0f);
  Dataset data = linearData(7);
  FitOptions options = basicOptions(1);
  options.batch.batchSize = 3;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  double squares = 0;
  for (float y : data.tensor(1).values<float>())
    squares += double(y) * double(y);
  ASSERT_EQ(history.rows.size(), 1u);
  EXPECT_NEAR(history.rows[0][1], squares / 7, 1e-12);
}

TEST(Train, WritesTheHistoryAsCsvAfterEveryEpoch) {
  ScratchDir dir;
  LinearStep step;
  Dataset data = linearData(12);
  FitOptions options = basicOptions(3);
  options.historyPath = dir.path("history.csv");
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  NumericTable table;
  ASSERT_EQ(readNumericCsv(options.historyPath, table), "");
  EXPECT_THAT(table.columns, ElementsAre("epoch", "loss", "mae", "seconds"));
  ASSERT_EQ(table.numRows, 3);
  for (int64_t row = 0; row < 3; ++row)
    for (int64_t column = 0; column < 4; ++column)
      EXPECT_EQ(table.at(row, column),
                history.rows[size_t(row)][size_t(column)]);
  EXPECT_THAT(readText(options.historyPath),
              ::testing::StartsWith("epoch,loss,mae,seconds\n1,"));
}

TEST(Train, ValidationAddsValColumns) {
  LinearStep step;
  Dataset data = linearData(20);
  Dataset validation = linearData(9, 2, 1, /*seed=*/8);
  FitOptions options = basicOptions(2);
  options.validation = &validation;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  EXPECT_THAT(history.columns, ElementsAre("epoch", "loss", "mae", "val_loss",
                                           "val_mae", "seconds"));
  // Batches of 4 over 9 samples, unshuffled, the last one smaller.
  EXPECT_THAT(step.evaluatedSizes, ElementsAre(4, 4, 1, 4, 4, 1));
  std::vector<double> results;
  ASSERT_EQ(evaluate(step, validation, 4, results), "");
  ASSERT_EQ(history.rows.size(), 2u);
  EXPECT_EQ(history.rows[1][3], results[0]);
  EXPECT_EQ(history.rows[1][4], results[1]);
}

TEST(Train, ValidationDropsItsRemainderWhenTrainingDoes) {
  LinearStep step;
  Dataset data = linearData(20);
  Dataset validation = linearData(9, 2, 1, /*seed=*/8);
  FitOptions options = basicOptions(1);
  options.batch.dropRemainder = true;
  options.validation = &validation;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  EXPECT_THAT(step.evaluatedSizes, ElementsAre(4, 4));

  Dataset tiny = linearData(3);
  options.validation = &tiny;
  EXPECT_EQ(fit(step, data, options, history),
            "validation: the dataset's 3 samples do not fill one batch of 4 "
            "and the partial batch is dropped");
}

TEST(Train, ProgressPrintsALinePerEpoch) {
  LinearStep step;
  Dataset data = linearData(8);
  Dataset validation = linearData(4, 2, 1, /*seed=*/8);
  FitOptions options = basicOptions(2);
  options.validation = &validation;
  std::ostringstream out;
  options.out = &out;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("Epoch 1/2: 8 samples - loss "));
  EXPECT_THAT(text, HasSubstr("Epoch 2/2: 8 samples - loss "));
  EXPECT_THAT(text, HasSubstr(" - val_mae "));
  EXPECT_THAT(text, Not(HasSubstr("\r")));
}

TEST(Train, EvaluateWeightsBatchesBySize) {
  // 17 samples in batches of 5, 5, 5 and 2; with zero parameters the loss
  // is the mean of y^2 = 0..16 squared and mae the mean of y. The mean of
  // the batch means would be 110.875, not 88.
  LinearStep step;
  Tensor x(DType::f32, {17, 2});
  Tensor y(DType::f32, {17});
  for (int i = 0; i < 17; ++i)
    y.values<float>()[size_t(i)] = float(i);
  Dataset data;
  ASSERT_EQ(data.add("features", std::move(x)), "");
  ASSERT_EQ(data.add("targets", std::move(y)), "");
  std::vector<double> results;
  ASSERT_EQ(evaluate(step, data, 5, results), "");
  EXPECT_THAT(step.evaluatedSizes, ElementsAre(5, 5, 5, 2));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(results[0], 88.0, 1e-12);
  EXPECT_NEAR(results[1], 8.0, 1e-12);
  EXPECT_EQ(step.counter, 0);

  EXPECT_EQ(evaluate(step, data, 0, results),
            "batch size 0 is invalid; expected at least 1");
}

TEST(Train, MaxStepsEndsTheEpochInProgress) {
  ScratchDir dir;
  LinearStep step;
  Dataset data = linearData(20); // 5 batches of 4 per epoch
  FitOptions options = basicOptions(5);
  options.maxSteps = 7;
  options.checkpointPath = dir.path("model.ckpt");
  std::ostringstream out;
  options.out = &out;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  EXPECT_EQ(step.counter, 7);
  ASSERT_EQ(history.rows.size(), 2u);
  EXPECT_EQ(history.rows[1][0], 2);
  EXPECT_THAT(out.str(), HasSubstr("Epoch 2/5: 8 samples"));
  EXPECT_THAT(out.str(),
              HasSubstr("Stopping at the step limit (7 steps) in epoch 2"));

  CheckpointInfo info;
  LinearStep restored;
  ASSERT_EQ(loadCheckpoint(options.checkpointPath, restored, info), "");
  EXPECT_EQ(info.step, 7);
  EXPECT_EQ(info.epoch, 2);
  EXPECT_EQ(restored.counter, 7);
  EXPECT_EQ(bitsOf(restored), bitsOf(step));
}

TEST(Train, EarlyStoppingWhenValidationLossRises) {
  // The validation targets are the training targets negated: as training
  // fits the one, the other's loss grows from the first epoch on.
  LinearStep step;
  Dataset data = linearData(20);
  Dataset validation = linearData(8, -2, -1, /*seed=*/8);
  FitOptions options = basicOptions(10);
  options.validation = &validation;
  options.patience = 2;
  std::ostringstream out;
  options.out = &out;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  ASSERT_EQ(history.rows.size(), 3u);
  EXPECT_LT(history.rows[0][3], history.rows[1][3]);
  EXPECT_THAT(out.str(),
              HasSubstr("Early stopping after epoch 3: val_loss has not "
                        "improved by more than 0 for 2 epochs (best "));
  EXPECT_THAT(out.str(), HasSubstr("after epoch 1)"));
}

TEST(Train, EarlyStoppingOnAPlateauWithMinDelta) {
  // A tiny learning rate improves the loss by less than minDelta. Without
  // shuffling each sample's loss is measured a whole epoch of steps later
  // every time, so the epoch's loss falls steadily.
  LinearStep step(2, 1e-6f);
  Dataset data = linearData(20);
  FitOptions options = basicOptions(10);
  options.batch.shuffle = false;
  options.monitor = "loss";
  options.patience = 3;
  options.minDelta = 0.01;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  EXPECT_EQ(history.rows.size(), 4u);

  // Without minDelta every epoch improves a little.
  LinearStep again(2, 1e-6f);
  options.minDelta = 0;
  ASSERT_EQ(fit(again, data, options, history), "");
  EXPECT_EQ(history.rows.size(), 10u);
}

TEST(Train, EarlyStoppingMaximisesOtherMetrics) {
  // "score" (the negated loss) rises every epoch, so it never stops; were
  // it minimised, it would stop after epoch 2.
  LinearStep step(2, 0.05f, /*withScore=*/true);
  Dataset data = linearData(20);
  FitOptions options = basicOptions(6);
  options.monitor = "score";
  options.patience = 1;
  History history;
  ASSERT_EQ(fit(step, data, options, history), "");
  EXPECT_EQ(history.rows.size(), 6u);
}

TEST(Train, UnknownMonitorIsAnErrorBeforeTraining) {
  LinearStep step;
  Dataset data = linearData(20);
  FitOptions options = basicOptions(3);
  options.patience = 2;
  History history;
  EXPECT_EQ(fit(step, data, options, history),
            "early stopping monitors 'val_loss', which this run does not "
            "record (it records loss, mae); the validation metrics need a "
            "validation set");
  options.monitor = "accuracy";
  EXPECT_EQ(fit(step, data, options, history),
            "early stopping monitors 'accuracy', which this run does not "
            "record (it records loss, mae)");
  options.monitor = "seconds";
  EXPECT_THAT(fit(step, data, options, history),
              HasSubstr("monitors 'seconds', which this run does not record"));
  EXPECT_EQ(step.counter, 0);

  // Without early stopping the default monitor does not matter.
  options.patience = 0;
  EXPECT_EQ(fit(step, data, options, history), "");
}

TEST(Train, RejectsInvalidOptions) {
  LinearStep step;
  Dataset data = linearData(5);
  History history;
  FitOptions options = basicOptions(0);
  EXPECT_EQ(fit(step, data, options, history),
            "epochs 0 is invalid; expected at least 1");
  options = basicOptions(1);
  options.batch.batchSize = 0;
  EXPECT_EQ(fit(step, data, options, history),
            "batch size 0 is invalid; expected at least 1");
  options = basicOptions(1);
  options.maxSteps = -1;
  EXPECT_THAT(fit(step, data, options, history), HasSubstr("maxSteps -1"));
  options = basicOptions(1);
  options.minDelta = -0.5;
  EXPECT_THAT(fit(step, data, options, history), HasSubstr("minDelta -0.5"));
  Dataset empty;
  EXPECT_EQ(fit(step, empty, basicOptions(1), history),
            "the dataset has no samples");
  EXPECT_EQ(step.counter, 0);
}

TEST(Train, InputMismatchesNameTheInputAndTheShapes) {
  LinearStep step;
  History history;
  FitOptions options = basicOptions(1);

  Dataset wrongShape = linearData(6, 2, 1, 7, /*features=*/3);
  EXPECT_EQ(fit(step, wrongShape, options, history),
            "input 'x' of train_step expects f32 samples of shape [2]; the "
            "data set's tensor 'x' has [3]");

  Dataset wrongType;
  ASSERT_EQ(wrongType.add("x", Tensor(DType::f32, {6, 2})), "");
  ASSERT_EQ(wrongType.add("labels", Tensor(DType::i32, {6})), "");
  EXPECT_EQ(fit(step, wrongType, options, history),
            "input 'y' of train_step expects f32 samples of shape []; the "
            "data set's tensor 'labels' has i32 samples");

  Dataset both;
  ASSERT_EQ(both.add("x", Tensor(DType::f32, {6, 2})), "");
  ASSERT_EQ(both.add("y", Tensor(DType::f64, {6, 1})), "");
  EXPECT_EQ(fit(step, both, options, history),
            "input 'y' of train_step expects f32 samples of shape []; the "
            "data set's tensor 'y' has f64 samples of shape [1]");

  Dataset reordered;
  ASSERT_EQ(reordered.add("y", Tensor(DType::f32, {6})), "");
  ASSERT_EQ(reordered.add("x", Tensor(DType::f32, {6, 2})), "");
  EXPECT_EQ(fit(step, reordered, options, history),
            "input 'x' of train_step expects f32 samples of shape [2]; the "
            "data set's tensor 'y' has [] (the data set holds y, x in this "
            "order; train_step takes x, y)");

  Dataset tooFew;
  ASSERT_EQ(tooFew.add("x", Tensor(DType::f32, {6, 2})), "");
  EXPECT_EQ(fit(step, tooFew, options, history),
            "train_step takes 2 inputs (x, y); the data set has 1 tensor (x)");

  Dataset data = linearData(6);
  options.validation = &wrongShape;
  EXPECT_EQ(fit(step, data, options, history),
            "input 'x' of train_step expects f32 samples of shape [2]; the "
            "validation set's tensor 'x' has [3]");
  std::vector<double> results;
  EXPECT_EQ(evaluate(step, wrongShape, 4, results),
            "input 'x' of train_step expects f32 samples of shape [2]; the "
            "data set's tensor 'x' has [3]");
  EXPECT_EQ(step.counter, 0);
  EXPECT_TRUE(step.evaluatedSizes.empty());
}

TEST(Train, ResumeIsBitIdenticalToAnUninterruptedRun) {
  ScratchDir dir;
  Dataset data = linearData(22); // shuffled batches of 4, 4, 4, 4, 4, 2
  Dataset validation = linearData(5, 2, 1, /*seed=*/8);

  LinearStep straight;
  FitOptions options = basicOptions(3);
  options.validation = &validation;
  History straightHistory;
  ASSERT_EQ(fit(straight, data, options, straightHistory), "");

  LinearStep first;
  FitOptions firstOptions = basicOptions(1);
  firstOptions.validation = &validation;
  firstOptions.checkpointPath = dir.path("model.ckpt");
  firstOptions.historyPath = dir.path("history.csv");
  History firstHistory;
  ASSERT_EQ(fit(first, data, firstOptions, firstHistory), "");
  EXPECT_NE(bitsOf(first), bitsOf(straight));

  // A fresh step, as in a new process.
  LinearStep resumed;
  FitOptions resumeOptions = firstOptions;
  resumeOptions.epochs = 3;
  resumeOptions.resumePath = firstOptions.checkpointPath;
  std::ostringstream out;
  resumeOptions.out = &out;
  History resumedHistory;
  ASSERT_EQ(fit(resumed, data, resumeOptions, resumedHistory), "");
  EXPECT_EQ(bitsOf(resumed), bitsOf(straight));
  EXPECT_EQ(resumed.counter, straight.counter);
  EXPECT_THAT(out.str(), HasSubstr("Resuming from " + resumeOptions.resumePath +
                                   " after epoch 1 (step 6)"));
  EXPECT_THAT(out.str(), HasSubstr("Epoch 2/3"));
  EXPECT_THAT(out.str(), Not(HasSubstr("Epoch 1/3")));

  EXPECT_EQ(resumedHistory.columns, straightHistory.columns);
  ASSERT_EQ(resumedHistory.rows.size(), 3u);
  EXPECT_EQ(resumedHistory.rows[0], firstHistory.rows[0]);
  EXPECT_EQ(withoutSeconds(resumedHistory), withoutSeconds(straightHistory));
  NumericTable table;
  ASSERT_EQ(readNumericCsv(resumeOptions.historyPath, table), "");
  EXPECT_EQ(table.numRows, 3);

  CheckpointInfo info;
  LinearStep reloaded;
  ASSERT_EQ(loadCheckpoint(resumeOptions.checkpointPath, reloaded, info), "");
  EXPECT_EQ(info.epoch, 3);
  EXPECT_EQ(info.step, 18);
  EXPECT_EQ(info.model, "linear");
  EXPECT_EQ(bitsOf(reloaded), bitsOf(straight));
}

TEST(Train, ResumeDropsHistoryRowsTheCheckpointLacks) {
  // A crash after the history's write but before the checkpoint's leaves
  // one row too many: it is dropped and that epoch trained again.
  ScratchDir dir;
  Dataset data = linearData(12);
  LinearStep first;
  FitOptions options = basicOptions(1);
  options.checkpointPath = dir.path("model.ckpt");
  options.historyPath = dir.path("history.csv");
  History history;
  ASSERT_EQ(fit(first, data, options, history), "");
  History stale = history;
  stale.rows.push_back(history.rows[0]);
  stale.rows.back()[0] = 2;
  stale.rows.back()[1] = 12345;
  ASSERT_EQ(stale.writeCsv(options.historyPath), "");

  LinearStep resumed;
  options.epochs = 2;
  options.resumePath = options.checkpointPath;
  ASSERT_EQ(fit(resumed, data, options, history), "");
  ASSERT_EQ(history.rows.size(), 2u);
  EXPECT_NE(history.rows[1][1], 12345);
}

TEST(Train, ResumeRejectsAHistoryWithOtherColumns) {
  ScratchDir dir;
  Dataset data = linearData(12);
  Dataset validation = linearData(4, 2, 1, /*seed=*/8);
  LinearStep first;
  FitOptions options = basicOptions(1);
  options.checkpointPath = dir.path("model.ckpt");
  options.historyPath = dir.path("history.csv");
  History history;
  ASSERT_EQ(fit(first, data, options, history), "");

  LinearStep resumed;
  options.epochs = 2;
  options.resumePath = options.checkpointPath;
  options.validation = &validation;
  EXPECT_EQ(fit(resumed, data, options, history),
            "history " + options.historyPath +
                " has columns epoch, loss, mae, seconds; this run records "
                "epoch, loss, mae, val_loss, val_mae, seconds (resume with "
                "the same metrics and validation, or write the history "
                "elsewhere)");
  EXPECT_EQ(resumed.counter, 0);
}

TEST(Train, ResumedEarlyStoppingCountsFromTheHistory) {
  ScratchDir dir;
  Dataset data = linearData(20);
  Dataset validation = linearData(8, -2, -1, /*seed=*/8);
  FitOptions options = basicOptions(10);
  options.validation = &validation;
  options.patience = 2;
  options.checkpointPath = dir.path("model.ckpt");
  options.historyPath = dir.path("history.csv");
  LinearStep straight;
  History history;
  ASSERT_EQ(fit(straight, data, options, history), "");
  ASSERT_EQ(history.rows.size(), 3u);

  // Stopped after epoch 2 of that run, with one epoch without improvement:
  // the resumed run stops after one more, as the uninterrupted one did.
  FitOptions firstOptions = options;
  firstOptions.epochs = 2;
  LinearStep first;
  ASSERT_EQ(fit(first, data, firstOptions, history), "");
  LinearStep resumed;
  FitOptions resumeOptions = options;
  resumeOptions.resumePath = options.checkpointPath;
  ASSERT_EQ(fit(resumed, data, resumeOptions, history), "");
  EXPECT_EQ(history.rows.size(), 3u);
  EXPECT_EQ(bitsOf(resumed), bitsOf(straight));

  // Resuming the stopped run trains nothing more.
  LinearStep again;
  std::ostringstream out;
  resumeOptions.out = &out;
  ASSERT_EQ(fit(again, data, resumeOptions, history), "");
  EXPECT_EQ(history.rows.size(), 3u);
  EXPECT_EQ(bitsOf(again), bitsOf(straight));
  EXPECT_THAT(out.str(), HasSubstr("Early stopping after epoch 3"));
  EXPECT_THAT(out.str(), Not(HasSubstr("Epoch 4/10")));
}

TEST(Train, CheckpointOfAnotherShapeIsRejectedAndChangesNothing) {
  ScratchDir dir;
  LinearStep two(2);
  two.w = {1.5f, -2.5f};
  two.b = 3;
  std::string path = dir.path("two.ckpt");
  ASSERT_EQ(saveCheckpoint(path, two, CheckpointInfo()), "");

  LinearStep three(3);
  three.w = {0.25f, 0.5f, 0.75f};
  three.b = -1;
  three.counter = 9;
  std::vector<uint32_t> before = bitsOf(three);
  CheckpointInfo info;
  info.epoch = 77;
  std::string error = loadCheckpoint(path, three, info);
  EXPECT_THAT(error, HasSubstr("checkpoint " + path +
                               " was saved by a different model"));
  EXPECT_THAT(error, HasSubstr(": its tensor 'w' is f32 [2], this step's is "
                               "f32 [3]"));
  EXPECT_EQ(bitsOf(three), before);
  EXPECT_EQ(three.counter, 9);
  EXPECT_EQ(info.epoch, 77);

  FitOptions options = basicOptions(2);
  options.resumePath = path;
  History history;
  Dataset data = linearData(8, 2, 1, 7, /*features=*/3);
  EXPECT_EQ(fit(three, data, options, history), error);
  EXPECT_EQ(bitsOf(three), before);
  EXPECT_EQ(three.counter, 9);
}

TEST(Train, CheckpointRoundTripsTheState) {
  ScratchDir dir;
  LinearStep saved;
  saved.w = {1.5f, -2.5f};
  saved.b = 3;
  saved.counter = 11;
  CheckpointInfo info;
  info.step = 11;
  info.epoch = 2;
  info.randomState = 123;
  info.randomIncrement = 457;
  std::string path = dir.path("model.ckpt");
  ASSERT_EQ(saveCheckpoint(path, saved, info), "");

  LinearStep loaded;
  CheckpointInfo read;
  ASSERT_EQ(loadCheckpoint(path, loaded, read), "");
  EXPECT_EQ(bitsOf(loaded), bitsOf(saved));
  EXPECT_EQ(loaded.counter, 11);
  EXPECT_EQ(read.model, "linear");
  EXPECT_EQ(read.fingerprint, fingerprintOf(saved));
  EXPECT_EQ(read.step, 11);
  EXPECT_EQ(read.epoch, 2);
  EXPECT_EQ(read.randomState, 123u);
  EXPECT_EQ(read.randomIncrement, 457u);
}

/// A LinearStep whose state, like a GPU's, is copied to the host for
/// checkpoints, and whose work can fail from a given step on.
class FailingStep : public LinearStep {
public:
  void step(const Batch &batch, std::span<double> results) override {
    LinearStep::step(batch, results);
    if (counter >= failAt)
      failure = "the device fell off the bus";
  }
  std::string stateLoaded() override {
    ++loads;
    return loadError;
  }
  std::string error() const override { return failure; }

  int64_t failAt = 1 << 30;
  std::string failure, loadError;
  int loads = 0;
};

TEST(Train, FitStopsAtAStepError) {
  FailingStep step;
  step.failAt = 3;
  Dataset data = linearData(40);
  History history;
  EXPECT_EQ(fit(step, data, basicOptions(5), history),
            "step 3: the device fell off the bus");
  EXPECT_EQ(step.counter, 3);
  std::vector<double> results;
  EXPECT_EQ(evaluate(step, data, 4, results), "the device fell off the bus");
}

TEST(Train, LoadingACheckpointPutsTheStateBack) {
  ScratchDir dir;
  FailingStep saved;
  saved.counter = 4;
  std::string path = dir.path("model.ckpt");
  CheckpointInfo info;
  ASSERT_EQ(saveCheckpoint(path, saved, info), "");
  FailingStep loaded;
  ASSERT_EQ(loadCheckpoint(path, loaded, info), "");
  EXPECT_EQ(loaded.loads, 1);
  EXPECT_EQ(loaded.counter, 4);
  loaded.loadError = "cannot copy to the device";
  EXPECT_EQ(loadCheckpoint(path, loaded, info), "cannot copy to the device");
  // A failed step's state is not saved.
  saved.failure = "the device fell off the bus";
  EXPECT_EQ(saveCheckpoint(path, saved, info), "the device fell off the bus");
}

TEST(Train, FingerprintHashesTheCanonicalText) {
  LinearStep step;
  EXPECT_EQ(fingerprintOf(step),
            fingerprintOf("linear\ntrain_step\nw f32 [2]\nb f32 []\n"
                          "train_step/step i64 []\n"));
  EXPECT_EQ(fingerprintOf(step), fingerprintOf(LinearStep(2, 0.5f)));
  EXPECT_NE(fingerprintOf(step), fingerprintOf(LinearStep(3)));
}

TEST(Train, SameSeedSameParametersOtherSeedOthers) {
  Dataset data = linearData(30);
  FitOptions options = basicOptions(3);
  History history;
  LinearStep a, b, c;
  ASSERT_EQ(fit(a, data, options, history), "");
  ASSERT_EQ(fit(b, data, options, history), "");
  EXPECT_EQ(bitsOf(a), bitsOf(b));
  options.seed = 43;
  ASSERT_EQ(fit(c, data, options, history), "");
  EXPECT_NE(bitsOf(a), bitsOf(c));
}
