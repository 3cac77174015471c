#include "kiosk/app/paths.hpp"

#include <cstdlib>

namespace sk::kiosk {

std::filesystem::path default_database_path()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    std::filesystem::path base;
    if (xdg && *xdg) {
        base = xdg;
    } else {
        const char* home = std::getenv("HOME");
        base = std::filesystem::path(home && *home ? home : ".") / ".local" / "share";
    }
    return base / "safekiosk" / "safekiosk.db";
}

std::filesystem::path default_config_path(const std::filesystem::path& database)
{
    return database.parent_path() / "kiosk.json";
}

} // namespace sk::kiosk
