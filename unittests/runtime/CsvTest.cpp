//===- CsvTest.cpp - History files and numeric CSV ------------------------===//

#include "RuntimeTestUtil.h"

#include "dlc/runtime/Csv.h"

#include <cmath>
#include <limits>

using namespace dlc::runtime;
using namespace dlc::runtime::test;
using ::testing::HasSubstr;

TEST(Csv, WritesAHistory) {
  ScratchDir dir;
  std::string path = dir.path("history.csv");
  CsvTable table;
  table.header = {"epoch", "loss", "note"};
  table.rows.push_back({1.0, 0.25, std::string("plain")});
  table.rows.push_back({2.0, 0.1, std::string("a, b")});
  table.rows.push_back({3.0, -1.5e-7, std::string("say \"hi\"")});
  table.rows.push_back(
      {4.0, std::numeric_limits<double>::quiet_NaN(), std::string(" padded")});
  ASSERT_EQ(writeCsv(path, table), "");
  EXPECT_EQ(readText(path), "epoch,loss,note\n"
                            "1,0.25,plain\n"
                            "2,0.1,\"a, b\"\n"
                            "3,-1.5e-07,\"say \"\"hi\"\"\"\n"
                            "4,nan,\" padded\"\n");
  // Written through a temporary file that is gone afterwards.
  EXPECT_EQ(listDir(dir.str()), (std::vector<std::string>{"history.csv"}));
}

TEST(Csv, RewritesAnExistingFile) {
  ScratchDir dir;
  std::string path = dir.path("history.csv");
  writeText(path, "old contents that are longer than the new ones\n");
  CsvTable table{{"epoch"}, {{1.0}}};
  ASSERT_EQ(writeCsv(path, table), "");
  EXPECT_EQ(readText(path), "epoch\n1\n");
}

TEST(Csv, RejectsARowOfTheWrongLength) {
  ScratchDir dir;
  std::string path = dir.path("history.csv");
  CsvTable table{{"epoch", "loss"}, {{1.0, 0.5}, {2.0}}};
  EXPECT_EQ(writeCsv(path, table),
            path + ": row 2 has 1 values, expected 2 (one per column)");
  EXPECT_TRUE(listDir(dir.str()).empty());
}

TEST(Csv, ReportsAnUnwritableDirectory) {
  ScratchDir dir;
  std::string path = dir.path("missing/history.csv");
  CsvTable table{{"epoch"}, {{1.0}}};
  EXPECT_THAT(writeCsv(path, table),
              HasSubstr(path + ": cannot create " + path + ".tmp."));
}

TEST(Csv, RoundTripsDoublesExactly) {
  ScratchDir dir;
  std::string path = dir.path("values.csv");
  std::vector<double> values = {1.0 / 3.0, 0.1 + 0.2,     1e300,
                                -2.5e-310, 123456789.125, 0.0};
  CsvTable table;
  table.header = {"x"};
  for (double value : values)
    table.rows.push_back({value});
  ASSERT_EQ(writeCsv(path, table), "");
  NumericTable read;
  ASSERT_EQ(readNumericCsv(path, read), "");
  EXPECT_EQ(read.columns, (std::vector<std::string>{"x"}));
  EXPECT_EQ(read.values, values);
}

TEST(Csv, ReadsNumbersInTheirUsualSpellings) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  writeText(path, "\xEF\xBB\xBF"
                  "a, \"b\" ,c\r\n"
                  "1, 2.5 ,-3e2\r\n"
                  "\r\n"
                  "+4,\"5\",nan\n"
                  "   \n"
                  "6,.5,inf");
  NumericTable table;
  ASSERT_EQ(readNumericCsv(path, table), "");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(table.numRows, 3);
  EXPECT_EQ(table.numColumns, 3);
  EXPECT_EQ(table.at(0, 1), 2.5);
  EXPECT_EQ(table.at(0, 2), -300);
  EXPECT_EQ(table.at(1, 0), 4);
  EXPECT_EQ(table.at(1, 1), 5);
  EXPECT_TRUE(std::isnan(table.at(1, 2)));
  EXPECT_EQ(table.at(2, 1), 0.5);
  EXPECT_TRUE(std::isinf(table.at(2, 2)));
}

