//===- Device.h - One example on the CPU and the GPU class ----------------===//
//
// A model compiled for the CPU has a class whose calls cannot fail; compiled
// for CUDA (<Model>Cuda) its class is opened on a GPU and each call returns
// "" or an error. These let an example written once, as a template over
// the class, run on either (--device cpu|cuda).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_EXAMPLES_DEVICE_H
#define DLC_EXAMPLES_DEVICE_H

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

namespace dlc::examples {

/// A model with the parameters `seed` draws, on GPU 0 for a CUDA class.
/// Returns "" or an error.
template <typename Model>
std::string makeModel(uint64_t seed, std::unique_ptr<Model> &model) {
  if constexpr (requires(Model & m) { m.open(0, seed); }) {
    model = std::make_unique<Model>();
    return model->open(0, seed);
  } else {
    model = std::make_unique<Model>(seed);
    return "";
  }
}

/// Runs `call` (a call of either class) and returns its error: "" for the
/// CPU class's calls, which return nothing.
template <typename Call> std::string check(Call &&call) {
  if constexpr (std::is_void_v<decltype(call())>) {
    call();
    return "";
  } else {
    return call();
  }
}

} // namespace dlc::examples

#endif // DLC_EXAMPLES_DEVICE_H
