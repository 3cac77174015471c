// Where a kiosk keeps its files. The database default is content::default_database_path(), shared with
// safekiosk-admin so that an administrator's import lands in the database the kiosk reads.
#pragma once

#include <filesystem>
#include <string>

namespace sk::kiosk {

// The kiosk configuration next to the database: <database folder>/kiosk.json (a server database: kiosk.json in the
// default data folder, ~/.local/share/safekiosk/).
std::filesystem::path default_config_path(const std::filesystem::path& database);

// The kiosk's cache folder: $XDG_CACHE_HOME/safekiosk, else ~/.cache/safekiosk. Empty when neither
// XDG_CACHE_HOME (absolute) nor HOME is set.
std::filesystem::path default_cache_dir();

// The glyph atlas cache file in `dir` for a kiosk on `database` in `role` with body text of `px` pixels:
// glyphs-<16 hex digits>.atlas, one per database, role and text size, so kiosks on other databases and the
// large-text size do not replace each other's file.
std::filesystem::path font_cache_file(const std::filesystem::path& dir, const std::filesystem::path& database,
                                      const std::string& role, float px);

} // namespace sk::kiosk
