//===- Csv.cpp - Training histories and numeric user data -----------------===//

#include "dlc/runtime/Csv.h"
#include "dlc/runtime/File.h"
#include "dlc/runtime/Npy.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>

namespace dlc::runtime {

namespace {

void appendNumber(std::string &out, double value) {
  // to_chars without a precision gives the shortest text that reads back to
  // the same double; the history is exact and compact.
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof(text), value);
  out.append(text, ec == std::errc() ? end : text);
}

void appendString(std::string &out, const std::string &value) {
  bool quote =
      value.find_first_of(",\"\r\n") != std::string::npos ||
      (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
}

bool isBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

/// One field of a line, with its 1-based column for messages.
struct Field {
  std::string text;
  size_t column;
};

/// Splits `line` at `delimiter`, undoing RFC 4180 quoting.
std::string splitFields(std::string_view line, char delimiter,
                        std::vector<Field> &fields) {
  fields.clear();
  size_t i = 0;
  while (true) {
    Field field{"", i + 1};
    size_t start = i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    if (i < line.size() && line[i] == '"') {
      size_t open = i++;
      while (true) {
        if (i >= line.size())
          return std::to_string(open + 1) + ": unterminated quoted field";
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.text += line[i++];
      }
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
        ++i;
      if (i < line.size() && line[i] != delimiter)
        return std::to_string(i + 1) +
               ": unexpected text after a quoted field (expected '" +
               std::string(1, delimiter) + "')";
    } else {
      i = start;
      while (i < line.size() && line[i] != delimiter)
        field.text += line[i++];
    }
    fields.push_back(std::move(field));
    if (i >= line.size())
      return "";
    ++i; // the delimiter
  }
}

std::string_view trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return {};
  size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

enum class ParseResult { number, notANumber, outOfRange };

/// Parses all of `text` as a double.
ParseResult parseNumber(std::string_view text, double &value) {
  text = trim(text);
  // from_chars rejects a leading '+', which spreadsheets write.
  if (text.size() > 1 && text[0] == '+' && text[1] != '-')
    text.remove_prefix(1);
  if (text.empty())
    return ParseResult::notANumber;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size())
    return ParseResult::notANumber;
  if (ec == std::errc::result_out_of_range)
    return ParseResult::outOfRange;
  return ec == std::errc() ? ParseResult::number : ParseResult::notANumber;
}

std::string numberText(double value) {
  std::string text;
  appendNumber(text, value);
  return text;
}

} // namespace

std::string writeCsv(const std::string &path, const CsvTable &table) {
  std::string out;
  for (size_t i = 0; i < table.header.size(); ++i) {
    if (i)
      out += ',';
    appendString(out, table.header[i]);
  }
  out += '\n';
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<CsvValue> &row = table.rows[r];
    if (row.size() != table.header.size())
      return path + ": row " + std::to_string(r + 1) + " has " +
             std::to_string(row.size()) + " values, expected " +
             std::to_string(table.header.size()) + " (one per column)";
    for (size_t i = 0; i < row.size(); ++i) {
      if (i)
        out += ',';
      if (const double *number = std::get_if<double>(&row[i]))
        appendNumber(out, *number);
      else
        appendString(out, std::get<std::string>(row[i]));
    }
    out += '\n';
  }
  return writeFileAtomically(
      path, std::as_bytes(std::span<const char>(out.data(), out.size())));
}

