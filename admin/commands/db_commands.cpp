#include "admin/commands/db_commands.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace sk::admin {

namespace {

const char* engine_name(storage::Engine e) { return e == storage::Engine::PostgreSQL ? "PostgreSQL" : "SQLite"; }

// The modules' versions; `pending` steps this program would apply, `newer` when the database is ahead of it.
struct Status {
    std::vector<storage::ModuleStatus> modules;
    int pending = 0;
    bool newer = false;
    bool initialised = false;
};

Status read_status(storage::Database& db)
{
    Status s;
    s.modules = storage::schema_status(db, installation_schemas());
    for (const auto& m : s.modules) {
        if (m.recorded > 0) s.initialised = true;
        if (m.recorded > m.latest) s.newer = true;
        else s.pending += m.latest - m.recorded;
    }
    return s;
}

void print_status(const Context& ctx, storage::Database& db, const Status& s, const std::string& outcome)
{
    if (ctx.json) {
        nlohmann::ordered_json j;
        j["database"] = db.describe();
        j["engine"] = engine_name(db.engine());
        j["outcome"] = outcome;
        j["modules"] = nlohmann::ordered_json::array();
        for (const auto& m : s.modules) j["modules"].push_back({{"module", m.module}, {"version", m.recorded}, {"latest", m.latest}});
        j["pending_steps"] = s.newer ? 0 : s.pending;
        std::cout << j.dump(2) << "\n";
        return;
    }
    std::cout << db.describe() << " (" << engine_name(db.engine()) << "): " << outcome << "\n";
    for (const auto& m : s.modules)
        std::cout << "  " << m.module << ": schema version " << m.recorded << " of " << m.latest
                  << (m.recorded > m.latest ? " (newer than this program)" : m.recorded < m.latest ? " (steps pending)" : "")
                  << "\n";
}

int do_status(Context& ctx)
{
    auto db = storage::Database::open(database_path(ctx), false);
    const Status s = read_status(db);
    std::string outcome = !s.initialised ? "not initialised (safekiosk-admin db init)"
                          : s.newer      ? "written by a newer SafeKiosk: upgrade this program"
                          : s.pending    ? std::to_string(s.pending) + " schema steps pending (safekiosk-admin db migrate)"
                                         : "up to date";
    print_status(ctx, db, s, outcome);
    return kOk;
}

int do_init(Context& ctx)
{
    const std::filesystem::path locator = database_path(ctx);
    std::error_code ec;
    if (storage::is_server_locator(locator.native()) || std::filesystem::exists(locator, ec)) {
        auto db = storage::Database::open(locator, false);
        const Status before = read_status(db);
        if (before.initialised) {
            print_status(ctx, db, before, "already initialised; nothing changed");
            return kOk;
        }
    }
    // A file is created here; a server database must exist already (its owner creates it: docs/storage.md).
    auto db = open_database(ctx, true);
    print_status(ctx, db, read_status(db), "initialised");
    return kOk;
}

int do_migrate(Context& ctx)
{
    auto db = storage::Database::open(database_path(ctx), false);
    const Status before = read_status(db);
    if (!before.initialised) {
        std::cerr << "error: " << db.describe() << ": not a SafeKiosk installation yet; safekiosk-admin db init creates "
                  << "its tables\n";
        return kBadInput;
    }
    const int applied = storage::migrate(db, installation_schemas());
    print_status(ctx, db, read_status(db),
                 applied ? "applied " + std::to_string(applied) + " schema steps" : "up to date; nothing changed");
    return kOk;
}

} // namespace

void register_db_commands(CLI::App& app, Context& ctx)
{
    CLI::App* group = app.add_subcommand("db", "the installation database: an SQLite file or a PostgreSQL server");
    group->require_subcommand(1);
    group->add_subcommand("init", "create the tables of a new installation (a file, or an empty server database)")
        ->callback([&ctx] { ctx.action = [&ctx] { return do_init(ctx); }; });
    group->add_subcommand("migrate", "apply the schema steps this program has and the database lacks")
        ->callback([&ctx] { ctx.action = [&ctx] { return do_migrate(ctx); }; });
    group->add_subcommand("status", "the database, its engine and each module's schema version (changes nothing)")
        ->callback([&ctx] { ctx.action = [&ctx] { return do_status(ctx); }; });
}

} // namespace sk::admin
