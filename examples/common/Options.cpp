//===- Options.cpp - The examples' command-line options -------------------===//

#include "dlc/examples/Options.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <thread>

namespace dlc::examples {

namespace {

constexpr std::string_view kOptionList =
    "--epochs, --batch, --seed, --data, --out, --device, --threads, --short, "
    "--full, --help";

/// Parses all of `text` as a number of type T, at least `minimum`.
template <typename T>
bool parseNumber(std::string_view text, T minimum, T &value) {
  // from_chars takes no '+' and, for unsigned types, no '-'; a signed '-'
  // falls below the minimum.
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() &&
         value >= minimum;
}

} // namespace

std::string parseOptions(int argc, const char *const *argv, Options &options) {
  for (int i = 1; i < argc; ++i) {
    std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      options.help = true;
      return "";
    }
    if (!argument.starts_with("--"))
      return "unexpected argument '" + std::string(argument) +
             "'; the options are " + std::string(kOptionList);

    std::string_view name = argument;
    std::optional<std::string_view> inlineValue;
    if (size_t equals = argument.find('='); equals != std::string_view::npos) {
      name = argument.substr(0, equals);
      inlineValue = argument.substr(equals + 1);
    }
    if (name == "--short" || name == "--full") {
      if (inlineValue)
        return std::string(name) + " takes no value";
      (name == "--short" ? options.shortRun : options.fullRun) = true;
      continue;
    }
    if (name != "--epochs" && name != "--batch" && name != "--seed" &&
        name != "--data" && name != "--out" && name != "--device" &&
        name != "--threads")
      return "unknown option '" + std::string(name) + "'; the options are " +
             std::string(kOptionList);

    std::string_view value;
    if (inlineValue)
      value = *inlineValue;
    else if (i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("--"))
      value = argv[++i];
    if (value.empty())
      return std::string(name) + " needs a value";

    if (name == "--data" || name == "--out") {
      (name == "--data" ? options.dataDir : options.outDir) = value;
    } else if (name == "--device") {
      if (std::find(options.devices.begin(), options.devices.end(), value) ==
          options.devices.end()) {
        std::string known;
        for (const std::string &device : options.devices)
          known += (known.empty() ? "" : ", ") + device;
        return "--device: '" + std::string(value) +
               "' is not one this example was built for (" + known + ")";
      }
      options.device = value;
    } else if (name == "--threads") {
      if (!parseNumber<unsigned>(value, 0, options.threads))
        return "--threads: '" + std::string(value) +
               "' is not a non-negative integer";
      if (!options.threadsAllowed && options.threads != 1)
        return "--threads: this example trains on one thread (its batch is "
               "a truth table's few rows)";
    } else if (name == "--seed") {
      if (!parseNumber<uint64_t>(value, 0, options.seed))
        return "--seed: '" + std::string(value) +
               "' is not a non-negative integer";
    } else {
      int64_t number = 0;
      if (!parseNumber<int64_t>(value, 1, number))
        return std::string(name) + ": '" + std::string(value) +
               "' is not a positive integer";
      (name == "--epochs" ? options.epochs : options.batchSize) = number;
    }
  }
  if (options.shortRun && options.fullRun)
    return "--short and --full cannot be combined";
  if (options.device != "cpu" && options.threads != 1)
    return "--threads: threads train on the CPU; with --device " +
           options.device + " the GPU trains";
  return "";
}

unsigned Options::threadCount() const {
  return threads ? threads : std::max(1u, std::thread::hardware_concurrency());
}

std::string usage(std::string_view program, std::string_view description) {
  std::string text = "usage: " + std::string(program) + " [options]\n";
  if (!description.empty())
    text += std::string(description) + "\n";
  text += "\n"
          "  --epochs N  train for N epochs\n"
          "  --batch N   N samples per batch\n"
          "  --seed N    the seed of the data, the shuffling and the initial "
          "parameters\n"
          "  --data DIR  read the data set from DIR\n"
          "  --out DIR   write pictures, plots and the history into DIR "
          "(default: .)\n"
          "  --device D  run the model on D: cpu (default), or cuda where "
          "the example\n"
          "              was built with the CUDA toolkit (an NVIDIA GPU)\n"
          "  --threads N train data-parallel on N threads (0: one per "
          "core; default 1)\n"
          "  --short     a quick run, as the tests make\n"
          "  --full      the full run the chapter describes\n"
          "  --help      print this message\n";
  return text;
}

std::string ensureDirectory(const std::string &path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec)
    return path + ": cannot create the directory: " + ec.message();
  return "";
}

int runExample(
    int argc, char **argv, std::string_view program,
    std::string_view description,
    const std::function<std::string(const Options &, bool &passed)> &run,
    std::string_view failure, Options options) {
  if (std::string error = parseOptions(argc, argv, options); !error.empty()) {
    std::cerr << program << ": " << error << "\n";
    return 2;
  }
  if (options.help) {
    std::cout << usage(program, description);
    return 0;
  }
  bool passed = true;
  if (std::string error = run(options, passed); !error.empty()) {
    std::cerr << program << ": " << error << "\n";
    return 1;
  }
  if (!passed && !failure.empty())
    std::cerr << program << ": " << failure << "\n";
  return passed ? 0 : 1;
}

} // namespace dlc::examples
