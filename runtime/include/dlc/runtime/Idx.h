//===- Idx.h - MNIST's IDX files ------------------------------------------===//
//
// Reads the IDX format of the MNIST files (big-endian magic and dimension
// sizes, then unsigned bytes) into the tensors a compiled model takes:
// images as float32 [n, rows, cols, 1] (NHWC, one channel) scaled to [0, 1],
// labels as int32 [n]. The reader checks everything a damaged or mismatched
// download gets wrong and names the file and the expected and found values.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_IDX_H
#define DLC_RUNTIME_IDX_H

#include "dlc/runtime/Tensor.h"

#include <cstdint>
#include <string>

namespace dlc::runtime {

/// Magic numbers: zero, zero, the element type (0x08: unsigned byte) and the
/// number of dimensions.
inline constexpr uint32_t kIdxImagesMagic = 0x00000803;
inline constexpr uint32_t kIdxLabelsMagic = 0x00000801;

/// Reads an image file (magic 0x00000803, dimensions n, rows, cols) into
/// float32 [n, rows, cols, 1] with values byte / 255.
std::string readIdxImages(const std::string &path, Tensor &images);

/// Reads a label file (magic 0x00000801, dimension n) into int32 [n]. Every
/// label must lie in [0, numClasses); the error names the first that does
/// not.
std::string readIdxLabels(const std::string &path, Tensor &labels,
                          int numClasses = 10);

/// Images and their labels.
struct LabeledImages {
  Tensor images;
  Tensor labels;
};

/// Reads an image file and its label file and checks that they hold the
/// same number of samples.
std::string readIdxPair(const std::string &imagesPath,
                        const std::string &labelsPath, LabeledImages &data,
                        int numClasses = 10);

enum class MnistSplit { train, test };

/// Reads MNIST's training (train-images-idx3-ubyte, train-labels-idx1-ubyte)
/// or test (t10k-*) set from `directory`, uncompressed.
std::string loadMnist(const std::string &directory, MnistSplit split,
                      LabeledImages &data);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_IDX_H
