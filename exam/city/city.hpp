// The city tier (docs/exam-centre.md, "The city"): each exam centre publishes its results, certificates and audit
// log with PostgreSQL's logical replication, and the city's database subscribes to every centre. No home-made
// replication: the servers' own publication, replication slot and subscription carry every change.
//
// Every centre numbers its rows from 1, so one city table cannot hold two centres' `attempt`; and PostgreSQL 15
// replicates a table only into the table of the same schema-qualified name. So each centre's installation lives in
// a schema of its own, named for the centre (gz01: `centre init` on a database whose search_path names it), and the
// city holds each centre's tables in a schema of that name, made by this program's own migrations. The city's own
// installation (its users, in its own schema) sits beside them; `report pass-rates` on it covers every centre.
//
// What a centre publishes (published_tables()): the catalogue, sessions, candidates, attempts with their scores,
// certificates and the audit log. Never a question, a paper, an answer or a kiosk's event: 考培分离 holds at the city.
#pragma once

#include "content/storage/database.hpp"
#include "content/storage/migrations.hpp"
#include "exam/reports.hpp"
#include "exam/roles.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::exam::city {

// A city operation refused for a reason the operator can act on (wrong engine, a setting of the server, a centre
// added already …). Nothing was changed.
class CityError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The publication a centre makes for the city (one per centre database).
inline constexpr const char* kPublication = "safekiosk_city";

// The installation's tables a centre publishes, each with a primary key (PostgreSQL needs one to publish its updates).
const std::vector<std::string>& published_tables();

struct Publication {
    std::string database;                    // current_database() of the centre
    std::string schema;                      // the installation's schema: the centre's name at the city
    std::string login;                       // the city's replication login
    std::vector<std::string> tables;         // published
    bool created = false;                    // the publication did not exist before
    std::string max_slot_wal_keep_size;      // the server's setting; "-1": unbounded (a warning: a city away long
                                             // keeps the centre's WAL until its disk fills)
};

// At the centre (its database's owner): publishes published_tables() to the city as kPublication and lets `login`
// read them (CONNECT, USAGE on the schema, SELECT on them and on schema_version), in one transaction. Idempotent: run
// again after an upgrade. CityError, nothing changed, for SQLite, a database that is not a centre's, an installation
// in the schema `public`, a server whose wal_level is not `logical`, or a login that does not exist or lacks
// REPLICATION (only the server's superuser can give it).
Publication publish(storage::Database& centre, const std::string& login);

// The city's own table city_centre (module "city" in the city installation's schema).
const storage::Schema& schema();

struct CentreLink {
    std::string schema;       // the centre's installation schema, its name at the city: gz01
    std::string name;         // 广州第一考点
    std::string publisher;    // the URI the city's server subscribes with (no password in it)
    std::int64_t added_at_ms = 0;
    std::string subscription; // city_<city database>_gz01 (also the replication slot's name at the centre)
    bool enabled = false;
    bool receiving = false;   // the subscription's worker runs (connected to the centre)
    int tables = 0;           // published tables the subscription copies
    int tables_ready = 0;     // ... whose initial copy is done
    std::optional<std::int64_t> last_message_ms; // when the city last heard from the centre
    std::int64_t attempts = 0;     // rows held at the city
    std::int64_t certificates = 0;
};

struct AddCentreOptions {
    std::string name;           // how people call the centre: 广州第一考点
    std::string publisher_uri;  // postgresql://LOGIN@HOST/DB: the centre's database as its replication login; the
                                // password from the city server's ~/.pgpass (or a passfile= in the URI)
    std::int64_t now_ms = 0;
    int wait_ms = 60000;        // how long to wait for the initial copy before returning (0: do not wait)
};

// At the city (a superuser: PostgreSQL 15 creates subscriptions only as one): reads what the centre publishes and its
// schema's versions, makes the centre's schema with this program's migrations (emptied of their seed rows), creates
// the replication slot at the centre and the subscription, and records the centre. Waits up to wait_ms for the
// initial copy. CityError, nothing left behind, for SQLite, a publisher that publishes nothing or from `public`, a
// centre of a newer SafeKiosk, a centre added already (its schema exists at the city), a slot of that name at the
// centre, a city login that is not a superuser, or a city database that is an exam centre's.
CentreLink add_centre(storage::Database& city, const std::vector<const storage::Schema*>& installation,
                      const AddCentreOptions& options);

// At the city: stops following the centre (drops the subscription, and with it the slot at the centre) and drops its
// schema and record here. The centre keeps everything of its own. CityError for a centre not added.
void remove_centre(storage::Database& city, const std::string& schema);

// The centres the city follows, by schema, with the subscription's state. Empty when the database is no city.
std::vector<CentreLink> centres(storage::Database& city);

// Whether `db` is a city's database: a PostgreSQL database whose city_centre lists a centre (the table alone, left
// by an add-centre that failed or by removing the last centre, makes no city: its reports are its own).
bool is_city(storage::Database& db);

// What `safekiosk-admin doctor` says of the replication between a centre and its city, read only (any login that may
// read the database; pg_replication_slots and pg_subscription are readable by all):
//   - at a centre, each logical replication slot of its database (a city following it): a problem when the WAL the
//     city needs is lost (`wal_status` lost: the city can no longer follow), about to be (unreserved: beyond
//     max_slot_wal_keep_size), or when no city has read for so long that `keep_warn_bytes` or more of WAL wait on the
//     centre's disk for it; otherwise how far behind the city is;
//   - at a city, each centre followed: a problem when its subscription is disabled, or not connected (the centre's
//     server or the network down, or the slot lost there), and since when the city has not heard from it.
// Empty for a database that is neither (SQLite included).
struct ReplicationHealth {
    std::string subject; // "slot city_cityhall_gz01" or "centre gz01 (广州第一考点)"
    bool problem = false;
    std::string detail;  // what was found
    std::string mend;    // for a problem: what to do
};
inline constexpr std::int64_t kWalKeepWarnBytes = 1024LL * 1024 * 1024;
std::vector<ReplicationHealth> replication_health(storage::Database& db, std::int64_t now_ms,
                                                  std::int64_t keep_warn_bytes = kWalKeepWarnBytes);

// Pass rates over every centre of the city (exam::Reports::pass_rates on each centre's schema, read with the city
// user's rights and scope): merged by provider, item (by category and name: each centre numbers its catalogue) and
// period, or one row per centre as well (`by_centre`, PassRateRow::centre the centre's name). `item`: only that item
// (category, name); a centre without it adds nothing. Leaves the connection's search_path as it found it.
std::vector<PassRateRow> pass_rates(storage::Database& city, const Actor& actor, ReportFilter filter,
                                    const std::optional<std::pair<std::string, std::string>>& item, Period period,
                                    bool by_centre);

} // namespace sk::exam::city
