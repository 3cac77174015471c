#include "exam/city/city.hpp"

#include "content/storage/content_store.hpp"
#include "exam/centre/centre.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>
#include <tuple>

namespace sk::exam::city {

namespace {

// The centres the city follows: one row per centre, keyed by its schema (its name at the city).
const char* kSchemaV1 = R"sql(
CREATE TABLE city_centre(
  schema_name  TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  publisher    TEXT NOT NULL,
  subscription TEXT NOT NULL UNIQUE,
  added_at_ms  BIGINT NOT NULL);
)sql";

void require_server(storage::Database& db, const std::string& what)
{
    if (db.engine() != storage::Engine::PostgreSQL)
        throw CityError(db.describe() + ": " + what + " needs a PostgreSQL database, not an SQLite file");
}

std::string one_text(storage::Database& db, const std::string& sql)
{
    auto st = db.prepare(sql);
    if (!st.step()) throw CityError(db.describe() + ": no answer to " + sql);
    return st.is_null(0) ? std::string() : st.text(0);
}

// A schema, slot or subscription name as this program makes them: lower-case letters, digits and '_', starting
// with a letter, at most 40 characters (the slot's name adds 15 to PostgreSQL's 63).
bool plain_name(const std::string& s)
{
    if (s.empty() || s.size() > 40 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

using storage::quote_identifier;
using storage::quote_literal;

// The subscription's name at the city and its slot's at the centre: slot names are unique in the centre's whole
// server, so they carry the city's database too (two cities may follow one centre).
std::string subscription_name(storage::Database& city, const std::string& schema)
{
    const auto city_db = one_text(city, "SELECT current_database()");
    const std::string name = "city_" + city_db + "_" + schema;
    if (!plain_name(city_db) || name.size() > 63)
        throw CityError(city.describe() + ": the city's database name \"" + city_db + "\" cannot name a replication "
                        "slot (lower-case letters, digits and '_', with the centre's schema at most 63 characters)");
    return name;
}

// Sets the connection's search_path for as long as the object lives, then puts back what it was.
class SearchPath {
public:
    SearchPath(storage::Database& db, const std::string& schema) : db_(db), old_(one_text(db, "SHOW search_path"))
    {
        db_.prepare("SELECT set_config('search_path', ?, false)").bind_all(quote_identifier(schema)).step();
    }
    ~SearchPath()
    {
        try {
            db_.prepare("SELECT set_config('search_path', ?, false)").bind_all(old_).step();
        } catch (...) {
        }
    }
    SearchPath(const SearchPath&) = delete;
    SearchPath& operator=(const SearchPath&) = delete;

private:
    storage::Database& db_;
    std::string old_;
};

bool has_primary_key(storage::Database& db, const std::string& table)
{
    auto st = db.prepare("SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
                         "WHERE c.oid = to_regclass(CAST(? AS text)) AND i.indisprimary");
    st.bind_all(table);
    return st.step() && st.int64(0) > 0;
}

} // namespace

const std::vector<std::string>& published_tables()
{
    // Enough for the city's reports and registry, nothing sealed: no question, paper_question, answer, answer_log,
    // attempt_event, blueprint, media or centre_* table.
    static const std::vector<std::string> tables{
        "category", "item",        "exam_session", "candidate",  "attempt",    "practical_score",
        "certificate", "cert_version", "cert_review", "cert_policy", "cert_key", "audit_log"};
    return tables;
}

const storage::Schema& schema()
{
    static const storage::Schema s{"city", {{1, kSchemaV1, {}, kSchemaV1}}};
    return s;
}

Publication publish(storage::Database& db, const std::string& login)
{
    require_server(db, "publishing to the city");
    if (!centre::is_centre(db))
        throw CityError(db.describe() + ": not an exam centre's database (safekiosk-admin centre init first)");
    Publication p;
    p.database = one_text(db, "SELECT current_database()");
    p.schema = one_text(db, "SELECT current_schema()");
    p.login = login;
    if (p.schema == "public" || !plain_name(p.schema))
        throw CityError(db.describe() + ": the installation is in the schema \"" + p.schema +
                        "\"; the city holds each centre in a schema named for it, so the centre's installation must "
                        "live in one (lower-case letters, digits and '_', e.g. gz01; docs/exam-centre.md, \"The city\")");
    const auto wal_level = one_text(db, "SHOW wal_level");
    if (wal_level != "logical")
        throw CityError(db.describe() + ": the server's wal_level is " + wal_level +
                        "; the city's subscription reads the centre's changes only with wal_level = logical "
                        "(postgresql.conf, then restart the server)");
    {
        auto st = db.prepare("SELECT rolcanlogin::int, rolreplication::int FROM pg_catalog.pg_roles WHERE rolname = ?");
        st.bind_all(login);
        if (!st.step())
            throw CityError(db.describe() + ": there is no role \"" + login + "\" on the centre's server; as its postgres "
                            "account: CREATE ROLE " + quote_identifier(login) + " LOGIN REPLICATION PASSWORD '…'");
        if (!st.integer(0) || !st.integer(1))
            throw CityError(db.describe() + ": the role \"" + login + "\" must be a login with REPLICATION (the city "
                            "connects with it to stream the changes); as the server's postgres account: ALTER ROLE " +
                            quote_identifier(login) + " LOGIN REPLICATION");
    }
    std::string list;
    for (const auto& t : published_tables()) {
        if (!db.has_table(t))
            throw CityError(db.describe() + ": the installation has no table " + t + " (safekiosk-admin db migrate)");
        if (!has_primary_key(db, t))
            throw CityError(db.describe() + ": the table " + t + " has no primary key, so its updates could not be "
                            "published");
        list += (list.empty() ? "" : ", ") + quote_identifier(p.schema) + "." + quote_identifier(t);
        p.tables.push_back(t);
    }
    p.max_slot_wal_keep_size = one_text(db, "SHOW max_slot_wal_keep_size");

    storage::Transaction tx(db);
    db.serialize("city.publish");
    {
        auto st = db.prepare("SELECT count(*) FROM pg_catalog.pg_publication WHERE pubname = ?");
        st.bind_all(std::string(kPublication));
        p.created = !(st.step() && st.int64(0) > 0);
    }
    if (p.created) db.exec("CREATE PUBLICATION " + quote_identifier(kPublication) + " FOR TABLE " + list);
    else db.exec("ALTER PUBLICATION " + quote_identifier(kPublication) + " SET TABLE " + list);
    db.exec("GRANT CONNECT ON DATABASE " + quote_identifier(p.database) + " TO " + quote_identifier(login));
    db.exec("GRANT USAGE ON SCHEMA " + quote_identifier(p.schema) + " TO " + quote_identifier(login));
    db.exec("GRANT SELECT ON " + list + ", " + quote_identifier(p.schema) + ".schema_version TO " + quote_identifier(login));
    tx.commit();
    return p;
}

bool is_city(storage::Database& db)
{
    return db.engine() == storage::Engine::PostgreSQL && db.has_table("city_centre") &&
           one_text(db, "SELECT EXISTS (SELECT 1 FROM city_centre)::int") == "1";
}

CentreLink add_centre(storage::Database& city, const std::vector<const storage::Schema*>& installation,
                      const AddCentreOptions& o)
{
    require_server(city, "the city");
    if (o.name.empty()) throw CityError("the centre needs a name people know it by (--name 广州第一考点)");
    for (unsigned char c : o.name)
        if (c < 0x20 || c == 0x7f) throw CityError("the centre's name has a control character");
    if (!storage::is_server_locator(o.publisher_uri))
        throw CityError("--from " + o.publisher_uri + ": the centre's database as a postgresql:// URI");
    if (one_text(city, "SELECT rolsuper::int FROM pg_catalog.pg_roles WHERE rolname = current_user") != "1")
        throw CityError(city.describe() + ": PostgreSQL 15 creates subscriptions only as a superuser; run this as "
                        "the city server's superuser (e.g. its postgres account)");
    // A centre's reports must stay its own: the city is a database of its own.
    if (centre::is_centre(city))
        throw CityError(city.describe() + ": this is an exam centre's database; the city follows centres from a "
                        "database of its own (db init there, then city add-centre)");
    const std::string city_schema = one_text(city, "SELECT current_schema()");

    // What the centre publishes, and from which schema.
    auto centre = storage::Database::open(o.publisher_uri, false);
    CentreLink link;
    link.name = o.name;
    link.publisher = o.publisher_uri;
    link.added_at_ms = o.now_ms;
    {
        auto st = centre.prepare("SELECT schemaname, tablename FROM pg_catalog.pg_publication_tables WHERE pubname = ? "
                                 "ORDER BY 1, 2");
        st.bind_all(std::string(kPublication));
        std::vector<std::string> schemas;
        while (st.step()) {
            if (schemas.empty() || schemas.back() != st.text(0)) schemas.push_back(st.text(0));
            // A table added to the publication by hand (a question, an answer) is not taken: 考培分离 at the city.
            const auto table = st.text(1);
            if (std::find(published_tables().begin(), published_tables().end(), table) == published_tables().end())
                throw CityError(centre.describe() + ": the centre publishes the table " + table + ", which the city "
                                "does not take (only results, certificates and the audit log); run centre publish "
                                "there again, which publishes those alone");
        }
        if (schemas.empty())
            throw CityError(centre.describe() + ": the centre publishes nothing for the city (safekiosk-admin centre "
                            "publish there first)");
        if (schemas.size() > 1 || schemas[0] == "public" || !plain_name(schemas[0]))
            throw CityError(centre.describe() + ": the centre publishes from the schema \"" + schemas[0] +
                            "\"; the city needs each centre's installation in a schema named for it (centre publish "
                            "refuses the others)");
        link.schema = schemas[0];
    }
    link.subscription = subscription_name(city, link.schema);
    {
        const auto ours = storage::schema_status(city, installation);
        auto st = centre.prepare("SELECT module, version FROM " + quote_identifier(link.schema) + ".schema_version");
        while (st.step()) {
            const auto module = st.text(0);
            const int version = st.integer(1);
            int latest = -1;
            for (const auto& m : ours)
                if (m.module == module) latest = m.latest;
            if (latest >= 0 && version > latest)
                throw CityError(centre.describe() + ": the centre runs a newer SafeKiosk (" + module + " version " +
                                std::to_string(version) + ", this program " + std::to_string(latest) +
                                "): upgrade the city first");
        }
    }
    {
        auto st = centre.prepare("SELECT count(*) FROM pg_catalog.pg_replication_slots WHERE slot_name = ?");
        st.bind_all(link.subscription);
        if (st.step() && st.int64(0) > 0)
            throw CityError(centre.describe() + ": the centre has a replication slot " + link.subscription +
                            " already (another city follows it, or an earlier attempt left it: at the centre, SELECT "
                            "pg_drop_replication_slot('" + link.subscription + "') when no city uses it)");
    }
    {
        auto st = city.prepare("SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = ?");
        st.bind_all(link.schema);
        if (st.step() && st.int64(0) > 0)
            throw CityError(city.describe() + ": the schema " + link.schema + " exists here already (the centre is "
                            "followed already: safekiosk-admin city centres)");
    }
    storage::migrate(city, {&schema()});

    // The centre's tables here, as this program makes them, without the rows its migrations seed (the catalogue,
    // the certificate policy): the centre's own rows arrive with the initial copy.
    bool schema_made = false, slot_made = false;
    try {
        {
            storage::Transaction tx(city);
            city.exec("CREATE SCHEMA " + quote_identifier(link.schema));
            tx.commit();
        }
        schema_made = true;
        {
            SearchPath path(city, link.schema);
            storage::migrate(city, installation);
            std::string list;
            for (const auto& t : published_tables()) list += (list.empty() ? "" : ", ") + quote_identifier(t);
            city.exec("TRUNCATE " + list + " CASCADE");
        }
        city.prepare("INSERT INTO " + quote_identifier(city_schema) +
                     ".city_centre(schema_name, name, publisher, subscription, added_at_ms) VALUES(?, ?, ?, ?, ?)")
            .bind_all(link.schema, link.name, link.publisher, link.subscription, link.added_at_ms)
            .run();
        // The slot at the centre first, then the subscription that uses it: a subscription that made its own slot
        // on the server it runs on would wait for its own transaction (a city and a centre on one server).
        centre.prepare("SELECT pg_create_logical_replication_slot(?, 'pgoutput')").bind_all(link.subscription).step();
        slot_made = true;
        city.exec("CREATE SUBSCRIPTION " + quote_identifier(link.subscription) + " CONNECTION " + quote_literal(o.publisher_uri) +
                  " PUBLICATION " + quote_identifier(kPublication) + " WITH (create_slot = false, slot_name = " +
                  quote_literal(link.subscription) + ")");
    } catch (...) {
        try {
            if (slot_made)
                centre.prepare("SELECT pg_drop_replication_slot(?)").bind_all(link.subscription).step();
            if (schema_made) {
                city.exec("DROP SCHEMA IF EXISTS " + quote_identifier(link.schema) + " CASCADE");
                city.prepare("DELETE FROM " + quote_identifier(city_schema) + ".city_centre WHERE schema_name = ?")
                    .bind_all(link.schema)
                    .run();
            }
        } catch (...) {
        }
        throw;
    }

    // The initial copy: every table ready, or the time is up (city centres shows how far it is).
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.wait_ms);
    for (;;) {
        for (const auto& c : centres(city))
            if (c.schema == link.schema) link = c;
        if (link.tables > 0 && link.tables_ready == link.tables) break;
        if (std::chrono::steady_clock::now() >= until) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return link;
}

void remove_centre(storage::Database& city, const std::string& schema_name)
{
    require_server(city, "the city");
    std::string subscription;
    if (plain_name(schema_name) && is_city(city)) {
        auto st = city.prepare("SELECT subscription FROM city_centre WHERE schema_name = ?");
        st.bind_all(schema_name);
        if (st.step()) subscription = st.text(0);
    }
    if (subscription.empty())
        throw CityError(city.describe() + ": the city follows no centre " + schema_name + " (safekiosk-admin city "
                        "centres)");
    // Drops the slot at the centre too, while the centre is reachable; if it is not, the subscription forgets its
    // slot first and the centre's administrator drops it there (pg_drop_replication_slot).
    try {
        city.exec("DROP SUBSCRIPTION IF EXISTS " + quote_identifier(subscription));
    } catch (const storage::StorageError&) {
        city.exec("ALTER SUBSCRIPTION " + quote_identifier(subscription) + " DISABLE");
        city.exec("ALTER SUBSCRIPTION " + quote_identifier(subscription) + " SET (slot_name = NONE)");
        city.exec("DROP SUBSCRIPTION " + quote_identifier(subscription));
    }
    storage::Transaction tx(city);
    city.exec("DROP SCHEMA IF EXISTS " + quote_identifier(schema_name) + " CASCADE");
    city.prepare("DELETE FROM city_centre WHERE schema_name = ?").bind_all(schema_name).run();
    tx.commit();
}

std::vector<CentreLink> centres(storage::Database& city)
{
    std::vector<CentreLink> out;
    if (!is_city(city)) return out;
    {
        auto st = city.prepare(
            "SELECT c.schema_name, c.name, c.publisher, c.added_at_ms, c.subscription, coalesce(s.subenabled, false)::int, "
            "(SELECT count(*) FROM pg_catalog.pg_subscription_rel r WHERE r.srsubid = s.oid), "
            "(SELECT count(*) FROM pg_catalog.pg_subscription_rel r WHERE r.srsubid = s.oid AND r.srsubstate = 'r'), "
            "(SELECT (max(w.pid) IS NOT NULL)::int FROM pg_catalog.pg_stat_subscription w "
            "  WHERE w.subid = s.oid AND w.relid IS NULL), "
            "(SELECT CAST(extract(epoch FROM max(w.last_msg_receipt_time)) * 1000 AS BIGINT) "
            "  FROM pg_catalog.pg_stat_subscription w WHERE w.subid = s.oid) "
            "FROM city_centre c LEFT JOIN pg_catalog.pg_subscription s ON s.subname = c.subscription "
            "AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
            "ORDER BY c.schema_name");
        while (st.step()) {
            CentreLink c;
            c.schema = st.text(0);
            c.name = st.text(1);
            c.publisher = st.text(2);
            c.added_at_ms = st.int64(3);
            c.subscription = st.text(4);
            c.enabled = st.integer(5) != 0;
            c.tables = st.integer(6);
            c.tables_ready = st.integer(7);
            c.receiving = !st.is_null(8) && st.integer(8) != 0;
            if (!st.is_null(9)) c.last_message_ms = st.int64(9);
            out.push_back(std::move(c));
        }
    }
    for (auto& c : out) {
        // The rows are the owner's; a name this program would not have made is refused rather than quoted into SQL.
        if (!plain_name(c.schema))
            throw CityError(city.describe() + ": city_centre names the schema \"" + c.schema +
                            "\", which is not a plain name (changed by hand?)");
        c.attempts = std::stoll(one_text(city, "SELECT count(*) FROM " + quote_identifier(c.schema) + ".attempt"));
        c.certificates = std::stoll(one_text(city, "SELECT count(*) FROM " + quote_identifier(c.schema) + ".certificate"));
    }
    return out;
}

std::vector<ReplicationHealth> replication_health(storage::Database& db, std::int64_t now_ms,
                                                  std::int64_t keep_warn_bytes)
{
    std::vector<ReplicationHealth> out;
    if (db.engine() != storage::Engine::PostgreSQL) return out;
    const auto mib = [](std::int64_t bytes) { return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " MiB"; };
    // At a centre: the slots the cities read this database's changes through.
    auto st = db.prepare(
        "SELECT slot_name, active::int, coalesce(wal_status, ''), "
        "       CAST(coalesce(pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), restart_lsn), 0) AS BIGINT) "
        "FROM pg_catalog.pg_replication_slots WHERE slot_type = 'logical' AND database = current_database() "
        "ORDER BY slot_name");
    while (st.step()) {
        ReplicationHealth h;
        h.subject = "slot " + st.text(0);
        const bool active = st.integer(1) != 0;
        const std::string wal = st.text(2);
        const std::int64_t kept = st.int64(3);
        const std::string follow_again = "at the city: safekiosk-admin city remove-centre SCHEMA, then city add-centre "
                                         "again (its copy starts over; this centre keeps all its data)";
        if (wal == "lost") {
            h.problem = true;
            h.detail = "the WAL the city needs was removed (max_slot_wal_keep_size): the city can no longer follow "
                       "this centre";
            h.mend = follow_again;
        } else if (wal == "unreserved") {
            h.problem = true;
            h.detail = mib(kept) + " of WAL kept for the city, beyond max_slot_wal_keep_size: it will be removed at "
                       "the next checkpoint and the city will no longer follow";
            h.mend = "bring the city's server or the network back now, or " + follow_again;
        } else if (!active && kept >= keep_warn_bytes) {
            h.problem = true;
            h.detail = "no city has read for a while: " + mib(kept) + " of WAL kept for it on this server's disk";
            h.mend = "bring the city's server or the network back, or at the city: safekiosk-admin city "
                     "remove-centre SCHEMA if it no longer follows this centre (set max_slot_wal_keep_size to bound "
                     "what waits)";
        } else {
            h.detail = std::string(active ? "a city follows" : "the city is not connected") + ", " + mib(kept) +
                       " behind" + (wal.empty() ? "" : " (WAL " + wal + ")");
        }
        out.push_back(std::move(h));
    }
    // At a city: each centre it follows.
    for (const auto& c : centres(db)) {
        ReplicationHealth h;
        h.subject = "centre " + c.schema + " (" + c.name + ")";
        // The server knows when its worker last heard from the centre only while that worker runs.
        const std::string heard =
            c.last_message_ms ? "; last heard " +
                                    std::to_string(std::max<std::int64_t>(0, now_ms - *c.last_message_ms) / 1000) + " s ago"
                              : "";
        if (!c.enabled) {
            h.problem = true;
            h.detail = "its subscription " + c.subscription + " is disabled" + heard;
            h.mend = "ALTER SUBSCRIPTION " + c.subscription + " ENABLE (as a superuser), or safekiosk-admin city "
                     "remove-centre " + c.schema;
        } else if (!c.receiving) {
            h.problem = true;
            h.detail = "not connected" + heard + " (the city still reports what it holds)";
            h.mend = "check the centre's server and the network (" + c.publisher + "); the city's server log says why; "
                     "if the centre's slot was lost: city remove-centre " + c.schema + ", then city add-centre again";
        } else if (c.tables_ready < c.tables) {
            h.detail = "copying (" + std::to_string(c.tables_ready) + "/" + std::to_string(c.tables) + " tables)";
        } else {
            h.detail = "following" + heard;
        }
        out.push_back(std::move(h));
    }
    return out;
}

std::vector<PassRateRow> pass_rates(storage::Database& city, const Actor& actor, ReportFilter filter,
                                    const std::optional<std::pair<std::string, std::string>>& item, Period period,
                                    bool by_centre)
{
    require_server(city, "the city's report");
    // The rows of every centre under one key: (centre or "", provider, category, item, period).
    std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, PassRateRow> merged;
    for (const auto& c : centres(city)) {
        SearchPath path(city, c.schema);
        ReportFilter f = filter;
        f.item_id.reset();
        if (item) {
            content::ContentStore content(city); // holds the catalogue `found` points into
            const auto* found = content.catalogue().find(item->first, item->second);
            if (!found) continue; // this centre has no such item
            f.item_id = found->id;
        }
        for (auto& r : Reports(city).pass_rates(actor, f, period)) {
            const std::string centre_name = by_centre ? c.name : std::string();
            auto [it, fresh] = merged.try_emplace({centre_name, r.provider, r.category, r.item, r.period});
            if (!fresh) {
                it->second += r;
                continue;
            }
            it->second = r;
            it->second.centre = centre_name;
            it->second.item_id = 0; // a centre's own number
        }
    }
    std::vector<PassRateRow> out;
    for (auto& [key, row] : merged) out.push_back(std::move(row));
    return out;
}

} // namespace sk::exam::city
