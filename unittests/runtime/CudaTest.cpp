//===- CudaTest.cpp - The runtime's CUDA backend, without a GPU -----------===//
//
// Each test sets DLC_CUDA_DRIVER, which Device::open reads every time: to a
// missing file (a machine without the driver) or to the fake driver
// (FakeCudaDriver.h), which runs the work on the CPU and records what the
// runtime asked of it.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/Cuda.h"

#include "FakeCudaDriver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace dlc::runtime::cuda;
namespace fake = dlc::fakecuda;
using ::testing::HasSubstr;

/// Sets DLC_CUDA_DRIVER while it lives.
class DriverPath {
public:
  explicit DriverPath(const char *path) {
    if (const char *old = std::getenv("DLC_CUDA_DRIVER"))
      previous = old;
    ::setenv("DLC_CUDA_DRIVER", path, 1);
  }
  DriverPath(const DriverPath &) = delete;
  DriverPath &operator=(const DriverPath &) = delete;
  ~DriverPath() {
    if (previous)
      ::setenv("DLC_CUDA_DRIVER", previous->c_str(), 1);
    else
      ::unsetenv("DLC_CUDA_DRIVER");
  }

private:
  std::optional<std::string> previous;
};

constexpr char kMissingDriver[] = "/nonexistent/libcuda.so.1";
// The fatbin and kernel names as compiled code holds them: constants whose
// addresses name the kernels.
constexpr char kImage[] = "fake-fatbin:scale,add_one";
constexpr char kScale[] = "scale";
constexpr char kAddOne[] = "add_one";

/// What compiled code does to launch `name`: look the kernel up, then
/// launch it on a grid of `gridX` blocks of 128 threads.
void launch(void *module, const char *name, Stream *stream, void **params,
            intptr_t gridX = 1, void **extra = nullptr) {
  mgpuLaunchKernel(mgpuModuleGetFunction(module, name), gridX, 1, 1, 128, 1, 1,
                   0, stream, params, extra, 3);
}

/// The kernels' parameters: a device array of floats, a factor and a size.
struct Params {
  void *data;
  float factor;
  int size;
  void *pointers[3] = {&data, &factor, &size};
};

/// scale(data, factor, size): data[i] *= factor.
void scaleKernel(void **params) {
  float *data = *static_cast<float **>(params[0]);
  float factor = *static_cast<float *>(params[1]);
  int size = *static_cast<int *>(params[2]);
  for (int i = 0; i < size; ++i)
    data[i] *= factor;
}

/// add_one(data, factor, size): data[i] += 1.
void addOneKernel(void **params) {
  float *data = *static_cast<float **>(params[0]);
  int size = *static_cast<int *>(params[2]);
  for (int i = 0; i < size; ++i)
    data[i] += 1;
}

//===----------------------------------------------------------------------===//
// Without a driver
//===----------------------------------------------------------------------===//

TEST(CudaNoDriver, DriverPathDefaultsToLibcuda) {
  DriverPath path("");
  EXPECT_EQ(driverPath(), "libcuda.so.1");
}

TEST(CudaNoDriver, OpeningADeviceSaysWhatIsMissing) {
  DriverPath path(kMissingDriver);
  Device device;
  std::string error = Device::open(0, device);
  EXPECT_THAT(error, HasSubstr("the CUDA driver (/nonexistent/libcuda.so.1) "
                               "could not be loaded: "));
  EXPECT_THAT(error, HasSubstr("; dlc's --target=cuda code needs an NVIDIA "
                               "GPU and its driver"));
  EXPECT_FALSE(device);
  Stream stream;
  EXPECT_EQ(Stream::create(device, stream),
            "cannot create a stream: the Device is not open");
}

