// `safekiosk-admin demo setup`: the demo installation of the README's quick start.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_demo_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
