//===- OptionsTest.cpp - The examples' command-line options ---------------===//

#include "ExamplesTestUtil.h"

#include "dlc/examples/Options.h"

#include <initializer_list>

using namespace dlc::examples;
using dlc::examples::test::ScratchDir;
using dlc::examples::test::writeText;
using ::testing::HasSubstr;

namespace {

std::string parse(std::initializer_list<const char *> arguments,
                  Options &options) {
  std::vector<const char *> argv = {"example"};
  argv.insert(argv.end(), arguments);
  return parseOptions(int(argv.size()), argv.data(), options);
}

} // namespace

TEST(Options, ParsesEveryOption) {
  Options options;
  ASSERT_EQ(
      parse({"--epochs", "5", "--batch=32", "--seed", "18446744073709551615",
             "--data", "mnist", "--out=results", "--short"},
            options),
      "");
  EXPECT_EQ(options.epochs, 5);
  EXPECT_EQ(options.batchSize, 32);
  EXPECT_EQ(options.seed, UINT64_MAX);
  EXPECT_EQ(options.dataDir, "mnist");
  EXPECT_EQ(options.outDir, "results");
  EXPECT_TRUE(options.shortRun);
  EXPECT_FALSE(options.fullRun);
  EXPECT_FALSE(options.help);
}

TEST(Options, KeepsTheDefaultsOfOptionsNotGiven) {
  Options options;
  options.seed = 42;
  options.dataDir = "data/mnist";
  ASSERT_EQ(parse({"--full"}, options), "");
  EXPECT_FALSE(options.epochs);
  EXPECT_FALSE(options.batchSize);
  EXPECT_EQ(options.seed, 42u);
  EXPECT_EQ(options.dataDir, "data/mnist");
  EXPECT_EQ(options.outDir, ".");
  EXPECT_TRUE(options.fullRun);
  EXPECT_EQ(options.epochsOr(1, 10, 50), 50);
  EXPECT_EQ(options.byLength<int64_t>(100, 10000, 60000), 60000);

  Options quick;
  ASSERT_EQ(parse({"--short"}, quick), "");
  EXPECT_EQ(quick.epochsOr(1, 10, 50), 1);
  Options explicitEpochs;
  ASSERT_EQ(parse({"--short", "--epochs", "3"}, explicitEpochs), "");
  EXPECT_EQ(explicitEpochs.epochsOr(1, 10, 50), 3);
  Options standard;
  ASSERT_EQ(parse({}, standard), "");
  EXPECT_EQ(standard.epochsOr(1, 10, 50), 10);
}

TEST(Options, StopsAtHelp) {
  Options options;
  ASSERT_EQ(parse({"--help", "--bogus"}, options), "");
  EXPECT_TRUE(options.help);
  Options shortHelp;
  ASSERT_EQ(parse({"-h"}, shortHelp), "");
  EXPECT_TRUE(shortHelp.help);
}

TEST(Options, RejectsMistakesClearly) {
  struct Case {
    std::initializer_list<const char *> arguments;
    std::string error;
  };
  const std::string list = "; the options are --epochs, --batch, --seed, "
                           "--data, --out, --device, --threads, --short, "
                           "--full, --help";
  for (const Case &c : {
           Case{{"--epoch", "5"}, "unknown option '--epoch'" + list},
           Case{{"--lr=0.1"}, "unknown option '--lr'" + list},
           Case{{"mnist"}, "unexpected argument 'mnist'" + list},
           Case{{"-e"}, "unexpected argument '-e'" + list},
           Case{{"--epochs"}, "--epochs needs a value"},
           Case{{"--epochs="}, "--epochs needs a value"},
           Case{{"--data", "--out", "x"}, "--data needs a value"},
           Case{{"--epochs", "0"}, "--epochs: '0' is not a positive integer"},
           Case{{"--batch", "-4"}, "--batch: '-4' is not a positive integer"},
           Case{{"--batch", "3x"}, "--batch: '3x' is not a positive integer"},
           Case{{"--epochs", "1e3"},
                "--epochs: '1e3' is not a positive integer"},
           Case{{"--seed", "-1"}, "--seed: '-1' is not a non-negative integer"},
           Case{{"--seed", "18446744073709551616"},
                "--seed: '18446744073709551616' is not a non-negative "
                "integer"},
           Case{{"--short=yes"}, "--short takes no value"},
           Case{{"--short", "--full"}, "--short and --full cannot be combined"},
           Case{{"--threads", "2"},
                "--threads: this example trains on one thread (its batch is "
                "a truth table's few rows)"},
           Case{{"--threads", "-1"},
                "--threads: '-1' is not a non-negative integer"},
           Case{{"--device", "cuda"},
                "--device: 'cuda' is not one this example was built for "
                "(cpu)"},
       }) {
    Options options;
    EXPECT_EQ(parse(c.arguments, options), c.error);
  }
}

TEST(Options, DeviceIsOneTheExampleWasBuiltFor) {
  Options options;
  EXPECT_EQ(options.device, "cpu");
  options.devices = {"cpu", "cuda"};
  ASSERT_EQ(parse({"--device", "cuda"}, options), "");
  EXPECT_EQ(options.device, "cuda");
  EXPECT_EQ(parse({"--device=tpu"}, options),
            "--device: 'tpu' is not one this example was built for (cpu, "
            "cuda)");
}

TEST(Options, UsageListsTheOptions) {
  std::string text = usage("mnist-mlp", "Trains the chapter's MLP on MNIST.");
  EXPECT_THAT(text, HasSubstr("usage: mnist-mlp [options]\n"
                              "Trains the chapter's MLP on MNIST.\n"));
  for (const char *option :
       {"--epochs N", "--batch N", "--seed N", "--data DIR", "--out DIR",
        "--device D", "--short", "--full", "--help"})
    EXPECT_THAT(text, HasSubstr(option));
}

TEST(Options, EnsuresTheOutputDirectory) {
  ScratchDir dir;
  std::string nested = dir.path("a/b/c");
  ASSERT_EQ(ensureDirectory(nested), "");
  EXPECT_TRUE(std::filesystem::is_directory(nested));
  ASSERT_EQ(ensureDirectory(nested), "");
  std::string file = dir.path("file");
  writeText(file, "x");
  EXPECT_THAT(ensureDirectory(file + "/sub"),
              HasSubstr(file + "/sub: cannot create the directory: "));
}