TEST(CudaNoDriver, ModulesLoadWithoutTheDriver) {
  DriverPath path(kMissingDriver);
  fake::reset();
  void *module = mgpuModuleLoad(const_cast<char *>(kImage), sizeof(kImage));
  ASSERT_NE(module, nullptr);
  void *scale = mgpuModuleGetFunction(module, kScale);
  EXPECT_NE(scale, nullptr);
  EXPECT_EQ(mgpuModuleGetFunction(module, kScale), scale);
  EXPECT_NE(mgpuModuleGetFunction(module, kAddOne), scale);
  mgpuModuleUnload(module);
  // The fake is linked into the test, so it would see any driver call.
  EXPECT_EQ(fake::calls(), 0);
}

TEST(CudaNoDriver, LaunchWithoutAStreamPrintsOnce) {
  fake::reset();
  void *module = mgpuModuleLoad(const_cast<char *>(kImage), sizeof(kImage));
  Params params{nullptr, 2.0f, 0};
  ::testing::internal::CaptureStderr();
  launch(module, kScale, nullptr, params.pointers);
  launch(module, kAddOne, nullptr, params.pointers);
  std::string printed = ::testing::internal::GetCapturedStderr();
  mgpuModuleUnload(module);
  EXPECT_EQ(printed, "dlc: kernel scale was launched without a stream (the "
                     "entry point's last argument must point to a "
                     "dlc::runtime::cuda::Stream); it and the kernels "
                     "launched after it without one do not run\n");
  EXPECT_EQ(fake::calls(), 0);
}

//===----------------------------------------------------------------------===//
// With the fake driver
//===----------------------------------------------------------------------===//

class CudaFake : public ::testing::Test {
protected:
  void SetUp() override {
    fake::reset();
    fake::setKernel(kScale, scaleKernel);
    fake::setKernel(kAddOne, addOneKernel);
    ASSERT_EQ(Device::open(0, device), "");
    ASSERT_EQ(Stream::create(device, stream), "");
    module = mgpuModuleLoad(const_cast<char *>(kImage), sizeof(kImage));
  }
  void TearDown() override { mgpuModuleUnload(module); }

  /// A device buffer holding `values`.
  DeviceBuffer upload(const std::vector<float> &values) {
    DeviceBuffer buffer;
    EXPECT_EQ(
        DeviceBuffer::allocate(device, values.size() * sizeof(float), buffer),
        "");
    buffer.copyFromHost(values.data(), buffer.size(), stream);
    return buffer;
  }

  std::vector<float> download(const DeviceBuffer &buffer) {
    std::vector<float> values(buffer.size() / sizeof(float));
    buffer.copyToHost(values.data(), buffer.size(), stream);
    EXPECT_EQ(stream.synchronize(), "");
    return values;
  }

  DriverPath path{DLC_FAKE_CUDA_DRIVER};
  Device device;
  Stream stream;
  void *module = nullptr;
};

TEST_F(CudaFake, DeviceDescribesItself) {
  EXPECT_TRUE(device);
  EXPECT_EQ(device.ordinal(), 0);
  EXPECT_EQ(device.name(), "Fake GPU 0");
  EXPECT_EQ(device.computeCapability(), 90);
  EXPECT_EQ(device.totalMemory(), size_t(80) << 30);
  EXPECT_EQ(device.driverVersion(), 13000);
  EXPECT_EQ(device.describe(), "GPU 0 (Fake GPU 0, compute capability 9.0)");

  Device missing;
  EXPECT_EQ(Device::open(2, missing),
            "GPU 2 does not exist: the CUDA driver sees 2 GPUs");
  EXPECT_EQ(Device::open(-1, missing),
            "GPU -1 does not exist: the CUDA driver sees 2 GPUs");
  EXPECT_FALSE(missing);
}

TEST_F(CudaFake, ThePrimaryContextIsRetainedWhileUsed) {
  EXPECT_EQ(fake::retainedContexts(0), 1);
  {
    Device copy = device;
    EXPECT_EQ(fake::retainedContexts(0), 1);
    Device again;
    ASSERT_EQ(Device::open(0, again), "");
    EXPECT_EQ(fake::retainedContexts(0), 2);
  }
  EXPECT_EQ(fake::retainedContexts(0), 1);
  // The stream keeps the context after the device is gone.
  device = Device();
  EXPECT_EQ(fake::retainedContexts(0), 1);
  stream = Stream();
  EXPECT_EQ(fake::retainedContexts(0), 0);
  EXPECT_EQ(fake::liveObjects(), 0);
}

