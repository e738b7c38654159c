//===- Tensor.h - Owned, aligned host tensors -----------------------------===//
//
// The data sets, batches and checkpoints of the training runtime hold their
// tensors in 64-byte aligned storage, the alignment the compiled code's
// vector loads and the parameter block assume.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_TENSOR_H
#define DLC_RUNTIME_TENSOR_H

#include "dlc/runtime/Params.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace dlc::runtime {

/// The DType of a C++ element type.
template <typename T>
constexpr DType dtypeOf() {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> ||
                    std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>,
                "not an element type of the runtime");
  if constexpr (std::is_same_v<T, float>)
    return DType::f32;
  else if constexpr (std::is_same_v<T, double>)
    return DType::f64;
  else if constexpr (std::is_same_v<T, int32_t>)
    return DType::i32;
  else
    return DType::i64;
}

/// "[3, 2]"; "[]" for a scalar. Error messages print shapes this way.
std::string formatShape(std::span<const int64_t> shape);

/// The number of elements of `shape`, or -1 when a dimension is negative or
/// the product overflows (shapes read from files are not trusted).
int64_t checkedNumElements(std::span<const int64_t> shape);

/// An owned block of bytes aligned to 64. Never null, even when empty, so
/// that descriptors built over it hold a valid pointer.
class AlignedBytes {
public:
  static constexpr size_t kAlignment = 64;

  AlignedBytes() : AlignedBytes(0) {}
  /// Allocates `size` zeroed bytes.
  explicit AlignedBytes(size_t size);

  std::byte *data() { return storage.get(); }
  const std::byte *data() const { return storage.get(); }
  size_t size() const { return bytes; }

private:
  struct Free {
    void operator()(std::byte *p) const;
  };
  std::unique_ptr<std::byte[], Free> storage;
  size_t bytes = 0;
};

/// A dense row-major tensor owning its aligned elements. Copies are deep.
class Tensor {
public:
  /// An empty f32 tensor of shape [0].
  Tensor() : Tensor(DType::f32, {0}) {}
  /// Zero-filled. Dimensions must be non-negative.
  Tensor(DType dtype, std::vector<int64_t> shape);

  Tensor(const Tensor &other);
  Tensor &operator=(const Tensor &other);
  Tensor(Tensor &&) noexcept = default;
  Tensor &operator=(Tensor &&) noexcept = default;

  DType dtype() const { return type; }
  const std::vector<int64_t> &shape() const { return dims; }
  int rank() const { return static_cast<int>(dims.size()); }
  int64_t numElements() const { return elements; }
  size_t numBytes() const {
    return static_cast<size_t>(elements) * sizeOf(type);
  }

  std::byte *bytes() { return storage.data(); }
  const std::byte *bytes() const { return storage.data(); }

  /// The elements as `T`, which must match the dtype.
  template <typename T>
  std::span<T> values() {
    assert(dtypeOf<T>() == type && "element type does not match the dtype");
    return {reinterpret_cast<T *>(storage.data()),
            static_cast<size_t>(elements)};
  }
  template <typename T>
  std::span<const T> values() const {
    assert(dtypeOf<T>() == type && "element type does not match the dtype");
    return {reinterpret_cast<const T *>(storage.data()),
            static_cast<size_t>(elements)};
  }

  /// Gives the tensor a new dtype and shape, keeping the storage when it is
  /// large enough: a batch loader reshapes the same tensors every step, and
  /// only the last, partial batch is smaller. The elements are unspecified
  /// afterwards.
  void reset(DType dtype, std::vector<int64_t> shape);

private:
  DType type;
  std::vector<int64_t> dims;
  int64_t elements;
  AlignedBytes storage;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_TENSOR_H
