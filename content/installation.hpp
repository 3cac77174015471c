// Where an installation keeps its data. The kiosk and safekiosk-admin use the same default, so an administrator's
// import lands in the database the kiosk reads.
#pragma once

#include <filesystem>

namespace sk::content {

// $XDG_DATA_HOME/safekiosk/safekiosk.db when XDG_DATA_HOME is set to an absolute path, otherwise
// ~/.local/share/safekiosk/safekiosk.db (the XDG Base Directory default). Throws std::runtime_error when neither
// XDG_DATA_HOME nor a home directory is known.
std::filesystem::path default_database_path();

// The folder of the installation's secret keys (certificate signing key, audit key): "<database file name>.keys"
// beside the database, e.g. ~/.local/share/safekiosk/safekiosk.db.keys. One database, one folder: two databases kept
// in the same folder never share a key by accident. The folder is kept apart from the database file itself, so a
// copy of the database alone carries no secret.
// A server database (postgresql:// URI) has its folder on the machine that signs and audits for it:
// "<host>-<port>-<database>.keys" in $SAFEKIOSK_KEY_ROOT when set, else beside default_database_path()
// (~/.local/share/safekiosk/db.centre.local-5432-safekiosk.keys).
std::filesystem::path key_folder(const std::filesystem::path& database);

// The key folder of installations made before key folders were per database: "keys" beside the database. Read only to
// adopt an existing key once (certs/installation_key); never written.
std::filesystem::path legacy_key_folder(const std::filesystem::path& database);

} // namespace sk::content
