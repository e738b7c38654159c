//===- RuntimeTestUtil.h - Scratch files for runtime unit tests -----------===//

#ifndef DLC_UNITTESTS_RUNTIME_RUNTIMETESTUTIL_H
#define DLC_UNITTESTS_RUNTIME_RUNTIMETESTUTIL_H

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

} // namespace dlc::runtime::test

#endif // DLC_UNITTESTS_RUNTIME_RUNTIMETESTUTIL_H
