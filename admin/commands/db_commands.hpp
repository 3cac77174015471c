// `safekiosk-admin db init|migrate|status`: the installation database itself — an SQLite file or a PostgreSQL
// server database (docs/storage.md).
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_db_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
