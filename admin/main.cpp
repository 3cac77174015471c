// safekiosk-admin: administration of a SafeKiosk installation from the command line.
//
// Each command group registers itself here with one call; adding a group means adding its file under
// admin/commands/ and one line below.
#include "admin/cli.hpp"
#include "admin/commands/backup_commands.hpp"
#include "admin/commands/blueprint_commands.hpp"
#include "admin/commands/candidate_commands.hpp"
#include "admin/commands/centre_commands.hpp"
#include "admin/commands/city_commands.hpp"
#include "admin/commands/journal_commands.hpp"
#include "admin/commands/content_commands.hpp"
#include "admin/commands/db_commands.hpp"
#include "admin/commands/demo_commands.hpp"
#include "admin/commands/doctor_commands.hpp"
#include "admin/commands/gui_commands.hpp"
#include "admin/commands/cert_commands.hpp"
#include "admin/commands/proctor_commands.hpp"
#include "admin/commands/report_commands.hpp"
#include "admin/commands/result_commands.hpp"
#include "admin/commands/serve_commands.hpp"
#include "admin/commands/session_commands.hpp"
#include "admin/commands/user_commands.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

namespace {

int run_admin(int argc, char** argv)
{
    CLI::App app{"safekiosk-admin: administration of a SafeKiosk installation"};
    app.fallthrough(); // global options may follow the command: `safekiosk-admin content list --json`
    app.require_subcommand(1);
    sk::admin::Context ctx;
    app.add_option("--db", ctx.db,
                   "the installation database: a file (default: $XDG_DATA_HOME/safekiosk/safekiosk.db, or "
                   "~/.local/share/safekiosk/safekiosk.db) or a PostgreSQL server's postgresql://USER@HOST:PORT/DBNAME "
                   "(password from ~/.pgpass or $PGPASSFILE)");
    app.add_flag("--json", ctx.json, "machine-readable output (JSON) on stdout");
    app.add_option("--user", ctx.user,
                   "sign in as this user for commands on exam data; the password comes from $SAFEKIOSK_PASSWORD "
                   "or is typed at the prompt");
    app.footer("Exit codes: 0 done, 1 bad input or refused by the exam rules, 2 usage error, 3 storage error, "
               "4 not allowed (sign-in refused or the user's roles do not allow it). docs/safekiosk-admin.md");

    sk::admin::register_db_commands(app, ctx);
    sk::admin::register_centre_commands(app, ctx);
    sk::admin::register_city_commands(app, ctx);
    sk::admin::register_journal_commands(app, ctx);
    sk::admin::register_backup_commands(app, ctx);
    sk::admin::register_doctor_commands(app, ctx);
    sk::admin::register_content_commands(app, ctx);
    sk::admin::register_demo_commands(app, ctx);
    sk::admin::register_cert_commands(app, ctx);
    sk::admin::register_user_commands(app, ctx);
    sk::admin::register_blueprint_commands(app, ctx);
    sk::admin::register_candidate_commands(app, ctx);
    sk::admin::register_session_commands(app, ctx);
    sk::admin::register_proctor_commands(app, ctx);
    sk::admin::register_result_commands(app, ctx);
    sk::admin::register_report_commands(app, ctx);
    sk::admin::register_gui_commands(app, ctx);
    sk::admin::register_serve_commands(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e); // prints help, or the usage error
        return code == 0 ? sk::admin::kOk : sk::admin::kUsage;
    }
    return sk::admin::run(ctx);
}

} // namespace

int main(int argc, char** argv)
{
    // The last line of defence (commands map their errors to exit codes in sk::admin::run): whatever escapes is
    // reported and ends with exit code 3, never with an abort.
    try {
        return run_admin(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "error: an unexpected failure\n";
    }
    return sk::admin::kStorage;
}
