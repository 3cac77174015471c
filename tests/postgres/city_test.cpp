// The city tier on the test server (exam/city/city.hpp): two centres, each with its installation in a schema of its
// own and the report history of tests/exam/report_data.hpp, publish to the city; the city follows both by
// PostgreSQL's logical replication and reports pass rates over both. Three databases of one server stand for three
// servers: the slot is made apart from the subscription, as add_centre always does.
#include "certs/storage/cert_store.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/centre/centre.hpp"
#include "exam/city/city.hpp"
#include "exam/secrets.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/exam/report_data.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/postgres/own_server.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <thread>

using namespace sk;
namespace city = exam::city;

namespace {

const exam::Actor kCityStaff{"city", {exam::Role::ExamStaff}};

const std::vector<const storage::Schema*>& installation()
{
    static const std::vector<const storage::Schema*> all{&content::schema(), &content::visits_schema(),
                                                         &exam::schema(), &certs::schema()};
    return all;
}

std::int64_t count(storage::Database& db, const std::string& sql)
{
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.int64(0);
}

// Waits up to 30 s for `done`.
bool eventually(const std::function<bool()>& done)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
}

// A centre: its installation in the schema `schema` (the database's search_path names it, so every login of the
// centre finds it), the report history written through the stores, and centre init.
struct Centre {
    test::PostgresDatabase pg;
    std::string schema;
    test::ReportData data;
    exam::centre::RoleNames roles;
    Centre(const std::string& server, const std::string& schema_name) : pg(server), schema(schema_name)
    {
        {
            auto db = storage::Database::open(pg.uri(), false);
            db.exec("CREATE SCHEMA " + schema);
            db.exec("ALTER DATABASE \"" + pg.name() + "\" SET search_path = " + schema);
        }
        auto db = storage::open(pg.uri(), installation());
        data = test::build_report_data(db);
        roles = exam::centre::init(db).roles;
    }
    storage::Database open() { return storage::open(pg.uri(), installation()); }
};

struct City {
    std::string server;
    test::DropRoles drop_roles{server, {}};
    std::unique_ptr<Centre> gz01, gz02;
    test::PostgresDatabase city;
    std::string reader; // the city's replication login on the centres' server
    explicit City(const std::string& s) : server(s), city(s)
    {
        setenv("TZ", "Asia/Shanghai", 1);
        tzset();
        gz01 = std::make_unique<Centre>(server, "gz01");
        gz02 = std::make_unique<Centre>(server, "gz02");
        reader = "city_reader_" + city.name();
        auto admin = storage::Database::open(server, false);
        admin.exec("CREATE ROLE \"" + reader + "\" LOGIN REPLICATION");
        drop_roles.roles = {reader};
        for (const auto* c : {gz01.get(), gz02.get()})
            for (const auto* r : {&c->roles.exam_kiosk, &c->roles.training_kiosk, &c->roles.staff})
                drop_roles.roles.push_back(*r);
        // The city's own installation (its users) in its own schema, public.
        auto db = storage::open(city.uri(), installation());
        exam::ExamStore(db).add_user({0, "city", "市应急管理局", exam::hash_secret("demo-2026"), {"exam-staff"}, ""});
    }
    // Subscriptions hold their slots at the centres, which keep those databases from being dropped: stop following
    // every centre first.
    ~City()
    {
        try {
            auto db = storage::Database::open(city.uri(), false);
            for (const auto& c : city::centres(db)) city::remove_centre(db, c.schema);
        } catch (...) {
        }
    }
    std::string publisher(const Centre& c) const { return test::as_login(c.pg.uri(), reader); }
    storage::Database open_city() { return storage::Database::open(city.uri(), false); }
};

