// `safekiosk-admin session …`: create, register, list, seats.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_session_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