TEST(Csv, DetectsAMissingHeader) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  writeText(path, "1;2\n3;4\n5;6\n");
  NumericTable table;
  ASSERT_EQ(readNumericCsv(path, table, {';', CsvHeader::detect}), "");
  EXPECT_TRUE(table.columns.empty());
  EXPECT_EQ(table.numRows, 3);
  EXPECT_EQ(table.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));

  // Told that there is one, the first line names the columns.
  ASSERT_EQ(readNumericCsv(path, table, {';', CsvHeader::present}), "");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(table.numRows, 2);
}

TEST(Csv, ReportsAMalformedNumberWithItsPosition) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  writeText(path, "x,y,z\n1,2,3\n4, 5x,6\n");
  NumericTable table;
  EXPECT_EQ(readNumericCsv(path, table), path + ":3:3: ' 5x' is not a number");
}

TEST(Csv, ReportsAnEmptyField) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  writeText(path, "1,2,3\n4,,6\n");
  NumericTable table;
  EXPECT_EQ(readNumericCsv(path, table),
            path + ":2:3: empty field, expected a number");
}

TEST(Csv, ReportsAHeaderWhereNoneIsExpected) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  writeText(path, "x,y\n1,2\n");
  NumericTable table;
  EXPECT_EQ(readNumericCsv(path, table, {',', CsvHeader::absent}),
            path + ":1:1: 'x' is not a number");
}

TEST(Csv, ReportsRaggedRows) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  NumericTable table;
  writeText(path, "a,b,c\n1,2,3\n\n4,5\n");
  EXPECT_EQ(readNumericCsv(path, table),
            path + ":4:4: expected 3 fields (as on line 1), found 2");
  writeText(path, "1,2,3\n4,5,6,7\n");
  EXPECT_EQ(readNumericCsv(path, table),
            path + ":2:7: expected 3 fields (as on line 1), found 4");
}

TEST(Csv, ReportsAnUnterminatedQuote) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  writeText(path, "a,\"b\nc\"\n");
  NumericTable table;
  EXPECT_EQ(readNumericCsv(path, table),
            path + ":1:3: unterminated quoted field");
}

TEST(Csv, ReportsANumberOutOfRange) {
  ScratchDir dir;
  std::string path = dir.path("data.csv");
  writeText(path, "1e999\n");
  NumericTable table;
  EXPECT_EQ(readNumericCsv(path, table, {',', CsvHeader::absent}),
            path + ":1:1: '1e999' is out of the range of a double");
}

TEST(Csv, ConvertsColumnsToTensors) {
  NumericTable table;
  table.columns = {"f0", "f1", "label"};
  table.numRows = 3;
  table.numColumns = 3;
  table.values = {0.5, 1.5, 2, -1, 2.25, 0, 3, 4, 1};

  Tensor features;
  std::vector<int64_t> featureColumns = {0, 1};
  ASSERT_EQ(tableToTensor(table, featureColumns, DType::f32, features), "");
  EXPECT_EQ(features.shape(), (std::vector<int64_t>{3, 2}));
  std::span<const float> f = features.values<float>();
  EXPECT_EQ(std::vector<float>(f.begin(), f.end()),
            (std::vector<float>{0.5f, 1.5f, -1, 2.25f, 3, 4}));

  Tensor labels;
  std::vector<int64_t> labelColumn = {2};
  ASSERT_EQ(tableToTensor(table, labelColumn, DType::i32, labels, true), "");
  EXPECT_EQ(labels.shape(), (std::vector<int64_t>{3}));
  std::span<const int32_t> l = labels.values<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(l.begin(), l.end()),
            (std::vector<int32_t>{2, 0, 1}));

  EXPECT_EQ(tableToTensor(table, featureColumns, DType::i64, labels),
            "row 1, column 'f0': 0.5 is not an integer of int64");
  std::vector<int64_t> outOfRange = {3};
  EXPECT_EQ(tableToTensor(table, outOfRange, DType::f32, labels),
            "column 3 is out of range (the table has 3 columns)");
  // A failed conversion leaves the target as it was.
  EXPECT_EQ(labels.shape(), (std::vector<int64_t>{3}));
}
