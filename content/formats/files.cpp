#include "content/formats/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace sk::content::formats {

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

std::uint64_t base_limit(FileKind kind)
{
    switch (kind) {
    case FileKind::Questions: return 64 * kMiB;
    case FileKind::Config: return 1 * kMiB;
    case FileKind::Image: return 16 * kMiB;
    case FileKind::Key: return 1024;
    case FileKind::Font: return 64 * kMiB;
    }
    return 1 * kMiB;
}

const char* kind_name(FileKind kind)
{
    switch (kind) {
    case FileKind::Questions: return "a question or candidate file";
    case FileKind::Config: return "a configuration or blueprint file";
    case FileKind::Image: return "an image";
    case FileKind::Key: return "a key file";
    case FileKind::Font: return "a font";
    }
    return "a file";
}

std::string type_reason(mode_t mode)
{
    if (S_ISDIR(mode)) return "is a folder, not a file";
    if (S_ISFIFO(mode)) return "not a regular file (a FIFO)";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "not a regular file (a device)";
    if (S_ISSOCK(mode)) return "not a regular file (a socket)";
    return "not a regular file";
}

std::string open_reason(int err)
{
    if (err == ENOENT || err == ENOTDIR) return "cannot be read: no such file";
    if (err == EACCES || err == EPERM) return "cannot be read: no permission";
    return std::string("cannot be read: ") + std::strerror(err);
}

std::string too_large(FileKind kind)
{
    return "larger than the limit of " + limit_text(file_limit(kind)) + " for " + kind_name(kind) + " (set $" +
           kMaxFileVariable + " to raise it; docs/limits.md)";
}

} // namespace

std::uint64_t file_limit(FileKind kind)
{
    std::uint64_t limit = base_limit(kind);
    if (const char* env = std::getenv(kMaxFileVariable)) {
        const std::string_view s(env);
        unsigned mb = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), mb);
        if (ec == std::errc() && end == s.data() + s.size() && mb >= 1 && mb <= 4096)
            limit = std::max<std::uint64_t>(limit, mb * kMiB);
    }
    return limit;
}

std::string limit_text(std::uint64_t bytes)
{
    if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
    return std::to_string(bytes) + " bytes";
}

std::string not_regular_reason(const std::filesystem::path& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return open_reason(errno);
    if (!S_ISREG(st.st_mode)) return type_reason(st.st_mode);
    return {};
}

std::string read_input_file(const std::filesystem::path& path, FileKind kind)
{
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting forever; the type is then
    // checked on the opened file, so it cannot change between the check and the read.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) throw FileError(path, open_reason(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw FileError(path, open_reason(errno));
    if (!S_ISREG(st.st_mode)) throw FileError(path, type_reason(st.st_mode));
    const std::uint64_t limit = file_limit(kind);
    if (static_cast<std::uint64_t>(st.st_size) > limit) throw FileError(path, too_large(kind));
    // Read until the end, never more than the limit, whatever size the file claimed (it may grow meanwhile).
    std::string out;
    out.reserve(static_cast<std::size_t>(st.st_size));
    char block[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, block, sizeof block);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw FileError(path, open_reason(errno));
        }
        if (n == 0) break;
        if (out.size() + static_cast<std::size_t>(n) > limit) throw FileError(path, too_large(kind));
        out.append(block, static_cast<std::size_t>(n));
    }
    return out;
}

} // namespace sk::content::formats
