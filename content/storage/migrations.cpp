#include "content/storage/migrations.hpp"

namespace sk::storage {

namespace {
bool has_version_table(Database& db)
{
    auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'");
    return st.step();
}
} // namespace

int schema_version(Database& db, const std::string& module)
{
    if (!has_version_table(db)) return 0;
    auto st = db.prepare("SELECT version FROM schema_version WHERE module=?");
    st.bind(1, module);
    return st.step() ? st.integer(0) : 0;
}

namespace {
void refuse_newer(Database& db, std::initializer_list<const Schema*> schemas)
{
    for (const Schema* s : schemas) {
        int have = schema_version(db, s->module);
        if (have > s->latest())
            throw StorageError(db.path().string() + ": written by a newer SafeKiosk (" + s->module + " schema version " +
                               std::to_string(have) + ", this program knows up to " + std::to_string(s->latest()) +
                               "); upgrade SafeKiosk to open it");
    }
}
} // namespace

void migrate(Database& db, std::initializer_list<const Schema*> schemas)
{
    refuse_newer(db, schemas);
    bool pending = false;
    for (const Schema* s : schemas)
        if (schema_version(db, s->module) < s->latest()) pending = true;
    if (!pending) return;

    Transaction tx(db);
    db.exec("CREATE TABLE IF NOT EXISTS schema_version(module TEXT PRIMARY KEY, version INTEGER NOT NULL)");
    for (const Schema* s : schemas) {
        int have = schema_version(db, s->module);
        for (const auto& step : s->steps) {
            if (step.version <= have) continue;
            if (!step.sql.empty()) db.exec(step.sql);
            if (step.extra) step.extra(db);
            auto st = db.prepare("INSERT INTO schema_version(module, version) VALUES(?, ?) "
                                 "ON CONFLICT(module) DO UPDATE SET version=excluded.version");
            st.bind_all(s->module, step.version).run();
        }
    }
    tx.commit();
}

Database open(const std::filesystem::path& path, std::initializer_list<const Schema*> schemas, bool create)
{
    Database db = Database::open(path, create);
    // Reading the schema catches files that carry an SQLite header but are damaged.
    db.exec("PRAGMA foreign_keys=ON");
    {
        auto st = db.prepare("SELECT count(*) FROM sqlite_master");
        st.step();
    }
    refuse_newer(db, schemas);
    db.exec("PRAGMA journal_mode=WAL");
    db.set_durability(Durability::Full);
    migrate(db, schemas);
    return db;
}

} // namespace sk::storage