TEST_F(CudaFake, BuffersRoundTrip) {
  std::vector<float> values = {1, 2, 3, 4, 5};
  DeviceBuffer first = upload(values);
  DeviceBuffer second;
  ASSERT_EQ(DeviceBuffer::allocate(device, first.size(), second), "");
  EXPECT_NE(first.data(), second.data());
  second.copyFrom(first, first.size(), stream);
  first.zero(stream);
  EXPECT_EQ(download(first), std::vector<float>(5, 0.0f));
  EXPECT_EQ(download(second), values);

  DeviceBuffer empty;
  ASSERT_EQ(DeviceBuffer::allocate(device, 0, empty), "");
  EXPECT_EQ(empty.data(), nullptr);
  empty.zero(stream);
  EXPECT_EQ(stream.synchronize(), "");

  DeviceBuffer moved = std::move(second);
  EXPECT_EQ(second.data(), nullptr);
  EXPECT_EQ(download(moved), values);
}

TEST_F(CudaFake, ReserveGrowsOnlyWhenTooSmall) {
  DeviceBuffer buffer;
  ASSERT_EQ(buffer.reserve(device, 16), "");
  EXPECT_EQ(buffer.size(), 16u);
  void *first = buffer.data();
  ASSERT_EQ(buffer.reserve(device, 8), "");
  EXPECT_EQ(buffer.data(), first);
  EXPECT_EQ(buffer.size(), 16u);
  ASSERT_EQ(buffer.reserve(device, 32), "");
  EXPECT_EQ(buffer.size(), 32u);
  Device closed;
  DeviceBuffer other;
  EXPECT_NE(other.reserve(closed, 4), "");
  EXPECT_EQ(other.data(), nullptr);
}

TEST_F(CudaFake, CopiesThatDoNotFitAreRecorded) {
  DeviceBuffer buffer = upload({1, 2});
  std::vector<float> host(4);
  buffer.copyToHost(host.data(), 16, stream);
  buffer.copyFromHost(host.data(), 32, stream);
  EXPECT_EQ(stream.check(),
            "copying 16 bytes: they do not fit a device buffer of 8 bytes");
  EXPECT_EQ(stream.synchronize(), stream.check());
}

TEST_F(CudaFake, LaunchesForwardTheirShapeAndParams) {
  DeviceBuffer buffer = upload({1, 2, 3});
  Params params{buffer.data(), 2.0f, 3};
  void *extra[] = {nullptr};
  mgpuLaunchKernel(mgpuModuleGetFunction(module, kScale), 4, 3, 2, 64, 2, 1,
                   256, &stream, params.pointers, extra, 3);
  EXPECT_EQ(download(buffer), (std::vector<float>{2, 4, 6}));
  EXPECT_EQ(stream.launches(), 1u);

  ASSERT_EQ(fake::launches().size(), 1u);
  const fake::Launch &seen = fake::launches()[0];
  EXPECT_EQ(seen.kernel, "scale");
  EXPECT_EQ(std::vector<unsigned>(seen.grid, seen.grid + 3),
            (std::vector<unsigned>{4, 3, 2}));
  EXPECT_EQ(std::vector<unsigned>(seen.block, seen.block + 3),
            (std::vector<unsigned>{64, 2, 1}));
  EXPECT_EQ(seen.sharedMemBytes, 256u);
  EXPECT_EQ(seen.ordinal, 0);
  EXPECT_EQ(seen.params, params.pointers);
  EXPECT_EQ(seen.extra, extra);
}

