// Where a kiosk keeps its files. The database default is content::default_database_path(), shared with
// safekiosk-admin so that an administrator's import lands in the database the kiosk reads.
#pragma once

#include <filesystem>

namespace sk::kiosk {

// The kiosk configuration next to the database: <database folder>/kiosk.json.
std::filesystem::path default_config_path(const std::filesystem::path& database);

} // namespace sk::kiosk
