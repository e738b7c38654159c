//===- ProgressTest.cpp - Training progress display -----------------------===//

#include "RuntimeTestUtil.h"

#include "dlc/runtime/Progress.h"

#include <sstream>

using namespace dlc::runtime;

namespace {

/// A clock the test advances by hand.
struct FakeClock {
  double now = 100;
  Progress::Clock clock() {
    return [this] { return now; };
  }
};

} // namespace

TEST(Progress, PrintsAPlainLinePerEpochOutsideATerminal) {
  std::ostringstream out;
  FakeClock time;
  Progress progress(out, /*terminal=*/false, 3, 100, time.clock());
  progress.startEpoch(0);
  for (int64_t samples = 32; samples < 100; samples += 32) {
    time.now += 0.5;
    progress.update(samples, {{"loss", 0.9}});
  }
  time.now += 0.5;
  progress.update(100, {{"loss", 0.8}});
  EXPECT_EQ(out.str(), "") << "nothing but the epoch's line in a log";
  progress.endEpoch({{"loss", 0.5},
                     {"accuracy", 0.75},
                     {"val_loss", 0.625},
                     {"val_accuracy", 0.7}});
  EXPECT_EQ(out.str(), "Epoch 1/3: 100 samples - loss 0.5000 - accuracy "
                       "0.7500 - val_loss 0.6250 - val_accuracy 0.7000 - 50 "
                       "samples/s - 2.0 s\n");

  progress.startEpoch(1);
  time.now += 4;
  progress.update(100, {});
  progress.endEpoch({{"loss", 1.5e-5}, {"mae", 2.5e7}});
  EXPECT_THAT(out.str(),
              ::testing::EndsWith("Epoch 2/3: 100 samples - loss 1.5000e-05 "
                                  "- mae 2.5000e+07 - 25 samples/s - 4.0 s\n"));
}

TEST(Progress, RedrawsABarOnATerminal) {
  std::ostringstream out;
  FakeClock time;
  Progress progress(out, /*terminal=*/true, 12, 1000, time.clock());
  progress.startEpoch(9);
  time.now += 1;
  progress.update(500, {{"loss", 0.25}, {"accuracy", 0.5}});
  EXPECT_EQ(out.str(), "\rEpoch 10/12 [===============>..............]  "
                       "500/1000 - loss 0.2500 - accuracy 0.5000 - 500 "
                       "samples/s\x1b[K");

  // Updates closer together than 0.1 s are not drawn...
  out.str("");
  time.now += 0.05;
  progress.update(600, {{"loss", 0.2}});
  EXPECT_EQ(out.str(), "");
  // ...unless the epoch's samples are all done.
  time.now += 0.05;
  progress.update(1000, {{"loss", 0.125}});
  EXPECT_EQ(out.str(), "\rEpoch 10/12 [==============================] "
                       "1000/1000 - loss 0.1250 - 909 samples/s\x1b[K");

  out.str("");
  time.now += 0.9;
  progress.endEpoch({{"loss", 0.125}, {"val_loss", 0.25}});
  EXPECT_EQ(out.str(), "\rEpoch 10/12 [==============================] "
                       "1000/1000 - loss 0.1250 - val_loss 0.2500 - 500 "
                       "samples/s - 2.0 s\x1b[K\n");
}

TEST(Progress, StartsEachEpochsBarEmpty) {
  std::ostringstream out;
  FakeClock time;
  Progress progress(out, /*terminal=*/true, 2, 7, time.clock());
  progress.startEpoch(1);
  progress.update(0, {});
  EXPECT_EQ(out.str(),
            "\rEpoch 2/2 [>.............................] 0/7\x1b[K");
}
