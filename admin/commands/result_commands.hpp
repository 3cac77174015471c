// `safekiosk-admin result …`: list, export, paper, review, practical.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_result_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
