//===- KernelConfigTest.cpp - The CPU's tile sizes per op shape -----------===//

#include "Codegen/LLVMCPU/KernelConfig.h"

#include "mlir/IR/BuiltinTypes.h"

#include <gtest/gtest.h>

using namespace dlc;

namespace {

constexpr int64_t kDynamic = mlir::ShapedType::kDynamic;

TEST(CPUKernelConfig, MatmulTakesEightByThirtyTwoRegisterTiles) {
  MatmulConfig config = cpu::getMatmulConfig(kDynamic, 512);
  EXPECT_EQ(config.outerRows, 64);
  EXPECT_EQ(config.outerCols, 128);
  EXPECT_EQ(config.innerRows, 8);
  EXPECT_EQ(config.innerCols, 32);
  EXPECT_EQ(config.remainderRows, 1);
}

TEST(CPUKernelConfig, NarrowAndShortMatmulsTakeTheirExactSize) {
  // The CNN's Dense(10): one odd-sized vector of 10 columns.
  MatmulConfig dense10 = cpu::getMatmulConfig(kDynamic, 10);
  EXPECT_EQ(dense10.innerCols, 10);
  EXPECT_EQ(dense10.outerCols, 10);
  // 17 columns: a 16-wide register tile, the cache tile a multiple of it.
  MatmulConfig dense17 = cpu::getMatmulConfig(3, 17);
  EXPECT_EQ(dense17.innerCols, 16);
  EXPECT_EQ(dense17.outerCols, 16);
  EXPECT_EQ(dense17.outerRows, 3);
  EXPECT_EQ(dense17.innerRows, 3);
  // 200 columns: cache tiles of 128 = 4 register tiles of 32.
  EXPECT_EQ(cpu::getMatmulConfig(64, 200).outerCols, 128);
  EXPECT_EQ(cpu::getMatmulConfig(64, 48).outerCols, 32);
}

TEST(CPUKernelConfig, ConvolutionRowsAreCutEvenly) {
  // The CNN's conv1 (26-pixel rows, 32 filters) and conv2 (11, 64).
  ConvConfig conv1 = cpu::getConvConfig(26, 32);
  EXPECT_EQ(conv1.pixels, 13);
  EXPECT_EQ(conv1.filters, 16);
  ConvConfig conv2 = cpu::getConvConfig(11, 64);
  EXPECT_EQ(conv2.pixels, 11);
  EXPECT_EQ(conv2.filters, 16);
  // Filters that are not a multiple of 16 form one vector; 17 of them take
  // two vectors per pixel, so at most 7 pixels.
  ConvConfig odd = cpu::getConvConfig(15, 17);
  EXPECT_EQ(odd.filters, 17);
  EXPECT_EQ(odd.pixels, 5);
  EXPECT_EQ(cpu::getConvConfig(1, 3).pixels, 1);
}

TEST(CPUKernelConfig, PoolingTakesEightPixelsByThirtyTwoChannels) {
  PoolConfig pool = cpu::getPoolConfig(13, 64);
  EXPECT_EQ(pool.pixels, 8);
  EXPECT_EQ(pool.channels, 32);
  PoolConfig small = cpu::getPoolConfig(3, 17);
  EXPECT_EQ(small.pixels, 3);
  EXPECT_EQ(small.channels, 17);
}

} // namespace