TEST_F(CudaFake, ModulesLoadOncePerContextAndFunctionsAreCached) {
  EXPECT_EQ(fake::calls("cuModuleLoadData"), 0);
  DeviceBuffer buffer = upload({1, 2});
  Params params{buffer.data(), 3.0f, 2};
  for (int i = 0; i < 10; ++i) {
    launch(module, kScale, &stream, params.pointers);
    launch(module, kAddOne, &stream, params.pointers);
  }
  EXPECT_EQ(stream.synchronize(), "");
  EXPECT_EQ(fake::calls("cuLaunchKernel"), 20);
  EXPECT_EQ(fake::calls("cuModuleLoadData"), 1);
  EXPECT_EQ(fake::calls("cuModuleGetFunction"), 2);
  ASSERT_EQ(fake::loadedImages().size(), 1u);
  EXPECT_EQ(fake::loadedImages()[0], kImage);

  // A second GPU is a second context: the module is loaded there too.
  Device other;
  ASSERT_EQ(Device::open(1, other), "");
  Stream otherStream;
  ASSERT_EQ(Stream::create(other, otherStream), "");
  DeviceBuffer otherBuffer;
  ASSERT_EQ(DeviceBuffer::allocate(other, 8, otherBuffer), "");
  Params otherParams{otherBuffer.data(), 1.0f, 2};
  for (int i = 0; i < 3; ++i) {
    launch(module, kScale, &otherStream, otherParams.pointers);
    launch(module, kScale, &stream, params.pointers);
  }
  EXPECT_EQ(otherStream.synchronize(), "");
  EXPECT_EQ(stream.synchronize(), "");
  EXPECT_EQ(fake::calls("cuModuleLoadData"), 2);
  EXPECT_EQ(fake::calls("cuModuleGetFunction"), 3);
  EXPECT_EQ(fake::launches().back().ordinal, 0);
  EXPECT_EQ(fake::launches()[fake::launches().size() - 2].ordinal, 1);
}

TEST_F(CudaFake, LoadedModulesKeepTheirContextUntilUnloaded) {
  {
    Device other;
    ASSERT_EQ(Device::open(1, other), "");
    Stream otherStream;
    ASSERT_EQ(Stream::create(other, otherStream), "");
    launch(module, kAddOne, &otherStream, Params{}.pointers);
    EXPECT_EQ(fake::retainedContexts(1), 1);
  }
  EXPECT_EQ(fake::retainedContexts(1), 1);
  EXPECT_EQ(fake::calls("cuModuleUnload"), 0);
  mgpuModuleUnload(module);
  module = mgpuModuleLoad(const_cast<char *>(kImage), sizeof(kImage));
  EXPECT_EQ(fake::calls("cuModuleUnload"), 1);
  EXPECT_EQ(fake::retainedContexts(1), 0);
}

TEST_F(CudaFake, LaunchErrorsNameTheKernelAndTheFirstIsKept) {
  DeviceBuffer buffer = upload({1});
  Params params{buffer.data(), 2.0f, 1};
  fake::setLaunchResult(719);
  launch(module, kScale, &stream, params.pointers);
  fake::setLaunchResult(1);
  launch(module, kAddOne, &stream, params.pointers);
  const std::string expected =
      "launching kernel scale on GPU 0 (Fake GPU 0, compute capability 9.0) "
      "failed: CUDA_ERROR_LAUNCH_FAILED (unspecified launch failure)";
  EXPECT_EQ(stream.check(), expected);
  EXPECT_EQ(stream.synchronize(), expected);
  // Neither kernel ran.
  float value = 0;
  buffer.copyToHost(&value, sizeof(value), stream);
  EXPECT_EQ(value, 1.0f);
}

TEST_F(CudaFake, ModulesWithoutCodeForTheGpuAreRecorded) {
  constexpr char kOtherImage[] = "sm_70 only";
  void *other =
      mgpuModuleLoad(const_cast<char *>(kOtherImage), sizeof(kOtherImage));
  launch(other, kScale, &stream, Params{}.pointers);
  EXPECT_EQ(stream.synchronize(),
            "kernel scale: loading its module (a 11-byte fatbin) on GPU 0 "
            "(Fake GPU 0, compute capability 9.0) failed: "
            "CUDA_ERROR_NO_BINARY_FOR_GPU (no kernel image is available for "
            "execution on the device)");
  mgpuModuleUnload(other);
  EXPECT_EQ(fake::calls("cuLaunchKernel"), 0);
}

