//===- Csv.h - Training histories and numeric user data -------------------===//
//
// Training writes its history (one row of metrics per epoch) as CSV so that
// any plotting tool reads it; users bring tabular data as numeric CSV.
// Numbers are written in the shortest form that reads back to the same
// double, and read with their position in errors.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_CSV_H
#define DLC_RUNTIME_CSV_H

#include "dlc/runtime/Tensor.h"

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace dlc::runtime {

/// One cell of a written table.
using CsvValue = std::variant<double, std::string>;

/// A table to write: column names and rows of as many values.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<CsvValue>> rows;
};

/// Writes `table` to `path` (RFC 4180: strings are quoted when they hold a
/// comma, a quote, a line break or outer spaces) through
/// writeFileAtomically, so that a history rewritten after every epoch is
/// never seen half-written. Returns an error message or "".
std::string writeCsv(const std::string &path, const CsvTable &table);

/// Whether the first line of a numeric CSV file names the columns.
enum class CsvHeader {
  /// A header when some field of the first line is not a number.
  detect,
  present,
  absent,
};

struct CsvReadOptions {
  char delimiter = ',';
  CsvHeader header = CsvHeader::detect;
};

/// A numeric table read from CSV.
struct NumericTable {
  /// Column names; empty when the file has no header.
  std::vector<std::string> columns;
  int64_t numRows = 0;
  int64_t numColumns = 0;
  /// Row-major, numRows x numColumns.
  std::vector<double> values;

  double at(int64_t row, int64_t column) const {
    return values[size_t(row * numColumns + column)];
  }
};

/// Reads a CSV file whose fields (after the optional header) are all
/// numbers: decimal or scientific notation, "nan", "inf", optionally quoted
/// and surrounded by spaces. Blank lines are skipped. Errors give
/// "path:line:column:" for a field that is not a number and for a row with
/// more or fewer fields than the first.
std::string readNumericCsv(const std::string &path, NumericTable &table,
                           const CsvReadOptions &options = {});

/// Copies `columns` of `table` into a [numRows, columns.size()] tensor of
/// `dtype` (a single column as [numRows] when `squeeze`, e.g. for labels).
/// Integer dtypes require integral values in range; the error names the row
/// and column.
std::string tableToTensor(const NumericTable &table,
                          std::span<const int64_t> columns, DType dtype,
                          Tensor &tensor, bool squeeze = false);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_CSV_H