const exam::PassRateRow& row_of(const std::vector<exam::PassRateRow>& rows, const std::string& provider,
                                const std::string& centre = "")
{
    for (const auto& r : rows)
        if (r.provider == provider && r.centre == centre) return r;
    FAIL("no row for " << provider << " at " << centre);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("city: two centres publish, the city follows both by logical replication, reports pass rates over both "
          "and follows a change at a centre within seconds")
{
    const auto server = test::postgres_server();
    if (!server) return;
    City c(*server);

    // Centre gz01 through the library, gz02 through the program, as its owner would.
    {
        auto db = c.gz01->open();
        const auto p = city::publish(db, c.reader);
        CHECK(p.created);
        CHECK(p.schema == "gz01");
        CHECK(p.tables == city::published_tables());
        CHECK_FALSE(city::publish(db, c.reader).created); // again: nothing new
    }
    const auto published = test::run_admin({"--db", c.gz02->pg.uri(), "centre", "publish", "--to", c.reader});
    REQUIRE_MESSAGE(published.code == 0, published.err);
    CHECK(published.out.find("publication safekiosk_city created (12 tables of schema gz02)") != std::string::npos);

    // The city follows gz01 through the library and gz02 through the program; each initial copy is done on return.
    {
        auto db = c.open_city();
        const auto added = city::add_centre(db, installation(), {"广州第一考点", c.publisher(*c.gz01), 1, 60000});
        CHECK(added.schema == "gz01");
        CHECK(added.tables == static_cast<int>(city::published_tables().size()));
        CHECK(added.tables_ready == added.tables);
        CHECK(added.attempts == 11);
    }
    const auto added = test::run_admin(
        {"--db", c.city.uri(), "--json", "city", "add-centre", "--name", "广州第二考点", "--from", c.publisher(*c.gz02)});
    REQUIRE_MESSAGE(added.code == 0, added.err);
    const auto j = nlohmann::json::parse(added.out);
    CHECK(j["schema"] == "gz02");
    CHECK(j["attempts"] == 11);

    auto db = c.open_city();
    const auto centres = city::centres(db);
    REQUIRE(centres.size() == 2);
    CHECK(centres[0].name == "广州第一考点");
    CHECK(centres[1].name == "广州第二考点");

    // 考培分离 at the city: what is sealed at a centre never arrives (the tables exist, empty), and the city's
    // replication login cannot read it at the centre either.
    CHECK(count(db, "SELECT count(*) FROM gz01.question") == 0);
    CHECK(count(db, "SELECT count(*) FROM gz01.paper_question") == 0);
    CHECK(count(db, "SELECT count(*) FROM gz01.answer") == 0);
    {
        auto centre_db = c.gz01->open();
        CHECK(count(centre_db, "SELECT count(*) FROM answer") > 0);
        auto as_reader = storage::Database::open(c.publisher(*c.gz01), false);
        CHECK_THROWS_WITH_AS(as_reader.prepare("SELECT count(*) FROM gz01.question").step(),
                             doctest::Contains("permission denied for table question"), storage::StorageError);
        CHECK_THROWS_WITH_AS(as_reader.prepare("SELECT count(*) FROM gz01.answer").step(),
                             doctest::Contains("permission denied for table answer"), storage::StorageError);
        CHECK(count(as_reader, "SELECT count(*) FROM gz01.attempt") == 11);
    }

    // Pass rates over both centres: each centre's figures (report_data.hpp: 甲 5 sat, 3 passed, E5 a failed retake;
    // 乙 5 sat, 1 passed, E10 a passed retake, E11 cancelled) twice.
    auto rows = city::pass_rates(db, kCityStaff, {}, std::nullopt, exam::Period::All, false);
    REQUIRE(rows.size() == 2);
    const auto& a = row_of(rows, test::kProviderA);
    CHECK(a.category == "电工作业");
    CHECK(a.item == "低压电工作业");
    CHECK(a.sat == 10);
    CHECK(a.passed == 6);
    CHECK(a.first_sat == 8);
    CHECK(a.first_passed == 6);
    CHECK(a.retake_sat == 2);
    CHECK(a.retake_passed == 0);
    const auto& b = row_of(rows, test::kProviderB);
    CHECK(b.sat == 10);
    CHECK(b.passed == 2);
    CHECK(b.retake_passed == 2);
    CHECK(b.cancelled == 2);
    // By centre, and one item by name (each centre numbers its catalogue).
    const auto by_centre = city::pass_rates(db, kCityStaff, {}, std::make_pair(std::string("电工作业"),
                                            std::string("低压电工作业")), exam::Period::All, true);
    REQUIRE(by_centre.size() == 4);
    CHECK(row_of(by_centre, test::kProviderA, "广州第一考点").passed == 3);
    CHECK(row_of(by_centre, test::kProviderA, "广州第二考点").passed == 3);
    CHECK(city::pass_rates(db, kCityStaff, {}, std::make_pair(std::string("电工作业"), std::string("高压电工作业")),
                           exam::Period::All, false)
              .empty());

    // A change at a centre (E1's pass cancelled for cheating found afterwards) reaches the city's report by itself.
    {
        auto centre_db = c.gz01->open();
        exam::ExamStore store(centre_db);
        storage::Transaction tx(centre_db);
        store.set_state(c.gz01->data.attempt_ids[0], exam::AttemptState::Cancelled);
        store.set_result(c.gz01->data.attempt_ids[0], std::nullopt, test::kNov20);
        tx.commit();
    }
    CHECK(eventually([&] {
        const auto now = city::pass_rates(db, kCityStaff, {}, std::nullopt, exam::Period::All, false);
        return row_of(now, test::kProviderA).passed == 5 && row_of(now, test::kProviderA).cancelled == 1;
    }));

    // The program's report on the city: signed in as a city user, one row per centre and provider.
    const auto report = test::run_admin({"--db", c.city.uri(), "--user", "city", "--json", "report", "pass-rates",
                                         "--period", "all", "--by-centre"},
                                        {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    REQUIRE_MESSAGE(report.code == 0, report.err);
    const auto r = nlohmann::json::parse(report.out);
    REQUIRE(r.size() == 4);
    int seen = 0;
    for (const auto& row : r)
        if (row["centre"] == "广州第一考点" && row["provider"] == test::kProviderA) {
            ++seen;
            CHECK(row["sat"] == 4);
            CHECK(row["passed"] == 2);
            CHECK(row["cancelled"] == 1);
        }
    CHECK(seen == 1);
    // One item, named as at the city (each centre numbers its own catalogue): merged over both centres.
    const auto one_item = test::run_admin({"--db", c.city.uri(), "--user", "city", "--json", "report", "pass-rates",
                                           "--period", "all", "--item", "低压电工作业"},
                                          {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    REQUIRE_MESSAGE(one_item.code == 0, one_item.err);
    const auto merged = nlohmann::json::parse(one_item.out);
    REQUIRE(merged.size() == 2);
    CHECK(merged[0]["sat"].get<int>() + merged[1]["sat"].get<int>() == 19); // 20, less E1 cancelled at gz01
    CHECK_FALSE(merged[0].contains("centre"));
    const auto listed = test::run_admin({"--db", c.city.uri(), "city", "centres"});
    REQUIRE_MESSAGE(listed.code == 0, listed.err);
    CHECK(listed.out.find("gz01\t广州第一考点\tfollowing") != std::string::npos);
    CHECK(listed.out.find("gz02\t广州第二考点\tfollowing") != std::string::npos);
    // `doctor` at the city and at a centre: the replication is well on both sides.
    {
        const auto health = city::replication_health(db, test::wall_ms());
        REQUIRE(health.size() == 2);
        CHECK(health[0].subject == "centre gz01 (广州第一考点)");
        CHECK_FALSE(health[0].problem);
        CHECK(health[0].detail.find("following; last heard") == 0);
        auto centre_db = c.gz01->open();
        const auto at_centre = city::replication_health(centre_db, test::wall_ms());
        REQUIRE(at_centre.size() == 1);
        CHECK(at_centre[0].subject == "slot city_" + c.city.name() + "_gz01");
        CHECK_FALSE(at_centre[0].problem);
        CHECK(at_centre[0].detail.find("a city follows, ") == 0);
        const auto doctor = test::run_admin({"--db", c.gz01->pg.uri(), "doctor"});
        CHECK(doctor.out.find("ok      replication      slot city_" + c.city.name() + "_gz01: a city follows") !=
              std::string::npos);
        // A slot no city reads, with WAL waiting for it: a problem once past the limit (1 byte here, 1 GiB by default).
        centre_db.exec("SELECT pg_create_logical_replication_slot('idle_" + c.city.name() + "', 'pgoutput')");
        centre_db.exec("CREATE TABLE wal_filler(n INT); INSERT INTO wal_filler SELECT generate_series(1, 1000)");
        const auto idle = city::replication_health(centre_db, test::wall_ms(), 1);
        centre_db.exec("SELECT pg_drop_replication_slot('idle_" + c.city.name() + "'); DROP TABLE wal_filler");
        REQUIRE(idle.size() == 2);
        CHECK(idle[1].subject == "slot idle_" + c.city.name());
        CHECK(idle[1].problem);
        CHECK(idle[1].detail.find("no city has read for a while: ") == 0);
        CHECK(idle[1].mend.find("city remove-centre") != std::string::npos);
    }

    // Removing a centre: its slot at the centre goes with the subscription, the city reports the other only.
    const auto slot = city::centres(db).at(1).subscription;
    CHECK(slot == "city_" + c.city.name() + "_gz02");
    const auto removed = test::run_admin({"--db", c.city.uri(), "city", "remove-centre", "gz02"});
    REQUIRE_MESSAGE(removed.code == 0, removed.err);
    {
        auto centre_db = c.gz02->open();
        CHECK(count(centre_db, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'") == 0);
        CHECK(count(centre_db, "SELECT count(*) FROM attempt") == 11); // the centre keeps its own
    }
    CHECK(city::centres(db).size() == 1);
    CHECK(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'gz02'") == 0);
    CHECK(row_of(city::pass_rates(db, kCityStaff, {}, std::nullopt, exam::Period::All, false), test::kProviderA).sat == 4);
}

TEST_CASE("city: refusals name what is wrong and change nothing")
{
    const auto server = test::postgres_server();
    if (!server) return;
    City c(*server);
    auto city_db = c.open_city();
    const auto publications = [](storage::Database& db) {
        return count(db, "SELECT count(*) FROM pg_publication");
    };

    // A centre whose installation is in `public`: the city could hold only one such.
    {
        test::PostgresDatabase plain(*server);
        auto db = storage::open(plain.uri(), installation());
        const auto roles = exam::centre::init(db).roles;
        test::DropRoles drop{*server, {roles.exam_kiosk, roles.training_kiosk, roles.staff}};
        CHECK_THROWS_WITH_AS(city::publish(db, c.reader), doctest::Contains("the installation is in the schema \"public\""),
                             city::CityError);
        CHECK(publications(db) == 0);
    }
    // Not a centre's database; a login that does not exist; a login without REPLICATION.
    CHECK_THROWS_WITH_AS(city::publish(city_db, c.reader), doctest::Contains("not an exam centre's database"),
                         city::CityError);
    auto gz01 = c.gz01->open();
    CHECK_THROWS_WITH_AS(city::publish(gz01, "nobody_here"), doctest::Contains("there is no role \"nobody_here\""),
                         city::CityError);
    {
        auto admin = storage::Database::open(*server, false);
        admin.exec("CREATE ROLE \"plain_" + c.city.name() + "\" LOGIN");
        c.drop_roles.roles.push_back("plain_" + c.city.name());
    }
    CHECK_THROWS_WITH_AS(city::publish(gz01, "plain_" + c.city.name()), doctest::Contains("REPLICATION"),
                         city::CityError);
    CHECK(publications(gz01) == 0);
    // A login whose name holds a quote and SQL is quoted as a name, never run: it gets its rights and nothing else.
    {
        const std::string odd = "r\"; DROP TABLE attempt; --" + c.city.name();
        storage::Database::open(*server, false)
            .exec("CREATE ROLE " + storage::quote_identifier(odd) + " LOGIN REPLICATION");
        c.drop_roles.roles.push_back(odd);
        CHECK(city::publish(gz01, odd).created);
        CHECK(count(gz01, "SELECT count(*) FROM pg_tables WHERE schemaname = 'gz01' AND tablename = 'attempt'") == 1);
        auto st = gz01.prepare("SELECT has_table_privilege(?, 'gz01.attempt', 'SELECT')::int");
        st.bind(1, odd);
        REQUIRE(st.step());
        CHECK(st.int64(0) == 1);
        gz01.exec("DROP PUBLICATION safekiosk_city"); // the rest of the test publishes to the city's login
    }

    // A centre's own database is no city: following another centre there would turn its reports into the other's.
    {
        auto gz02 = c.gz02->open();
        CHECK_THROWS_WITH_AS(city::add_centre(gz02, installation(), {"广州第一考点", c.publisher(*c.gz01), 1, 0}),
                             doctest::Contains("this is an exam centre's database"), city::CityError);
        CHECK_FALSE(gz02.has_table("city_centre"));
    }
    // The city's table alone (an add-centre that failed after making it) makes no city; a centre listed does.
    {
        test::PostgresDatabase other(*server);
        auto db = storage::open(other.uri(), installation());
        storage::migrate(db, {&city::schema()});
        CHECK(db.has_table("city_centre"));
        CHECK_FALSE(city::is_city(db));
        db.exec("INSERT INTO city_centre(schema_name, name, publisher, subscription, added_at_ms) "
                "VALUES('gz09', '广州第九考点', 'postgresql://r@h/d', 'city_x_gz09', 1)");
        CHECK(city::is_city(db));
    }
    // The city: a centre that has not published (its server refuses the city's login), one whose publication was
    // dropped by hand, an SQLite file; then a centre added twice.
    CHECK_THROWS_WITH_AS(city::add_centre(city_db, installation(), {"广州第一考点", c.publisher(*c.gz01), 1, 0}),
                         doctest::Contains("permission denied for database"), storage::StorageError);
    city::publish(gz01, c.reader);
    // A sealed table added to the publication by hand at the centre is not taken.
    gz01.exec("ALTER PUBLICATION safekiosk_city ADD TABLE question");
    CHECK_THROWS_WITH_AS(city::add_centre(city_db, installation(), {"广州第一考点", c.publisher(*c.gz01), 1, 0}),
                         doctest::Contains("the centre publishes the table question, which the city does not take"),
                         city::CityError);
    gz01.exec("DROP PUBLICATION safekiosk_city");
    CHECK_THROWS_WITH_AS(city::add_centre(city_db, installation(), {"广州第一考点", c.publisher(*c.gz01), 1, 0}),
                         doctest::Contains("publishes nothing for the city"), city::CityError);
    CHECK(count(city_db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'gz01'") == 0);
    CHECK(count(city_db, "SELECT count(*) FROM pg_subscription WHERE subdbid = "
                         "(SELECT oid FROM pg_database WHERE datname = current_database())") == 0);
    CHECK(count(gz01, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()") == 0);
    {
        test::TempDir dir;
        auto file = storage::open(dir / "city.db", installation());
        CHECK_THROWS_WITH_AS(city::add_centre(file, installation(), {"广州第一考点", c.publisher(*c.gz01), 1, 0}),
                             doctest::Contains("needs a PostgreSQL database"), city::CityError);
    }
    city::publish(gz01, c.reader);
    CHECK_THROWS_WITH_AS(city::add_centre(city_db, installation(), {"", c.publisher(*c.gz01), 1, 0}),
                         doctest::Contains("needs a name"), city::CityError);
    city::add_centre(city_db, installation(), {"广州第一考点", c.publisher(*c.gz01), 1, 60000});
    const std::string twice = "has a replication slot city_" + c.city.name() + "_gz01 already";
    CHECK_THROWS_WITH_AS(city::add_centre(city_db, installation(), {"又一个", c.publisher(*c.gz01), 1, 0}),
                         doctest::Contains(twice.c_str()), city::CityError);
    REQUIRE(city::centres(city_db).size() == 1);
    CHECK(city::centres(city_db)[0].name == "广州第一考点");
    CHECK(city::centres(city_db)[0].attempts == 11);
    // A centre of a newer SafeKiosk (its recorded version raised by hand): the city is upgraded first.
    {
        auto gz02 = c.gz02->open();
        city::publish(gz02, c.reader);
        gz02.exec("UPDATE schema_version SET version = 999 WHERE module = 'exam'");
        CHECK_THROWS_WITH_AS(city::add_centre(city_db, installation(), {"广州第二考点", c.publisher(*c.gz02), 1, 0}),
                             doctest::Contains("the centre runs a newer SafeKiosk (exam version 999"), city::CityError);
        CHECK(count(gz02, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()") == 0);
        CHECK(count(city_db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'gz02'") == 0);
        CHECK(city::centres(city_db).size() == 1);
    }
    CHECK_THROWS_WITH_AS(city::remove_centre(city_db, "gz09"), doctest::Contains("follows no centre gz09"),
                         city::CityError);

    // The program: a refusal is exit 1 with the reason.
    const auto refused = test::run_admin({"--db", c.gz01->pg.uri(), "centre", "publish", "--to", "nobody_here"});
    CHECK(refused.code == 1);
    CHECK(refused.err.find("there is no role \"nobody_here\"") != std::string::npos);
}

TEST_CASE("city: a centre's server stopped at once: the city says it is not connected, and catches up unaided when "
          "the server returns")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::OwnServer centre_server; // the centre's own server, to stop; outlives everything below
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    Centre gz03(centre_server.uri, "gz03");
    storage::Database::open(centre_server.uri, false).exec("CREATE ROLE city_reader LOGIN REPLICATION");
    {
        auto db = gz03.open();
        city::publish(db, "city_reader");
    }
    test::PostgresDatabase city_pg(*server);
    struct Unfollow {
        std::string uri;
        ~Unfollow()
        {
            try {
                auto db = storage::Database::open(uri, false);
                for (const auto& c : city::centres(db)) city::remove_centre(db, c.schema);
            } catch (...) {
            }
        }
    } unfollow{city_pg.uri()};
    auto db = storage::open(city_pg.uri(), installation());
    const auto added =
        city::add_centre(db, installation(), {"广州第三考点", test::as_login(gz03.pg.uri(), "city_reader"), 1, 60000});
    REQUIRE(added.tables_ready == added.tables);
    CHECK(added.receiving);
    const auto passed_a = [&] {
        return row_of(city::pass_rates(db, kCityStaff, {}, std::nullopt, exam::Period::All, false), test::kProviderA)
            .passed;
    };
    CHECK(passed_a() == 3);

    centre_server.kill();
    CHECK(eventually([&] { return !city::centres(db).at(0).receiving; }));
    CHECK(passed_a() == 3); // the city still reports what it holds
    // `doctor` at the city says so, and what to look at.
    const auto doctor = test::run_admin({"--db", city_pg.uri(), "doctor"});
    INFO(doctor.out);
    CHECK(doctor.code != 0);
    CHECK(doctor.out.find("PROBLEM replication      centre gz03 (广州第三考点): not connected (the city still reports what it holds)") !=
          std::string::npos);
    CHECK(doctor.out.find("mend: check the centre's server and the network") != std::string::npos);

    // Back, with a change made at the centre: the subscription's worker reconnects by itself and applies it.
    centre_server.restart();
    {
        auto centre_db = gz03.open();
        exam::ExamStore store(centre_db);
        storage::Transaction tx(centre_db);
        store.set_state(gz03.data.attempt_ids[0], exam::AttemptState::Cancelled);
        store.set_result(gz03.data.attempt_ids[0], std::nullopt, test::kNov20);
        tx.commit();
    }
    CHECK(eventually([&] { return passed_a() == 2; }));
    CHECK(city::centres(db).at(0).receiving);
}
