#include "exam/audit_key.hpp"

#include "content/formats/private_file.hpp"

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sk::exam {

namespace fs = std::filesystem;

namespace {

void init_sodium()
{
    if (sodium_init() < 0) throw AuditKeyError("libsodium could not be initialised");
}

std::string hex(const unsigned char* data, std::size_t size)
{
    std::string out(size * 2, '0');
    sodium_bin2hex(out.data(), out.size() + 1, data, size);
    return out;
}

std::string errno_text() { return std::strerror(errno); }

void fsync_folder(const fs::path& folder)
{
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void make_folder(const fs::path& folder)
{
    if (fs::exists(folder)) return;
    fs::create_directories(folder);
    ::chmod(folder.c_str(), 0700);
}

bool write_all(int fd, const void* data, std::size_t size)
{
    const auto* p = static_cast<const unsigned char*>(data);
    while (size > 0) {
        const auto n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

std::string AuditKey::id() const
{
    static const char kLabel[] = "safekiosk audit key id";
    unsigned char out[8];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(kLabel), sizeof kLabel - 1, bytes.data(),
                       bytes.size());
    return hex(out, sizeof out);
}

AuditKey create_audit_key(const fs::path& file)
{
    init_sodium();
    AuditKey key;
    randombytes_buf(key.bytes.data(), key.bytes.size());
    install_audit_key(file, key);
    return key;
}

void install_audit_key(const fs::path& file, const AuditKey& key)
{
    make_folder(file.parent_path());
    using content::formats::PrivateFileError;
    try {
        content::formats::write_new_private_file(
            file, std::string_view(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()));
    } catch (const PrivateFileError& e) {
        if (e.exists()) throw AuditKeyError(file.string() + ": an audit key already exists; not replaced");
        throw AuditKeyError(file.string() + (e.stage() == PrivateFileError::Stage::Create ? ": the audit key cannot be created: "
                                                                                           : ": the audit key cannot be written: ") +
                            std::strerror(e.error()));
    }
}

AuditKey load_audit_key(const fs::path& file)
{
    init_sodium();
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0)
        throw AuditKeyError(file.string() + ": the audit key is missing (" + errno_text() +
                            "); restore the key folder " + file.parent_path().string() +
                            " from the installation's backup. The audit log cannot be checked or continued without it");
    if (!S_ISREG(st.st_mode)) throw AuditKeyError(file.string() + ": the audit key is not a regular file");
    if ((st.st_mode & 07777) != 0600) {
        throw AuditKeyError(file.string() + ": the audit key has mode " + content::formats::mode_text(st.st_mode) +
                            "; it must be 0600 (chmod 600 " +
                            file.string() + ")");
    }
    if (st.st_size != 32)
        throw AuditKeyError(file.string() + ": the audit key is " + std::to_string(st.st_size) +
                            " bytes, not 32: it is damaged; restore it from the installation's backup");
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) throw AuditKeyError(file.string() + ": the audit key cannot be read: " + errno_text());
    AuditKey key;
    std::size_t got = 0;
    while (got < key.bytes.size()) {
        const auto n = ::read(fd, key.bytes.data() + got, key.bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (got != key.bytes.size()) throw AuditKeyError(file.string() + ": the audit key cannot be read in full");
    return key;
}

std::string keyed_digest(const AuditKey& key, const std::string& message)
{
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       key.bytes.data(), key.bytes.size());
    return hex(out, sizeof out);
}

std::optional<AuditHead> read_audit_head(const fs::path& file)
{
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) {
        if (errno == ENOENT) return std::nullopt;
        throw AuditKeyError(file.string() + ": the audit head cannot be read: " + errno_text());
    }
    char buf[160] = {};
    const auto n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    const std::string text(buf, n);
    long long id = 0;
    char mac[65] = {};
    int used = 0;
    if (std::sscanf(text.c_str(), "SKAUDITHEAD1 %lld %64[0-9a-f]%n", &id, mac, &used) != 2 || id < 1 ||
        std::strlen(mac) != 64 || (text.substr(static_cast<std::size_t>(used)) != "\n"))
        throw AuditKeyError(file.string() + ": the audit head file is damaged");
    return AuditHead{id, mac};
}

void write_audit_head(const fs::path& file, const AuditHead& head)
{
    make_folder(file.parent_path());
    const std::string text = "SKAUDITHEAD1 " + std::to_string(head.id) + " " + head.mac + "\n";
    auto temp = file;
    temp += ".tmp" + std::to_string(::getpid());
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw AuditKeyError(temp.string() + ": cannot be created: " + errno_text());
    bool ok = write_all(fd, text.data(), text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), file.c_str()) != 0) {
        const auto why = errno_text();
        ::unlink(temp.c_str());
        throw AuditKeyError(file.string() + ": the audit head cannot be written: " + why);
    }
    fsync_folder(file.parent_path());
}

} // namespace sk::exam
