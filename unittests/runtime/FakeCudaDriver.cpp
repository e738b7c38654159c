//===- FakeCudaDriver.cpp - A CUDA driver on the CPU, for tests -----------===//
//
// The entry points take and return what CUDA 13's cuda.h declares, with the
// same error codes for the failures modelled here: no current context,
// unknown handles, no kernel image, an unknown kernel and calls a stream
// capture forbids.
//
//===----------------------------------------------------------------------===//

#include "FakeCudaDriver.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUstreamCaptureMode = int;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_INVALID_VALUE = 1;
constexpr CUresult CUDA_ERROR_INVALID_DEVICE = 101;
constexpr CUresult CUDA_ERROR_INVALID_CONTEXT = 201;
constexpr CUresult CUDA_ERROR_NO_BINARY_FOR_GPU = 209;
constexpr CUresult CUDA_ERROR_INVALID_HANDLE = 400;
constexpr CUresult CUDA_ERROR_ILLEGAL_STATE = 401;
constexpr CUresult CUDA_ERROR_NOT_FOUND = 500;
constexpr CUresult CUDA_ERROR_LAUNCH_FAILED = 719;
constexpr CUresult CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED = 900;
constexpr CUstreamCaptureMode CU_STREAM_CAPTURE_MODE_GLOBAL = 0;
constexpr CUstreamCaptureMode CU_STREAM_CAPTURE_MODE_RELAXED = 2;

constexpr int kDevices = 2;

struct Context {
  int ordinal;
  int retains = 0;
};

using Work = std::function<void()>;

struct Stream {
  Context *context;
  bool capturing = false;
  std::vector<Work> captured;
};

struct Module;
struct Function {
  Module *module;
  std::string name;
};

struct Module {
  Context *context;
  std::set<std::string> kernels;
  /// A real fatbin: every name is a kernel that runs nothing.
  bool anyKernel = false;
  std::vector<std::unique_ptr<Function>> functions;
};

struct Graph {
  std::vector<Work> work;
};

struct State {
  Context contexts[kDevices] = {{0}, {1}};
  std::map<std::string, int> calls;
  std::vector<dlc::fakecuda::Launch> launches;
  std::vector<const void *> loadedImages;
  std::map<std::string, std::function<void(void **)>> kernels;
  CUresult launchResult = CUDA_SUCCESS;
  std::set<void *> live;
};

State &state() {
  // Never destroyed: a program's global destructors (a compiled model's
  // module unload) call the driver after the library's own static
  // destructors have run, which the real driver survives too.
  static State *instance = new State;
  return *instance;
}

thread_local Context *current = nullptr;
thread_local CUstreamCaptureMode threadCaptureMode =
    CU_STREAM_CAPTURE_MODE_GLOBAL;
/// Captures begun by this thread in a mode other than relaxed.
thread_local int strictCaptures = 0;

void count(const char *name) { ++state().calls[name]; }

template <typename T> T *track(T *object) {
  state().live.insert(object);
  return object;
}

template <typename T> bool isLive(T *object) {
  return object && state().live.count(object);
}

template <typename T> void untrack(T *object) {
  state().live.erase(object);
  delete object;
}

