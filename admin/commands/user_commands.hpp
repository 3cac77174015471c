// `safekiosk-admin user …` (add, list, roles, password) and `audit …` (verify, show).
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_user_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
