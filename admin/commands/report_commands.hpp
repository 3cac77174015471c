// `safekiosk-admin report …`: pass-rates, chapters, items, exhibits.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_report_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
