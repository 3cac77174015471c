// The installation's certificate signing key: one installation (database), one key, never replaced silently.
//
// The database records the public key of the key it signs with (table cert_key, schema step 3); the secret key lives
// in the installation's own key folder, content::key_folder(database) = "<database>.keys" (mode 0600 file), apart from
// the database. open_signer() loads that key and refuses, saying how to restore it, when the key is missing or is
// another key than the recorded one. A new key pair is made only at first set-up, when the database records none.
//
// Installations made before key folders were per database kept the key in "keys/" beside the database
// (content::legacy_key_folder). That key is adopted once, copied into the installation's own folder (the legacy
// folder is never written): when the database records it, or when the database records no key yet but already has
// certificates (they were signed with that key). A database without certificates and without a recorded key never
// takes a legacy key: it gets its own, so two databases in one folder do not share a key by accident. A database
// that printed certificates before it recorded a key, with no key found, is refused too (never a new key).
//
// Backups: backup_key() writes the secret signing key and the audit key (exam/audit_key.hpp) encrypted with a
// passphrase (libsodium: Argon2id crypto_pwhash derives the key of an XSalsa20-Poly1305 crypto_secretbox), so that a
// lost key folder can be brought back whole; restore_key() decrypts it, checks that both are the installation's
// recorded keys and writes the missing ones (0600) into the key folder, never over a different key. Backups made
// before the audit key was carried (format 1) still restore the signing key.
#pragma once

#include "certs/signing.hpp"
#include "content/storage/database.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace sk::certs {

// The public key the database records as its signing key; nullopt before first set-up.
std::optional<PublicKey> recorded_key(storage::Database& db);

// What `safekiosk-admin key show` prints.
struct KeyStatus {
    std::filesystem::path folder;        // content::key_folder(database)
    std::optional<PublicKey> recorded;   // in the database
    std::optional<PublicKey> in_folder;  // the secret key file's key, when it loads
    std::string problem;                 // why the folder's key cannot sign for this installation (empty: it can)
};
KeyStatus key_status(storage::Database& db, const std::filesystem::path& database);

// The installation's signer (see above). Throws SigningError naming the folder, the key ids and the restore command.
Signer open_signer(storage::Database& db, const std::filesystem::path& database);

// The installation's public key for verifying: the recorded one, else the key folder's (or the legacy folder's).
PublicKey installation_public_key(storage::Database& db, const std::filesystem::path& database);

// Backup file (format 2): "SK2KEYBACKUP" line, then key-id, public, audit-key-id, kdf (argon2id13 opslimit memlimit),
// salt, nonce, box lines (base32; the box holds the 32-byte signing seed, then the 32-byte audit key). Format 1
// ("SK1KEYBACKUP", no audit-key-id, the box holds the seed only) is still read. Passphrases have at least
// kMinPassphrase characters.
inline constexpr std::size_t kMinPassphrase = 10;
// Writes the installation's secret signing key and audit key, encrypted, to `file` (mode 0600, never over an
// existing file). Refused when the key folder does not hold the database's audit key; a database that has audited
// nothing yet gets its audit key first (an "audit.key" entry).
// Returns the signing key id.
std::string backup_key(storage::Database& db, const std::filesystem::path& database, const std::filesystem::path& file,
                       const std::string& passphrase);
// The key id a backup file names (no passphrase needed); SigningError when it is not a backup file.
std::string backup_key_id(const std::filesystem::path& file);

struct BackupInfo {
    int format = 0;                           // 1: signing key only; 2: signing key and audit key
    std::string key_id;                       // of the signing key
    std::optional<std::string> audit_key_id;  // format 2
};
// What a backup file names (no passphrase needed); SigningError when it is not a backup file.
BackupInfo backup_info(const std::filesystem::path& file);

struct RestoreResult {
    std::string key_id;
    std::optional<std::string> audit_key_id; // nullopt: a format 1 backup, without the audit key
    bool signing_key_restored = false;       // written; false: it was already in place
    bool audit_key_restored = false;         // written; false: already in place, or not in the backup
};
// Decrypts the backup and puts the keys missing from the installation's key folder into it (the audit key first, so
// that the restore can be audited). Refused (SigningError), writing nothing, with a wrong passphrase or a damaged
// file, when a key is not the one the database records, and when the folder holds another signing or audit key
// (never replaced). A database that records no signing key yet records this one.
RestoreResult restore_key(storage::Database& db, const std::filesystem::path& database,
                          const std::filesystem::path& file, const std::string& passphrase);

} // namespace sk::certs
