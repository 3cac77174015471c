#include "content/formats/import.hpp"
#include "content/installation.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace sk;
using content::Question;
using content::QuestionType;
using content::SaveOutcome;

namespace {
Question q(const std::string& uid, const std::string& stem, content::Status status = content::Status::Published)
{
    Question x;
    x.uid = uid;
    x.type = QuestionType::Single;
    x.category = "电工作业";
    x.item = "低压电工作业";
    x.chapter = "第一章";
    x.stem = stem;
    x.options = {"甲", "乙", "丙"};
    x.answer = "A";
    x.status = status;
    return x;
}

std::string dump(content::ContentStore& store)
{
    content::QuestionFilter all;
    all.current_only = false;
    std::string s;
    for (const auto& x : store.questions(all))
        s += std::to_string(x.id) + " " + x.uid + " v" + std::to_string(x.version) + " " + x.stem + " " +
             std::string(content::to_string(x.status)) + " " + x.chapter + "\n";
    return s;
}
} // namespace

TEST_CASE("saving a batch gives the same outcomes and rows as saving the questions one by one")
{
    // Existing content, then a batch that inserts, repeats, edits published and draft questions, and duplicates.
    std::vector<Question> before{q("a", "甲题"), q("d", "草稿题", content::Status::Draft)};
    std::vector<Question> batch;
    for (int i = 0; i < 150; ++i) batch.push_back(q("n" + std::to_string(i), "新题" + std::to_string(i))); // > 2 INSERTs of 64
    batch.push_back(q("a", "甲题"));                        // unchanged: duplicate
    batch.push_back(q("a", "甲题（修订）"));                // published, changed: new version
    batch.push_back(q("other", "甲题（修订）"));            // same content as the new version: duplicate
    batch.push_back(q("d", "草稿题（改）", content::Status::Draft)); // draft changed: updated in place
    auto n5 = q("n5", "新题5");
    n5.chapter = "第二章";
    batch.push_back(n5);                                    // inserted earlier in this batch, chapter changed: updated
    batch.push_back(q("n7", "新题7（修订）"));              // inserted earlier in this batch, then changed: new version
    batch.push_back(q("z", "新题9"));                       // same content as a question of this batch: duplicate

    test::TempDir dir;
    auto db1 = test::open_content_db(dir / "one.db");
    auto db2 = test::open_content_db(dir / "batch.db");
    content::ContentStore one(db1), many(db2);
    for (const auto& x : before) {
        one.save_question(x);
        many.save_question(x);
    }
    std::vector<content::SaveResult> expected;
    for (const auto& x : batch) expected.push_back(one.save_question(x));
    auto got = many.save_questions(batch);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("question ", i, " ", batch[i].uid);
        CHECK(static_cast<int>(got[i].outcome) == static_cast<int>(expected[i].outcome));
        CHECK(got[i].id == expected[i].id);
        CHECK(got[i].version == expected[i].version);
    }
    CHECK(dump(many) == dump(one));
    CHECK(got[150].outcome == SaveOutcome::Duplicate);
    CHECK(got[151].outcome == SaveOutcome::NewVersion);
    CHECK(got[152].outcome == SaveOutcome::Duplicate);
    CHECK(got[153].outcome == SaveOutcome::Updated);
    CHECK(got[154].outcome == SaveOutcome::Updated);
    CHECK(got[155].outcome == SaveOutcome::NewVersion);
    CHECK(got[156].outcome == SaveOutcome::Duplicate);
}

TEST_CASE("a changed pack question becomes a new version on re-import, the old version stays readable")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    std::filesystem::create_directories(pack);
    test::write_file(pack / "pack.json", R"({"format":"safekiosk-pack","version":1,"questions":["q.jsonl"]})");
    const std::string line =
        R"({"uid":"p-1","type":"single","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"题干？","options":["甲","乙"],"answer":"A"})";
    test::write_file(pack / "q.jsonl", line + "\n");
    CHECK(content::formats::import_path(store, pack, {}).inserted == 1);
    std::string changed = line;
    changed.replace(changed.find("\"answer\":\"A\""), 12, "\"answer\":\"B\"");
    test::write_file(pack / "q.jsonl", changed + "\n");
    auto report = content::formats::import_path(store, pack, {});
    CHECK(report.new_versions == 1);
    CHECK(store.question_by_uid("p-1")->answer == "B");
    CHECK(store.question_by_uid("p-1")->version == 2);
    CHECK(store.question_by_uid("p-1", 1)->answer == "A");
}

TEST_CASE("the default database path follows XDG_DATA_HOME, ignores a relative one, and falls back to HOME")
{
    const char* old_xdg = std::getenv("XDG_DATA_HOME");
    const char* old_home = std::getenv("HOME");
    const std::string saved_xdg = old_xdg ? old_xdg : "", saved_home = old_home ? old_home : "";
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    CHECK(content::default_database_path() == "/srv/data/safekiosk/safekiosk.db");
    setenv("XDG_DATA_HOME", "relative/dir", 1);
    setenv("HOME", "/home/kiosk", 1);
    CHECK(content::default_database_path() == "/home/kiosk/.local/share/safekiosk/safekiosk.db");
    unsetenv("XDG_DATA_HOME");
    CHECK(content::default_database_path() == "/home/kiosk/.local/share/safekiosk/safekiosk.db");
    if (old_xdg) setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1);
    if (old_home) setenv("HOME", saved_home.c_str(), 1);
    else unsetenv("HOME");
}
