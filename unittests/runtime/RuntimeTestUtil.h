//===- RuntimeTestUtil.h - Scratch files for runtime unit tests -----------===//

#ifndef DLC_UNITTESTS_RUNTIME_RUNTIMETESTUTIL_H
#define DLC_UNITTESTS_RUNTIME_RUNTIMETESTUTIL_H

#include "dlc/runtime/Idx.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace dlc::runtime::test {

/// A fresh directory, removed with its contents when the test ends, so that
/// tests neither see each other's files nor leave any behind.
class ScratchDir {
public:
  ScratchDir() {
    std::string pattern = ::testing::TempDir() + "dlc-runtime-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()))
      root = buffer.data();
    EXPECT_FALSE(root.empty()) << "cannot create a directory from " << pattern;
  }
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
  }

  std::string path(const std::string &name) const { return root + "/" + name; }
  const std::string &str() const { return root; }

private:
  std::string root;
};

inline void writeBytes(const std::string &path,
                       const std::vector<uint8_t> &bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char *>(bytes.data()),
             std::streamsize(bytes.size()));
  ASSERT_TRUE(file.good()) << "cannot write " << path;
}

inline void writeText(const std::string &path, const std::string &text) {
  writeBytes(path, std::vector<uint8_t>(text.begin(), text.end()));
}

inline std::vector<uint8_t> readBytes(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file),
          std::istreambuf_iterator<char>()};
}

inline std::string readText(const std::string &path) {
  std::vector<uint8_t> bytes = readBytes(path);
  return {bytes.begin(), bytes.end()};
}

/// The names in `directory`, to check that no temporary file is left.
inline std::vector<std::string> listDir(const std::string &directory) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(directory, ec))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

inline void appendBigEndian(std::vector<uint8_t> &bytes, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    bytes.push_back(uint8_t(value >> shift));
}

/// An IDX file (MNIST's format) with the given magic, dimensions and bytes.
inline std::vector<uint8_t> idx(uint32_t magic,
                                const std::vector<uint32_t> &dims,
                                const std::vector<uint8_t> &data) {
  std::vector<uint8_t> bytes;
  appendBigEndian(bytes, magic);
  for (uint32_t dim : dims)
    appendBigEndian(bytes, dim);
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

/// n images of rows x cols whose pixel k is (k * 37 + image) mod 256.
inline std::vector<uint8_t> imageFile(uint32_t n, uint32_t rows,
                                      uint32_t cols) {
  std::vector<uint8_t> pixels;
  for (uint32_t image = 0; image < n; ++image)
    for (uint32_t k = 0; k < rows * cols; ++k)
      pixels.push_back(uint8_t((k * 37 + image) % 256));
  return idx(dlc::runtime::kIdxImagesMagic, {n, rows, cols}, pixels);
}

inline std::vector<uint8_t> labelFile(const std::vector<uint8_t> &labels) {
  return idx(dlc::runtime::kIdxLabelsMagic, {uint32_t(labels.size())}, labels);
}

} // namespace dlc::runtime::test

#endif // DLC_UNITTESTS_RUNTIME_RUNTIMETESTUTIL_H
