//===- ModelSummaryTest.cpp - Parameter counts of the chapter models ------===//

#include "Analysis/ModelSummary.h"
#include "TestUtil.h"

#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <gtest/gtest.h>

using namespace dlc;

namespace {

/// Loads examples/<name>/model.mlir and summarises its first model.
ModelSummary summarizeExample(mlir::MLIRContext &context,
                              llvm::StringRef name) {
  std::string path = std::string(DLC_EXAMPLES_DIR) + "/" + name.str() +
                     "/model.mlir";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  EXPECT_TRUE(static_cast<bool>(buffer)) << "cannot read " << path;
  if (!buffer)
    return {};
  std::string diagnostics;
  auto module =
      test::parse(context, (*buffer)->getBuffer(), &diagnostics);
  EXPECT_TRUE(module) << path << ":\n" << diagnostics;
  if (!module)
    return {};
  return summarize(test::firstModel(*module));
}

const EntrySummary *findEntry(const ModelSummary &summary,
                              llvm::StringRef name) {
  for (const EntrySummary &entry : summary.entries)
    if (entry.name == name)
      return &entry;
  return nullptr;
}

// The parameter counts Keras reports for the same layers.
TEST(ModelSummary, ChapterModelsMatchKeras) {
  mlir::MLIRContext context;
  EXPECT_EQ(summarizeExample(context, "cnn").numParams, 121930);
  EXPECT_EQ(summarizeExample(context, "autoencoder").numParams, 50992);
  EXPECT_EQ(summarizeExample(context, "perceptron").numParams, 3);
  EXPECT_EQ(summarizeExample(context, "mlp").numParams, 13);

  ModelSummary rnn = summarizeExample(context, "rnn");
  const EntrySummary *predict = findEntry(rnn, "predict");
  ASSERT_NE(predict, nullptr);
  EXPECT_EQ(predict->numParams, 2651);

  ModelSummary gan = summarizeExample(context, "gan");
  const EntrySummary *generate = findEntry(gan, "generate");
  const EntrySummary *discriminate = findEntry(gan, "discriminate");
  ASSERT_NE(generate, nullptr);
  ASSERT_NE(discriminate, nullptr);
  EXPECT_EQ(generate->numParams, 114064);
  EXPECT_EQ(discriminate->numParams, 100609);
}

// The GAN's generator step reads the discriminator but must not train it.
TEST(ModelSummary, GeneratorStepFreezesDiscriminator) {
  mlir::MLIRContext context;
  ModelSummary gan = summarizeExample(context, "gan");
  const EntrySummary *step = findEntry(gan, "generator_step");
  ASSERT_NE(step, nullptr);
  EXPECT_TRUE(step->isTrainStep);
  EXPECT_EQ(step->numTrainable, 114064);
  EXPECT_EQ(step->numFrozen, 100609);
  // Adam keeps m and v for every trainable value.
  EXPECT_EQ(step->optimizerStateValues, 2 * 114064);
}

TEST(ModelSummary, LayerRowsFollowTheBody) {
  mlir::MLIRContext context;
  ModelSummary cnn = summarizeExample(context, "cnn");
  const EntrySummary *predict = findEntry(cnn, "predict");
  ASSERT_NE(predict, nullptr);
  ASSERT_EQ(predict->layers.size(), 7u);
  EXPECT_EQ(predict->layers[0].name, "conv1");
  EXPECT_EQ(predict->layers[0].numParams, 320);
  EXPECT_EQ(predict->layers[1].numParams, 0);
  EXPECT_EQ(predict->layers[4].kind, "flatten");
  EXPECT_EQ(predict->layers[5].numParams, 102464);
  EXPECT_EQ(predict->layers[5].shape[1], 64);
  EXPECT_TRUE(mlir::ShapedType::isDynamic(predict->layers[5].shape[0]));
}

TEST(ModelSummary, Formatting) {
  EXPECT_EQ(formatCount(0), "0");
  EXPECT_EQ(formatCount(999), "999");
  EXPECT_EQ(formatCount(1000), "1,000");
  EXPECT_EQ(formatCount(121930), "121,930");
  EXPECT_EQ(formatCount(-1234567), "-1,234,567");
  EXPECT_EQ(formatBytes(12), "12 B");
  EXPECT_EQ(formatBytes(487720), "476.29 KiB");
  EXPECT_EQ(formatBytes(3 * 1024 * 1024), "3.00 MiB");
}

} // namespace

namespace {

// Every examples/*/model.mlir parses and verifies, including examples added
// after this test was written.
TEST(Examples, EveryModelVerifies) {
  std::error_code error;
  unsigned count = 0;
  for (llvm::sys::fs::directory_iterator it(DLC_EXAMPLES_DIR, error), end;
       it != end && !error; it.increment(error)) {
    std::string path = it->path() + "/model.mlir";
    if (!llvm::sys::fs::exists(path))
      continue;
    auto buffer = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(static_cast<bool>(buffer)) << path;
    mlir::MLIRContext context;
    std::string diagnostics;
    auto module = test::parse(context, (*buffer)->getBuffer(), &diagnostics);
    EXPECT_TRUE(module) << path << ":\n" << diagnostics;
    if (module)
      EXPECT_TRUE(test::firstModel(*module)) << path << " has no dlc.model";
    ++count;
  }
  EXPECT_FALSE(error) << error.message();
  EXPECT_GE(count, 6u);
}

} // namespace
