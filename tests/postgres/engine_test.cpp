// The storage layer on both engines: the same statements, values, transactions and errors on an SQLite file and on
// a PostgreSQL server (the throw-away one scripts/test starts).
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "tests/exam/drawing_pool_scenario.hpp"
#include "content/storage/server_uri.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/tcp_proxy.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

using namespace sk;
using storage::ColumnType;
using storage::Database;
using storage::Engine;
using storage::StorageError;

namespace {

// Runs `check` on a fresh SQLite file and, when the test server is there, on a fresh PostgreSQL database.
void on_both_engines(const std::function<void(const std::string& locator)>& check)
{
    test::TempDir dir;
    {
        INFO("SQLite");
        check((dir / "both.db").string());
    }
    auto server = test::postgres_server();
    if (!server) return;
    test::PostgresDatabase pg(*server);
    INFO("PostgreSQL");
    check(pg.uri());
}

std::string message_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const StorageError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("a database URI with a password in it is refused and the server is named, without connecting")
{
    const std::string msg = message_of([] { Database::open("postgresql://exam:s3cret@db.centre.local:5433/safekiosk"); });
    CHECK(msg.find("db.centre.local:5433/safekiosk") != std::string::npos);
    CHECK(msg.find("password") != std::string::npos);
    CHECK(msg.find(".pgpass") != std::string::npos);
    CHECK(msg.find("s3cret") == std::string::npos);
}

TEST_CASE("a server that does not answer is reported with its name as a lost connection")
{
    try {
        Database::open("postgresql://safekiosk@127.0.0.1:1/safekiosk");
        FAIL("connected to port 1");
    } catch (const StorageError& e) {
        CHECK(e.connection_lost());
        CHECK(std::string(e.what()).find("127.0.0.1:1/safekiosk") != std::string::npos);
        CHECK(std::string(e.what()).find("cannot connect") != std::string::npos);
    }
    CHECK(storage::is_server_locator("postgres://h/db"));
    CHECK_FALSE(storage::is_server_locator("/var/lib/safekiosk/postgresql://x"));
}

TEST_CASE("a reply timeout gives up on a link that hangs with its sockets open, names the server, and every later call "
          "on that connection fails at once, and a cut connection is reported lost without a timeout")
{
    const auto server = test::postgres_server();
    if (!server) return;
    const auto address = storage::server_address(*server);
    test::TcpProxy proxy(address.host, std::stoi(address.port));
    const std::string uri = proxy.with_proxy(*server);
    {
        auto db = Database::open(uri, false);
        storage::set_reply_timeout(db, std::chrono::milliseconds(1000));
        // Within the limit, results of every size and errors are as without it.
        auto big = db.prepare("SELECT ? + 1, repeat('电', 100000)");
        big.bind(1, 41);
        REQUIRE(big.step());
        CHECK(big.int64(0) == 42);
        CHECK(big.text(1).size() == 300000);
        CHECK_THROWS_WITH_AS(db.exec("SELECT * FROM nowhere"), doctest::Contains("nowhere"), StorageError);
        db.exec("SET application_name = 'reply_timeout_test'; SELECT 1");

        proxy.stall();
        const auto t0 = std::chrono::steady_clock::now();
        try {
            auto st = db.prepare("SELECT 1");
            st.step();
            FAIL("a reply came through a stalled link");
        } catch (const StorageError& e) {
            CHECK(e.connection_lost());
            CHECK(std::string(e.what()).find("127.0.0.1:" + std::to_string(proxy.port())) != std::string::npos);
            CHECK(std::string(e.what()).find("no reply from the database server within 1 s") != std::string::npos);
        }
        const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        MESSAGE("given up after " << waited << " s");
        CHECK(waited >= 0.9);
        CHECK(waited < 5.0);
        // The connection is closed: the next call fails at once instead of waiting for the old reply.
        const auto t1 = std::chrono::steady_clock::now();
        CHECK_THROWS_WITH_AS(db.exec("SELECT 2"), doctest::Contains("no reply from the database server"), StorageError);
        CHECK(std::chrono::steady_clock::now() - t1 < std::chrono::milliseconds(500));
        proxy.resume();
    }
    // A connection cut by the network is lost at once, timeout or not; a new one works.
    auto db = Database::open(uri, false);
    db.exec("SELECT 1");
    proxy.cut_all();
    try {
        db.exec("SELECT 1");
        FAIL("a cut connection answered");
    } catch (const StorageError& e) {
        CHECK(e.connection_lost());
    }
    auto again = Database::open(uri, false);
    auto st = again.prepare("SELECT 7");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 7);
}

