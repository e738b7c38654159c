//===- FakeCudaDriver.h - A CUDA driver on the CPU, for tests -------------===//
//
// libdlc-fake-cuda.so exports the driver entry points the dlc runtime uses
// (cuInit, cuLaunchKernel, ...) and implements them on the host, so that
// the runtime's CUDA backend is tested on machines without a GPU: the tests
// point DLC_CUDA_DRIVER at it. It has two GPUs. Device memory is host
// memory; work runs when it is enqueued, or is recorded while its stream
// is capturing and runs when the graph is launched. A "fatbin" is the text
// "fake-fatbin:<kernel>,<kernel>,...", or a real fatbin (a compiled
// model's), in which every name is a kernel whose launches are recorded and
// run nothing; anything else is no kernel image for the GPU. Unlike the real driver it keeps `params` by address in a
// captured launch, so the arguments must outlive the graph's replays.
//
// The functions below let a test look inside; like the driver, the fake's
// state is process-wide. Not thread-safe.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_UNITTESTS_RUNTIME_FAKECUDADRIVER_H
#define DLC_UNITTESTS_RUNTIME_FAKECUDADRIVER_H

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace dlc::fakecuda {

/// A cuLaunchKernel call.
struct Launch {
  std::string kernel;
  unsigned grid[3];
  unsigned block[3];
  unsigned sharedMemBytes;
  int ordinal;
  void *stream;
  void **params;
  void **extra;
};

/// Forgets the calls, launches, kernels and injected failures (not the
/// objects still alive).
void reset();
/// What a launch of the kernel `name` runs, given its `params`.
void setKernel(const std::string &name,
               std::function<void(void **params)> body);
/// cuLaunchKernel returns `result` (and runs nothing) until set back to 0.
void setLaunchResult(int result);

/// Calls of the driver entry point `name`, or of any, since reset().
int calls(const std::string &name);
int calls();
/// The launches since reset(), in order.
const std::vector<Launch> &launches();
/// The image of each successful cuModuleLoadData since reset().
const std::vector<const void *> &loadedImages();
/// Outstanding cuDevicePrimaryCtxRetain of GPU `ordinal`.
int retainedContexts(int ordinal);
/// Streams, allocations, modules, graphs and executable graphs alive.
int liveObjects();

} // namespace dlc::fakecuda

#endif // DLC_UNITTESTS_RUNTIME_FAKECUDADRIVER_H
