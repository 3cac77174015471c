// Where an installation keeps its data. The kiosk and safekiosk-admin use the same default, so an administrator's
// import lands in the database the kiosk reads.
#pragma once

#include <filesystem>

namespace sk::content {

// $XDG_DATA_HOME/safekiosk/safekiosk.db when XDG_DATA_HOME is set to an absolute path, otherwise
// ~/.local/share/safekiosk/safekiosk.db (the XDG Base Directory default). Throws std::runtime_error when neither
// XDG_DATA_HOME nor a home directory is known.
std::filesystem::path default_database_path();

} // namespace sk::content
