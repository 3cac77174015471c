// The blueprint editor's live check against the sealed exam pool: the shortfall of each stratum in words.
#include "admin/gui/blueprint_check.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;

TEST_CASE("the live blueprint check names the short stratum with both numbers")
{
    test::ExamFixture f;
    f.add_pool("电工作业", "低压电工作业", 14, 9, 0);
    const auto item = f.item("电工作业", "低压电工作业");
    exam::Blueprint bp = f.exam.blueprint(f.admin, f.blueprint(item, true)); // 10 true/false + 10 single

    auto c = admin::gui::check_live(f.exam, f.admin, bp);
    CHECK_FALSE(c.ok());
    CHECK(c.pool_size == 23);
    CHECK(c.matching == std::vector<int>{14, 9});
    CHECK(c.shortfall(0).empty());
    CHECK(c.shortfall(1) == "单选题 / 全部章节：需要 10 题，考试题库只有 9 题");
    CHECK(c.summary(bp) == "考试题库不足：1 个分层共缺 1 题");

    // The editor lowers the count: the check passes at once, nothing saved.
    bp.strata[1].count = 9;
    c = admin::gui::check_live(f.exam, f.admin, bp);
    CHECK(c.ok());
    CHECK(c.summary(bp) == "考试题库满足本方案：19 题，95 分（考试题库共 23 题）");

    // A stratum the library refuses: named by field.
    bp.strata[0].count = 0;
    c = admin::gui::check_live(f.exam, f.admin, bp);
    REQUIRE_FALSE(c.problems.empty());
    CHECK(c.problems.front().field == "strata[1].count");

    // The sealed pool is not for training staff.
    CHECK_THROWS_AS(admin::gui::check_live(f.exam, f.trainer, bp), exam::PermissionDenied);
}

TEST_CASE("the live check shows the overlap with training and, under exam_only, counts exam-only questions")
{
    std::vector<exam::PoolQuestion> pool;
    for (int i = 0; i < 40; ++i) {
        const bool tf = i < 25;
        const bool shared = i % 5 == 0; // 5 true/false and 3 single choice in pool both
        pool.push_back({i + 1, "q" + std::to_string(i), tf ? content::QuestionType::TrueFalse : content::QuestionType::Single,
                        "第一章", 3, tf ? 2 : 4, "A", shared ? content::Pool::Both : content::Pool::Exam});
    }
    exam::Blueprint bp;
    bp.strata = {{content::QuestionType::TrueFalse, "", 1, 5, 10, 1.0}, {content::QuestionType::Single, "", 1, 5, 6, 1.0}};
    bp.pass_mark = 12;

    auto c = admin::gui::check_against(pool, bp);
    CHECK(c.ok());
    CHECK(c.overlap_warning());
    CHECK(c.matching == std::vector<int>{25, 15});
    CHECK(c.overlap() ==
          "注意：试卷可能抽到 8 道培训终端显示答案的题（“练习+考试”题）；仅考试题 32 道，每套抽 16 题，可组 2 套不重复试卷");

    bp.exam_only = true;
    c = admin::gui::check_against(pool, bp);
    CHECK(c.ok());
    CHECK_FALSE(c.overlap_warning());
    CHECK(c.matching == std::vector<int>{20, 12});
    CHECK(c.overlap() == "只抽仅考试题：32 道，每套抽 16 题，可组 2 套不重复试卷（8 道培训可见的题不抽）");

    bp.strata[1].count = 13;
    c = admin::gui::check_against(pool, bp);
    CHECK_FALSE(c.ok());
    CHECK(c.shortfall(1) == "单选题 / 全部章节：需要 13 道仅考试题，只有 12 道");
    CHECK(c.overlap() == "只抽仅考试题：32 道，每套抽 23 题，可组 0 套不重复试卷（8 道培训可见的题不抽）");
}
