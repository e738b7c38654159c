//===- Params.h - Parameter storage and initializers ----------------------===//
//
// A compiled model's parameters live in one 64-byte aligned block, each at a
// fixed offset given by the generated header. This is plain C++20 with no
// dependency beyond the standard library.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_PARAMS_H
#define DLC_RUNTIME_PARAMS_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace dlc::runtime {

/// Element types of tensors crossing the compiled interface.
enum class DType : uint8_t { f32, f64, i32, i64 };

/// A tensor an entry point takes or returns, for tools that call a compiled
/// model's entry points by name (the generated classes' entryPoints()): its
/// element type and shape, -1 standing for the batch size.
struct EntryTensor {
  std::string_view name;
  DType dtype;
  std::vector<int64_t> shape;
};

/// Size in bytes of one element.
constexpr size_t sizeOf(DType type) {
  return type == DType::f64 || type == DType::i64 ? 8 : 4;
}

/// How a parameter is filled when a model is created; the arguments are
/// those of the dlc initializer attribute of the same name.
enum class Init : uint8_t {
  zeros,
  ones,
  constant,       // a = value
  uniform,        // [a, b)
  normal,         // mean a, stddev b
  glorot_uniform, // +-sqrt(6 / (fan_in + fan_out))
  he_uniform,     // +-sqrt(6 / fan_in)
  orthogonal,     // gain a
};

/// Largest rank of a parameter the runtime handles.
inline constexpr int kMaxRank = 8;

/// One parameter of a compiled model, as the generated header lists them.
struct ParamInfo {
  std::string_view name;
  DType dtype;
  int rank;
  int64_t shape[kMaxRank];
  /// Byte offset in the parameter block (a multiple of 64).
  int64_t offset;
  Init init;
  double a;
  double b;

  int64_t numElements() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i)
      n *= shape[i];
    return n;
  }
  int64_t numBytes() const {
    return numElements() * static_cast<int64_t>(sizeOf(dtype));
  }
};

/// Fan-in and fan-out as Keras computes them: the last two axes are
/// (inputs, outputs), the leading ones form the receptive field.
struct Fans {
  double in;
  double out;
};
Fans computeFans(const ParamInfo &param);

/// Fills `data` (the parameter's elements) with its initializer. Draws come
/// from a generator seeded with `seed` and the parameter's name, so a
/// parameter's initial value does not depend on the others.
void initialize(const ParamInfo &param, void *data, uint64_t seed);

/// An owned, 64-byte aligned block holding every parameter of a model.
class ParamBlock {
public:
  /// Allocates `bytes` zeroed bytes.
  explicit ParamBlock(int64_t bytes);

  /// Allocates the block for `params` and initializes each one.
  ParamBlock(std::span<const ParamInfo> params, int64_t bytes, uint64_t seed);

  std::byte *data() { return storage.get(); }
  const std::byte *data() const { return storage.get(); }
  int64_t size() const { return bytes; }

  /// The elements of `param`. The block owns the storage; a const block
  /// still hands out writable pointers, as a const unique_ptr does.
  template <typename T>
  T *at(const ParamInfo &param) const {
    return reinterpret_cast<T *>(storage.get() + param.offset);
  }

private:
  struct Free {
    void operator()(std::byte *p) const;
  };
  std::unique_ptr<std::byte[], Free> storage;
  int64_t bytes;
};

/// Scratch memory that grows to the largest request and is then reused, for
/// the generated classes' convenience overloads.
class Scratch {
public:
  /// A 64-byte aligned block of at least `bytes` bytes.
  void *reserve(int64_t bytes);

private:
  struct Free {
    void operator()(std::byte *p) const;
  };
  std::unique_ptr<std::byte[], Free> storage;
  int64_t capacity = 0;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_PARAMS_H
