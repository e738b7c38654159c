//===- Npy.cpp - NumPy .npy files -----------------------------------------===//

#include "dlc/runtime/Npy.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace dlc::runtime {

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t dim : shape)
    n *= dim;
  return n;
}

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "float32";
  case DType::f64:
    return "float64";
  case DType::i32:
    return "int32";
  case DType::i64:
    return "int64";
  }
  return "?";
}

namespace {

const char kMagic[] = "\x93NUMPY";

const char *descr(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "<f4";
  case DType::f64:
    return "<f8";
  case DType::i32:
    return "<i4";
  case DType::i64:
    return "<i8";
  }
  return "";
}

/// The value of `key` in the header's Python dict literal, as text.
bool dictValue(const std::string &header, const std::string &key,
               std::string &value) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos)
    return false;
  pos = header.find(':', pos);
  if (pos == std::string::npos)
    return false;
  ++pos;
  while (pos < header.size() && header[pos] == ' ')
    ++pos;
  size_t end = pos;
  if (header[pos] == '(') {
    end = header.find(')', pos);
    if (end == std::string::npos)
      return false;
    ++end;
  } else if (header[pos] == '\'') {
    end = header.find('\'', pos + 1);
    if (end == std::string::npos)
      return false;
    ++end;
  } else {
    while (end < header.size() && header[end] != ',' && header[end] != '}')
      ++end;
  }
  value = header.substr(pos, end - pos);
  return true;
}

} // namespace

std::string readNpy(const std::string &path, NpyArray &array) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return path + ": cannot open for reading";
  char magic[6];
  unsigned char version[2];
  if (!file.read(magic, 6) || std::memcmp(magic, kMagic, 6) != 0)
    return path + ": not a .npy file (bad magic)";
  if (!file.read(reinterpret_cast<char *>(version), 2) || version[0] < 1 ||
      version[0] > 3)
    return path + ": unsupported .npy version";
  uint32_t headerLength = 0;
  unsigned char lengthBytes[4] = {0, 0, 0, 0};
  int lengthSize = version[0] == 1 ? 2 : 4;
  if (!file.read(reinterpret_cast<char *>(lengthBytes), lengthSize))
    return path + ": truncated header";
  for (int i = lengthSize - 1; i >= 0; --i)
    headerLength = headerLength * 256 + lengthBytes[i];
  if (headerLength > (1u << 20))
    return path + ": header of " + std::to_string(headerLength) +
           " bytes is implausibly large";
  std::string header(headerLength, '\0');
  if (!file.read(header.data(), headerLength))
    return path + ": truncated header";

  std::string dtypeText, orderText, shapeText;
  if (!dictValue(header, "descr", dtypeText) ||
      !dictValue(header, "fortran_order", orderText) ||
      !dictValue(header, "shape", shapeText))
    return path + ": malformed header: " + header;
  if (orderText.find("True") != std::string::npos)
    return path + ": Fortran-order arrays are not supported (save with "
                  "np.ascontiguousarray)";
  if (dtypeText == "'<f4'")
    array.dtype = DType::f32;
  else if (dtypeText == "'<f8'")
    array.dtype = DType::f64;
  else if (dtypeText == "'<i4'")
    array.dtype = DType::i32;
  else if (dtypeText == "'<i8'")
    array.dtype = DType::i64;
  else
    return path + ": unsupported dtype " + dtypeText +
           " (expected little-endian float32, float64, int32 or int64)";

  array.shape.clear();
  std::string dims = shapeText.substr(1, shapeText.size() - 2);
  std::stringstream stream(dims);
  std::string item;
  while (std::getline(stream, item, ',')) {
    size_t first = item.find_first_not_of(' ');
    if (first == std::string::npos)
      continue;
    char *end = nullptr;
    long long dim = std::strtoll(item.c_str() + first, &end, 10);
    if (end == item.c_str() + first || dim < 0)
      return path + ": malformed shape " + shapeText;
    array.shape.push_back(dim);
  }
  uint64_t bytes = uint64_t(array.numElements()) * sizeOf(array.dtype);
  array.data.resize(bytes);
  if (bytes && !file.read(reinterpret_cast<char *>(array.data.data()),
                          std::streamsize(bytes)))
    return path + ": truncated data: expected " + std::to_string(bytes) +
           " bytes for shape " + shapeText;
  return "";
}

std::string writeNpy(const std::string &path, const NpyArray &array) {
  std::string header = "{'descr': '" + std::string(descr(array.dtype)) +
                       "', 'fortran_order': False, 'shape': (";
  // Python tuples: (), (n,), (a, b).
  for (size_t i = 0; i < array.shape.size(); ++i)
    header += (i ? ", " : "") + std::to_string(array.shape[i]);
  if (array.shape.size() == 1)
    header += ",";
  header += "), }";
  // Pad with spaces so that the data starts on a 64-byte boundary.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file)
    return path + ": cannot open for writing";
  file.write(kMagic, 6);
  const char version[2] = {1, 0};
  file.write(version, 2);
  uint16_t length = static_cast<uint16_t>(header.size());
  const char lengthBytes[2] = {char(length & 0xff), char(length >> 8)};
  file.write(lengthBytes, 2);
  file.write(header.data(), std::streamsize(header.size()));
  file.write(reinterpret_cast<const char *>(array.data.data()),
             std::streamsize(array.data.size()));
  if (!file)
    return path + ": write failed";
  return "";
}

} // namespace dlc::runtime
