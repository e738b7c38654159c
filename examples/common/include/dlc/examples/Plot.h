//===- Plot.h - Line plots as SVG -----------------------------------------===//
//
// Loss curves and the RNN's continuation of a sine wave are lines on axes.
// SVG is text, opens in any browser and scales without blurring, so the
// plots need no library: axes with "nice" ticks (1, 2 or 5 times a power of
// ten), a legend, and one polyline per series.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_EXAMPLES_PLOT_H
#define DLC_EXAMPLES_PLOT_H

#include <span>
#include <string>
#include <vector>

namespace dlc::examples {

/// One line of a plot. Points whose x or y is not finite break the line.
struct Series {
  std::string name;
  std::vector<double> xs;
  std::vector<double> ys;
  /// Any SVG colour ("#d62728", "red"); empty picks the next one of a
  /// ten-colour palette.
  std::string colour;
  bool dashed = false;
};

/// The plot as an SVG document in `svg`. Fails when a series has more xs
/// than ys or the other way round.
std::string renderLinePlot(const std::string &title, const std::string &xLabel,
                           const std::string &yLabel,
                           std::span<const Series> series, std::string &svg);

/// renderLinePlot written to `path`, atomically.
std::string writeLinePlot(const std::string &path, const std::string &title,
                          const std::string &xLabel, const std::string &yLabel,
                          std::span<const Series> series);

/// Plots a training history CSV (see dlc::runtime::History): x is its
/// "epoch" column (the row number from 1 without one), and each of
/// `columns` is a line; with no columns given, every column but "epoch" and
/// "seconds". The y label is the metric the columns share ("loss" for
/// loss and val_loss), else "value".
std::string plotHistory(const std::string &csvPath, const std::string &svgPath,
                        const std::string &title,
                        std::span<const std::string> columns = {});

} // namespace dlc::examples

#endif // DLC_EXAMPLES_PLOT_H
