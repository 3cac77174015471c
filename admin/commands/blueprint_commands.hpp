// `safekiosk-admin blueprint …`: list, show, check, set.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_blueprint_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
