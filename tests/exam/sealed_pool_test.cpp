// The sealed pool and training (考培分离): a blueprint may require exam-only questions (pool `exam`, never `both`,
// which training kiosks show with their keys); the check, the drawing and session creation honour it; the overlap
// is counted; an exam database from before the exam_only field keeps its blueprints.
#include "content/storage/migrations.hpp"
#include "exam/paper.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::exam;
using content::Pool;
using content::QuestionType;

namespace {
// `n` questions of `type` in `pool`, uids prefixed by the pool's name.
void add(std::vector<PoolQuestion>& pool, QuestionType type, int n, Pool which)
{
    for (int i = 0; i < n; ++i) {
        const auto id = static_cast<std::int64_t>(pool.size() + 1);
        pool.push_back({id, std::string(content::to_string(which)) + "-" + std::to_string(id), type,
                        "第" + std::to_string(i % 3 + 1) + "章", i % 5 + 1, type == QuestionType::TrueFalse ? 2 : 4, "A",
                        which});
    }
}

Blueprint blueprint(int tf, int single, bool exam_only)
{
    Blueprint bp;
    bp.strata = {{QuestionType::TrueFalse, "", 1, 5, tf, 1.0}, {QuestionType::Single, "", 1, 5, single, 1.0}};
    bp.pass_mark = 0.8 * (tf + single);
    bp.exam_only = exam_only;
    return bp;
}
} // namespace

TEST_CASE("a paper of an exam_only blueprint never holds a question of pool both")
{
    std::vector<PoolQuestion> pool;
    add(pool, QuestionType::TrueFalse, 60, Pool::Both);
    add(pool, QuestionType::TrueFalse, 25, Pool::Exam);
    add(pool, QuestionType::Single, 30, Pool::Both);
    add(pool, QuestionType::Single, 12, Pool::Exam);
    const auto bp = blueprint(20, 10, true);
    CHECK(check_blueprint(bp, pool).empty());
    PaperDrawer drawer(pool);
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        auto paper = drawer.draw(bp, seed);
        drawer.add_usage(paper); // later papers prefer the least used: still never a shared one
        REQUIRE(paper.questions.size() == 30);
        for (const auto& q : paper.questions) REQUIRE_MESSAGE(q.uid.rfind("exam-", 0) == 0, q.uid);
    }
    // Without exam_only the shared questions are drawn as before.
    bool shared = false;
    for (std::uint64_t seed = 1; seed <= 20 && !shared; ++seed)
        for (const auto& q : draw_paper(blueprint(20, 10, false), pool, {}, seed).questions) shared |= q.uid.rfind("both-", 0) == 0;
    CHECK(shared);
}

TEST_CASE("too few exam-only questions: the check and the drawing name the stratum and both counts")
{
    std::vector<PoolQuestion> pool;
    add(pool, QuestionType::TrueFalse, 100, Pool::Both);
    add(pool, QuestionType::TrueFalse, 12, Pool::Exam);
    add(pool, QuestionType::Single, 40, Pool::Exam);
    const auto bp = blueprint(70, 30, true);
    auto shortages = check_blueprint(bp, pool);
    REQUIRE(shortages.size() == 1);
    CHECK(shortages[0].stratum == 0);
    CHECK(shortages[0].needed == 70);
    CHECK(shortages[0].available == 12);
    CHECK(shortages[0].description ==
          "判断题 / 全部章节: needs 70 exam-only, exam pool has 12 exam-only (and 100 also in training)");
    CHECK_THROWS_WITH_AS(draw_paper(bp, pool, {}, 1), doctest::Contains("needs 70 exam-only, exam pool has 12 exam-only"),
                         PoolShortage);
    CHECK(check_blueprint(blueprint(70, 30, false), pool).empty());
}

TEST_CASE("the pool supply counts exam-only and shared questions per stratum, each once, and whole papers")
{
    std::vector<PoolQuestion> pool;
    add(pool, QuestionType::TrueFalse, 50, Pool::Both);
    add(pool, QuestionType::TrueFalse, 45, Pool::Exam);
    add(pool, QuestionType::Single, 7, Pool::Both);
    add(pool, QuestionType::Single, 31, Pool::Exam);
    Blueprint bp = blueprint(20, 10, false);
    // A chapter stratum before the general one: its questions are not counted again.
    bp.strata.insert(bp.strata.begin(), {QuestionType::TrueFalse, "第1章", 1, 5, 5, 1.0});
    const auto s = pool_supply(bp, pool);
    REQUIRE(s.strata.size() == 3);
    CHECK(s.strata[0].description == "判断题 / 第1章");
    CHECK(s.strata[0].exam_only == 15); // i % 3 == 0 of 45
    CHECK(s.strata[0].shared == 17);    // of 50
    CHECK(s.strata[1].exam_only == 30);
    CHECK(s.strata[1].shared == 33);
    CHECK(s.strata[2].exam_only == 31);
    CHECK(s.strata[2].shared == 7);
    CHECK(s.drawn == 35);
    CHECK(s.exam_only == 76);
    CHECK(s.shared == 57);
    CHECK(s.exam_only_papers() == 1); // 30 / 20 true/false
}

