// A PostgreSQL server that stops, as in a power cut, while safekiosk-admin writes: the command ends with a message
// naming the server and exit code 3, and after the restart the database holds all of the work or none of it.
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/support/postgres.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

using namespace sk;

namespace {

// A cluster of this test's own (the shared test server keeps serving the other tests): scripts/postgres.
struct OwnServer {
    test::TempDir dir;
    std::string uri;
    std::string script = test::source_path("scripts/postgres").string();
    OwnServer()
    {
        // The server runs as the `postgres` account when the tests run as root: it must reach its folder in ours.
        std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec | std::filesystem::perms::group_exec,
                                     std::filesystem::perm_options::add);
        const auto out = dir / "uri";
        const int rc = std::system((test::shell_quote(script) + " start " + test::shell_quote((dir / "pg").string()) +
                                    " >" + test::shell_quote(out.string()))
                                       .c_str());
        REQUIRE(rc == 0);
        uri = test::read_file(out);
        while (!uri.empty() && uri.back() == '\n') uri.pop_back();
    }
    ~OwnServer() { std::system((test::shell_quote(script) + " stop " + test::shell_quote((dir / "pg").string())).c_str()); }
    void kill() { REQUIRE(std::system((test::shell_quote(script) + " kill " + test::shell_quote((dir / "pg").string())).c_str()) == 0); }
    void restart()
    {
        REQUIRE(std::system((test::shell_quote(script) + " start-again " + test::shell_quote((dir / "pg").string())).c_str()) == 0);
    }
};

std::int64_t count(storage::Database& db, const char* sql)
{
    auto st = db.prepare(sql);
    st.step();
    return st.int64(0);
}

} // namespace

TEST_CASE("a server stopped in the middle of an import: exit 3 naming the server, and after the restart none of it")
{
    if (!test::postgres_server()) return; // the stage that has PostgreSQL
    OwnServer server;
    const std::string base = server.uri.substr(0, server.uri.rfind('/') + 1);
    {
        auto admin = storage::Database::open(server.uri);
        admin.exec("CREATE DATABASE centre");
    }
    const std::string uri = base + "centre";
    REQUIRE(test::run_admin({"--db", uri, "db", "init"}).code == 0);

    // 30,000 questions: long enough to be stopped while it writes.
    std::string csv = "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,解析,作业类别,操作项目,知识点,难度\r\n";
    for (int i = 0; i < 30000; ++i)
        csv += "单选题,停电作业题 " + std::to_string(i) + " 应当（ ）。,甲" + std::to_string(i) + ",乙,丙,丁,,,A,解析,电工作业,低压电工作业,第" +
               std::to_string(i % 7 + 1) + "章,3\r\n";
    test::TempDir files;
    test::write_file(files / "bank.csv", csv);

    test::AdminRun run;
    std::thread import([&] { run = test::run_admin({"--db", uri, "content", "import", (files / "bank.csv").string()}); });
    // Wait until the import's transaction has written (it holds a transaction id), then stop the server at once.
    bool writing = false;
    {
        auto watch = storage::Database::open(server.uri);
        for (int i = 0; i < 600 && !writing; ++i) {
            writing = count(watch, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'centre' AND "
                                   "application_name = 'safekiosk' AND backend_xid IS NOT NULL") > 0;
            if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    REQUIRE(writing);
    server.kill();
    import.join();
    CHECK(run.code == 3);
    CHECK(run.err.find("PostgreSQL safekiosk@127.0.0.1:") != std::string::npos);
    CHECK(run.err.find("/centre") != std::string::npos);

    server.restart();
    auto db = storage::open(uri, {&content::schema()});
    CHECK(count(db, "SELECT count(*) FROM question") == 0);
    // The same import afterwards goes through whole.
    auto again = test::run_admin({"--db", uri, "content", "import", (files / "bank.csv").string()});
    CHECK(again.code == 0);
    CHECK(count(db, "SELECT count(*) FROM question") == 30000);
}

TEST_CASE("db init, status and migrate on a server database, and a missing database is named with exit 3")
{
    if (!test::postgres_server()) return;
    test::PostgresDatabase pg(*test::postgres_server());
    auto status = test::run_admin({"--db", pg.uri(), "db", "status"});
    CHECK(status.code == 0);
    CHECK(status.out.find("not initialised") != std::string::npos);
    auto init = test::run_admin({"--db", pg.uri(), "db", "init"});
    CHECK(init.code == 0);
    CHECK(init.out.find("initialised") != std::string::npos);
    CHECK(init.out.find("PostgreSQL") != std::string::npos);
    auto again = test::run_admin({"--db", pg.uri(), "db", "init"});
    CHECK(again.code == 0);
    CHECK(again.out.find("already initialised") != std::string::npos);
    auto migrate = test::run_admin({"--db", pg.uri(), "--json", "db", "migrate"});
    CHECK(migrate.code == 0);
    CHECK(migrate.out.find("\"pending_steps\": 0") != std::string::npos);
    auto st = test::run_admin({"--db", pg.uri(), "db", "status"});
    CHECK(st.out.find("up to date") != std::string::npos);
    {
        auto db = storage::Database::open(pg.uri());
        db.exec("UPDATE schema_version SET version = version + 1 WHERE module = 'exam'");
    }
    auto newer = test::run_admin({"--db", pg.uri(), "content", "list"});
    CHECK(newer.code == 3);
    CHECK(newer.err.find("newer SafeKiosk") != std::string::npos);
    CHECK(test::run_admin({"--db", pg.uri(), "db", "status"}).out.find("newer") != std::string::npos);

    const std::string missing = pg.uri() + "_absent";
    auto absent = test::run_admin({"--db", missing, "content", "list"});
    CHECK(absent.code == 3);
    CHECK(absent.err.find(pg.name() + "_absent") != std::string::npos);
    CHECK(absent.err.find("does not exist") != std::string::npos);
    auto secret = test::run_admin({"--db", "postgresql://exam:pw@127.0.0.1/x", "db", "status"});
    CHECK(secret.code == 3);
    CHECK(secret.err.find(".pgpass") != std::string::npos);
}
