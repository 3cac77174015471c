// The question bank checks roles itself: training staff never read a question of the sealed exam pool, whatever
// filter a panel or command passes; only content managers write, and each write is audited.
#include "exam/question_bank.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using content::Pool;

namespace {

struct Bank {
    test::TempDir dir;
    storage::Database db{storage::open(dir.database("kiosk.db"), {&content::schema(), &exam::schema()})};
    exam::QuestionBank bank{db, [] { return test::kNine; }};
    Bank()
    {
        content::ContentStore store(db);
        test::add_pool(store, 3, 2, Pool::Practice, "practice");
        test::add_pool(store, 2, 2, Pool::Exam, "exam");
        test::add_pool(store, 1, 2, Pool::Both, "both");
    }
    std::int64_t id_of(const std::string& uid) { return content::ContentStore(db).question_by_uid(uid)->id; }
};

} // namespace

TEST_CASE("training staff read the practice pool only, whatever the filter asks for")
{
    Bank b;
    CHECK(b.bank.questions(test::kAdmin, {}).size() == 12);
    content::QuestionFilter exam_pool;
    exam_pool.usable_in = Pool::Exam; // a panel that forgot the trainer's filter
    CHECK(b.bank.questions(test::kAdmin, exam_pool).size() == 7);
    const auto seen = b.bank.questions(test::kTrainer, exam_pool);
    CHECK(seen.size() == 5);
    for (const auto& q : seen) CHECK(q.pool == Pool::Practice);
    CHECK(b.bank.count(test::kTrainer, {}) == 5);
    CHECK(b.bank.count(test::kAdmin, {}) == 12);
    for (const auto& c : b.bank.counts(test::kTrainer)) CHECK(c.pool == Pool::Practice);

    // One question by its row: a practice one reads, a sealed one (exam, or also in the exam pool) is refused.
    CHECK(b.bank.question(test::kTrainer, b.id_of("practice-0"))->uid == "practice-0");
    CHECK_THROWS_AS(b.bank.question(test::kTrainer, b.id_of("exam-0")), exam::PermissionDenied);
    CHECK_THROWS_AS(b.bank.question(test::kTrainer, b.id_of("both-0")), exam::PermissionDenied);
    CHECK(b.bank.question(test::kAdmin, b.id_of("both-0"))->uid == "both-0");

    // A proctor reads no question at all.
    CHECK_THROWS_AS(b.bank.questions(test::kProctor, {}), exam::PermissionDenied);
    CHECK_THROWS_AS(b.bank.chapters(test::kProctor, 1), exam::PermissionDenied);
}

TEST_CASE("only content managers write to the bank, and each write is audited with it")
{
    Bank b;
    auto q = *content::ContentStore(b.db).question_by_uid("practice-0");
    q.stem += "（修订）";
    CHECK_THROWS_AS(b.bank.save(test::kTrainer, q), exam::PermissionDenied);
    CHECK_THROWS_AS(b.bank.set_status(test::kTrainer, "exam-0", content::Status::Retired), exam::PermissionDenied);
    exam::ExamStore store(b.db);
    const auto before = store.audit_entries().size();
    CHECK(content::ContentStore(b.db).question_by_uid("practice-0")->stem.find("修订") == std::string::npos);

    b.bank.save(test::kAdmin, q);
    CHECK(content::ContentStore(b.db).question_by_uid("practice-0")->stem.find("修订") != std::string::npos);
    CHECK(b.bank.set_status(test::kAdmin, "exam-0", content::Status::Retired));
    CHECK_FALSE(b.bank.set_status(test::kAdmin, "no-such-uid", content::Status::Retired));
    const auto entries = store.audit_entries();
    REQUIRE(entries.size() == before + 2);
    CHECK(entries[before].action == "question.edit");
    CHECK(entries[before].actor == "admin");
    CHECK(entries[before + 1].action == "question.retire");
}
