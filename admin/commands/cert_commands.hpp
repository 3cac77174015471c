// `safekiosk-admin cert …`: issue, batch issue for a session, PDF, print, reissue, review, suspend, reinstate,
// revoke, verify, specimen, due for review, list, public-key export.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_cert_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
