//===- Cuda.cpp - Running dlc's --target=cuda code on an NVIDIA GPU -------===//
//
// The CUDA driver API, loaded with dlopen: the few types, constants and
// entry points used here are declared below with the signatures of CUDA's
// cuda.h, which this file does not include so that it builds without CUDA.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/Cuda.h"

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dlc::runtime::cuda {

// The driver's types: handles are pointers to opaque structs.
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
struct CUctx_st;
struct CUstream_st;
struct CUmod_st;
struct CUfunc_st;
struct CUgraph_st;
struct CUgraphExec_st;
using CUcontext = CUctx_st *;
using CUstream = CUstream_st *;
using CUmodule = CUmod_st *;
using CUfunction = CUfunc_st *;
using CUgraph = CUgraph_st *;
using CUgraphExec = CUgraphExec_st *;
using CUstreamCaptureMode = int;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;
constexpr CUstreamCaptureMode CU_STREAM_CAPTURE_MODE_THREAD_LOCAL = 1;
constexpr CUstreamCaptureMode CU_STREAM_CAPTURE_MODE_RELAXED = 2;

/// The driver library and the entry points dlc uses, named as the library
/// exports them (the _v2 ones are what cuda.h's macros select).
struct Driver {
  /// Opens the library at `path`, resolves the entry points and initializes
  /// the driver. Returns "" or an error message.
  static std::string load(const std::string &path,
                          std::shared_ptr<const Driver> &driver);

  /// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)".
  std::string describe(CUresult result) const;

  CUresult (*cuInit)(unsigned flags);
  CUresult (*cuDriverGetVersion)(int *version);
  CUresult (*cuGetErrorName)(CUresult error, const char **name);
  CUresult (*cuGetErrorString)(CUresult error, const char **text);
  CUresult (*cuDeviceGetCount)(int *count);
  CUresult (*cuDeviceGet)(CUdevice *device, int ordinal);
  CUresult (*cuDeviceGetName)(char *name, int length, CUdevice device);
  CUresult (*cuDeviceGetAttribute)(int *value, int attribute, CUdevice device);
  CUresult (*cuDeviceTotalMem_v2)(size_t *bytes, CUdevice device);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *context, CUdevice device);
  CUresult (*cuDevicePrimaryCtxRelease_v2)(CUdevice device);
  CUresult (*cuCtxGetCurrent)(CUcontext *context);
  CUresult (*cuCtxSetCurrent)(CUcontext context);
  CUresult (*cuStreamCreate)(CUstream *stream, unsigned flags);
  CUresult (*cuStreamDestroy_v2)(CUstream stream);
  CUresult (*cuStreamSynchronize)(CUstream stream);
  CUresult (*cuMemAlloc_v2)(CUdeviceptr *address, size_t bytes);
  CUresult (*cuMemFree_v2)(CUdeviceptr address);
  CUresult (*cuMemcpyHtoDAsync_v2)(CUdeviceptr destination, const void *source,
                                   size_t bytes, CUstream stream);
  CUresult (*cuMemcpyDtoHAsync_v2)(void *destination, CUdeviceptr source,
                                   size_t bytes, CUstream stream);
  CUresult (*cuMemcpyDtoDAsync_v2)(CUdeviceptr destination, CUdeviceptr source,
                                   size_t bytes, CUstream stream);
  CUresult (*cuMemsetD8Async)(CUdeviceptr destination, unsigned char value,
                              size_t bytes, CUstream stream);
  CUresult (*cuModuleLoadData)(CUmodule *module, const void *image);
  CUresult (*cuModuleUnload)(CUmodule module);
  CUresult (*cuModuleGetFunction)(CUfunction *function, CUmodule module,
                                  const char *name);
  CUresult (*cuLaunchKernel)(CUfunction function, unsigned gridX,
                             unsigned gridY, unsigned gridZ, unsigned blockX,
                             unsigned blockY, unsigned blockZ,
                             unsigned sharedMemBytes, CUstream stream,
                             void **params, void **extra);
  CUresult (*cuStreamBeginCapture_v2)(CUstream stream,
                                      CUstreamCaptureMode mode);
  CUresult (*cuStreamEndCapture)(CUstream stream, CUgraph *graph);
  CUresult (*cuThreadExchangeStreamCaptureMode)(CUstreamCaptureMode *mode);
  CUresult (*cuGraphInstantiateWithFlags)(CUgraphExec *exec, CUgraph graph,
                                          unsigned long long flags);
  CUresult (*cuGraphLaunch)(CUgraphExec exec, CUstream stream);
  CUresult (*cuGraphExecDestroy)(CUgraphExec exec);
  CUresult (*cuGraphDestroy)(CUgraph graph);
};