std::string readNumericCsv(const std::string &path, NumericTable &table,
                           const CsvReadOptions &options) {
  AlignedBytes contents;
  if (std::string error = readFile(path, contents); !error.empty())
    return error;
  std::string_view text(reinterpret_cast<const char *>(contents.data()),
                        contents.size());
  if (text.starts_with("\xEF\xBB\xBF")) // the BOM spreadsheets write
    text.remove_prefix(3);

  NumericTable result;
  std::vector<Field> fields;
  size_t firstLine = 0; // the line that fixed the column count
  bool first = true;
  size_t lineNumber = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++lineNumber;
    if (line.ends_with('\r'))
      line.remove_suffix(1);
    if (isBlank(line))
      continue;
    std::string where = path + ":" + std::to_string(lineNumber) + ":";
    if (std::string error = splitFields(line, options.delimiter, fields);
        !error.empty())
      return where + error;

    if (first) {
      first = false;
      firstLine = lineNumber;
      result.numColumns = int64_t(fields.size());
      bool header = options.header == CsvHeader::present;
      if (options.header == CsvHeader::detect) {
        double ignored;
        for (const Field &field : fields)
          header =
              header || parseNumber(field.text, ignored) != ParseResult::number;
      }
      if (header) {
        for (Field &field : fields)
          result.columns.emplace_back(trim(field.text));
        continue;
      }
    }

    if (int64_t(fields.size()) != result.numColumns) {
      size_t column = int64_t(fields.size()) > result.numColumns
                          ? fields[size_t(result.numColumns)].column
                          : line.size() + 1;
      return where + std::to_string(column) + ": expected " +
             std::to_string(result.numColumns) + " fields (as on line " +
             std::to_string(firstLine) + "), found " +
             std::to_string(fields.size());
    }
    for (const Field &field : fields) {
      double value;
      ParseResult parsed = parseNumber(field.text, value);
      if (parsed == ParseResult::number) {
        result.values.push_back(value);
        continue;
      }
      std::string at = where + std::to_string(field.column) + ": ";
      if (trim(field.text).empty())
        return at + "empty field, expected a number";
      return at + "'" + field.text + "' " +
             (parsed == ParseResult::outOfRange
                  ? "is out of the range of a double"
                  : "is not a number");
    }
    ++result.numRows;
  }
  table = std::move(result);
  return "";
}

std::string tableToTensor(const NumericTable &table,
                          std::span<const int64_t> columns, DType dtype,
                          Tensor &tensor, bool squeeze) {
  for (int64_t column : columns)
    if (column < 0 || column >= table.numColumns)
      return "column " + std::to_string(column) + " is out of range (the " +
             "table has " + std::to_string(table.numColumns) + " columns)";
  if (squeeze && columns.size() != 1)
    return "only a single column can be squeezed, got " +
           std::to_string(columns.size());
  std::vector<int64_t> shape = {table.numRows};
  if (!squeeze)
    shape.push_back(int64_t(columns.size()));
  Tensor result(dtype, shape);

  auto columnName = [&](int64_t column) {
    return size_t(column) < table.columns.size()
               ? "'" + table.columns[size_t(column)] + "'"
               : std::to_string(column);
  };
  auto convert = [&]<typename T>(std::span<T> out) -> std::string {
    size_t k = 0;
    for (int64_t row = 0; row < table.numRows; ++row) {
      for (int64_t column : columns) {
        double value = table.at(row, column);
        if constexpr (std::is_integral_v<T>) {
          // The bounds are exact doubles (powers of two), so the comparison
          // is exact.
          constexpr double limit = double(uint64_t(1) << (sizeof(T) * 8 - 1));
          if (!(value >= -limit && value < limit) || value != std::trunc(value))
            return "row " + std::to_string(row + 1) + ", column " +
                   columnName(column) + ": " + numberText(value) +
                   " is not an integer of " + dtypeName(dtype);
        }
        out[k++] = static_cast<T>(value);
      }
    }
    return "";
  };
  std::string error;
  switch (dtype) {
  case DType::f32:
    error = convert(result.values<float>());
    break;
  case DType::f64:
    error = convert(result.values<double>());
    break;
  case DType::i32:
    error = convert(result.values<int32_t>());
    break;
  case DType::i64:
    error = convert(result.values<int64_t>());
    break;
  }
  if (!error.empty())
    return error;
  tensor = std::move(result);
  return "";
}

} // namespace dlc::runtime
