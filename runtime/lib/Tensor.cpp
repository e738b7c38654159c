//===- Tensor.cpp - Owned, aligned host tensors ---------------------------===//

#include "dlc/runtime/Tensor.h"

#include <cstring>
#include <limits>
#include <new>

namespace dlc::runtime {

std::string formatShape(std::span<const int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

int64_t checkedNumElements(std::span<const int64_t> shape) {
  int64_t n = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return -1;
    if (dim != 0 && n > std::numeric_limits<int64_t>::max() / dim)
      return -1;
    n *= dim;
  }
  return n;
}

void AlignedBytes::Free::operator()(std::byte *p) const {
  ::operator delete[](p, std::align_val_t(kAlignment));
}

AlignedBytes::AlignedBytes(size_t size) : bytes(size) {
  // Round up so that vector code may read whole 64-byte lines at the end.
  size_t rounded = (size + kAlignment - 1) / kAlignment * kAlignment;
  if (rounded == 0)
    rounded = kAlignment;
  storage.reset(static_cast<std::byte *>(
      ::operator new[](rounded, std::align_val_t(kAlignment))));
  std::memset(storage.get(), 0, rounded);
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : type(dtype), dims(std::move(shape)), elements(checkedNumElements(dims)),
      storage(static_cast<size_t>(elements) * sizeOf(dtype)) {
  assert(elements >= 0 && "negative dimension or overflowing shape");
}

Tensor::Tensor(const Tensor &other)
    : type(other.type), dims(other.dims), elements(other.elements),
      storage(other.numBytes()) {
  std::memcpy(storage.data(), other.storage.data(), other.numBytes());
}

Tensor &Tensor::operator=(const Tensor &other) {
  if (this != &other) {
    reset(other.type, other.dims);
    std::memcpy(storage.data(), other.storage.data(), other.numBytes());
  }
  return *this;
}

void Tensor::reset(DType dtype, std::vector<int64_t> shape) {
  int64_t n = checkedNumElements(shape);
  assert(n >= 0 && "negative dimension or overflowing shape");
  size_t needed = static_cast<size_t>(n) * sizeOf(dtype);
  if (needed > storage.size())
    storage = AlignedBytes(needed);
  type = dtype;
  dims = std::move(shape);
  elements = n;
}

} // namespace dlc::runtime