/// Runs `work` now, or records it while `stream` is capturing.
CUresult enqueue(Stream *stream, Work work) {
  if (!isLive(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  if (stream->context != current)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (stream->capturing)
    stream->captured.push_back(std::move(work));
  else
    work();
  return CUDA_SUCCESS;
}

} // namespace

namespace dlc::fakecuda {

void reset() {
  State &s = state();
  s.calls.clear();
  s.launches.clear();
  s.loadedImages.clear();
  s.kernels.clear();
  s.launchResult = CUDA_SUCCESS;
}

void setKernel(const std::string &name,
               std::function<void(void **params)> body) {
  state().kernels[name] = std::move(body);
}

void setLaunchResult(int result) { state().launchResult = result; }

int calls(const std::string &name) {
  auto found = state().calls.find(name);
  return found == state().calls.end() ? 0 : found->second;
}

int calls() {
  int all = 0;
  for (const auto &[name, count] : state().calls)
    all += count;
  return all;
}

const std::vector<Launch> &launches() { return state().launches; }

const std::vector<const void *> &loadedImages() { return state().loadedImages; }

int retainedContexts(int ordinal) { return state().contexts[ordinal].retains; }

int liveObjects() { return static_cast<int>(state().live.size()); }

} // namespace dlc::fakecuda

extern "C" {

CUresult cuInit(unsigned flags) {
  count("cuInit");
  return flags == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

CUresult cuDriverGetVersion(int *version) {
  count("cuDriverGetVersion");
  *version = 13000;
  return CUDA_SUCCESS;
}

CUresult cuGetErrorName(CUresult error, const char **name) {
  static const std::map<CUresult, const char *> names = {
      {CUDA_SUCCESS, "CUDA_SUCCESS"},
      {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE"},
      {CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE"},
      {CUDA_ERROR_INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT"},
      {CUDA_ERROR_NO_BINARY_FOR_GPU, "CUDA_ERROR_NO_BINARY_FOR_GPU"},
      {CUDA_ERROR_INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE"},
      {CUDA_ERROR_ILLEGAL_STATE, "CUDA_ERROR_ILLEGAL_STATE"},
      {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND"},
      {CUDA_ERROR_LAUNCH_FAILED, "CUDA_ERROR_LAUNCH_FAILED"},
      {CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED,
       "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED"}};
  auto found = names.find(error);
  *name = found == names.end() ? nullptr : found->second;
  return found == names.end() ? CUDA_ERROR_INVALID_VALUE : CUDA_SUCCESS;
}

CUresult cuGetErrorString(CUresult error, const char **text) {
  static const std::map<CUresult, const char *> texts = {
      {CUDA_ERROR_NO_BINARY_FOR_GPU,
       "no kernel image is available for execution on the device"},
      {CUDA_ERROR_NOT_FOUND, "named symbol not found"},
      {CUDA_ERROR_LAUNCH_FAILED, "unspecified launch failure"}};
  auto found = texts.find(error);
  *text = found == texts.end() ? "fake driver error" : found->second;
  return CUDA_SUCCESS;
}

CUresult cuDeviceGetCount(int *devices) {
  count("cuDeviceGetCount");
  *devices = kDevices;
  return CUDA_SUCCESS;
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  count("cuDeviceGet");
  if (ordinal < 0 || ordinal >= kDevices)
    return CUDA_ERROR_INVALID_DEVICE;
  *device = ordinal;
  return CUDA_SUCCESS;
}

CUresult cuDeviceGetName(char *name, int length, CUdevice device) {
  count("cuDeviceGetName");
  std::snprintf(name, static_cast<size_t>(length), "Fake GPU %d", device);
  return CUDA_SUCCESS;
}

CUresult cuDeviceGetAttribute(int *value, int attribute, CUdevice) {
  count("cuDeviceGetAttribute");
  if (attribute != 75 && attribute != 76)
    return CUDA_ERROR_INVALID_VALUE;
  *value = attribute == 75 ? 9 : 0;
  return CUDA_SUCCESS;
}

CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice) {
  count("cuDeviceTotalMem_v2");
  *bytes = size_t(80) << 30;
  return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(Context **context, CUdevice device) {
  count("cuDevicePrimaryCtxRetain");
  if (device < 0 || device >= kDevices)
    return CUDA_ERROR_INVALID_DEVICE;
  *context = &state().contexts[device];
  ++(*context)->retains;
  return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
  count("cuDevicePrimaryCtxRelease_v2");
  if (device < 0 || device >= kDevices)
    return CUDA_ERROR_INVALID_DEVICE;
  Context &context = state().contexts[device];
  if (context.retains == 0)
    return CUDA_ERROR_INVALID_CONTEXT;
  --context.retains;
  return CUDA_SUCCESS;
}

CUresult cuCtxGetCurrent(Context **context) {
  count("cuCtxGetCurrent");
  *context = current;
  return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(Context *context) {
  count("cuCtxSetCurrent");
  current = context;
  return CUDA_SUCCESS;
}

CUresult cuStreamCreate(Stream **stream, unsigned) {
  count("cuStreamCreate");
  if (!current)
    return CUDA_ERROR_INVALID_CONTEXT;
  *stream = track(new Stream{current, false, {}});
  return CUDA_SUCCESS;
}

CUresult cuStreamDestroy_v2(Stream *stream) {
  count("cuStreamDestroy_v2");
  if (!isLive(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  untrack(stream);
  return CUDA_SUCCESS;
}

CUresult cuStreamSynchronize(Stream *stream) {
  count("cuStreamSynchronize");
  if (!isLive(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  return stream->capturing ? CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED
                           : CUDA_SUCCESS;
}

CUresult cuMemAlloc_v2(CUdeviceptr *address, size_t bytes) {
  count("cuMemAlloc_v2");
  if (!current)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (bytes == 0)
    return CUDA_ERROR_INVALID_VALUE;
  *address = reinterpret_cast<CUdeviceptr>(track(new char[bytes]));
  return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr address) {
  count("cuMemFree_v2");
  auto *memory = reinterpret_cast<char *>(address);
  if (!isLive(memory))
    return CUDA_ERROR_INVALID_VALUE;
  state().live.erase(memory);
  delete[] memory;
  return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr destination, const void *source,
                              size_t bytes, Stream *stream) {
  count("cuMemcpyHtoDAsync_v2");
  return enqueue(stream, [=] {
    std::memcpy(reinterpret_cast<void *>(destination), source, bytes);
  });
}

CUresult cuMemcpyDtoHAsync_v2(void *destination, CUdeviceptr source,
                              size_t bytes, Stream *stream) {
  count("cuMemcpyDtoHAsync_v2");
  return enqueue(stream, [=] {
    std::memcpy(destination, reinterpret_cast<void *>(source), bytes);
  });
}

CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr destination, CUdeviceptr source,
                              size_t bytes, Stream *stream) {
  count("cuMemcpyDtoDAsync_v2");
  return enqueue(stream, [=] {
    std::memcpy(reinterpret_cast<void *>(destination),
                reinterpret_cast<void *>(source), bytes);
  });
}

CUresult cuMemsetD8Async(CUdeviceptr destination, unsigned char value,
                         size_t bytes, Stream *stream) {
  count("cuMemsetD8Async");
  return enqueue(stream, [=] {
    std::memset(reinterpret_cast<void *>(destination), value, bytes);
  });
}

CUresult cuModuleLoadData(Module **module, const void *image) {
  count("cuModuleLoadData");
  if (!current)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (strictCaptures > 0 && threadCaptureMode != CU_STREAM_CAPTURE_MODE_RELAXED)
    return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;
  static const char kMagic[] = "fake-fatbin:";
  const char *text = static_cast<const char *>(image);
  // What `fatbinary` writes starts with this number (little-endian).
  static const unsigned char kFatbinMagic[] = {0x50, 0xed, 0x55, 0xba};
  if (std::memcmp(image, kFatbinMagic, sizeof(kFatbinMagic)) == 0) {
    auto *loaded = track(new Module{current, {}, true});
    state().loadedImages.push_back(image);
    *module = loaded;
    return CUDA_SUCCESS;
  }
  if (std::strncmp(text, kMagic, sizeof(kMagic) - 1) != 0)
    return CUDA_ERROR_NO_BINARY_FOR_GPU;
  auto *loaded = track(new Module{current, {}, {}});
  std::string names = text + sizeof(kMagic) - 1;
  for (size_t start = 0; start <= names.size();) {
    size_t end = names.find(',', start);
    if (end == std::string::npos)
      end = names.size();
    loaded->kernels.insert(names.substr(start, end - start));
    start = end + 1;
  }
  state().loadedImages.push_back(image);
  *module = loaded;
  return CUDA_SUCCESS;
}

CUresult cuModuleUnload(Module *module) {
  count("cuModuleUnload");
  if (!isLive(module))
    return CUDA_ERROR_INVALID_HANDLE;
  untrack(module);
  return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(Function **function, Module *module,
                             const char *name) {
  count("cuModuleGetFunction");
  if (!isLive(module))
    return CUDA_ERROR_INVALID_HANDLE;
  if (!module->anyKernel && !module->kernels.count(name))
    return CUDA_ERROR_NOT_FOUND;
  module->functions.push_back(
      std::make_unique<Function>(Function{module, name}));
  *function = module->functions.back().get();
  return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(Function *function, unsigned gridX, unsigned gridY,
                        unsigned gridZ, unsigned blockX, unsigned blockY,
                        unsigned blockZ, unsigned sharedMemBytes,
                        Stream *stream, void **params, void **extra) {
  count("cuLaunchKernel");
  if (!current)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (function->module->context != current)
    return CUDA_ERROR_INVALID_HANDLE;
  State &s = state();
  s.launches.push_back({function->name,
                        {gridX, gridY, gridZ},
                        {blockX, blockY, blockZ},
                        sharedMemBytes,
                        current->ordinal,
                        stream,
                        params,
                        extra});
  if (s.launchResult != CUDA_SUCCESS)
    return s.launchResult;
  auto body = s.kernels.find(function->name);
  if (body == s.kernels.end())
    return enqueue(stream, [] {});
  return enqueue(stream, [run = body->second, params] { run(params); });
}

CUresult cuStreamBeginCapture_v2(Stream *stream, CUstreamCaptureMode mode) {
  count("cuStreamBeginCapture_v2");
  if (!isLive(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  if (stream->capturing)
    return CUDA_ERROR_ILLEGAL_STATE;
  stream->capturing = true;
  if (mode != CU_STREAM_CAPTURE_MODE_RELAXED)
    ++strictCaptures;
  return CUDA_SUCCESS;
}

CUresult cuStreamEndCapture(Stream *stream, Graph **graph) {
  count("cuStreamEndCapture");
  if (!isLive(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  if (!stream->capturing)
    return CUDA_ERROR_ILLEGAL_STATE;
  stream->capturing = false;
  // The fake does not remember the mode per stream; the tests capture in
  // one mode at a time.
  if (strictCaptures > 0)
    --strictCaptures;
  *graph = track(new Graph{std::move(stream->captured)});
  stream->captured.clear();
  return CUDA_SUCCESS;
}

CUresult cuThreadExchangeStreamCaptureMode(CUstreamCaptureMode *mode) {
  count("cuThreadExchangeStreamCaptureMode");
  std::swap(*mode, threadCaptureMode);
  return CUDA_SUCCESS;
}

CUresult cuGraphInstantiateWithFlags(Graph **exec, Graph *graph,
                                     unsigned long long) {
  count("cuGraphInstantiateWithFlags");
  if (!isLive(graph))
    return CUDA_ERROR_INVALID_HANDLE;
  *exec = track(new Graph{graph->work});
  return CUDA_SUCCESS;
}

CUresult cuGraphLaunch(Graph *exec, Stream *stream) {
  count("cuGraphLaunch");
  if (!isLive(exec))
    return CUDA_ERROR_INVALID_HANDLE;
  return enqueue(stream, [exec] {
    for (const Work &work : exec->work)
      work();
  });
}

CUresult cuGraphExecDestroy(Graph *exec) {
  count("cuGraphExecDestroy");
  if (!isLive(exec))
    return CUDA_ERROR_INVALID_HANDLE;
  untrack(exec);
  return CUDA_SUCCESS;
}

CUresult cuGraphDestroy(Graph *graph) {
  count("cuGraphDestroy");
  if (!isLive(graph))
    return CUDA_ERROR_INVALID_HANDLE;
  untrack(graph);
  return CUDA_SUCCESS;
}

} // extern "C"
