// safekiosk-admin: administration of a SafeKiosk installation from the command line.
//
// Each command group registers itself here with one call; adding a group means adding its file under
// admin/commands/ and one line below.
#include "admin/cli.hpp"
#include "admin/commands/content_commands.hpp"
#include "admin/commands/demo_commands.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv)
{
    CLI::App app{"safekiosk-admin: administration of a SafeKiosk installation"};
    app.fallthrough(); // global options may follow the command: `safekiosk-admin content list --json`
    app.require_subcommand(1);
    sk::admin::Context ctx;
    app.add_option("--db", ctx.db,
                   "the installation database (default: $XDG_DATA_HOME/safekiosk/safekiosk.db, or "
                   "~/.local/share/safekiosk/safekiosk.db)");
    app.add_flag("--json", ctx.json, "machine-readable output (JSON) on stdout");

    sk::admin::register_content_commands(app, ctx);
    sk::admin::register_demo_commands(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e); // prints help, or the usage error
        return code == 0 ? sk::admin::kOk : sk::admin::kUsage;
    }
    return sk::admin::run(ctx);
}