std::string Driver::load(const std::string &path,
                         std::shared_ptr<const Driver> &driver) {
  // The library is never closed: libcuda keeps threads and exit handlers of
  // its own, and the compiled objects' global destructors (mgpuModuleUnload)
  // call into it after main returns. dlopen counts references, so loading
  // it once per Device costs no more than the symbol lookups.
  void *library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return "the CUDA driver (" + path +
           ") could not be loaded: " + ::dlerror() +
           "; dlc's --target=cuda code needs an NVIDIA GPU and its driver";

  auto loaded = std::make_shared<Driver>();
  std::string missing;
  auto resolve = [&](const char *name, auto &entry) {
    void *symbol = ::dlsym(library, name);
    if (!symbol)
      missing += (missing.empty() ? "" : ", ") + std::string(name);
    entry = reinterpret_cast<std::remove_reference_t<decltype(entry)>>(symbol);
  };
#define DLC_RESOLVE(name) resolve(#name, loaded->name)
  DLC_RESOLVE(cuInit);
  DLC_RESOLVE(cuDriverGetVersion);
  DLC_RESOLVE(cuGetErrorName);
  DLC_RESOLVE(cuGetErrorString);
  DLC_RESOLVE(cuDeviceGetCount);
  DLC_RESOLVE(cuDeviceGet);
  DLC_RESOLVE(cuDeviceGetName);
  DLC_RESOLVE(cuDeviceGetAttribute);
  DLC_RESOLVE(cuDeviceTotalMem_v2);
  DLC_RESOLVE(cuDevicePrimaryCtxRetain);
  DLC_RESOLVE(cuDevicePrimaryCtxRelease_v2);
  DLC_RESOLVE(cuCtxGetCurrent);
  DLC_RESOLVE(cuCtxSetCurrent);
  DLC_RESOLVE(cuStreamCreate);
  DLC_RESOLVE(cuStreamDestroy_v2);
  DLC_RESOLVE(cuStreamSynchronize);
  DLC_RESOLVE(cuMemAlloc_v2);
  DLC_RESOLVE(cuMemFree_v2);
  DLC_RESOLVE(cuMemcpyHtoDAsync_v2);
  DLC_RESOLVE(cuMemcpyDtoHAsync_v2);
  DLC_RESOLVE(cuMemcpyDtoDAsync_v2);
  DLC_RESOLVE(cuMemsetD8Async);
  DLC_RESOLVE(cuModuleLoadData);
  DLC_RESOLVE(cuModuleUnload);
  DLC_RESOLVE(cuModuleGetFunction);
  DLC_RESOLVE(cuLaunchKernel);
  DLC_RESOLVE(cuStreamBeginCapture_v2);
  DLC_RESOLVE(cuStreamEndCapture);
  DLC_RESOLVE(cuThreadExchangeStreamCaptureMode);
  DLC_RESOLVE(cuGraphInstantiateWithFlags);
  DLC_RESOLVE(cuGraphLaunch);
  DLC_RESOLVE(cuGraphExecDestroy);
  DLC_RESOLVE(cuGraphDestroy);
#undef DLC_RESOLVE
  if (!missing.empty())
    return "the CUDA driver (" + path + ") lacks " + missing +
           ": it is older than dlc needs";
  if (CUresult result = loaded->cuInit(0))
    return "the CUDA driver (" + path +
           ") failed to initialize: " + loaded->describe(result);
  driver = std::move(loaded);
  return "";
}

