//===- ExamplesTestUtil.h - Scratch files and PNG reading for tests -------===//

#ifndef DLC_EXAMPLES_TESTS_EXAMPLESTESTUTIL_H
#define DLC_EXAMPLES_TESTS_EXAMPLESTESTUTIL_H

#include "RuntimeTestUtil.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <png.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace dlc::examples::test {

// The runtime's tests' scratch directory and file reading.
using dlc::runtime::test::readText;
using dlc::runtime::test::ScratchDir;
using dlc::runtime::test::writeText;

/// A PNG file as libpng decodes it, with the header fields that say how it
/// was stored.
struct DecodedPng {
  std::string error;
  int width = 0;
  int height = 0;
  /// From the IHDR chunk: 8, and 0 (grey) or 2 (RGB).
  int bitDepth = 0;
  int colourType = -1;
  /// 1 for grey, 3 for RGB; rows from the top, interleaved.
  int channels = 0;
  std::vector<uint8_t> pixels;

  uint8_t grey(int x, int y) const { return pixels[size_t(y * width + x)]; }
  std::vector<uint8_t> rgb(int x, int y) const {
    const uint8_t *p = &pixels[size_t(y * width + x) * 3];
    return {p[0], p[1], p[2]};
  }
};

inline DecodedPng readPng(const std::string &path) {
  DecodedPng result;
  std::string bytes = readText(path);
  // The signature, then IHDR: length, "IHDR", width, height, depth, type.
  if (bytes.size() < 33 || bytes.compare(12, 4, "IHDR") != 0) {
    result.error = path + ": not a PNG file";
    return result;
  }
  result.bitDepth = uint8_t(bytes[24]);
  result.colourType = uint8_t(bytes[25]);

  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
    result.error = path + ": " + image.message;
    return result;
  }
  result.width = int(image.width);
  result.height = int(image.height);
  result.channels = image.format & PNG_FORMAT_FLAG_COLOR ? 3 : 1;
  image.format = result.channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  result.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, result.pixels.data(), 0, nullptr))
    result.error = path + ": " + image.message;
  png_image_free(&image);
  return result;
}

} // namespace dlc::examples::test

#endif // DLC_EXAMPLES_TESTS_EXAMPLESTESTUTIL_H
