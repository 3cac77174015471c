// `safekiosk-admin proctor …`: pause, resume, add-time, end, move.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_proctor_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