std::string Driver::describe(CUresult result) const {
  const char *name = nullptr;
  const char *text = nullptr;
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    return "CUDA error " + std::to_string(result);
  if (cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    return name;
  return std::string(name) + " (" + text + ")";
}

/// A retained primary context, released when the last Device, Stream,
/// DeviceBuffer, Graph or loaded module that uses it is gone.
class Context {
public:
  Context(std::shared_ptr<const Driver> driver, CUdevice device,
          CUcontext handle, std::string description)
      : driver(std::move(driver)), device(device), handle(handle),
        description(std::move(description)) {}
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;
  ~Context() { driver->cuDevicePrimaryCtxRelease_v2(device); }

  /// Makes the context current on the calling thread, which the driver's
  /// calls act on. It stays current afterwards, as the CUDA runtime API
  /// leaves it: restoring the previous one would cost two more driver
  /// calls per launch.
  CUresult makeCurrent() const {
    CUcontext current = nullptr;
    if (driver->cuCtxGetCurrent(&current) == CUDA_SUCCESS && current == handle)
      return CUDA_SUCCESS;
    return driver->cuCtxSetCurrent(handle);
  }

  /// "<what> on GPU 0 (...) failed: CUDA_ERROR_... (...)".
  std::string failure(const std::string &what, CUresult result) const {
    return what + " on " + description + " failed: " + driver->describe(result);
  }

  const std::shared_ptr<const Driver> driver;
  const CUdevice device;
  const CUcontext handle;
  /// Device::describe().
  const std::string description;
};

struct Access {
  static const std::shared_ptr<const Context> &context(const Device &device) {
    return device.context;
  }
  static const std::shared_ptr<const Context> &context(const Stream &stream) {
    return stream.context;
  }
  static CUstream handle(const Stream &stream) {
    return static_cast<CUstream>(stream.stream);
  }
  static uint64_t &launched(Stream &stream) { return stream.launched; }
};

namespace {

/// Enqueues work with `call(driver, stream)` on `stream`; a failure is
/// recorded there as "<what()> on GPU ... failed: ...".
template <typename Call, typename What>
void enqueueOn(Stream &stream, Call call, What what) {
  const std::shared_ptr<const Context> &context = Access::context(stream);
  if (!context) {
    stream.recordError(what() + ": the stream was not created");
    return;
  }
  CUresult result = context->makeCurrent();
  if (result == CUDA_SUCCESS)
    result = call(*context->driver, Access::handle(stream));
  if (result != CUDA_SUCCESS)
    stream.recordError(context->failure(what(), result));
}

} // namespace

std::string driverPath() {
  const char *path = std::getenv("DLC_CUDA_DRIVER");
  return path && *path ? path : "libcuda.so.1";
}

//===----------------------------------------------------------------------===//
// Device
//===----------------------------------------------------------------------===//

std::string Device::open(int ordinal, Device &device) {
  std::shared_ptr<const Driver> driver;
  if (std::string error = Driver::load(driverPath(), driver); !error.empty())
    return error;
  const Driver &d = *driver;
  std::string gpu = "GPU " + std::to_string(ordinal);
  auto fail = [&](const char *what, CUresult result) {
    return gpu + ": " + what + " failed: " + d.describe(result);
  };

  int count = 0;
  if (CUresult result = d.cuDeviceGetCount(&count))
    return fail("counting the GPUs", result);
  if (ordinal < 0 || ordinal >= count)
    return gpu + " does not exist: the CUDA driver sees " +
           std::to_string(count) + (count == 1 ? " GPU" : " GPUs");
  CUdevice handle = 0;
  if (CUresult result = d.cuDeviceGet(&handle, ordinal))
    return fail("cuDeviceGet", result);

  Device opened;
  opened.ordinalValue = ordinal;
  char name[256] = {};
  if (CUresult result = d.cuDeviceGetName(name, sizeof(name) - 1, handle))
    return fail("reading its name", result);
  opened.nameValue = name;
  int major = 0, minor = 0;
  if (CUresult result = d.cuDeviceGetAttribute(
          &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, handle))
    return fail("reading its compute capability", result);
  if (CUresult result = d.cuDeviceGetAttribute(
          &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, handle))
    return fail("reading its compute capability", result);
  opened.computeCapabilityValue = 10 * major + minor;
  if (CUresult result = d.cuDeviceTotalMem_v2(&opened.totalMemoryValue, handle))
    return fail("reading its memory size", result);
  if (CUresult result = d.cuDriverGetVersion(&opened.driverVersionValue))
    return fail("reading the driver version", result);

  std::string description = gpu + " (" + opened.nameValue +
                            ", compute capability " + std::to_string(major) +
                            "." + std::to_string(minor) + ")";
  CUcontext context = nullptr;
  if (CUresult result = d.cuDevicePrimaryCtxRetain(&context, handle))
    return description +
           ": retaining its primary context failed: " + d.describe(result);
  opened.context = std::make_shared<const Context>(
      std::move(driver), handle, context, std::move(description));
  device = std::move(opened);
  return "";
}

std::string Device::describe() const {
  return context ? context->description : "no GPU";
}

//===----------------------------------------------------------------------===//
// Stream
//===----------------------------------------------------------------------===//

std::string Stream::create(const Device &device, Stream &stream) {
  const std::shared_ptr<const Context> &context = Access::context(device);
  if (!context)
    return "cannot create a stream: the Device is not open";
  CUresult result = context->makeCurrent();
  CUstream handle = nullptr;
  if (result == CUDA_SUCCESS)
    result = context->driver->cuStreamCreate(&handle, CU_STREAM_NON_BLOCKING);
  if (result != CUDA_SUCCESS)
    return context->failure("creating a stream", result);
  Stream created;
  created.context = context;
  created.stream = handle;
  stream = std::move(created);
  return "";
}

Stream::~Stream() { destroy(); }

Stream::Stream(Stream &&other) noexcept
    : context(std::move(other.context)),
      stream(std::exchange(other.stream, nullptr)),
      error(std::move(other.error)),
      launched(std::exchange(other.launched, 0)) {}

Stream &Stream::operator=(Stream &&other) noexcept {
  if (this != &other) {
    destroy();
    context = std::move(other.context);
    stream = std::exchange(other.stream, nullptr);
    error = std::move(other.error);
    launched = std::exchange(other.launched, 0);
  }
  return *this;
}

void Stream::destroy() {
  // The driver finishes the work already enqueued before it frees the
  // stream; a failure here has no one left to report to.
  if (stream && context->makeCurrent() == CUDA_SUCCESS)
    context->driver->cuStreamDestroy_v2(static_cast<CUstream>(stream));
  stream = nullptr;
  context.reset();
}

std::string Stream::synchronize() {
  if (!context)
    recordError("synchronize: the stream was not created");
  else if (CUresult result = context->driver->cuStreamSynchronize(
               static_cast<CUstream>(stream)))
    recordError(context->failure("the stream's work", result));
  return error;
}

void Stream::recordError(std::string message) {
  if (error.empty())
    error = std::move(message);
}

//===----------------------------------------------------------------------===//
// DeviceBuffer
//===----------------------------------------------------------------------===//

std::string DeviceBuffer::allocate(const Device &device, size_t bytes,
                                   DeviceBuffer &buffer) {
  const std::shared_ptr<const Context> &context = Access::context(device);
  if (!context)
    return "cannot allocate device memory: the Device is not open";
  DeviceBuffer allocated;
  allocated.context = context;
  // cuMemAlloc rejects 0 bytes; an empty buffer needs no memory.
  if (bytes > 0) {
    CUresult result = context->makeCurrent();
    if (result == CUDA_SUCCESS)
      result = context->driver->cuMemAlloc_v2(&allocated.address, bytes);
    if (result != CUDA_SUCCESS)
      return context->failure("allocating " + std::to_string(bytes) + " bytes",
                              result);
    allocated.bytes = bytes;
  }
  buffer = std::move(allocated);
  return "";
}

std::string DeviceBuffer::reserve(const Device &device, size_t size) {
  if (size <= bytes)
    return "";
  return allocate(device, size, *this);
}

DeviceBuffer::~DeviceBuffer() { release(); }

DeviceBuffer::DeviceBuffer(DeviceBuffer &&other) noexcept
    : context(std::move(other.context)),
      address(std::exchange(other.address, 0)),
      bytes(std::exchange(other.bytes, 0)) {}

DeviceBuffer &DeviceBuffer::operator=(DeviceBuffer &&other) noexcept {
  if (this != &other) {
    release();
    context = std::move(other.context);
    address = std::exchange(other.address, 0);
    bytes = std::exchange(other.bytes, 0);
  }
  return *this;
}

void DeviceBuffer::release() {
  // cuMemFree waits for the work that may still use the memory.
  if (address && context->makeCurrent() == CUDA_SUCCESS)
    context->driver->cuMemFree_v2(address);
  address = 0;
  bytes = 0;
  context.reset();
}

namespace {

/// Records on `stream` why copying `count` bytes does not fit a buffer of
/// `size` bytes, if it does not.
bool fits(size_t count, size_t size, Stream &stream) {
  if (count <= size)
    return true;
  stream.recordError("copying " + std::to_string(count) +
                     " bytes: they do not fit a device buffer of " +
                     std::to_string(size) + " bytes");
  return false;
}

/// "copying <count> bytes <direction>", for messages.
auto copying(size_t count, const char *direction) {
  return [=] {
    return "copying " + std::to_string(count) + " bytes " + direction;
  };
}

} // namespace

void DeviceBuffer::copyFromHost(const void *host, size_t count,
                                Stream &stream) {
  if (!fits(count, bytes, stream) || count == 0)
    return;
  enqueueOn(
      stream,
      [&](const Driver &driver, CUstream handle) {
        return driver.cuMemcpyHtoDAsync_v2(address, host, count, handle);
      },
      copying(count, "from the host"));
}

void DeviceBuffer::copyToHost(void *host, size_t count, Stream &stream) const {
  if (!fits(count, bytes, stream) || count == 0)
    return;
  enqueueOn(
      stream,
      [&](const Driver &driver, CUstream handle) {
        return driver.cuMemcpyDtoHAsync_v2(host, address, count, handle);
      },
      copying(count, "to the host"));
}

void DeviceBuffer::copyFrom(const DeviceBuffer &source, size_t count,
                            Stream &stream) {
  if (!fits(count, bytes, stream) || !fits(count, source.bytes, stream) ||
      count == 0)
    return;
  enqueueOn(
      stream,
      [&](const Driver &driver, CUstream handle) {
        return driver.cuMemcpyDtoDAsync_v2(address, source.address, count,
                                           handle);
      },
      copying(count, "between device buffers"));
}

void DeviceBuffer::zero(Stream &stream) {
  if (bytes == 0)
    return;
  enqueueOn(
      stream,
      [&](const Driver &driver, CUstream handle) {
        return driver.cuMemsetD8Async(address, 0, bytes, handle);
      },
      [&] { return "zeroing " + std::to_string(bytes) + " bytes"; });
}

//===----------------------------------------------------------------------===//
// Graph
//===----------------------------------------------------------------------===//

std::string Graph::capture(Stream &stream, const std::function<void()> &enqueue,
                           Graph &graph) {
  if (!stream.check().empty())
    return "cannot capture a graph on a stream that has failed: " +
           stream.check();
  const std::shared_ptr<const Context> &context = Access::context(stream);
  if (!context)
    return "cannot capture a graph: the stream was not created";
  const Driver &driver = *context->driver;
  CUstream handle = Access::handle(stream);
  // Thread-local: other threads' calls that are unsafe during a capture
  // (allocations, for one) do not invalidate this one.
  CUresult result = context->makeCurrent();
  if (result == CUDA_SUCCESS)
    result = driver.cuStreamBeginCapture_v2(
        handle, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
  if (result != CUDA_SUCCESS)
    return context->failure("beginning a stream capture", result);

  enqueue();

  CUgraph captured = nullptr;
  result = driver.cuStreamEndCapture(handle, &captured);
  if (result == CUDA_SUCCESS && !stream.check().empty()) {
    driver.cuGraphDestroy(captured);
    return "the graph's capture failed: " + stream.check();
  }
  if (result != CUDA_SUCCESS)
    return context->failure("the stream capture", result) +
           (stream.check().empty() ? "" : "; first error: " + stream.check());
  CUgraphExec exec = nullptr;
  result = driver.cuGraphInstantiateWithFlags(&exec, captured, 0);
  // The executable graph is independent of the graph it was made from.
  driver.cuGraphDestroy(captured);
  if (result != CUDA_SUCCESS)
    return context->failure("instantiating the captured graph", result);
  Graph instantiated;
  instantiated.context = context;
  instantiated.exec = exec;
  graph = std::move(instantiated);
  return "";
}

Graph::~Graph() { destroy(); }

Graph::Graph(Graph &&other) noexcept
    : context(std::move(other.context)),
      exec(std::exchange(other.exec, nullptr)) {}

Graph &Graph::operator=(Graph &&other) noexcept {
  if (this != &other) {
    destroy();
    context = std::move(other.context);
    exec = std::exchange(other.exec, nullptr);
  }
  return *this;
}

void Graph::destroy() {
  if (exec)
    context->driver->cuGraphExecDestroy(static_cast<CUgraphExec>(exec));
  exec = nullptr;
  context.reset();
}

void Graph::launch(Stream &stream) const {
  if (!exec) {
    stream.recordError("launching a graph that was not captured");
    return;
  }
  enqueueOn(
      stream,
      [&](const Driver &driver, CUstream handle) {
        return driver.cuGraphLaunch(static_cast<CUgraphExec>(exec), handle);
      },
      [] { return std::string("launching a graph"); });
}

} // namespace dlc::runtime::cuda

//===----------------------------------------------------------------------===//
// The C entry points of compiled code
//===----------------------------------------------------------------------===//

namespace {

using namespace dlc::runtime::cuda;

struct Module;

/// What mgpuModuleGetFunction returns: a kernel of a module, named by the
/// address of its name, and its function in each context it ran in.
struct Kernel {
  Module *module;
  const char *name;
  std::vector<std::pair<CUcontext, CUfunction>> functions;
};

/// What mgpuModuleLoad returns: an embedded fatbin, loaded into a context
/// when one of its kernels is first launched there.
struct Module {
  Module(const void *data, size_t size) : data(data), size(size) {}
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;
  ~Module();

  Kernel *kernel(const char *name);
  /// The kernel's function in `context`, loading the module there on first
  /// use. Returns "" or an error message.
  std::string function(Kernel &kernel,
                       const std::shared_ptr<const Context> &context,
                       CUfunction &function);

  struct Loaded {
    /// Keeps the context, and with it the module, alive until the module
    /// is unloaded: the cached functions stay valid.
    std::shared_ptr<const Context> context;
    CUmodule module;
  };

  const void *const data;
  const size_t size;
  std::mutex mutex;
  std::unordered_map<const char *, std::unique_ptr<Kernel>> kernels;
  std::vector<Loaded> loaded;
};

/// Lets the calling thread make calls that a stream capture in progress
/// forbids (loading a module allocates), as the CUDA runtime does for its
/// own lazy loading, until the object is gone.
class RelaxedCapture {
public:
  explicit RelaxedCapture(const Driver &driver) : driver(driver) {
    driver.cuThreadExchangeStreamCaptureMode(&mode);
  }
  RelaxedCapture(const RelaxedCapture &) = delete;
  RelaxedCapture &operator=(const RelaxedCapture &) = delete;
  ~RelaxedCapture() { driver.cuThreadExchangeStreamCaptureMode(&mode); }

private:
  const Driver &driver;
  CUstreamCaptureMode mode = CU_STREAM_CAPTURE_MODE_RELAXED;
};

Module::~Module() {
  // At exit the driver may have shut down already; there is nothing to do
  // about a failure then.
  for (Loaded &entry : loaded)
    if (entry.context->makeCurrent() == CUDA_SUCCESS)
      entry.context->driver->cuModuleUnload(entry.module);
}

Kernel *Module::kernel(const char *name) {
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Kernel> &entry = kernels[name];
  if (!entry)
    entry.reset(new Kernel{this, name, {}});
  return entry.get();
}

std::string Module::function(Kernel &kernel,
                             const std::shared_ptr<const Context> &context,
                             CUfunction &function) {
  std::lock_guard<std::mutex> lock(mutex);
  for (const auto &[handle, cached] : kernel.functions)
    if (handle == context->handle) {
      function = cached;
      return "";
    }

  const Driver &driver = *context->driver;
  RelaxedCapture relaxed(driver);
  CUmodule module = nullptr;
  for (const Loaded &entry : loaded)
    if (entry.context->handle == context->handle)
      module = entry.module;
  if (!module) {
    if (CUresult result = driver.cuModuleLoadData(&module, data))
      return context->failure("loading its module (a " + std::to_string(size) +
                                  "-byte fatbin)",
                              result);
    loaded.push_back({context, module});
  }
  if (CUresult result =
          driver.cuModuleGetFunction(&function, module, kernel.name))
    return context->failure("finding it in its module", result);
  kernel.functions.emplace_back(context->handle, function);
  return "";
}

/// `value` as the unsigned the driver takes, if it is in [minimum, UINT_MAX].
bool toUnsigned(intptr_t value, intptr_t minimum, unsigned &result) {
  if (value < minimum || static_cast<uintmax_t>(value) > UINT_MAX)
    return false;
  result = static_cast<unsigned>(value);
  return true;
}

} // namespace

extern "C" void *mgpuModuleLoad(void *data, size_t size) noexcept {
  return new Module(data, size);
}

extern "C" void mgpuModuleUnload(void *module) noexcept {
  delete static_cast<Module *>(module);
}

extern "C" void *mgpuModuleGetFunction(void *module,
                                       const char *name) noexcept {
  return static_cast<Module *>(module)->kernel(name);
}

extern "C" void mgpuLaunchKernel(
    void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
    intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t sharedMemBytes,
    void *stream, void **params, void **extra,
    size_t /*paramsCount: the driver knows the kernel's*/) noexcept {
  Kernel &kernel = *static_cast<Kernel *>(function);
  if (!stream) {
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true))
      std::fprintf(stderr,
                   "dlc: kernel %s was launched without a stream (the entry "
                   "point's last argument must point to a "
                   "dlc::runtime::cuda::Stream); it and the kernels launched "
                   "after it without one do not run\n",
                   kernel.name);
    return;
  }
  Stream &target = *static_cast<Stream *>(stream);
  // Messages only: a launch must not allocate.
  auto what = [&] { return std::string("kernel ") + kernel.name; };
  const std::shared_ptr<const Context> &context = Access::context(target);
  if (!context) {
    target.recordError(what() + ": the stream was not created");
    return;
  }
  unsigned grid[3], block[3], shared;
  if (!toUnsigned(gridX, 1, grid[0]) || !toUnsigned(gridY, 1, grid[1]) ||
      !toUnsigned(gridZ, 1, grid[2]) || !toUnsigned(blockX, 1, block[0]) ||
      !toUnsigned(blockY, 1, block[1]) || !toUnsigned(blockZ, 1, block[2]) ||
      !toUnsigned(sharedMemBytes, 0, shared)) {
    target.recordError(what() + ": invalid launch shape: grid " +
                       std::to_string(gridX) + "x" + std::to_string(gridY) +
                       "x" + std::to_string(gridZ) + ", block " +
                       std::to_string(blockX) + "x" + std::to_string(blockY) +
                       "x" + std::to_string(blockZ) + ", " +
                       std::to_string(sharedMemBytes) + " bytes shared");
    return;
  }
  if (CUresult result = context->makeCurrent()) {
    target.recordError(
        context->failure(what() + ": making its context current", result));
    return;
  }
  CUfunction handle = nullptr;
  if (std::string error = kernel.module->function(kernel, context, handle);
      !error.empty()) {
    target.recordError(what() + ": " + error);
    return;
  }
  if (CUresult result = context->driver->cuLaunchKernel(
          handle, grid[0], grid[1], grid[2], block[0], block[1], block[2],
          shared, Access::handle(target), params, extra)) {
    target.recordError(context->failure("launching " + what(), result));
    return;
  }
  ++Access::launched(target);
}
