// The embedded engine's own file: what only an SQLite database file has (its bytes, damage, a foreign file).
// The content store's behaviour on both engines: storage_test.cpp.
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "tests/content/sample_question.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

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

