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
// The question table's indexes as stored (name and definition), and the plan of a duplicate lookup.
std::string indexes(storage::Database& db)
{
    auto st = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'question' ORDER BY name");
    std::string s;
    while (st.step()) s += st.text(0) + ": " + (st.is_null(1) ? "(automatic)" : st.text(1)) + "\n";
    return s;
}

std::string hash_lookup_plan(storage::Database& db)
{
    auto st = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM question WHERE content_hash = ? AND current = 1");
    std::string s;
    while (st.step()) s += st.text(3) + "\n";
    return s;
}

// Two databases holding the same questions: one saved question by question, the other by batch.
struct TwoStores {
    explicit TwoStores(const std::vector<Question>& before)
    {
        for (const auto& x : before) {
            one.save_question(x);
            many.save_question(x);
        }
    }
    test::TempDir dir;
    storage::Database db1 = test::open_content_db(dir / "one.db");
    storage::Database db2 = test::open_content_db(dir / "batch.db");
    content::ContentStore one{db1}, many{db2};
};

// Saves `batch` one question at a time into `one` and as one batch into `many`: outcomes, rows and versions must
// agree. Returns the batch's results.
std::vector<content::SaveResult> save_both_ways(content::ContentStore& one, content::ContentStore& many,
                                                const std::vector<Question>& batch)
{
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
    return got;
}

std::int64_t rows(storage::Database& db)
{
    auto st = db.prepare("SELECT count(*) FROM question");
    st.step();
    return st.int64(0);
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

    TwoStores stores(before);
    auto& one = stores.one;
    auto& many = stores.many;
    auto got = save_both_ways(one, many, batch);
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

TEST_CASE("a batch as large as the table is saved with its indexes built again: same rows, indexes and plans")
{
    std::vector<Question> before{q("a", "甲题"), q("d", "草稿题", content::Status::Draft)};
    std::vector<Question> batch;
    for (int i = 0; i < 1500; ++i) batch.push_back(q("n" + std::to_string(i), "新题" + std::to_string(i)));
    batch.push_back(q("a", "甲题（修订）"));                         // new version of a stored question
    batch.push_back(q("d", "草稿题（改）", content::Status::Draft)); // draft edited in place
    batch.push_back(q("z", "新题9"));                                // duplicate of a question of this batch

    TwoStores stores(before);
    auto& one = stores.one;
    auto& many = stores.many;
    auto& db2 = stores.db2;
    const std::string indexes_before = indexes(db2);
    const std::string plan_before = hash_lookup_plan(db2);
    CHECK(plan_before.find("question_hash") != std::string::npos);
    save_both_ways(one, many, batch);
    CHECK(indexes(db2) == indexes_before);
    CHECK(hash_lookup_plan(db2) == plan_before);
    // The rebuilt indexes hold every row: a duplicate is found through them, and SQLite finds them consistent.
    CHECK(many.has_content_hash(q("x", "新题1234").content_hash()));
    CHECK(!many.has_content_hash(q("x", "甲题").content_hash())); // no longer current
    auto check = db2.prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
}

TEST_CASE("a batch that fails part way writes nothing and leaves the indexes as they were")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    store.save_question(q("a", "甲题"));
    const std::string indexes_before = indexes(db);
    std::vector<Question> batch;
    for (int i = 0; i < 1500; ++i) batch.push_back(q("n" + std::to_string(i), "新题" + std::to_string(i)));
    batch[1400].item = "没有这个项目";
    CHECK_THROWS_AS(store.save_questions(batch), std::invalid_argument);
    CHECK(rows(db) == 1);
    CHECK(indexes(db) == indexes_before);
    // The store works on afterwards, through the same cached statements.
    batch[1400].item = "低压电工作业";
    CHECK(store.save_questions(batch).size() == 1500);
    CHECK(rows(db) == 1501);
    CHECK(indexes(db) == indexes_before);
}

TEST_CASE("a batch that reuses the uid of an exhibit's quiz question is refused and writes nothing")
{
    // The batch runs without the table's CHECK constraints: it must never turn a quiz row into a catalogue row.
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    content::Exhibit e;
    e.uid = "case-1";
    e.title = "某厂触电事故";
    e.industry = "制造业";
    e.date = "2020-01-01";
    e.summary = "概要";
    auto quiz = q("quiz-1", "测验题");
    quiz.category.clear();
    quiz.item.clear();
    e.quiz.push_back(quiz);
    store.save_exhibit(e);
    REQUIRE(store.set_status("quiz-1", content::Status::Draft));
    CHECK_THROWS_AS(store.save_questions({q("n1", "新题"), q("quiz-1", "测验题（改）", content::Status::Draft)}),
                    std::invalid_argument);
    CHECK(rows(db) == 1);
    auto check = db.prepare("SELECT count(*) FROM question WHERE (item_id IS NULL) = (exhibit_id IS NULL)");
    REQUIRE(check.step());
    CHECK(check.int64(0) == 0);
}
