//===- Npy.h - NumPy .npy files -------------------------------------------===//
//
// Reads and writes NumPy's .npy format (versions 1.0 to 3.0), C order,
// little-endian float32, float64, int32 and int64, so that tensors move
// between dlc and NumPy, PyTorch or Keras.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_NPY_H
#define DLC_RUNTIME_NPY_H

#include "dlc/runtime/Params.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc::runtime {

/// A tensor read from or written to a .npy file.
struct NpyArray {
  DType dtype = DType::f32;
  std::vector<int64_t> shape;
  /// Raw little-endian elements, row-major.
  std::vector<unsigned char> data;

  int64_t numElements() const;
};

/// Reads `path`. Returns an empty string on success, else a message that
/// names the file and says what is wrong (not a .npy file, a truncated
/// header or payload, an unsupported dtype or Fortran order).
std::string readNpy(const std::string &path, NpyArray &array);

/// Writes `array` to `path` (format 1.0). Returns an error message or "".
std::string writeNpy(const std::string &path, const NpyArray &array);

/// "float32", "int64", ...
const char *dtypeName(DType dtype);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_NPY_H
