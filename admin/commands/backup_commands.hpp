// `safekiosk-admin backup --out FILE` and `restore FILE`: a whole installation (database snapshot and key folder) in
// one file, and back into an empty installation (certs/backup.hpp, docs/operations.md).
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_backup_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
