// `safekiosk-admin serve`: the read-only verification page that certificates' QR codes open (certs/verify_page.hpp),
// over cpp-httplib. This file only wires the HTTP server: what each request is answered with is VerifySite's.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_serve_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
