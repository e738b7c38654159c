//===- KernelConfigTest.cpp - Kernel configs per op shape, CPU and GPU ----===//

#include "Codegen/LLVMCPU/KernelConfig.h"
#include "Codegen/LLVMGPU/KernelConfig.h"

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
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, kDynamic, false).reductionTile, 256);
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, 4096, false).reductionTile, 256);
  // Short reductions, a fused consumer (which needs the whole sum) and a
  // dynamic batch of rows (a layer's forward pass) are not cut.
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, 512, false).reductionTile, 0);
  EXPECT_EQ(cpu::getMatmulConfig(288, 64, kDynamic, true).reductionTile, 0);
  EXPECT_EQ(cpu::getMatmulConfig(kDynamic, 64, 4096, false).reductionTile, 0);
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

TEST(CPUKernelConfig, SizesFollowTheVectorWidth) {
  // 128-bit vectors (NEON: 4 lanes, 32 registers): register tiles of 8 rows
  // by two vectors, convolutions a vector of 4 filters by up to 14 pixels,
  // pooling two vectors of channels.
  auto neon = cpu::VectorShape::forBits(128);
  EXPECT_EQ(neon.lanes, 4);
  EXPECT_EQ(neon.registers, 32);
  MatmulConfig dense = cpu::getMatmulConfig(kDynamic, 512, 512, true, neon);
  EXPECT_EQ(dense.innerRows, 8);
  EXPECT_EQ(dense.innerCols, 8);
  EXPECT_EQ(dense.panelCols, 128);
  EXPECT_EQ(cpu::getMatmulConfig(kDynamic, 6, 64, false, neon).innerCols, 4);
  EXPECT_EQ(cpu::getMatmulConfig(kDynamic, 3, 64, false, neon).innerCols, 3);
  ConvConfig conv2 = cpu::getConvConfig(11, 64, neon);
  EXPECT_EQ(conv2.filters, 4);
  EXPECT_EQ(conv2.pixels, 11);
  EXPECT_EQ(cpu::getPoolConfig(13, 64, neon).channels, 8);
  // 256-bit vectors (AVX2: 8 lanes, 16 registers): 4 rows by two vectors,
  // half the accumulators for convolutions.
  auto avx2 = cpu::VectorShape::forBits(256);
  MatmulConfig dense2 = cpu::getMatmulConfig(kDynamic, 512, 512, true, avx2);
  EXPECT_EQ(dense2.innerRows, 4);
  EXPECT_EQ(dense2.innerCols, 16);
  ConvConfig conv1 = cpu::getConvConfig(26, 32, avx2);
  EXPECT_EQ(conv1.filters, 8);
  EXPECT_EQ(conv1.pixels, 7);
}

} // namespace

namespace {

using dlc::gpu::Limits;

TEST(GPUKernelConfig, ContractionsWithEnoughOutputsAreTiled) {
  Limits limits;
  // The CNN's conv2 as an implicit GEMM at batch 64: M = 64 x 121 pixels,
  // N = 64 filters, K = 3 x 3 x 32.
  std::optional<GPUTileConfig> conv2 =
      gpu::getContractionConfig(64 * 121, 64, 288, limits);
  ASSERT_TRUE(conv2);
  EXPECT_EQ(conv2->tileM, 64);
  EXPECT_EQ(conv2->tileN, 64);
  EXPECT_EQ(conv2->tileK, 16);
  EXPECT_EQ(conv2->threads, 256);
  // 32 outputs along N: 64 x 32 tiles.
  EXPECT_EQ(gpu::getContractionConfig(256, 32, 32, limits)->tileN, 32);
}

TEST(GPUKernelConfig, SmallContractionsAreNotTiled) {
  Limits limits;
  // The CNN's Dense(10) (N = 10), too few rows (M = 255), too short a sum
  // (K = 31): a thread per output does better.
  EXPECT_FALSE(gpu::getContractionConfig(64, 10, 64, limits));
  EXPECT_FALSE(gpu::getContractionConfig(255, 64, 64, limits));
  EXPECT_FALSE(gpu::getContractionConfig(1024, 64, 31, limits));
  // The tiles need blocks of 256 threads.
  limits.threadsPerBlock = 128;
  EXPECT_FALSE(gpu::getContractionConfig(64 * 121, 64, 288, limits));
}

TEST(GPUKernelConfig, LongSumsWithFewOutputsAreSplit) {
  Limits limits;
  // conv2's bias gradient at batch 64: 64 outputs over 64 x 121 points.
  EXPECT_TRUE(gpu::splitsSum(64, 64 * 121, limits));
  // A row sum per sample: as many outputs as threads aimed for.
  EXPECT_FALSE(gpu::splitsSum(limits.splitThreads, 1 << 20, limits));
  EXPECT_FALSE(gpu::splitsSum(64, limits.splitMinReduction - 1, limits));
}

TEST(GPUKernelConfig, DenseLayersOverManyInputsTakeAWarpPerOutput) {
  Limits limits;
  EXPECT_TRUE(gpu::takesWarp(1600, limits));
  EXPECT_FALSE(gpu::takesWarp(64, limits));
  limits.warpMinReduction = 0;
  EXPECT_FALSE(gpu::takesWarp(1600, limits));
}

TEST(GPUKernelConfig, CoarseningDividesTheDimensionAndKeepsThreads) {
  Limits limits;
  // conv1 at batch 64: 64 x 676 x 32 outputs, 4 filters a thread.
  EXPECT_EQ(gpu::getCoarsening(32, 64 * 676 * 32, limits), 4);
  // 30 filters: 3 divides 30 where 4 does not.
  EXPECT_EQ(gpu::getCoarsening(30, 64 * 676 * 30, limits), 3);
  // Too few outputs to spare threads.
  EXPECT_EQ(gpu::getCoarsening(32, 64 * 32, limits), 1);
  limits.coarsen = 1;
  EXPECT_EQ(gpu::getCoarsening(32, 64 * 676 * 32, limits), 1);
}

TEST(GPUKernelConfig, RowsOfTenClassesFitAThread) {
  EXPECT_TRUE(gpu::fitsRow(10));
  EXPECT_TRUE(gpu::fitsRow(64));
  EXPECT_FALSE(gpu::fitsRow(640));
}

} // namespace
