//===- CrossRunner.cpp - Calls an emitted model's entry point from files --===//
//
// The other end of CppModule's cross mode: built with the model's
// `--emit=cpp` source by a cross compiler (aarch64-linux-gnu-g++) and run
// under QEMU, it reads one call from a file (the entry point, each
// argument's descriptor and the buffers they view), calls
// `dlc_<entry>_packed` through the table `dlc_test_entries` (written by
// CppModule beside the model), and writes every buffer back to another
// file.
//
// Call file: u64 name length, the name; u64 buffers, each: u64 bytes, the
// bytes; u64 arguments, each: u64 buffer, u64 rank, i64 offset, i64
// sizes[rank], i64 strides[rank]. Result file: the buffers' bytes in
// order.
//
//===----------------------------------------------------------------------===//

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

struct DlcTestEntry {
  const char *name;
  void (*packed)(void **);
};
extern const DlcTestEntry dlc_test_entries[];

namespace {

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "dlc cross runner: %s\n", what);
  std::exit(2);
}

uint64_t readWord(std::FILE *file) {
  uint64_t word;
  if (std::fread(&word, sizeof word, 1, file) != 1)
    fail("truncated call file");
  return word;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3)
    fail("usage: runner <call file> <result file>");
  std::FILE *in = std::fopen(argv[1], "rb");
  if (!in)
    fail("cannot open the call file");
  std::string name(readWord(in), '\0');
  if (std::fread(name.data(), 1, name.size(), in) != name.size())
    fail("truncated call file");
  std::vector<void *> buffers(readWord(in));
  std::vector<uint64_t> sizes(buffers.size());
  for (size_t i = 0; i < buffers.size(); ++i) {
    sizes[i] = readWord(in);
    buffers[i] = std::aligned_alloc(64, (sizes[i] + 64) / 64 * 64);
    if (std::fread(buffers[i], 1, sizes[i], in) != sizes[i])
      fail("truncated call file");
  }
  std::vector<std::vector<int64_t>> descriptors(readWord(in));
  std::vector<void *> args;
  for (std::vector<int64_t> &words : descriptors) {
    uint64_t buffer = readWord(in);
    uint64_t rank = readWord(in);
    if (buffer >= buffers.size())
      fail("no such buffer");
    auto pointer = reinterpret_cast<int64_t>(buffers[buffer]);
    words = {pointer, pointer};
    for (uint64_t i = 0; i < 1 + 2 * rank; ++i)
      words.push_back(int64_t(readWord(in)));
    args.push_back(words.data());
  }
  std::fclose(in);

  const DlcTestEntry *entry = dlc_test_entries;
  while (entry->name && name != entry->name)
    ++entry;
  if (!entry->name)
    fail("no such entry point");
  entry->packed(args.data());

  std::FILE *out = std::fopen(argv[2], "wb");
  if (!out)
    fail("cannot write the result file");
  for (size_t i = 0; i < buffers.size(); ++i)
    if (std::fwrite(buffers[i], 1, sizes[i], out) != sizes[i])
      fail("cannot write the result file");
  return std::fclose(out) == 0 ? 0 : 2;
}
