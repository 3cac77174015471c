#include "content/formats/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace sk::content::formats {

namespace fs = std::filesystem;

namespace {

bool write_all(int fd, const char* p, std::size_t size)
{
    while (size > 0) {
        const auto n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return false;
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

void fsync_folder(const fs::path& folder)
{
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

bool PrivateFileError::exists() const { return stage_ == Stage::Create && error_ == EEXIST; }

void write_new_private_file(const fs::path& path, std::string_view data)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        throw PrivateFileError(PrivateFileError::Stage::Create, err,
                               path.string() + ": cannot be created: " + std::strerror(err));
    }
    bool ok = ::fchmod(fd, 0600) == 0; // whatever the umask
    ok = ok && write_all(fd, data.data(), data.size());
    ok = ok && ::fsync(fd) == 0;
    const int err = ok ? 0 : errno;
    ::close(fd);
    if (!ok) {
        std::error_code ec;
        fs::remove(path, ec);
        throw PrivateFileError(PrivateFileError::Stage::Write, err,
                               path.string() + ": cannot be written: " + std::strerror(err));
    }
    fsync_folder(path.parent_path());
}

std::string mode_text(unsigned mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777u);
    return text;
}

} // namespace sk::content::formats
