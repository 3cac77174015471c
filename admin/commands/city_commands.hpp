// `safekiosk-admin city add-centre|centres|remove-centre`: the city's PostgreSQL database following every exam
// centre by logical replication (docs/exam-centre.md, "The city"). The work is in exam/city/.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_city_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
