// The audit log's secret key and head file, kept in the installation's key folder (content::key_folder), apart from
// the database. The key makes the chain keyed: each entry's MAC is keyed BLAKE2b (libsodium crypto_generichash) over
// the entry and the MAC before it, so whoever can write the database file but not read the key folder cannot
// recompute the chain after an edit. The head file records the last committed entry, so deleting entries from the
// end of the log is found too. See docs/audit.md.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace sk::exam {

// A missing, unreadable, badly protected or different audit key, or a head file that does not fit the database.
class AuditKeyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kAuditKeyFile = "audit.key";
inline constexpr const char* kAuditHeadFile = "audit.head";

struct AuditKey {
    std::array<unsigned char, 32> bytes{};
    // A public name of the key (BLAKE2b of a fixed text keyed with it, 16 hex digits): recorded in the database so a
    // missing or different key is named, never taken for the right one. Reveals nothing of the key.
    std::string id() const;
};

// 32 random bytes written to `file` (created with O_EXCL, mode 0600, fsync'd with its folder; the folder is made
// with mode 0700 when missing). Refuses to replace an existing file.
AuditKey create_audit_key(const std::filesystem::path& file);
// Writes `key` to `file` the same way (a key restored from the installation's backup). Refuses to replace an
// existing file.
void install_audit_key(const std::filesystem::path& file, const AuditKey& key);
// Refuses (AuditKeyError naming the file and what to do) a missing file, one that is not a regular file, one that
// other users may read (mode other than 0600), or one that is not exactly 32 bytes.
AuditKey load_audit_key(const std::filesystem::path& file);

// Keyed BLAKE2b-256 of `message`, as 64 lowercase hex digits.
std::string keyed_digest(const AuditKey& key, const std::string& message);

struct AuditHead {
    std::int64_t id = 0;
    std::string mac;
};

// The head file: "SKAUDITHEAD1 <entry id> <mac>\n". nullopt when there is none; AuditKeyError when it is damaged.
std::optional<AuditHead> read_audit_head(const std::filesystem::path& file);
// Written atomically: a temporary file beside it, fsync, rename, fsync of the folder.
void write_audit_head(const std::filesystem::path& file, const AuditHead& head);

} // namespace sk::exam
