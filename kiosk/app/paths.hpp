// Where an installation keeps its files. (content/installation.hpp, on another branch, will provide the same
// database default for every program; this copy is unified with it at merge.)
#pragma once

#include <filesystem>

namespace sk::kiosk {

// $XDG_DATA_HOME/safekiosk/safekiosk.db, else ~/.local/share/safekiosk/safekiosk.db.
std::filesystem::path default_database_path();

// The kiosk configuration next to the database: <database folder>/kiosk.json.
std::filesystem::path default_config_path(const std::filesystem::path& database);

} // namespace sk::kiosk
