// `safekiosk-admin gui`: the desktop window (admin/gui/), or its headless screenshots.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_gui_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