TEST_CASE("session creation on an exam_only blueprint refuses a pool without enough exam-only questions, naming the item")
{
    test::ExamFixture f(160, 70); // pool both only
    auto bp = *exam::ExamStore(f.db).blueprint(f.blueprint_id);
    bp.exam_only = true;
    const auto id = f.service->save_blueprint(test::kAdmin, bp);
    CHECK(f.service->blueprint(test::kAdmin, id).exam_only);
    auto shortages = f.service->check_blueprint(test::kAdmin, id);
    REQUIRE(shortages.size() == 2);
    CHECK(shortages[0].description == "判断题 / 全部章节: needs 70 exam-only, exam pool has 0 exam-only (and 160 also in training)");
    Session s;
    s.blueprint_id = id;
    s.starts_at_ms = test::kNine;
    s.ends_at_ms = test::kNine + 3600000;
    s.room = "第二考场";
    s.kiosks = {"A01"};
    CHECK_THROWS_WITH_AS(f.service->create_session(test::kStaff, s),
                         "the exam pool of 电工作业 / 低压电工作业 cannot fill the blueprint: 判断题 / 全部章节: needs 70 "
                         "exam-only, exam pool has 0 exam-only (and 160 also in training)",
                         ExamError);
    // Exam-only questions added: the session is created, and its papers hold none of the shared ones.
    content::ContentStore store(f.db);
    test::add_pool(store, 70, 30, Pool::Exam, "sealed");
    const auto session = f.service->create_session(test::kStaff, s);
    f.session_id = session;
    const auto attempt = f.started_attempt("11010519800101001", "A01", "第二考场");
    const auto paper = exam::ExamStore(f.db).paper(attempt);
    REQUIRE(paper.questions.size() == 100);
    for (const auto& q : paper.questions) CHECK_MESSAGE(q.uid.rfind("sealed-", 0) == 0, q.uid);
}

TEST_CASE("an exam database from before exam_only keeps its blueprints, drawing from exam and both as before")
{
    test::TempDir dir;
    const auto path = dir / "old.db";
    // The exam schema as it was before the step that added exam_only.
    storage::Schema old = exam::schema();
    while (!old.steps.empty() && old.steps.back().sql.find("exam_only") == std::string::npos) old.steps.pop_back();
    REQUIRE_FALSE(old.steps.empty());
    old.steps.pop_back();
    std::int64_t item_id = 0;
    {
        auto db = storage::open(path, {&content::schema(), &old});
        content::ContentStore store(db);
        test::add_pool(store, 70, 30, Pool::Both);
        item_id = store.catalogue().find("电工作业", "低压电工作业")->id;
        db.prepare("INSERT INTO blueprint(item_id, kind, version, current, name, strata, pass_mark, duration_min, grace_s, "
                   "shuffle_options, partial_credit, retakes, valid_months, class_hours, practical, practical_pass_mark) "
                   "VALUES(?, 'initial', 1, 1, '旧方案', "
                   "'[{\"type\":\"tf\",\"chapter\":\"\",\"difficulty_min\":1,\"difficulty_max\":5,\"count\":70,\"points\":1},"
                   "{\"type\":\"single\",\"chapter\":\"\",\"difficulty_min\":1,\"difficulty_max\":5,\"count\":30,\"points\":1}]',"
                   " 80, 120, 60, 1, 0, 1, 12, 48, '[]', 80)")
            .bind_all(item_id)
            .run();
    }
    auto db = storage::open(path, {&content::schema(), &exam::schema()});
    CHECK(storage::schema_version(db, "exam") == exam::schema().latest());
    ExamStore store(db);
    auto bp = store.current_blueprint(item_id, ExamKind::Initial);
    REQUIRE(bp);
    CHECK(bp->name == "旧方案");
    CHECK_FALSE(bp->exam_only);
    CHECK(check_blueprint(*bp, store.exam_pool(item_id)).empty());
    // A new version may require exam-only questions; this pool has none.
    bp->exam_only = true;
    const auto id = store.save_blueprint(*bp);
    CHECK(store.blueprint(id)->exam_only);
    CHECK(store.blueprint(id)->version == 2);
    CHECK(check_blueprint(*store.blueprint(id), store.exam_pool(item_id)).size() == 2);
}
