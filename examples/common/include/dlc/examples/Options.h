//===- Options.h - The examples' command-line options ---------------------===//
//
// Every example takes the same few options; anything else is rejected with
// the list of options rather than ignored, so that a mistyped --epoch does
// not silently train for the default number of epochs.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_EXAMPLES_OPTIONS_H
#define DLC_EXAMPLES_OPTIONS_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

namespace dlc::examples {

struct Options {
  /// --epochs N, --batch N (both >= 1); empty when not given, so that the
  /// example picks a value for the run's length.
  std::optional<int64_t> epochs;
  std::optional<int64_t> batchSize;
  /// --seed N.
  uint64_t seed = 0;
  /// --data DIR: where the example reads its data set.
  std::string dataDir;
  /// --out DIR: where it writes its pictures, history and checkpoints.
  std::string outDir = ".";
  /// --device NAME: what the model runs on, one of `devices` (the ones the
  /// example was built for; "cuda" where it has the model compiled for
  /// NVIDIA GPUs).
  std::string device = "cpu";
  std::vector<std::string> devices = {"cpu"};
  /// --threads N: the threads that train data-parallel (0: one per core);
  /// only where `threadsAllowed` (the example sets it), which
  /// threadCount() resolves.
  unsigned threads = 1;
  bool threadsAllowed = false;
  unsigned threadCount() const;
  /// --short: a quick run, as the tests do; --full: the chapter's run.
  bool shortRun = false;
  bool fullRun = false;
  /// --help or -h: print usage() and exit.
  bool help = false;

  /// `quick` with --short, `full` with --full, else `standard`.
  template <typename T> T byLength(T quick, T standard, T full) const {
    return shortRun ? quick : fullRun ? full : standard;
  }
  /// --epochs when given, else byLength(quick, standard, full).
  int64_t epochsOr(int64_t quick, int64_t standard, int64_t full) const {
    return epochs ? *epochs : byLength(quick, standard, full);
  }
};

/// Parses argv[1 .. argc - 1] into `options`; options not given keep the
/// values `options` holds, so an example sets its defaults first. Values
/// follow the option as the next argument or after '=' (--epochs=5).
/// Parsing stops at --help. Returns an error message or "".
std::string parseOptions(int argc, const char *const *argv, Options &options);

/// The usage text: "usage: <program> [options]", `description`, and one
/// line per option.
std::string usage(std::string_view program, std::string_view description);

/// The main function of an example that runs and checks one training:
/// parses the options (exit 2 on a bad one), prints the usage for --help,
/// then calls `run`, which returns an error message or "" and clears
/// `passed` when the training missed the chapter's bar. Exits 1 after
/// `<program>: <error>` or, when it missed the bar, after
/// `<program>: <failure>` (nothing when `failure` is empty: `run` said why).
/// `options` holds the example's defaults.
int runExample(
    int argc, char **argv, std::string_view program,
    std::string_view description,
    const std::function<std::string(const Options &, bool &passed)> &run,
    std::string_view failure = "", Options options = {});

/// Creates `path` and its parents if they do not exist (for --out).
std::string ensureDirectory(const std::string &path);

} // namespace dlc::examples

#endif // DLC_EXAMPLES_OPTIONS_H
