//===- Progress.cpp - Training progress on the console --------------------===//

#include "dlc/runtime/Progress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace dlc::runtime {

namespace {

constexpr int kBarWidth = 30;
constexpr double kRedrawSeconds = 0.1;

std::string format(const char *pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof(text), pattern, value);
  return text;
}

/// Four decimals as Keras prints metrics, or scientific notation where
/// that would hide the value.
std::string formatMetric(double value) {
  double magnitude = std::fabs(value);
  if (std::isfinite(value) && value != 0 &&
      (magnitude >= 1e6 || magnitude < 1e-4))
    return format("%.4e", value);
  return format("%.4f", value);
}

} // namespace

bool stdoutIsTerminal() {
  const char *term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(term && std::strcmp(term, "dumb") == 0);
}

Progress::Progress(std::ostream &out, bool terminal, int64_t epochs,
                   int64_t samplesPerEpoch, Clock clock)
    : out(out), terminal(terminal), epochs(epochs),
      samplesPerEpoch(samplesPerEpoch), clock(std::move(clock)) {
  if (!this->clock)
    this->clock = [] {
      return std::chrono::duration<double>(
                 std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
}

void Progress::startEpoch(int64_t index) {
  epoch = index;
  samplesDone = 0;
  epochStart = clock();
  lastDraw = -1;
}

std::string Progress::bar(int64_t samples) const {
  int64_t total = samplesPerEpoch > 0 ? samplesPerEpoch : 1;
  int64_t filled = std::min<int64_t>(kBarWidth, samples * kBarWidth / total);
  std::string text = "[" + std::string(size_t(filled), '=');
  if (filled < kBarWidth)
    text += '>' + std::string(size_t(kBarWidth - filled - 1), '.');
  text += "] ";
  // Padded to the total's width so that the bar does not shift as the
  // count grows.
  std::string count = std::to_string(samples);
  std::string totalText = std::to_string(samplesPerEpoch);
  if (count.size() < totalText.size())
    count.insert(0, totalText.size() - count.size(), ' ');
  return text + count + "/" + totalText;
}

std::string Progress::metricsText(const std::vector<Metric> &metrics,
                                  double seconds) const {
  std::string text;
  for (const Metric &metric : metrics)
    text += " - " + std::string(metric.name) + " " + formatMetric(metric.value);
  if (seconds > 0 && samplesDone > 0)
    text +=
        " - " + format("%.0f", double(samplesDone) / seconds) + " samples/s";
  return text;
}

void Progress::update(int64_t samples, const std::vector<Metric> &metrics) {
  samplesDone = samples;
  if (!terminal)
    return;
  double now = clock();
  bool done = samples >= samplesPerEpoch;
  if (lastDraw >= 0 && now - lastDraw < kRedrawSeconds && !done)
    return;
  lastDraw = now;
  // "\x1b[K" erases what a longer previous line left to the right.
  out << "\rEpoch " << epoch + 1 << "/" << epochs << " " << bar(samples)
      << metricsText(metrics, now - epochStart) << "\x1b[K" << std::flush;
}

void Progress::endEpoch(const std::vector<Metric> &metrics) {
  double seconds = clock() - epochStart;
  std::string timeText = " - " + format("%.1f", seconds) + " s";
  if (terminal)
    out << "\rEpoch " << epoch + 1 << "/" << epochs << " " << bar(samplesDone)
        << metricsText(metrics, seconds) << timeText << "\x1b[K\n";
  else
    out << "Epoch " << epoch + 1 << "/" << epochs << ": " << samplesDone
        << " samples" << metricsText(metrics, seconds) << timeText << "\n";
  out << std::flush;
}

} // namespace dlc::runtime
