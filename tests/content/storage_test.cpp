#include "content/storage/content_store.hpp"
#include "tests/content/sample_question.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;
using sk::content::Question;
using sk::content::QuestionType;

namespace {
Question sample(const std::string& uid = "elv-1") { return test::sample_question(uid); }

storage::Database open_db(const std::string& locator) { return storage::open(locator, {&content::schema()}); }
} // namespace

TEST_CASE("a new database is created with the catalogue of special operations and managers' industries")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    auto cat = store.catalogue();
    REQUIRE(cat.find("电工作业", "低压电工作业") != nullptr);
    CHECK(cat.find("电工作业", "低压电工作业")->track == content::Track::Special);
    REQUIRE(cat.find("一般行业", "安全生产管理人员") != nullptr);
    CHECK(cat.find("一般行业", "安全生产管理人员")->track == content::Track::Manager);
    CHECK(cat.find("危险化学品安全作业", "氯化工艺") != nullptr);
    CHECK(cat.find("电工作业", "不存在的项目") == nullptr);
    CHECK(storage::schema_version(db, "content") == content::schema().latest());
}

TEST_CASE("reopening a database keeps its content and applies no step twice")
{
    test::TempDir dir;
    {
        auto db = open_db(dir.database("kiosk.db"));
        content::ContentStore(db).save_question(sample());
    }
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    CHECK(store.count_questions({}) == 1);
    CHECK(store.catalogue().items.size() == content::ContentStore(db).catalogue().items.size());
}

TEST_CASE("editing a published question adds a version and keeps the old one readable")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    auto first = store.save_question(sample());
    CHECK(first.outcome == content::SaveOutcome::Inserted);

    Question edited = sample();
    edited.options[2] = "先打电话，再等待";
    auto second = store.save_question(edited);
    CHECK(second.outcome == content::SaveOutcome::NewVersion);
    CHECK(second.version == 2);

    auto v1 = store.question(first.id);
    REQUIRE(v1);
    CHECK(v1->options[2] == "等待救护车");
    CHECK(store.question_by_uid("elv-1")->version == 2);
    CHECK(store.question_by_uid("elv-1", 1)->options[2] == "等待救护车");
    CHECK(store.count_questions({}) == 1);
    content::QuestionFilter all;
    all.current_only = false;
    CHECK(store.count_questions(all) == 2);
}

TEST_CASE("a draft is edited in place and identical content is not stored twice")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    Question draft = sample();
    draft.status = content::Status::Draft;
    store.save_question(draft);
    draft.stem = "发现有人触电，第一步应当（ ）。";
    CHECK(store.save_question(draft).outcome == content::SaveOutcome::Updated);
    CHECK(store.question_by_uid("elv-1")->version == 1);

    Question copy = draft;
    copy.uid = "other-uid";
    CHECK(store.save_question(copy).outcome == content::SaveOutcome::Duplicate);
    CHECK(store.count_questions({}) == 1);
}

TEST_CASE("text with quotes, SQL and unusual Unicode comes back unchanged")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    Question q = sample("odd-1");
    q.stem = "Robert'); DROP TABLE question;-- \"引号\" 𠮷野家 \u200b e\u0301 " + std::string(5000, 'x');
    q.options = {"' OR '1'='1", "选项\n换行", "\\N"};
    store.save_question(q);
    auto back = store.question_by_uid("odd-1");
    REQUIRE(back);
    CHECK(back->stem == q.stem);
    CHECK(back->options == q.options);
    CHECK(store.count_questions({}) == 1);
}

TEST_CASE("a question outside the catalogue is refused")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    Question q = sample();
    q.item = "不存在的项目";
    CHECK_THROWS_WITH_AS(store.save_question(q), doctest::Contains("not in the catalogue"), std::invalid_argument);
}

TEST_CASE("validation names the field that is wrong")
{
    Question q = sample();
    q.answer = "AB";
    auto problems = content::validate(q);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "answer");
    q.answer = "D";
    CHECK(content::validate(q)[0].message.find("'D' names no option") != std::string::npos);
    q.type = QuestionType::Multiple;
    q.answer = "A";
    CHECK(content::validate(q)[0].message.find("at least two") != std::string::npos);
    Question tf = sample();
    tf.type = QuestionType::TrueFalse;
    tf.options = content::true_false_options();
    tf.answer = "B";
    CHECK(content::validate(tf).empty());
}

TEST_CASE("the bank's revision rises with every stored change to a question and only then")
{
    test::TempDir dir;
    auto db = open_db(dir.database("rev.db"));
    content::ContentStore store(db);
    auto rev = store.question_revision();
    auto rose = [&] {
        const auto now = store.question_revision();
        const bool moved = now > rev;
        rev = now;
        return moved;
    };
    auto q = sample("rev-1");
    store.save_question(q);
    CHECK(rose());
    store.save_question(q); // identical: nothing written
    CHECK_FALSE(rose());
    store.save_questions({sample("rev-2"), sample("rev-3")}, false);
    CHECK(rose());
    CHECK(store.set_status("rev-1", content::Status::Retired));
    CHECK(rose());
    q.stem += "（新）";
    store.save_question(q); // a new version
    CHECK(rose());
    CHECK(store.question_by_uid("rev-1")); // reading changes nothing
    CHECK_FALSE(rose());
    // A change rolled back leaves the revision where it was.
    {
        storage::Transaction tx(db);
        store.set_status("rev-2", content::Status::Retired);
    }
    CHECK_FALSE(rose());
}

TEST_CASE("a bulk load (COPY) on an SQLite file is refused with the reason")
{
    test::TempDir dir;
    auto db = open_db(dir.database("copy.db"));
    if (db.engine() != storage::Engine::SQLite) return;
    try {
        storage::Copy copy(db, "category", {"track", "name", "sort"});
        FAIL("no error");
    } catch (const storage::StorageError& e) {
        CHECK(std::string(e.what()).find("PostgreSQL") != std::string::npos);
        CHECK(std::string(e.what()).find("copy.db") != std::string::npos);
    }
}
