#include "content/installation.hpp"

#include "content/storage/database.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace sk::content {

std::filesystem::path default_database_path()
{
    const std::filesystem::path file = std::filesystem::path("safekiosk") / "safekiosk.db";
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        std::filesystem::path base(xdg);
        // The specification says a relative value is invalid and must be ignored.
        if (base.is_absolute()) return base / file;
    }
    std::filesystem::path home;
    if (const char* h = std::getenv("HOME"); h && *h) {
        home = h;
    } else if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir && *pw->pw_dir) {
        home = pw->pw_dir;
    }
    if (home.empty()) throw std::runtime_error("cannot find the data folder: neither XDG_DATA_HOME nor HOME is set");
    return home / ".local" / "share" / file;
}

std::filesystem::path key_folder(const std::filesystem::path& database)
{
    if (storage::is_server_locator(database.native())) {
        std::filesystem::path root;
        if (const char* r = std::getenv("SAFEKIOSK_KEY_ROOT"); r && *r)
            root = r;
        else
            root = default_database_path().parent_path();
        return root / (storage::server_folder_name(database.native()) + ".keys");
    }
    auto folder = database;
    folder += ".keys";
    return folder;
}

std::filesystem::path legacy_key_folder(const std::filesystem::path& database) { return database.parent_path() / "keys"; }

} // namespace sk::content
