//===- Progress.h - Training progress on the console ----------------------===//
//
// On a terminal, a bar per epoch redrawn in place with the running metrics
// and throughput; elsewhere (a log file, CI) one plain line per epoch, since
// carriage returns and escape codes only clutter a log. The stream and the
// clock are parameters so that tests see exactly what a user would.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_PROGRESS_H
#define DLC_RUNTIME_PROGRESS_H

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::runtime {

/// Whether standard output is an interactive terminal that understands
/// carriage returns and "erase line" (not TERM=dumb).
bool stdoutIsTerminal();

/// A named value shown after the bar: "loss", "accuracy", "val_loss", ...
struct Metric {
  std::string_view name;
  double value;
};

class Progress {
public:
  /// Seconds on a monotonic clock.
  using Clock = std::function<double()>;

  /// Reports on `out` for `epochs` epochs of `samplesPerEpoch` samples each;
  /// `terminal` selects the bar (see stdoutIsTerminal). An empty `clock`
  /// means std::chrono::steady_clock.
  Progress(std::ostream &out, bool terminal, int64_t epochs,
           int64_t samplesPerEpoch, Clock clock = {});

  /// Starts epoch `epoch` (from 0; shown from 1) and its timer.
  void startEpoch(int64_t epoch);

  /// Records that `samplesDone` samples of the epoch are done, with the
  /// running metrics. On a terminal the bar is redrawn at most every 0.1 s
  /// (and when the epoch's samples are all done), so that printing does not
  /// slow a fast training loop; otherwise nothing is printed.
  void update(int64_t samplesDone, const std::vector<Metric> &metrics);

  /// Ends the epoch with its final metrics (validation ones included): the
  /// finished bar, or the epoch's line, with samples/s and the time taken.
  void endEpoch(const std::vector<Metric> &metrics);

private:
  std::string metricsText(const std::vector<Metric> &metrics,
                          double seconds) const;
  std::string bar(int64_t samples) const;

  std::ostream &out;
  bool terminal;
  int64_t epochs;
  int64_t samplesPerEpoch;
  Clock clock;
  int64_t epoch = 0;
  int64_t samplesDone = 0;
  double epochStart = 0;
  /// When the bar was last drawn; negative before the first draw.
  double lastDraw = -1;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_PROGRESS_H
