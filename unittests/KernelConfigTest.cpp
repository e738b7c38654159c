//===- KernelConfigTest.cpp - The CPU's tile sizes per op shape -----------===//

#include "Codegen/LLVMCPU/KernelConfig.h"

#include "mlir/IR/BuiltinTypes.h"

#include <gtest/gtest.h>

using namespace dlc;

namespace {

constexpr int64_t kDynamic = mlir::ShapedType::kDynamic;

TEST(CPUKernelConfig, MatmulTakesEightByThirtyTwoRegisterTiles) {
  MatmulConfig config = cpu::getMatmulConfig(kDynamic, 512, 512, true);
  EXPECT_EQ(config.panelCols, 128);
  EXPECT_EQ(config.innerRows, 8);
  EXPECT_EQ(config.innerCols, 32);
  EXPECT_EQ(config.remainderRows, 1);
  EXPECT_EQ(config.reductionTile, 0);
}

TEST(CPUKernelConfig, NarrowAndShortMatmulsTakeTheirExactSize) {
  // The CNN's Dense(10): one odd-sized vector of 10 columns.
  MatmulConfig dense10 = cpu::getMatmulConfig(kDynamic, 10, 64, false);
  EXPECT_EQ(dense10.innerCols, 10);
  EXPECT_EQ(dense10.panelCols, 10);
  // 17 columns: a 16-wide register tile, the panel a multiple of it.
  MatmulConfig dense17 = cpu::getMatmulConfig(3, 17, 5, false);
  EXPECT_EQ(dense17.innerCols, 16);
  EXPECT_EQ(dense17.panelCols, 16);
  EXPECT_EQ(dense17.innerRows, 3);
  // 200 columns: panels of 128 = 4 register tiles of 32.
  EXPECT_EQ(cpu::getMatmulConfig(64, 200, 8, false).panelCols, 128);
  EXPECT_EQ(cpu::getMatmulConfig(64, 48, 8, false).panelCols, 32);
}

TEST(CPUKernelConfig, WeightGradientsCutTheirReductionIntoBlocks) {
  // The CNN's conv2 kernel gradient: [288, 64] summed over 121 pixels per
  // image of a dynamic batch.
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, kDynamic, false).reductionTile,
            256);
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, 4096, false).reductionTile, 256);
  // Short reductions, a fused consumer (which needs the whole sum) and a
  // dynamic batch of rows (a layer's forward pass) are not cut.
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, 512, false).reductionTile, 0);
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, kDynamic, true).reductionTile, 0);
  EXPECT_EQ(cpu::getMatmulConfig(kDynamic, 64, 4096, false).reductionTile,
            0);
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
