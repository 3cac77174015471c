// `safekiosk-admin content …`: import, export, list, publish, retire, stats.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_content_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
