// `safekiosk-admin candidate …` (add, import, list, photos, hours) and `trainee …` (pin, confirm).
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_candidate_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
