#include "kiosk/app/paths.hpp"

#include "content/installation.hpp"
#include "content/storage/database.hpp"

#include <xxhash.h>

#include <cstdio>
#include <cstdlib>

namespace sk::kiosk {

std::filesystem::path default_config_path(const std::filesystem::path& database)
{
    // A server database has no folder on this machine: the kiosk's configuration is in the default data folder.
    if (storage::is_server_locator(database.native())) return content::default_database_path().parent_path() / "kiosk.json";
    return database.parent_path() / "kiosk.json";
}


std::filesystem::path default_cache_dir()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
        std::filesystem::path base(xdg);
        // The specification says a relative value is invalid and must be ignored.
        if (base.is_absolute()) return base / "safekiosk";
    }
    if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".cache" / "safekiosk";
    return {};
}

std::filesystem::path font_cache_file(const std::filesystem::path& dir, const std::filesystem::path& database,
                                      const std::string& role, float px)
{
    std::error_code ec;
    auto db = std::filesystem::weakly_canonical(database, ec);
    if (ec) db = std::filesystem::absolute(database, ec);
    const std::string slot = db.string() + '\n' + role + '\n' + std::to_string(static_cast<int>(px));
    char name[40];
    std::snprintf(name, sizeof name, "glyphs-%016llx.atlas",
                  static_cast<unsigned long long>(XXH3_64bits(slot.data(), slot.size())));
    return dir / name;
}

} // namespace sk::kiosk
