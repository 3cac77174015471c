// `safekiosk-admin doctor`: what is wrong with an installation and how to mend it (certs/doctor.hpp).
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_doctor_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
