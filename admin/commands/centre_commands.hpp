// `safekiosk-admin centre init|add-kiosk|kiosks`: an exam centre's PostgreSQL database, its roles and its kiosks'
// logins (docs/exam-centre.md). The work is in exam/centre/.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_centre_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