TEST_F(CudaFake, UnknownKernelsAreRecorded) {
  launch(module, "softmax", &stream, Params{}.pointers);
  EXPECT_EQ(stream.check(),
            "kernel softmax: finding it in its module on GPU 0 (Fake GPU 0, "
            "compute capability 9.0) failed: CUDA_ERROR_NOT_FOUND (named "
            "symbol not found)");
}

TEST_F(CudaFake, InvalidLaunchShapesAreRecorded) {
  mgpuLaunchKernel(mgpuModuleGetFunction(module, kScale), 0, 1, 1,
                   intptr_t(1) << 33, 1, 1, -1, &stream, Params{}.pointers,
                   nullptr, 3);
  EXPECT_EQ(stream.check(), "kernel scale: invalid launch shape: grid 0x1x1, "
                            "block 8589934592x1x1, -1 bytes shared");
  EXPECT_EQ(fake::calls("cuLaunchKernel"), 0);
  EXPECT_EQ(stream.launches(), 0u);
}

TEST_F(CudaFake, GraphsReplayWhatWasCaptured) {
  DeviceBuffer buffer = upload({1, 2});
  Params params{buffer.data(), 2.0f, 2};
  Graph graph;
  // The first launch loads the module during the capture, which the driver
  // allows only in relaxed mode.
  ASSERT_EQ(Graph::capture(
                stream,
                [&] {
                  launch(module, kScale, &stream, params.pointers);
                  launch(module, kAddOne, &stream, params.pointers);
                },
                graph),
            "");
  ASSERT_TRUE(graph);
  EXPECT_EQ(fake::calls("cuModuleLoadData"), 1);
  EXPECT_EQ(fake::launches().size(), 2u);
  EXPECT_EQ(download(buffer), (std::vector<float>{1, 2}));

  graph.launch(stream);
  EXPECT_EQ(download(buffer), (std::vector<float>{3, 5}));
  graph.launch(stream);
  graph.launch(stream);
  EXPECT_EQ(download(buffer), (std::vector<float>{15, 23}));
  EXPECT_EQ(fake::launches().size(), 2u);
  EXPECT_EQ(fake::calls("cuGraphLaunch"), 3);
}

TEST_F(CudaFake, GraphCaptureReportsErrors) {
  Graph graph;
  fake::setLaunchResult(719);
  std::string error = Graph::capture(
      stream, [&] { launch(module, kScale, &stream, Params{}.pointers); },
      graph);
  EXPECT_THAT(error, HasSubstr("the graph's capture failed: launching kernel "
                               "scale on GPU 0"));
  EXPECT_FALSE(graph);
  EXPECT_THAT(Graph::capture(
                  stream, [] {}, graph),
              HasSubstr("cannot capture a graph on a stream that has failed: "
                        "launching kernel scale"));
  graph.launch(stream);
  EXPECT_THAT(stream.check(), HasSubstr("launching kernel scale"));
}

TEST_F(CudaFake, EverythingIsReleased) {
  {
    DeviceBuffer buffer = upload({1, 2});
    Params params{buffer.data(), 2.0f, 2};
    Graph graph;
    ASSERT_EQ(Graph::capture(
                  stream,
                  [&] { launch(module, kScale, &stream, params.pointers); },
                  graph),
              "");
    graph.launch(stream);
    EXPECT_EQ(download(buffer), (std::vector<float>{2, 4}));
    EXPECT_EQ(fake::calls("cuGraphDestroy"), 1);
  }
  mgpuModuleUnload(module);
  module = mgpuModuleLoad(const_cast<char *>(kImage), sizeof(kImage));
  stream = Stream();
  device = Device();
  EXPECT_EQ(fake::liveObjects(), 0);
  EXPECT_EQ(fake::retainedContexts(0), 0);
}

} // namespace
