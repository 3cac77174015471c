// Secret files (signing keys, the audit key, key backups): written once, readable by their owner only.
//
// write_new_private_file() is the one way SafeKiosk writes a secret: a new file (O_EXCL: never over an existing one)
// with mode 0600 whatever the umask, written in full and fsync'd, with its folder fsync'd after; a file that could not
// be written whole is removed. private_mode_problem() is the check every secret's reader makes before using it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sk::content::formats {

// Why a secret file could not be written: at creating it (`exists()` when the file was already there) or at writing
// it. error() is the errno; callers word the message for their kind of file.
class PrivateFileError : public std::runtime_error {
public:
    enum class Stage { Create, Write };
    PrivateFileError(Stage stage, int error, const std::string& what)
        : std::runtime_error(what), stage_(stage), error_(error)
    {
    }
    Stage stage() const { return stage_; }
    int error() const { return error_; }
    bool exists() const;

private:
    Stage stage_;
    int error_;
};

// Writes `data` to the new file `path` (see above). Throws PrivateFileError; what() is "PATH: cannot be created: …"
// or "PATH: cannot be written: …".
void write_new_private_file(const std::filesystem::path& path, std::string_view data);

// The file's permission bits as four octal digits ("0644").
std::string mode_text(unsigned mode);

} // namespace sk::content::formats
