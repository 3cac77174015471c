// The embedded engine's own file: what only an SQLite database file has (its bytes, damage, a foreign file).
// The content store's behaviour on both engines: storage_test.cpp.
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "tests/content/sample_question.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

using namespace sk;
using sk::content::Question;
using sk::content::QuestionType;

namespace {
Question sample(const std::string& uid = "elv-1") { return test::sample_question(uid); }

storage::Database open_db(const std::filesystem::path& p) { return storage::open(p, {&content::schema()}); }
} // namespace

TEST_CASE("a file that is not a database is refused, named, and left untouched")
{
    test::TempDir dir;
    auto path = dir / "notes.db";
    const std::string text = "这不是数据库 — just some text that happens to be long enough to pass a size check.\n";
    test::write_file(path, text);
    try {
        open_db(path);
        FAIL("opened a text file as a database");
    } catch (const storage::StorageError& e) {
        CHECK(std::string(e.what()).find(path.string()) != std::string::npos);
        CHECK(std::string(e.what()).find("not a SafeKiosk database") != std::string::npos);
    }
    CHECK(test::read_file(path) == text);
    CHECK(!std::filesystem::exists(path.string() + "-wal"));
}


TEST_CASE("a damaged database is refused with a message naming the file")
{
    test::TempDir dir;
    auto path = dir / "kiosk.db";
    {
        auto db = open_db(path);
        content::ContentStore(db).save_question(sample());
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    std::string bytes = test::read_file(path);
    // Keep the header, destroy the page that holds the schema.
    for (std::size_t i = 100; i < 4096 && i < bytes.size(); ++i) bytes[i] = '\x5a';
    test::write_file(path, bytes);
    CHECK_THROWS_WITH_AS(open_db(path), doctest::Contains(path.string().c_str()), storage::StorageError);
    CHECK(test::read_file(path) == bytes);
}


TEST_CASE("a database written by a newer version is refused before anything is written")
{
    test::TempDir dir;
    auto path = dir / "kiosk.db";
    {
        auto db = open_db(path);
        db.exec("UPDATE schema_version SET version = 99 WHERE module = 'content'");
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        db.exec("PRAGMA journal_mode=DELETE");
    }
    const std::string before = test::read_file(path);
    CHECK_THROWS_WITH_AS(open_db(path), doctest::Contains("newer SafeKiosk"), storage::StorageError);
    CHECK(test::read_file(path) == before);
}


// Opening the database a second time in a process must not drop the locks the first connection holds: fcntl locks
// belong to the process, so reading the file's header with a descriptor of its own and closing it released them,
// and another program that then closed its connection checkpointed and removed the WAL under ours. The desktop
// window saw the first change made elsewhere and then nothing more, or "database disk image is malformed".
TEST_CASE("a second connection in the same process keeps the first one's locks, so changes made elsewhere stay visible")
{
    test::TempDir dir;
    const auto path = dir / "kiosk.db";
    auto first = open_db(path);
    first.exec("CREATE TABLE change_log(id INTEGER PRIMARY KEY)");
    first.exec("INSERT INTO change_log DEFAULT VALUES");
    auto count = [](storage::Database& db) {
        auto st = db.prepare("SELECT count(*) FROM change_log");
        st.step();
        return st.int64(0);
    };
    REQUIRE(count(first) == 1);
    auto second = open_db(path); // as a window's background job opens its own connection
    for (int change = 2; change <= 4; ++change) {
        // Another program writes and closes: the last connection of its process checkpoints and removes the WAL
        // when it can lock the whole file, which it must not while ours are open.
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) { // a program of its own (a forked copy would share this process's SQLite lock records)
            execlp("sqlite3", "sqlite3", "-cmd", ".timeout 5000", path.c_str(), "INSERT INTO change_log DEFAULT VALUES;",
                   static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 0);
        CHECK(count(first) == change);
        CHECK(count(second) == change);
    }
    auto check = first.prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
}
