// A whole installation in one file: `safekiosk-admin backup` and `restore` (docs/operations.md).
//
// A backup holds a consistent snapshot of the database, taken while kiosks keep writing (an SQLite file: SQLite's
// online backup API, storage::sqlite_snapshot; a PostgreSQL server database: `pg_dump --format=custom`), and the
// installation's key folder (content::key_folder: the certificate signing key, the audit key and the audit log's head
// file) encrypted with a passphrase: Argon2id (crypto_pwhash) derives the key of an XChaCha20-Poly1305 AEAD box
// (crypto_aead_xchacha20poly1305_ietf) whose additional data is the manifest, so a manifest edited to fit a changed
// database does not open with the passphrase. The database part is not encrypted (like the database file itself it
// holds candidates' personal data: keep the backup as the database is kept); its SHA-256 is in the manifest.
//
// File layout (format 1):
//   "SAFEKIOSK-BACKUP 1\n"
//   "manifest-sha256 <64 hex digits>\n"          of the manifest line's bytes (finds damage without the passphrase)
//   <manifest: one line of JSON>"\n"              at most 64 KiB (see Manifest)
//   <the key box: keys_size bytes>
//   <the database: database_size bytes>           an SQLite file or a pg_dump custom-format archive
//
// Restore goes into an empty installation only (no database file, or an empty server database; an absent or empty
// key folder) and is refused, writing nothing, for a file that is not a backup, a damaged or truncated one, a wrong
// passphrase, a backup of a newer schema than this program knows, another engine than the target's, and a target that
// is not empty. The database is written to a temporary file (or restored by pg_restore in one transaction) and renamed
// into place; it is migrated to this program's schema, its integrity checked, and the audit log and the signing key
// verified before the restore counts as done; when they do not verify, what was written is removed again.
#pragma once

#include "content/storage/database.hpp"
#include "content/storage/migrations.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::certs {

// Why a backup could not be made or restored; what() names the file and what to do.
class BackupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kBackupMagic = "SAFEKIOSK-BACKUP 1";
inline constexpr std::size_t kMinBackupPassphrase = 10;

struct BackupManifest {
    int format = 1;
    std::int64_t created_at_ms = 0;
    std::string created_at;                  // "2026-12-06T18:40:00Z"
    std::string engine;                      // "sqlite" or "postgresql"
    std::string source;                      // the database as messages name it (file or server, never a password)
    std::map<std::string, int> schemas;      // module -> schema version of the database backed up
    std::string database_format;             // "sqlite3" or "pg_dump-custom"
    std::uint64_t database_size = 0;
    std::string database_sha256;             // 64 hex digits
    std::uint64_t keys_size = 0;             // the key box (ciphertext) in bytes
    std::vector<std::string> key_files;      // names of the key folder's files in the box
    std::string signing_key_id;              // empty when the installation has no signing key yet
    std::string audit_key_id;                // empty when it has no audit key yet
    std::uint64_t kdf_opslimit = 0;
    std::uint64_t kdf_memlimit = 0;
    std::string kdf_salt;                    // hex
    std::string nonce;                       // hex
};

// Writes the backup of the installation at `locator` (a file path or a postgresql:// URI; `db` is open on it) to the
// new file `out` (mode 0600, never over an existing file; written to a temporary file beside it and renamed). The
// key folder is read before the snapshot, so the audit log's head file never runs ahead of the database copied.
// Refused (BackupError) when the key folder does not hold the keys the database records, or the passphrase is
// shorter than kMinBackupPassphrase.
BackupManifest write_backup(storage::Database& db, const std::filesystem::path& locator,
                            const std::filesystem::path& out, const std::string& passphrase);

// Checks a backup file without the passphrase: its header, the manifest's checksum and fields, the length of the
// file (truncated or with bytes after its end) and the database part's checksum. BackupError saying which.
BackupManifest check_backup(const std::filesystem::path& file);

struct RestoreReport {
    BackupManifest manifest;
    int migrated_steps = 0;          // schema steps this program applied to the restored database
    std::size_t audit_entries = 0;   // entries of the restored audit log, all verified
    std::vector<std::string> key_files;
};

// Restores `file` into the empty installation at `locator` (see above). `schemas` are the program's (refuses a
// backup whose modules are newer or unknown). The restore is recorded in the audit log as done by `actor`.
RestoreReport restore_backup(const std::filesystem::path& file, const std::filesystem::path& locator,
                             const std::vector<const storage::Schema*>& schemas, const std::string& passphrase,
                             const std::string& actor);

// Why the installation at `locator` is not empty ("" when it is): the database file or server database has tables,
// or the key folder holds files.
std::string installation_not_empty(const std::filesystem::path& locator);

} // namespace sk::certs