TEST_CASE("values keep their kind and parameters bind by position, number and name on both engines")
{
    on_both_engines([](const std::string& locator) {
        auto db = Database::open(locator);
        const std::string ddl = "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, b BLOB)";
        db.exec(db.engine() == Engine::PostgreSQL ? storage::postgres_ddl(ddl) : ddl);
        const unsigned char bytes[] = {0, 1, 0xff, '\'', '\\', 0};
        auto ins = db.prepare("INSERT INTO t(n, r, s, b) VALUES(?, ?, ?, ?) RETURNING id");
        ins.bind(1, std::int64_t{9007199254740993}).bind(2, 0.1).bind(3, std::string("电工 'quoted' ?:x -- not a comment"));
        ins.bind_blob(4, bytes, sizeof bytes);
        REQUIRE(ins.step());
        const std::int64_t first = ins.int64(0);
        ins.reset();
        ins.bind_null(1).bind_null(2).bind_null(3).bind_null(4);
        REQUIRE(ins.step());
        CHECK(ins.int64(0) == first + 1);
        ins.reset();
        db.prepare("INSERT INTO t(n) VALUES(?)").bind(1, 7).run();
        CHECK(db.last_insert_id() == first + 2);

        auto sel = db.prepare("SELECT n, r, s, b, id FROM t WHERE id = ?1 OR (id > ?1 AND n IS NULL AND ?2 = 'x')");
        sel.bind(1, first).bind(2, "x");
        REQUIRE(sel.step());
        CHECK(sel.type(0) == ColumnType::Integer);
        CHECK(sel.int64(0) == 9007199254740993);
        CHECK(sel.type(1) == ColumnType::Real);
        CHECK(sel.real(1) == 0.1);
        CHECK(sel.type(2) == ColumnType::Text);
        CHECK(sel.text(2) == "电工 'quoted' ?:x -- not a comment");
        CHECK(sel.type(3) == ColumnType::Blob);
        CHECK(sel.blob(3) == std::vector<unsigned char>(bytes, bytes + sizeof bytes));
        REQUIRE(sel.step());
        CHECK(sel.is_null(0));
        CHECK(sel.type(1) == ColumnType::Null);
        CHECK_FALSE(sel.optional_text(2));
        CHECK_FALSE(sel.step());

        auto named = db.prepare("UPDATE t SET s = :s WHERE n = :n OR (:n IS NULL AND n IS NULL)");
        named.bind(named.parameter(":s"), "named").bind(named.parameter(":n"), 7).run();
        CHECK(db.changes() == 1);
        CHECK(named.parameter(":absent") == 0);
        auto count = db.prepare("SELECT count(*), sum(n), max(s) FROM t WHERE s = 'named'");
        REQUIRE(count.step());
        CHECK(count.int64(0) == 1);
        CHECK(count.int64(1) == 7);
        CHECK(count.text(2) == "named");
        CHECK(db.has_table("t"));
        CHECK_FALSE(db.has_table("absent"));
    });
}

