//===- MemRef.h - The descriptors compiled entry points take --------------===//
//
// Compiled entry points take one strided memref descriptor per input,
// parameter and output, as MLIR's C interface lays them out:
// {allocated, aligned, offset, sizes[rank], strides[rank]}. This header is
// plain C++20 and usable from C through the MemRefN structs' layout.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_MEMREF_H
#define DLC_RUNTIME_MEMREF_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dlc::runtime {

/// A rank-N strided memref descriptor (N >= 1).
template <typename T, int N>
struct MemRef {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];
};

/// The rank-0 descriptor has no sizes or strides.
template <typename T>
struct MemRef<T, 0> {
  T *allocated;
  T *aligned;
  int64_t offset;
};

/// A contiguous row-major descriptor of `shape` over `data`.
template <typename T, int N>
MemRef<T, N> makeMemRef(T *data, const std::array<int64_t, N> &shape) {
  MemRef<T, N> ref{};
  ref.allocated = data;
  ref.aligned = data;
  ref.offset = 0;
  if constexpr (N > 0) {
    int64_t stride = 1;
    for (int i = N - 1; i >= 0; --i) {
      ref.sizes[i] = shape[i];
      ref.strides[i] = stride;
      stride *= shape[i];
    }
  }
  return ref;
}

/// Fills a C descriptor struct (the generated headers' dlc_memref_*; any
/// struct with MemRef's members) for contiguous row-major `data`.
template <typename Descriptor, typename T, size_t N>
Descriptor describe(T *data, const std::array<int64_t, N> &shape) {
  Descriptor descriptor{};
  descriptor.allocated = data;
  descriptor.aligned = data;
  descriptor.offset = 0;
  if constexpr (N > 0) {
    int64_t stride = 1;
    for (size_t i = N; i-- > 0;) {
      descriptor.sizes[i] = shape[i];
      descriptor.strides[i] = stride;
      stride *= shape[i];
    }
  }
  return descriptor;
}

/// A descriptor whose rank is known only at run time (for `dlc run`, the
/// training loop and tests): the same memory layout as MemRef<T, rank>.
class DynamicMemRef {
public:
  DynamicMemRef(void *data, std::span<const int64_t> shape)
      : words(3 + 2 * shape.size()) {
    auto pointer = reinterpret_cast<int64_t>(data);
    words[0] = pointer;
    words[1] = pointer;
    words[2] = 0;
    int64_t stride = 1;
    for (size_t i = shape.size(); i-- > 0;) {
      words[3 + i] = shape[i];
      words[3 + shape.size() + i] = stride;
      stride *= shape[i];
    }
  }

  /// The address to pass where an entry point takes `MemRef<T, rank> *`.
  void *get() { return words.data(); }

  /// The size of each axis.
  std::span<const int64_t> sizes() const {
    return {words.data() + 3, (words.size() - 3) / 2};
  }

private:
  std::vector<int64_t> words;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_MEMREF_H
