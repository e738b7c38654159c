//===- Cuda.h - Running dlc's --target=cuda code on an NVIDIA GPU ---------===//
//
// The objects `dlc compile --target=cuda` emits hold their kernels as an
// embedded fatbin and launch them through four C functions (mgpuModuleLoad
// and friends, below) that MLIR's GPU lowering calls. This file provides
// them and what an application needs around them: a GPU, a stream with its
// error, device memory and CUDA graphs.
//
// The CUDA driver is loaded at run time (dlopen), so the runtime builds,
// links and runs CPU code on machines without CUDA; only opening a Device
// needs the driver. Errors are returned as messages ("" on success), as
// elsewhere in the runtime. Work enqueued on a Stream (copies, kernel
// launches, graph replays) is asynchronous: its errors are recorded on the
// Stream, which keeps the first, and Stream::synchronize() reports it.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_CUDA_H
#define DLC_RUNTIME_CUDA_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace dlc::runtime::cuda {

/// The loaded driver and the retained primary context of one GPU, shared by
/// a Device and everything made for it (defined in Cuda.cpp).
class Context;
/// Gives Cuda.cpp, the C entry points included, access to the handles the
/// classes hold (defined in Cuda.cpp).
struct Access;

/// The driver library Device::open loads: $DLC_CUDA_DRIVER when set and not
/// empty, else libcuda.so.1.
std::string driverPath();

/// One GPU. Copies share it; the GPU's primary context (the one the CUDA
/// runtime API uses too) is retained until the last copy, stream, buffer or
/// graph made for it is gone.
class Device {
public:
  /// No GPU; open() makes one.
  Device() = default;

  /// Loads the driver (driverPath()) and retains the primary context of GPU
  /// `ordinal`. Returns "" or an error message.
  static std::string open(int ordinal, Device &device);

  explicit operator bool() const { return context != nullptr; }
  int ordinal() const { return ordinalValue; }
  const std::string &name() const { return nameValue; }
  /// 10 * major + minor: 80 for an A100, 90 for an H100 (sm_80, sm_90).
  int computeCapability() const { return computeCapabilityValue; }
  size_t totalMemory() const { return totalMemoryValue; }
  /// As cuDriverGetVersion gives it: 13000 for CUDA 13.0.
  int driverVersion() const { return driverVersionValue; }
  /// "GPU 0 (NVIDIA H100 80GB HBM3, compute capability 9.0)", for messages.
  std::string describe() const;

private:
  friend struct Access;
  std::shared_ptr<const Context> context;
  int ordinalValue = -1;
  std::string nameValue;
  int computeCapabilityValue = 0;
  size_t totalMemoryValue = 0;
  int driverVersionValue = 0;
};

/// A CUDA stream (non-blocking with respect to the legacy default stream)
/// and the first error that any work enqueued on it hit. Compiled entry
/// points take a pointer to a Stream as their last argument and launch
/// their kernels on it. A Stream is used by one thread at a time.
class Stream {
public:
  Stream() = default;
  /// Creates a stream on `device`. Returns "" or an error message.
  static std::string create(const Device &device, Stream &stream);
  ~Stream();
  Stream(Stream &&other) noexcept;
  Stream &operator=(Stream &&other) noexcept;
  Stream(const Stream &) = delete;
  Stream &operator=(const Stream &) = delete;

  /// Waits until the work enqueued so far has run. Returns the first error
  /// recorded on the stream (its own included), "" if none.
  std::string synchronize();
  /// The first error recorded so far, "" if none; does not wait, so errors
  /// of work still running appear only after synchronize().
  const std::string &check() const { return error; }
  /// Records `message` unless an error is recorded already: the first error
  /// is the cause, later ones are usually its consequences.
  void recordError(std::string message);
  /// Kernels launched on the stream so far (run, or captured into a graph:
  /// a graph's replays launch none through it).
  uint64_t launches() const { return launched; }

private:
  friend struct Access;
  void destroy();