TEST_CASE("names and strings quoted into statements that take no parameter keep their quotes, backslashes and "
          "SQL, on both engines, and a NUL byte is refused")
{
    on_both_engines([](const std::string& locator) {
        auto db = Database::open(locator);
        const std::string name = "centre \"gz01\"; DROP TABLE x; --";
        const std::string text = "it's \\'; DROP TABLE x; -- \"q\"";
        db.exec("CREATE TABLE " + storage::quote_identifier(name) + "(v TEXT)");
        db.exec("INSERT INTO " + storage::quote_identifier(name) + "(v) VALUES(" + storage::quote_literal(text) + ")");
        auto st = db.prepare("SELECT v FROM " + storage::quote_identifier(name));
        REQUIRE(st.step());
        CHECK(st.text(0) == text);
    });
    CHECK(message_of([] { storage::quote_identifier(std::string("a\0b", 3)); }).find("NUL byte") != std::string::npos);
    CHECK(message_of([] { storage::quote_literal(std::string("a\0b", 3)); }).find("NUL byte") != std::string::npos);
    CHECK(storage::quote_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(storage::quote_literal("a'b") == "'a''b'");
}

TEST_CASE("a transaction that is not committed leaves nothing, and a savepoint outside one commits on release")
{
    on_both_engines([](const std::string& locator) {
        auto db = Database::open(locator);
        db.exec(db.engine() == Engine::PostgreSQL ? storage::postgres_ddl("CREATE TABLE t(n INTEGER NOT NULL UNIQUE)")
                                                  : "CREATE TABLE t(n INTEGER NOT NULL UNIQUE)");
        {
            storage::Transaction tx(db);
            db.prepare("INSERT INTO t(n) VALUES(1)").run();
            CHECK(db.in_transaction());
        }
        CHECK_FALSE(db.in_transaction());
        int ran = 0;
        {
            storage::Savepoint sp(db, "outer_work");
            db.prepare("INSERT INTO t(n) VALUES(2)").run();
            db.after_commit("count", [&] { ++ran; });
            CHECK(ran == 0);
            sp.release();
        }
        CHECK(ran == 1);
        CHECK_FALSE(db.in_transaction());
        {
            storage::Transaction tx(db);
            db.prepare("INSERT INTO t(n) VALUES(3)").run();
            CHECK_THROWS_AS(db.prepare("INSERT INTO t(n) VALUES(2)").run(), StorageError);
        }
        auto st = db.prepare("SELECT count(*), min(n) FROM t");
        REQUIRE(st.step());
        CHECK(st.int64(0) == 1);
        CHECK(st.int64(1) == 2);
    });
}

TEST_CASE("the content schema migrates on PostgreSQL, and a schema newer than the program is refused by name")
{
    auto server = test::postgres_server();
    if (!server) return;
    test::PostgresDatabase pg(*server);
    {
        auto db = storage::open(pg.uri(), {&content::schema()});
        CHECK(storage::schema_version(db, "content") == content::schema().latest());
        content::ContentStore store(db);
        CHECK(store.catalogue().find("电工作业", "低压电工作业") != nullptr);
        db.exec("UPDATE schema_version SET version = 99 WHERE module = 'content'");
    }
    const std::string msg = message_of([&] { storage::open(pg.uri(), {&content::schema()}); });
    CHECK(msg.find("written by a newer SafeKiosk") != std::string::npos);
    CHECK(msg.find(pg.name()) != std::string::npos);
}

TEST_CASE("a named lock makes a second PostgreSQL writer wait until the first commits")
{
    auto server = test::postgres_server();
    if (!server) return;
    test::PostgresDatabase pg(*server);
    auto first = Database::open(pg.uri());
    first.exec("CREATE TABLE chain(n BIGINT NOT NULL UNIQUE)");
    first.exec("INSERT INTO chain VALUES(1)");
    std::atomic<bool> second_done{false};
    storage::Transaction tx(first);
    first.serialize("chain");
    std::thread second([&] {
        auto db = Database::open(pg.uri());
        storage::Transaction t2(db);
        db.serialize("chain");
        // Reads the head only after the first writer's commit: the chain never forks.
        db.prepare("INSERT INTO chain SELECT max(n) + 1 FROM chain").run();
        t2.commit();
        second_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_FALSE(second_done.load());
    first.prepare("INSERT INTO chain SELECT max(n) + 1 FROM chain").run();
    tx.commit();
    second.join();
    CHECK(second_done.load());
    auto st = first.prepare("SELECT count(*), max(n) FROM chain");
    REQUIRE(st.step());
    CHECK(st.int64(0) == 3);
    CHECK(st.int64(1) == 3);
}

TEST_CASE("on the server: a question retired or edited by the office is never drawn by a kiosk that drew before")
{
    auto server = test::postgres_server();
    if (!server) return;
    test::use_postgres();
    test::check_drawing_follows_bank_changes();
}

TEST_CASE("a bulk load (COPY) keeps tabs, line breaks, backslashes and NULLs, and a refused row leaves nothing")
{
    auto server = test::postgres_server();
    if (!server) return;
    test::PostgresDatabase pg(*server);
    auto db = Database::open(pg.uri());
    db.exec("CREATE TABLE t(id BIGINT PRIMARY KEY, name TEXT NOT NULL, note TEXT, score DOUBLE PRECISION)");
    const std::string awkward = "第一行\t制表\n第二行\\N 反斜杠\\ 回车\r 引号'\"";
    {
        storage::Transaction tx(db);
        storage::Copy copy(db, "t", {"id", "name", "note", "score"});
        for (int i = 1; i <= 3000; ++i) { // more than one buffer of rows
            copy.add(i).add(i == 7 ? awkward : "考生" + std::to_string(i));
            if (i % 2) copy.add_null();
            else copy.add("备注");
            copy.add(i / 4.0);
            copy.end_row();
        }
        CHECK_THROWS_AS(copy.add(2).end_row(), std::logic_error); // a row of one field so far
        copy.add("重复").add_null().add(0.5);                    // the row goes on: id 2, which is taken
        CHECK_THROWS_AS(copy.add(1), std::logic_error);           // a fifth field
        copy.end_row();
        // That row's id 2 is taken: the server refuses the stream, naming the constraint.
        const std::string msg = message_of([&] { copy.finish(); });
        CHECK(msg.find("t_pkey") != std::string::npos);
    }
    auto count = db.prepare("SELECT count(*) FROM t");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 0); // nothing of the refused stream
    count.reset();
    {
        storage::Transaction tx(db);
        storage::Copy copy(db, "t", {"id", "name", "note", "score"});
        copy.add(7).add(awkward).add_null().add(1.75);
        copy.end_row();
        copy.finish();
        tx.commit();
    }
    auto row = db.prepare("SELECT name, note IS NULL, score FROM t WHERE id = 7");
    REQUIRE(row.step());
    CHECK(row.text(0) == awkward);
    CHECK(row.int64(1) == 1);
    CHECK(row.real(2) == doctest::Approx(1.75));
    // The connection is ready for more after an abandoned copy too.
    {
        storage::Transaction tx(db);
        storage::Copy copy(db, "t", {"id", "name", "note", "score"});
        copy.add(8).add("放弃").add_null().add(0.0);
        copy.end_row();
    } // destroyed unfinished: abandoned, rolled back
    count.step();
    CHECK(count.int64(0) == 1);
}
