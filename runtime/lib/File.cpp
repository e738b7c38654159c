//===- File.cpp - Whole-file reads and crash-safe writes ------------------===//

#include "dlc/runtime/File.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace dlc::runtime {

namespace {

/// Closes a file descriptor on every path out of a function.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd(fd) {}
  FileDescriptor(const FileDescriptor &) = delete;
  FileDescriptor &operator=(const FileDescriptor &) = delete;
  ~FileDescriptor() {
    if (fd >= 0)
      ::close(fd);
  }

  int get() const { return fd; }
  bool valid() const { return fd >= 0; }
  /// Closes now, reporting the error that a deferred write may surface.
  int close() {
    int result = ::close(fd);
    fd = -1;
    return result;
  }

private:
  int fd;
};

std::string systemError() { return std::strerror(errno); }

/// The directory holding `path`, for syncing the rename.
std::string directoryOf(const std::string &path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

} // namespace

std::string readFile(const std::string &path, AlignedBytes &contents) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.valid())
    return path + ": cannot open for reading: " + systemError();
  struct stat info;
  if (::fstat(file.get(), &info) != 0)
    return path + ": cannot stat: " + systemError();
  if (S_ISDIR(info.st_mode))
    return path + ": is a directory, not a file";
  AlignedBytes buffer(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < buffer.size()) {
    ssize_t n = ::read(file.get(), buffer.data() + done, buffer.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return path + ": read failed: " + systemError();
    if (n == 0)
      return path + ": shrank while being read";
    done += static_cast<size_t>(n);
  }
  contents = std::move(buffer);
  return "";
}

std::string writeFileAtomically(const std::string &path,
                                std::span<const std::byte> bytes) {
  // The pid keeps concurrent writers (two training runs sharing a folder)
  // from interleaving in one temporary file.
  std::string temporary = path + ".tmp." + std::to_string(::getpid());
  FileDescriptor file(::open(temporary.c_str(),
                             O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!file.valid())
    return path + ": cannot create " + temporary + ": " + systemError();

  auto fail = [&](const std::string &what) {
    std::string message = path + ": " + what + ": " + systemError();
    if (file.valid())
      file.close();
    ::unlink(temporary.c_str());
    return message;
  };
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(file.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return fail("write to " + temporary + " failed");
    done += static_cast<size_t>(n);
  }
  // Without the sync, a crash after the rename could leave `path` naming a
  // file whose blocks never reached the disk.
  if (::fsync(file.get()) != 0)
    return fail("cannot sync " + temporary);
  if (file.close() != 0)
    return fail("cannot close " + temporary);
  if (::rename(temporary.c_str(), path.c_str()) != 0)
    return fail("cannot rename " + temporary + " to " + path);

  // The rename itself is durable only once the directory is synced. Some
  // file systems cannot sync directories (EINVAL); the data is safe there.
  std::string directory = directoryOf(path);
  FileDescriptor dir(
      ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid())
    return path + ": written, but cannot open directory " + directory +
           " to sync it: " + systemError();
  if (::fsync(dir.get()) != 0 && errno != EINVAL)
    return path + ": written, but cannot sync directory " + directory + ": " +
           systemError();
  return "";
}

} // namespace dlc::runtime
