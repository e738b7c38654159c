//===- PlotTest.cpp - SVG line plots and history plots --------------------===//

#include "ExamplesTestUtil.h"

#include "dlc/examples/Plot.h"

#include <cmath>

using namespace dlc::examples;
using dlc::examples::test::readText;
using dlc::examples::test::ScratchDir;
using dlc::examples::test::writeText;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

size_t occurrences(const std::string &text, const std::string &part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos;
       at = text.find(part, at + 1))
    ++count;
  return count;
}

} // namespace

TEST(LinePlot, DrawsEachSeriesWithALegend) {
  std::vector<Series> series(2);
  series[0].name = "loss";
  series[0].xs = {1, 2, 3};
  series[0].ys = {0.9, 0.5, 0.1};
  series[1].name = "val <loss>";
  series[1].xs = {1, 2, 3};
  series[1].ys = {0.95, 0.6, 0.3};
  series[1].colour = "#d62728";
  series[1].dashed = true;
  std::string svg;
  ASSERT_EQ(renderLinePlot("Loss & accuracy", "epoch", "loss", series, svg),
            "");

  EXPECT_THAT(svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(svg, HasSubstr("</svg>"));
  EXPECT_THAT(svg, HasSubstr(">Loss &amp; accuracy</text>"));
  EXPECT_THAT(svg, HasSubstr(">epoch</text>"));
  EXPECT_THAT(svg, HasSubstr("rotate(-90)\" text-anchor=\"middle\">loss<"));
  // Each series is a polyline in its colour, named in the legend.
  EXPECT_EQ(occurrences(svg, "<polyline"), 2u);
  EXPECT_EQ(occurrences(svg, "<g class=\"series\""), 2u);
  EXPECT_THAT(svg, HasSubstr("stroke=\"#1f77b4\""));
  EXPECT_THAT(svg, HasSubstr("stroke=\"#d62728\" stroke-dasharray"));
  EXPECT_THAT(svg, HasSubstr(">loss</text>"));
  EXPECT_THAT(svg, HasSubstr(">val &lt;loss&gt;</text>"));
  // Three points per series get markers.
  EXPECT_EQ(occurrences(svg, "<circle"), 6u);
  // Ticks at nice numbers that cover the data: x 1 .. 3, y 0 .. 1.
  EXPECT_THAT(svg, HasSubstr(">1.5</text>"));
  EXPECT_THAT(svg, HasSubstr(">0.2</text>"));
  EXPECT_THAT(svg, HasSubstr(">0</text>"));
  EXPECT_THAT(svg, HasSubstr(">1</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("e-17")));
}

TEST(LinePlot, PointsAtTheCornersOfThePlotArea) {
  // x 0 .. 10 and y 0 .. 1 are already nice, so the first point sits at
  // the bottom-left of the plot area (80, 376) and the last at its top
  // right (696, 48).
  Series line;
  line.name = "ramp";
  for (int i = 0; i <= 10; ++i) {
    line.xs.push_back(i);
    line.ys.push_back(i / 10.0);
  }
  std::string svg;
  ASSERT_EQ(renderLinePlot("", "", "", std::span(&line, 1), svg), "");
  EXPECT_THAT(svg, HasSubstr("points=\"80.00,376.00 "));
  EXPECT_THAT(svg, HasSubstr(" 696.00,48.00\"/>"));
}

TEST(LinePlot, PutsTheLegendWhereItHidesTheLeast) {
  // One series: a legend 26 pixels high, 8 pixels inside the plot area
  // (y 48 .. 376).
  Series line;
  line.name = "l";
  line.xs = {0, 10};
  std::string svg;
  line.ys = {1, 0};
  ASSERT_EQ(renderLinePlot("", "", "", std::span(&line, 1), svg), "");
  EXPECT_THAT(svg, HasSubstr("<g class=\"legend\">\n<rect x=\"637.00\" "
                             "y=\"56.00\""));
  line.ys = {0, 1};
  ASSERT_EQ(renderLinePlot("", "", "", std::span(&line, 1), svg), "");
  EXPECT_THAT(svg, HasSubstr("<g class=\"legend\">\n<rect x=\"637.00\" "
                             "y=\"342.00\""));
}

TEST(LinePlot, BreaksLinesAtMissingValues) {
  Series line;
  line.name = "gap";
  line.xs = {0, 1, 2, 3, 4};
  line.ys = {1, 2, NAN, 4, 5};
  std::string svg;
  ASSERT_EQ(renderLinePlot("t", "x", "y", std::span(&line, 1), svg), "");
  EXPECT_EQ(occurrences(svg, "<polyline"), 2u);
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
}

TEST(LinePlot, HandlesNoDataAndFlatData) {
  std::string svg;
  ASSERT_EQ(renderLinePlot("empty", "x", "y", {}, svg), "");
  EXPECT_THAT(svg, HasSubstr("</svg>"));
  EXPECT_EQ(occurrences(svg, "<polyline"), 0u);

  Series flat;
  flat.name = "flat";
  flat.xs = {5};
  flat.ys = {2};
  ASSERT_EQ(renderLinePlot("flat", "x", "y", std::span(&flat, 1), svg), "");
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
  EXPECT_EQ(occurrences(svg, "<circle"), 1u);
}

TEST(LinePlot, RejectsMismatchedSeries) {
  Series line;
  line.name = "bad";
  line.xs = {1, 2};
  line.ys = {1};
  std::string svg;
  EXPECT_EQ(renderLinePlot("t", "x", "y", std::span(&line, 1), svg),
            "line plot: series 'bad' has 2 x values and 1 y values");
  ScratchDir dir;
  EXPECT_THAT(
      writeLinePlot(dir.path("p.svg"), "t", "x", "y", std::span(&line, 1)),
      StartsWith(dir.path("p.svg") + ": line plot:"));
}

TEST(LinePlot, WritesTheFile) {
  ScratchDir dir;
  Series line{"sine", {0, 1, 2}, {0, 1, 0}, "", false};
  std::string path = dir.path("plot.svg");
  ASSERT_EQ(writeLinePlot(path, "t", "x", "y", std::span(&line, 1)), "");
  std::string svg;
  ASSERT_EQ(renderLinePlot("t", "x", "y", std::span(&line, 1), svg), "");
  EXPECT_EQ(readText(path), svg);
}

TEST(HistoryPlot, PlotsTheMetricColumns) {
  ScratchDir dir;
  std::string csv = dir.path("history.csv"), path = dir.path("history.svg");
  writeText(csv, "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n"
                 "1,0.8,0.5,0.9,0.45,1.5\n"
                 "2,0.4,0.8,0.5,0.75,1.4\n");
  ASSERT_EQ(plotHistory(csv, path, "MLP"), "");
  std::string svg = readText(path);
  EXPECT_EQ(occurrences(svg, "<g class=\"series\""), 4u);
  for (const char *name : {"loss", "accuracy", "val_loss", "val_accuracy"})
    EXPECT_THAT(svg, HasSubstr(std::string("<title>") + name + "</title>"));
  EXPECT_THAT(svg, Not(HasSubstr("<title>seconds</title>")));
  EXPECT_THAT(svg, HasSubstr(">value</text>"));
  EXPECT_THAT(svg, HasSubstr(">epoch</text>"));

  std::vector<std::string> losses = {"loss", "val_loss"};
  ASSERT_EQ(plotHistory(csv, path, "MLP", losses), "");
  svg = readText(path);
  EXPECT_EQ(occurrences(svg, "<g class=\"series\""), 2u);
  EXPECT_THAT(svg, HasSubstr("rotate(-90)\" text-anchor=\"middle\">loss<"));
  // The validation loss is the training loss's colour, dashed.
  EXPECT_EQ(occurrences(svg, "stroke=\"#1f77b4\""), 4u);
  EXPECT_EQ(occurrences(svg, "stroke-dasharray"), 2u);
}

TEST(HistoryPlot, ReportsMissingColumnsAndFiles) {
  ScratchDir dir;
  std::string csv = dir.path("history.csv");
  writeText(csv, "epoch,loss\n1,0.5\n");
  std::vector<std::string> wrong = {"los"};
  EXPECT_EQ(plotHistory(csv, dir.path("h.svg"), "t", wrong),
            csv + ": no column 'los' (the columns are epoch, loss)");
  EXPECT_THAT(plotHistory(dir.path("none.csv"), dir.path("h.svg"), "t"),
              HasSubstr("none.csv"));
  writeText(csv, "epoch,seconds\n1,0.5\n");
  EXPECT_EQ(plotHistory(csv, dir.path("h.svg"), "t"),
            csv + ": no column to plot besides epoch and seconds");
}
