// `safekiosk-admin journal export|import`: a centre kiosk's journal carried to the centre in a signed file when the
// kiosk cannot reach it (docs/exam-centre.md). The work is in exam/centre/journal_transfer.hpp.
#pragma once

#include "admin/cli.hpp"

#include <CLI/CLI.hpp>

namespace sk::admin {

void register_journal_commands(CLI::App& app, Context& ctx);

} // namespace sk::admin