  std::shared_ptr<const Context> context;
  void *stream = nullptr;
  std::string error;
  uint64_t launched = 0;
};

/// Device memory, freed with the object. Copies and memsets are enqueued on
/// a Stream and record their errors there; host memory they read or write
/// must stay valid until the stream is synchronized.
class DeviceBuffer {
public:
  DeviceBuffer() = default;
  /// Allocates `bytes` on `device` (none for 0). Returns "" or an error.
  static std::string allocate(const Device &device, size_t bytes,
                              DeviceBuffer &buffer);
  ~DeviceBuffer();
  DeviceBuffer(DeviceBuffer &&other) noexcept;
  DeviceBuffer &operator=(DeviceBuffer &&other) noexcept;
  DeviceBuffer(const DeviceBuffer &) = delete;
  DeviceBuffer &operator=(const DeviceBuffer &) = delete;

  /// Makes the buffer hold at least `bytes`: a larger one replaces it (its
  /// contents are not kept) when it is smaller. Returns "" or an error, and
  /// leaves the buffer as it was on error.
  std::string reserve(const Device &device, size_t bytes);

  /// The device address, for compiled entry points; null when empty.
  void *data() const { return reinterpret_cast<void *>(address); }
  size_t size() const { return bytes; }

  /// Copy `count` bytes from the host, to the host, or from `source`, into
  /// or from the start of this buffer; `count` must fit both buffers.
  void copyFromHost(const void *host, size_t count, Stream &stream);
  void copyToHost(void *host, size_t count, Stream &stream) const;
  void copyFrom(const DeviceBuffer &source, size_t count, Stream &stream);
  /// Sets every byte to zero.
  void zero(Stream &stream);

private:
  void release();

  std::shared_ptr<const Context> context;
  unsigned long long address = 0;
  size_t bytes = 0;
};

/// What a callable enqueued on a Stream, captured once into a CUDA graph and
/// replayed with one launch. A training step at small sizes is dominated by
/// kernel launches; its graph replays them for the cost of one.
class Graph {
public:
  Graph() = default;
  /// Runs `enqueue`, which enqueues work on `stream`, in capture mode and
  /// instantiates the graph of what it enqueued; nothing runs meanwhile.
  /// The capture is thread-local: other threads may go on using CUDA.
  /// Returns "" or an error message (also when the stream has an error
  /// recorded, before or during the capture).
  static std::string
  capture(Stream &stream, const std::function<void()> &enqueue, Graph &graph);
  ~Graph();
  Graph(Graph &&other) noexcept;
  Graph &operator=(Graph &&other) noexcept;
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  explicit operator bool() const { return exec != nullptr; }
  /// Enqueues one replay on `stream`, recording its error there.
  void launch(Stream &stream) const;

private:
  void destroy();

  std::shared_ptr<const Context> context;
  void *exec = nullptr;
};

} // namespace dlc::runtime::cuda

/// The functions MLIR's gpu-to-llvm lowering and gpu.binary translation
/// call from compiled code.
extern "C" {
/// Called once per embedded fatbin by a global constructor, so at program
/// start, GPU or not: it does not touch the driver. The module is loaded on
/// a GPU when a kernel is first launched there. `data` must stay valid
/// until mgpuModuleUnload (it is a constant in the object).
void *mgpuModuleLoad(void *data, size_t size) noexcept;
/// Called by a global destructor.
void mgpuModuleUnload(void *module) noexcept;
/// Called before every launch; `name` is a constant string whose address
/// identifies the kernel. Returns a handle for mgpuLaunchKernel.
void *mgpuModuleGetFunction(void *module, const char *name) noexcept;
/// Launches `function` on `stream`, a dlc::runtime::cuda::Stream *, with
/// `params` as the kernel parameters and `extra` as given. Errors are
/// recorded on the stream; with a null stream the kernel does not run and
/// a message is printed (once).
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemBytes, void *stream,
                      void **params, void **extra, size_t paramsCount) noexcept;
}

#endif // DLC_RUNTIME_CUDA_H
