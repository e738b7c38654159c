//===- Plot.cpp - Line plots as SVG ---------------------------------------===//

#include "dlc/examples/Plot.h"

#include "dlc/runtime/Csv.h"
#include "dlc/runtime/File.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string_view>

namespace dlc::examples {

namespace {

// Matplotlib's "tab10", which readers already know from Python plots.
constexpr const char *kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                    "#bcbd22", "#17becf"};
constexpr size_t kPaletteSize = std::size(kPalette);

constexpr double kWidth = 720, kHeight = 440;
constexpr double kLeft = 80, kRight = 24, kTop = 48, kBottom = 64;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;
/// Series with at most this many points also get a marker per point, so
/// that a history of three epochs does not look like a straight line of
/// unknown provenance.
constexpr size_t kMaxMarkedPoints = 25;

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string number(double value, const char *format = "%.2f") {
  char text[32];
  std::snprintf(text, sizeof(text), format, value);
  return text;
}

/// An axis from `low` to `high` in steps of `step`, both multiples of it.
struct Axis {
  double low = 0;
  double high = 1;
  double step = 0.2;

  int numSteps() const { return int(std::lround((high - low) / step)); }
};

/// The range [low, high] widened to multiples of a step of 1, 2 or 5 times
/// a power of ten that gives about five intervals.
Axis niceAxis(double low, double high) {
  if (!(low <= high))
    return {};
  if (high - low <= 1e-12 * std::max(std::abs(low), std::abs(high))) {
    double pad = low == 0 ? 1 : std::abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  double raw = (high - low) / 5;
  if (!std::isfinite(raw) || raw <= 0)
    return {};
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double fraction = raw / magnitude;
  double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  Axis axis;
  axis.step = nice * magnitude;
  // The tolerance keeps 0.3 / 0.1 = 2.9999999999999996 from adding a step.
  axis.low = std::floor(low / axis.step + 1e-9) * axis.step;
  axis.high = std::ceil(high / axis.step - 1e-9) * axis.step;
  return axis;
}

double tickValue(const Axis &axis, int i) {
  double value = axis.low + i * axis.step;
  // Multiples of 0.1 accumulate rounding; print 0, not -2.77556e-17.
  return std::abs(value) < axis.step * 1e-9 ? 0 : value;
}

} // namespace

std::string renderLinePlot(const std::string &title, const std::string &xLabel,
                           const std::string &yLabel,
                           std::span<const Series> series, std::string &svg) {
  double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
  for (const Series &line : series) {
    if (line.xs.size() != line.ys.size())
      return "line plot: series '" + line.name + "' has " +
             std::to_string(line.xs.size()) + " x values and " +
             std::to_string(line.ys.size()) + " y values";
    for (size_t i = 0; i < line.xs.size(); ++i) {
      if (!std::isfinite(line.xs[i]) || !std::isfinite(line.ys[i]))
        continue;
      xMin = std::min(xMin, line.xs[i]);
      xMax = std::max(xMax, line.xs[i]);
      yMin = std::min(yMin, line.ys[i]);
      yMax = std::max(yMax, line.ys[i]);
    }
  }
  Axis xAxis = niceAxis(xMin, xMax), yAxis = niceAxis(yMin, yMax);
  auto px = [&](double x) {
    return kLeft + (x - xAxis.low) / (xAxis.high - xAxis.low) * kPlotWidth;
  };
  auto py = [&](double y) {
    return kTop + kPlotHeight -
           (y - yAxis.low) / (yAxis.high - yAxis.low) * kPlotHeight;
  };

  svg.clear();
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
         number(kWidth, "%g") + "\" height=\"" + number(kHeight, "%g") +
         "\" viewBox=\"0 0 " + number(kWidth, "%g") + " " +
         number(kHeight, "%g") +
         "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"" + number(kWidth / 2) +
         "\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">" +
         escape(title) + "</text>\n";

  // Grid lines, tick marks and tick labels.
  svg += "<g stroke=\"#e5e5e5\">\n";
  for (int i = 0; i <= xAxis.numSteps(); ++i) {
    std::string x = number(px(tickValue(xAxis, i)));
    svg += "<line x1=\"" + x + "\" y1=\"" + number(kTop) + "\" x2=\"" + x +
           "\" y2=\"" + number(kTop + kPlotHeight) + "\"/>\n";
  }
  for (int i = 0; i <= yAxis.numSteps(); ++i) {
    std::string y = number(py(tickValue(yAxis, i)));
    svg += "<line x1=\"" + number(kLeft) + "\" y1=\"" + y + "\" x2=\"" +
           number(kLeft + kPlotWidth) + "\" y2=\"" + y + "\"/>\n";
  }
  svg += "</g>\n<g stroke=\"black\">\n";
  for (int i = 0; i <= xAxis.numSteps(); ++i) {
    std::string x = number(px(tickValue(xAxis, i)));
    svg += "<line x1=\"" + x + "\" y1=\"" + number(kTop + kPlotHeight) +
           "\" x2=\"" + x + "\" y2=\"" + number(kTop + kPlotHeight + 5) +
           "\"/>\n";
  }
  for (int i = 0; i <= yAxis.numSteps(); ++i) {
    std::string y = number(py(tickValue(yAxis, i)));
    svg += "<line x1=\"" + number(kLeft - 5) + "\" y1=\"" + y + "\" x2=\"" +
           number(kLeft) + "\" y2=\"" + y + "\"/>\n";
  }
  svg += "</g>\n<g text-anchor=\"middle\">\n";
  for (int i = 0; i <= xAxis.numSteps(); ++i) {
    double value = tickValue(xAxis, i);
    svg += "<text x=\"" + number(px(value)) + "\" y=\"" +
           number(kTop + kPlotHeight + 19) + "\">" + number(value, "%g") +
           "</text>\n";
  }
  svg += "</g>\n<g text-anchor=\"end\">\n";
  for (int i = 0; i <= yAxis.numSteps(); ++i) {
    double value = tickValue(yAxis, i);
    svg += "<text x=\"" + number(kLeft - 8) + "\" y=\"" +
           number(py(value) + 4) + "\">" + number(value, "%g") + "</text>\n";
  }
  svg += "</g>\n";
  svg += "<rect x=\"" + number(kLeft) + "\" y=\"" + number(kTop) +
         "\" width=\"" + number(kPlotWidth) + "\" height=\"" +
         number(kPlotHeight) + "\" fill=\"none\" stroke=\"black\"/>\n";
  svg += "<text x=\"" + number(kLeft + kPlotWidth / 2) + "\" y=\"" +
         number(kHeight - 18) + "\" text-anchor=\"middle\">" + escape(xLabel) +
         "</text>\n";
  svg += "<text transform=\"translate(22," + number(kTop + kPlotHeight / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(yLabel) +
         "</text>\n";

  // The series, each a polyline per run of finite points.
  std::vector<std::string> colours;
  for (size_t s = 0; s < series.size(); ++s) {
    const Series &line = series[s];
    colours.push_back(line.colour.empty() ? kPalette[s % kPaletteSize]
                                          : line.colour);
    std::string stroke = "stroke=\"" + escape(colours.back()) + "\"";
    svg += "<g class=\"series\" fill=\"none\" stroke-width=\"2\" " + stroke +
           (line.dashed ? " stroke-dasharray=\"6 4\"" : "") + ">\n<title>" +
           escape(line.name) + "</title>\n";
    std::string points;
    auto flush = [&] {
      if (!points.empty())
        svg += "<polyline points=\"" + points + "\"/>\n";
      points.clear();
    };
    for (size_t i = 0; i < line.xs.size(); ++i) {
      if (!std::isfinite(line.xs[i]) || !std::isfinite(line.ys[i])) {
        flush();
        continue;
      }
      if (!points.empty())
        points += ' ';
      points += number(px(line.xs[i])) + "," + number(py(line.ys[i]));
    }
    flush();
    if (line.xs.size() <= kMaxMarkedPoints)
      for (size_t i = 0; i < line.xs.size(); ++i)
        if (std::isfinite(line.xs[i]) && std::isfinite(line.ys[i]))
          svg += "<circle cx=\"" + number(px(line.xs[i])) + "\" cy=\"" +
                 number(py(line.ys[i])) + "\" r=\"3\" fill=\"" +
                 escape(colours.back()) + "\" stroke=\"none\"/>\n";
    svg += "</g>\n";
  }

  // The legend, in the corner of the plot area where it hides the least of
  // the lines (top right for falling losses, bottom right for rising
  // accuracies).
  if (!series.empty()) {
    size_t longest = 0;
    for (const Series &line : series)
      longest = std::max(longest, line.name.size());
    // About 7 pixels per character of a 12-pixel sans-serif font.
    double width = 44 + 7.0 * double(longest);
    double height = 8 + 18.0 * double(series.size());
    double right = kLeft + kPlotWidth - width - 8, left = kLeft + 8;
    double top = kTop + 8, bottom = kTop + kPlotHeight - height - 8;
    double corners[4][2] = {
        {right, top}, {right, bottom}, {left, top}, {left, bottom}};
    size_t hidden[4] = {0, 0, 0, 0};
    for (const Series &line : series)
      for (size_t i = 0; i + 1 < line.xs.size(); ++i) {
        if (!std::isfinite(line.xs[i]) || !std::isfinite(line.ys[i]) ||
            !std::isfinite(line.xs[i + 1]) || !std::isfinite(line.ys[i + 1]))
          continue;
        // A point every 4 pixels along the segment.
        double x0 = px(line.xs[i]), y0 = py(line.ys[i]);
        double x1 = px(line.xs[i + 1]), y1 = py(line.ys[i + 1]);
        int steps = 1 + int(std::hypot(x1 - x0, y1 - y0) / 4);
        for (int k = 0; k < steps; ++k) {
          double t = double(k) / steps;
          double sx = x0 + t * (x1 - x0), sy = y0 + t * (y1 - y0);
          for (int c = 0; c < 4; ++c)
            hidden[c] += sx >= corners[c][0] && sx <= corners[c][0] + width &&
                         sy >= corners[c][1] && sy <= corners[c][1] + height;
        }
      }
    int corner = int(std::min_element(hidden, hidden + 4) - hidden);
    double x = corners[corner][0], y = corners[corner][1];
    svg += "<g class=\"legend\">\n<rect x=\"" + number(x) + "\" y=\"" +
           number(y) + "\" width=\"" + number(width) + "\" height=\"" +
           number(height) +
           "\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbbbbb\"/>\n";
    for (size_t s = 0; s < series.size(); ++s) {
      double rowY = y + 16 + 18.0 * double(s);
      svg += "<line x1=\"" + number(x + 8) + "\" y1=\"" + number(rowY - 4) +
             "\" x2=\"" + number(x + 32) + "\" y2=\"" + number(rowY - 4) +
             "\" stroke=\"" + escape(colours[s]) + "\" stroke-width=\"2\"" +
             (series[s].dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
      svg += "<text x=\"" + number(x + 38) + "\" y=\"" + number(rowY) + "\">" +
             escape(series[s].name) + "</text>\n";
    }
    svg += "</g>\n";
  }
  svg += "</svg>\n";
  return "";
}

std::string writeLinePlot(const std::string &path, const std::string &title,
                          const std::string &xLabel, const std::string &yLabel,
                          std::span<const Series> series) {
  std::string svg;
  if (std::string error = renderLinePlot(title, xLabel, yLabel, series, svg);
      !error.empty())
    return path + ": " + error;
  return runtime::writeFileAtomically(
      path, std::as_bytes(std::span(svg.data(), svg.size())));
}

namespace {

std::string_view metricOf(std::string_view column) {
  if (column.starts_with("val_"))
    column.remove_prefix(4);
  return column;
}

} // namespace

std::string plotHistory(const std::string &csvPath, const std::string &svgPath,
                        const std::string &title,
                        std::span<const std::string> columns) {
  runtime::NumericTable table;
  runtime::CsvReadOptions options;
  options.header = runtime::CsvHeader::present;
  if (std::string error = runtime::readNumericCsv(csvPath, table, options);
      !error.empty())
    return error;
  auto find = [&](std::string_view name) -> int64_t {
    auto it = std::find(table.columns.begin(), table.columns.end(), name);
    return it == table.columns.end() ? -1 : it - table.columns.begin();
  };

  std::vector<int64_t> plotted;
  if (columns.empty()) {
    for (int64_t c = 0; c < table.numColumns; ++c)
      if (table.columns[c] != "epoch" && table.columns[c] != "seconds")
        plotted.push_back(c);
    if (plotted.empty())
      return csvPath + ": no column to plot besides epoch and seconds";
  } else {
    for (const std::string &name : columns) {
      int64_t c = find(name);
      if (c < 0) {
        std::string known;
        for (const std::string &column : table.columns)
          known += (known.empty() ? "" : ", ") + column;
        return csvPath + ": no column '" + name + "' (the columns are " +
               known + ")";
      }
      plotted.push_back(c);
    }
  }

  std::vector<double> xs;
  int64_t epoch = find("epoch");
  for (int64_t row = 0; row < table.numRows; ++row)
    xs.push_back(epoch < 0 ? double(row + 1) : table.at(row, epoch));
  // A validation metric takes its training metric's colour, dashed, so
  // that pairs read as pairs.
  std::vector<Series> series;
  std::string_view metric = metricOf(table.columns[plotted.front()]);
  bool sameMetric = true;
  for (int64_t c : plotted) {
    const std::string &name = table.columns[c];
    sameMetric &= metricOf(name) == metric;
    Series line;
    line.name = name;
    line.xs = xs;
    for (int64_t row = 0; row < table.numRows; ++row)
      line.ys.push_back(table.at(row, c));
    line.colour = kPalette[series.size() % kPaletteSize];
    if (name.starts_with("val_")) {
      for (const Series &other : series)
        if (other.name == metricOf(name)) {
          line.colour = other.colour;
          line.dashed = true;
        }
    }
    series.push_back(std::move(line));
  }
  return writeLinePlot(svgPath, title, epoch < 0 ? "row" : "epoch",
                       sameMetric ? std::string(metric) : "value", series);
}

} // namespace dlc::examples
