// Reading input files safely: only regular files (never a FIFO, a device or a folder, which hang or never end), each
// kind of file with a size limit (docs/limits.md), read with a bounded loop that never trusts the size the system
// reports. Every reader of a file a user names (packs, CSV, GIFT, Aiken, Moodle XML, blueprints, candidate lists,
// photos, images, keys, kiosk.json, fonts, scripts) goes through read_input_file().
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace sk::content::formats {

enum class FileKind {
    Questions, // pack.json and its JSON-lines files, question CSV, GIFT, Aiken, Moodle XML, candidate CSV: 64 MiB
    Config,    // blueprint JSON, kiosk.json, kiosk scripts: 1 MiB
    Image,     // question and exhibit images, registration photos: 16 MiB
    Key,       // signing keys (public or secret): 1 KiB
    Font,      // the kiosk's font (a CJK font collection is 20-40 MB): 64 MiB
};

// The environment variable that raises every limit to at least this many MiB (a whole number, 1 to 4096).
inline constexpr const char* kMaxFileVariable = "SAFEKIOSK_MAX_FILE_MB";

// The limit of `kind` in bytes, raised by $SAFEKIOSK_MAX_FILE_MB.
std::uint64_t file_limit(FileKind kind);
// "64 MiB", "1 KiB": a limit as the messages show it.
std::string limit_text(std::uint64_t bytes);

// A file that cannot be read, or may not be: why() says why without the path ("not a regular file (a FIFO)"),
// what() is "PATH: why".
class FileError : public std::runtime_error {
public:
    FileError(const std::filesystem::path& path, const std::string& why)
        : std::runtime_error(path.string() + ": " + why), path_(path), why_(why)
    {
    }
    const std::filesystem::path& path() const { return path_; }
    const std::string& why() const { return why_; }

private:
    std::filesystem::path path_;
    std::string why_;
};

// The whole content of a regular file of at most file_limit(kind) bytes. Throws FileError: no such file, no
// permission ("cannot be read: no such file" …), a folder, "not a regular file" (FIFO, device, socket), larger than the limit, or a read error.
std::string read_input_file(const std::filesystem::path& path, FileKind kind);

// Why `path` cannot be read as a regular file (as read_input_file would say), or "" when it is a regular file
// (symbolic links followed).
std::string not_regular_reason(const std::filesystem::path& path);

} // namespace sk::content::formats
