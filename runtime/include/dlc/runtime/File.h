//===- File.h - Whole-file reads and crash-safe writes --------------------===//
//
// Checkpoints and training histories are rewritten while training runs; a
// crash or a full disk in the middle of a write must leave the previous
// version readable. Writes therefore go to a temporary file in the same
// directory that is synced and then renamed over the target (rename is
// atomic on POSIX file systems).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_FILE_H
#define DLC_RUNTIME_FILE_H

#include "dlc/runtime/Tensor.h"

#include <cstddef>
#include <span>
#include <string>

namespace dlc::runtime {

/// Reads all of `path` into 64-byte aligned storage. Returns "" on success,
/// else a message that starts with the path and gives the system's reason.
std::string readFile(const std::string &path, AlignedBytes &contents);

/// Replaces `path` by `bytes`, atomically: writes `path.tmp.<pid>`, syncs
/// it, renames it over `path` and syncs the directory, so that `path` holds
/// either its old or its new contents whatever happens. On failure the
/// temporary file is removed and `path` is untouched. Returns an error
/// message or "".
std::string writeFileAtomically(const std::string &path,
                                std::span<const std::byte> bytes);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_FILE_H
