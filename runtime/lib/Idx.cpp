//===- Idx.cpp - MNIST's IDX files ----------------------------------------===//

#include "dlc/runtime/Idx.h"
#include "dlc/runtime/File.h"

#include <cstdio>
#include <vector>

namespace dlc::runtime {

namespace {

uint32_t readBigEndian32(const std::byte *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) |
         (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

std::string hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%08x", value);
  return text;
}

/// The file's contents and dimension sizes after checking the magic, the
/// dimension count and the length against the sizes.
struct IdxFile {
  AlignedBytes contents;
  std::vector<uint64_t> dims;
  /// Offset of the first element.
  size_t dataOffset = 0;
};

std::string readIdx(const std::string &path, uint32_t expectedMagic,
                    const char *kind, IdxFile &idx) {
  if (std::string error = readFile(path, idx.contents); !error.empty())
    return error;
  const std::byte *bytes = idx.contents.data();
  size_t size = idx.contents.size();
  if (size < 4)
    return path + ": truncated: " + std::to_string(size) +
           " bytes, too short for an IDX header";
  uint32_t magic = readBigEndian32(bytes);
  if (magic != expectedMagic) {
    std::string found = "expected magic " + hex32(expectedMagic) + " (IDX " +
                        kind + "), found " + hex32(magic);
    // The files are often downloaded as .gz; say so rather than only that
    // the magic is wrong.
    if (bytes[0] == std::byte{0x1f} && bytes[1] == std::byte{0x8b})
      return path + ": " + found + ": the file is gzip-compressed; " +
             "decompress it first (gunzip)";
    if ((magic >> 16) != 0)
      return path + ": " + found + ": not an IDX file";
    if ((magic & 0xff00) != 0x0800)
      return path + ": " + found + ": element type " +
             std::to_string((magic >> 8) & 0xff) +
             ", expected 8 (unsigned byte)";
    if (magic == kIdxImagesMagic || magic == kIdxLabelsMagic)
      return path + ": " + found + ": this is an IDX " +
             (magic == kIdxImagesMagic ? "image" : "label") +
             " file; are the image and label files swapped?";
    return path + ": " + found + ": " + std::to_string(magic & 0xff) +
           " dimensions, expected " + std::to_string(expectedMagic & 0xff);
  }
  size_t rank = size_t(expectedMagic & 0xff);
  size_t headerBytes = 4 + 4 * rank;
  if (size < headerBytes)
    return path + ": truncated: " + std::to_string(size) +
           " bytes, the header alone needs " + std::to_string(headerBytes);
  idx.dims.clear();
  // Counted against the file length as it grows, so that it cannot overflow.
  uint64_t elements = 1;
  bool exceedsFile = false;
  for (size_t i = 0; i < rank; ++i) {
    uint64_t dim = readBigEndian32(bytes + 4 + 4 * i);
    idx.dims.push_back(dim);
    if (dim != 0 && elements > size / dim)
      exceedsFile = true;
    else
      elements *= dim;
  }
  std::string dimsText;
  for (size_t i = 0; i < rank; ++i)
    dimsText += (i ? " x " : "") + std::to_string(idx.dims[i]);
  if (exceedsFile || headerBytes + elements > size)
    return path + ": truncated: the header gives " + dimsText +
           " bytes of data, which needs a file of " +
           (exceedsFile ? std::string("more than ") + std::to_string(size)
                        : std::to_string(headerBytes + elements)) +
           " bytes; the file has " + std::to_string(size);
  if (headerBytes + elements < size)
    return path + ": " + std::to_string(size - headerBytes - elements) +
           " unexpected bytes after the data: the header gives " + dimsText +
           " bytes of data, which needs a file of " +
           std::to_string(headerBytes + elements) + " bytes; the file has " +
           std::to_string(size);
  idx.dataOffset = headerBytes;
  return "";
}

} // namespace

std::string readIdxImages(const std::string &path, Tensor &images) {
  IdxFile idx;
  if (std::string error = readIdx(path, kIdxImagesMagic, "images", idx);
      !error.empty())
    return error;
  Tensor result(DType::f32, {int64_t(idx.dims[0]), int64_t(idx.dims[1]),
                             int64_t(idx.dims[2]), 1});
  const std::byte *pixels = idx.contents.data() + idx.dataOffset;
  std::span<float> values = result.values<float>();
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = float(uint8_t(pixels[i])) / 255.0f;
  images = std::move(result);
  return "";
}

std::string readIdxLabels(const std::string &path, Tensor &labels,
                          int numClasses) {
  IdxFile idx;
  if (std::string error = readIdx(path, kIdxLabelsMagic, "labels", idx);
      !error.empty())
    return error;
  Tensor result(DType::i32, {int64_t(idx.dims[0])});
  const std::byte *bytes = idx.contents.data() + idx.dataOffset;
  std::span<int32_t> values = result.values<int32_t>();
  for (size_t i = 0; i < values.size(); ++i) {
    int32_t label = int32_t(uint8_t(bytes[i]));
    if (label >= numClasses)
      return path + ": label " + std::to_string(label) + " at index " +
             std::to_string(i) + " is out of range (expected 0 to " +
             std::to_string(numClasses - 1) + ")";
    values[i] = label;
  }
  labels = std::move(result);
  return "";
}

std::string readIdxPair(const std::string &imagesPath,
                        const std::string &labelsPath, LabeledImages &data,
                        int numClasses) {
  LabeledImages result;
  if (std::string error = readIdxImages(imagesPath, result.images);
      !error.empty())
    return error;
  if (std::string error = readIdxLabels(labelsPath, result.labels, numClasses);
      !error.empty())
    return error;
  int64_t numImages = result.images.shape()[0];
  int64_t numLabels = result.labels.shape()[0];
  if (numImages != numLabels)
    return imagesPath + " holds " + std::to_string(numImages) + " images but " +
           labelsPath + " holds " + std::to_string(numLabels) +
           " labels; expected one label per image";
  data = std::move(result);
  return "";
}

std::string loadMnist(const std::string &directory, MnistSplit split,
                      LabeledImages &data) {
  std::string prefix = directory.empty() || directory.back() == '/'
                           ? directory
                           : directory + "/";
  prefix += split == MnistSplit::train ? "train" : "t10k";
  return readIdxPair(prefix + "-images-idx3-ubyte",
                     prefix + "-labels-idx1-ubyte", data);
}

} // namespace dlc::runtime
