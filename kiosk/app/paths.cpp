#include "kiosk/app/paths.hpp"

namespace sk::kiosk {

std::filesystem::path default_config_path(const std::filesystem::path& database)
{
    return database.parent_path() / "kiosk.json";
}

} // namespace sk::kiosk
