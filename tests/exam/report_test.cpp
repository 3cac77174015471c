// Training-quality reports against figures worked out by hand from tests/exam/report_data.hpp.
#include "content/storage/visit_store.hpp"
#include "exam/reports.hpp"
#include "tests/exam/report_data.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace sk;
using namespace sk::exam;

using test::ReportFixture;

namespace {

const Actor kReader{"staff", {Role::ExamStaff}};

const ItemAnalysisRow& question(const ItemAnalysis& a, const std::string& uid)
{
    for (const auto& q : a.questions)
        if (q.uid == uid) return q;
    FAIL("no row for " << uid);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("item analysis: facility, discrimination, options by stored order and flags match the hand computation")
{
    ReportFixture f;
    // The hand-computed data has 10 examinees: judged from 10 (the default, 30, judges none of them; next test).
    auto a = Reports(f.db).item_analysis(kReader, {}, 10);
    // 10 scored papers (E11 was cancelled); groups of round(0.27 × 10) = 3.
    CHECK(a.examinees == 10);
    CHECK(a.min_examinees == 10);
    CHECK(a.not_judged == 0);
    CHECK(a.group_size == 3);
    REQUIRE(a.questions.size() == 6);
    // Ranked by total: E10 61, E1 57, E4 49 | E3 41, E5 33, E2 25, E7 17 | E6 9, E9 7, E8 1.
    // Q1: all 10 right → facility 10/10 = 1.0 > 0.95; upper 3/3 − lower 3/3 = 0 < 0.1.
    const auto& q1 = question(a, "rq1");
    CHECK(q1.examinees == 10);
    CHECK(q1.correct == 10);
    CHECK(*q1.facility == doctest::Approx(1.0));
    CHECK(*q1.discrimination == doctest::Approx(0.0));
    CHECK(q1.option_counts == std::vector<int>{10, 0});
    CHECK(q1.flags == std::vector<std::string>{"facility-high", "discrimination-low"});
    // Q2: only E9 right → 0.1 < 0.2; upper 0/3 − lower (E9) 1/3 = −0.333. A chosen by E1–E7 and E10, B by E9,
    // E8 left it out.
    const auto& q2 = question(a, "rq2");
    CHECK(*q2.facility == doctest::Approx(0.1));
    CHECK(*q2.discrimination == doctest::Approx(-1.0 / 3));
    CHECK(q2.option_counts == std::vector<int>{8, 1});
    CHECK(q2.omitted == 1);
    CHECK(q2.flags == std::vector<std::string>{"facility-low", "discrimination-low"});
    // Q3: E9 and E10 right → exactly 0.2, not below it: no facility flag; upper (E10) 1/3 − lower (E9) 1/3 = 0.
    const auto& q3 = question(a, "rq3");
    CHECK(*q3.facility == doctest::Approx(0.2));
    CHECK(q3.option_counts == std::vector<int>{4, 4, 0, 2});
    CHECK(q3.flags == std::vector<std::string>{"discrimination-low"});
    // Q4 (options reversed for even examinees): right E1 E2 E3 E6 E10 → 0.5; upper E10 E1 (not E4) 2/3 − lower E6
    // 1/3 = 0.333. Stored choices: A E4 (shown D), B ×5, C E9, D E5 E7; E8 none. Shown letters alone would give
    // A 0, B 3, C 4, D 3 — the report maps them back through option_order.
    const auto& q4 = question(a, "rq4");
    CHECK(q4.correct == 5);
    CHECK(*q4.facility == doctest::Approx(0.5));
    CHECK(q4.upper_examinees == 3);
    CHECK(q4.upper_correct == 2);
    CHECK(q4.lower_correct == 1);
    CHECK(*q4.discrimination == doctest::Approx(1.0 / 3));
    CHECK(q4.option_counts == std::vector<int>{1, 5, 1, 2});
    CHECK(q4.omitted == 1);
    CHECK(q4.key == "B");
    CHECK(q4.flags.empty());
    // Q5 (multiple choice AC, no partial credit): right E1 E2 E4 E7 E10 → 0.5; upper 3/3 − lower 0/3 = 1.
    // Stored options chosen: A by E1 E2 E3 E4 E5 E6 E7 E10 = 8, B by E6, C by E1 E2 E4 E5 E7 E9 E10 = 7, D by E5.
    const auto& q5 = question(a, "rq5");
    CHECK(*q5.facility == doctest::Approx(0.5));
    CHECK(*q5.discrimination == doctest::Approx(1.0));
    CHECK(q5.option_counts == std::vector<int>{8, 1, 7, 1});
    CHECK(q5.flags.empty());
    // Q6: right E1 E3 E4 E5 E10 → 0.5; upper 3/3 − lower 0/3 = 1; A ×5, B 0, C ×5.
    const auto& q6 = question(a, "rq6");
    CHECK(q6.option_counts == std::vector<int>{5, 0, 5});
    CHECK(*q6.discrimination == doctest::Approx(1.0));
}

TEST_CASE("item analysis judges no question before enough examinees had it, and still gives its figures")
{
    ReportFixture f;
    Reports r(f.db);
    // After a handful of papers a question answered wrongly by most is not yet "too hard": with the default minimum
    // of 30 examinees nothing of the 10 papers is flagged, every figure is still computed.
    auto a = r.item_analysis(kReader, {});
    CHECK(a.min_examinees == kMinExaminees);
    CHECK(a.not_judged == 6);
    for (const auto& q : a.questions) {
        CHECK_MESSAGE(!q.judged, q.uid);
        CHECK_MESSAGE(q.flags.empty(), q.uid);
        CHECK(q.examinees == 10);
    }
    CHECK(*question(a, "rq2").facility == doctest::Approx(0.1));
    CHECK(*question(a, "rq2").discrimination == doctest::Approx(-1.0 / 3));
    // One examinee short of the minimum: still not judged; at the minimum: judged.
    CHECK(r.item_analysis(kReader, {}, 11).not_judged == 6);
    auto at = r.item_analysis(kReader, {}, 10);
    CHECK(at.not_judged == 0);
    CHECK(question(at, "rq2").judged);
    CHECK(question(at, "rq2").flags == std::vector<std::string>{"facility-low", "discrimination-low"});
    // Per question, not per range: December's 2 papers judge nothing at a minimum of 3.
    ReportFilter dec;
    dec.from_ms = test::kDec05 - 86400000;
    auto d = r.item_analysis(kReader, dec, 3);
    CHECK(d.not_judged == static_cast<int>(d.questions.size()));
    // A minimum below 1 means 1.
    CHECK(r.item_analysis(kReader, {}, 0).min_examinees == 1);
    // The CSV says which rows were not judged.
    CHECK(item_analysis_csv(a).find(",not-judged,") != std::string::npos);
}

TEST_CASE("item analysis follows the filter: a period and a provider")
{
    ReportFixture f;
    Reports r(f.db);
    // December only: E9 (7) and E10 (61); groups of round(0.54) = 1: upper E10, lower E9.
    ReportFilter dec;
    dec.from_ms = test::kDec05 - 86400000;
    auto a = r.item_analysis(kReader, dec);
    CHECK(a.examinees == 2);
    CHECK(a.group_size == 1);
    const auto& q2 = question(a, "rq2"); // E9 right, E10 wrong: 1/2; 0/1 − 1/1 = −1
    CHECK(*q2.facility == doctest::Approx(0.5));
    CHECK(*q2.discrimination == doctest::Approx(-1.0));
    // 甲培训中心: E1 57, E4 49, E3 41, E5 33, E2 25; round(1.35) = 1: upper E1, lower E2.
    ReportFilter a_only;
    a_only.provider = test::kProviderA;
    auto pa = r.item_analysis(kReader, a_only);
    CHECK(pa.examinees == 5);
    const auto& q6 = question(pa, "rq6"); // right E1 E3 E4 E5 (not E2): 4/5; E1 1 − E2 0 = 1
    CHECK(*q6.facility == doctest::Approx(0.8));
    CHECK(*q6.discrimination == doctest::Approx(1.0));
    // An item with no exams has no rows.
    ReportFilter other;
    other.item_id = content::ContentStore(f.db).catalogue().find("电工作业", "高压电工作业")->id;
    CHECK(r.item_analysis(kReader, other).questions.empty());
}

TEST_CASE("pass rates by provider, item and month, first attempts apart from retakes, cancelled results apart")
{
    ReportFixture f;
    auto rows = Reports(f.db).pass_rates(kReader, {}, Period::Month);
    // Rows by provider (code point order: 乙 U+4E59 before 甲 U+7532), item, period.
    REQUIRE(rows.size() == 3);
    // 乙 2026-11: E6, E7, E8 fail; E11 cancelled is counted apart.
    CHECK(rows[0].provider == test::kProviderB);
    CHECK(rows[0].item == "低压电工作业");
    CHECK(rows[0].period == "2026-11");
    CHECK(rows[0].sat == 3);
    CHECK(rows[0].passed == 0);
    CHECK(rows[0].cancelled == 1);
    // 乙 2026-12: E9 first attempt fails, E10 retake passes.
    CHECK(rows[1].period == "2026-12");
    CHECK(rows[1].first_sat == 1);
    CHECK(rows[1].first_passed == 0);
    CHECK(rows[1].retake_sat == 1);
    CHECK(rows[1].retake_passed == 1);
    // 甲 2026-11: E1 57, E3 41, E4 49 pass (≥ 40), E2 25 and the retake E5 33 fail.
    CHECK(rows[2].provider == test::kProviderA);
    CHECK(rows[2].period == "2026-11");
    CHECK(rows[2].sat == 5);
    CHECK(rows[2].passed == 3);
    CHECK(rows[2].first_sat == 4);
    CHECK(rows[2].first_passed == 3);
    CHECK(rows[2].retake_sat == 1);
    CHECK(rows[2].retake_passed == 0);
    CHECK(rows[2].cancelled == 0);
    CHECK(*PassRateRow::rate(rows[2].passed, rows[2].sat) == doctest::Approx(0.6));

    auto all = Reports(f.db).pass_rates(kReader, {}, Period::All);
    REQUIRE(all.size() == 2);
    CHECK(all[0].period == "全部");
    CHECK(all[0].sat == 5); // 乙: E6–E10, E10 passed
    CHECK(all[0].passed == 1);
    CHECK(Reports(f.db).pass_rates(kReader, {}, Period::Quarter)[0].period == "2026-Q4");

    // Training staff see their own provider only, and never the item analysis.
    const Actor trainer{"t", {Role::TrainingStaff}, test::kProviderB};
    auto own = Reports(f.db).pass_rates(trainer, {}, Period::All);
    REQUIRE(own.size() == 1);
    CHECK(own[0].provider == test::kProviderB);
    CHECK_THROWS_AS(Reports(f.db).item_analysis(trainer, {}), PermissionDenied);
    ReportFilter other;
    other.provider = test::kProviderA;
    CHECK_THROWS_WITH(Reports(f.db).chapters(trainer, other), doctest::Contains("may not see the figures of 甲培训中心"));
    CHECK_THROWS_AS(Reports(f.db).pass_rates(Actor{"p", {Role::Proctor}}, {}, Period::All), PermissionDenied);
}

TEST_CASE("average score by chapter over the scored papers")
{
    ReportFixture f;
    auto rows = Reports(f.db).chapters(kReader, {});
    REQUIRE(rows.size() == 3);
    // 第1章 = Q1 (1 point) + Q2 (2): Q1 right ×10, Q2 right ×1 (E9) → 10 + 2 = 12 of 10 × 3 = 30 points: 40 %,
    // 1.2 points per paper; 11 of 20 questions right.
    CHECK(rows[0].chapter == "第1章");
    CHECK(rows[0].attempts == 10);
    CHECK(rows[0].questions == 20);
    CHECK(rows[0].correct == 11);
    CHECK(rows[0].points == doctest::Approx(12));
    CHECK(rows[0].average_points() == doctest::Approx(1.2));
    CHECK(rows[0].percent() == doctest::Approx(40));
    // 第2章 = Q3 (4) right ×2 + Q4 (8) right ×5 = 8 + 40 = 48 of 120: 40 %, 4.8 per paper.
    CHECK(rows[1].correct == 7);
    CHECK(rows[1].points == doctest::Approx(48));
    CHECK(rows[1].average_points() == doctest::Approx(4.8));
    // 第3章 = Q5 (16) ×5 + Q6 (32) ×5 = 80 + 160 = 240 of 480: 50 %, 24 per paper.
    CHECK(rows[2].points == doctest::Approx(240));
    CHECK(rows[2].percent() == doctest::Approx(50));
    // The three chapters add up to the 300 points of all ten totals (61+57+49+41+33+25+17+9+7+1).
    CHECK(rows[0].points + rows[1].points + rows[2].points == doctest::Approx(300));
}

TEST_CASE("report CSV files are UTF-8 with a BOM and Chinese headers")
{
    ReportFixture f;
    Reports r(f.db);
    auto csv = item_analysis_csv(r.item_analysis(kReader, {}, 10));
    CHECK(csv.rfind("\xEF\xBB\xBF题目编号,", 0) == 0);
    CHECK(csv.find("rq4,1,单选题,电工作业,低压电工作业,第2章,B,10,5,0.500,3,2,3,1,0.333,1,1,5,1,2,") != std::string::npos);
    CHECK(csv.find("facility-high discrimination-low") != std::string::npos);
    auto rates = pass_rates_csv(r.pass_rates(kReader, {}, Period::Month));
    CHECK(rates.find("甲培训中心,电工作业,低压电工作业,2026-11,5,3,60.0,4,3,75.0,1,0,0.0,0\r\n") != std::string::npos);
    auto chapters = chapters_csv(r.chapters(kReader, {}));
    CHECK(chapters.find("电工作业,低压电工作业,第3章,10,20,10,50.0,24.00,48.00,50.0\r\n") != std::string::npos);
}

TEST_CASE("exhibit visits: skipped with a note when the kiosk's tables are missing, counted when present")
{
    ReportFixture f;
    Reports r(f.db);
    auto missing = r.exhibits(kReader, {});
    CHECK_FALSE(missing.available);
    CHECK(missing.note.find("exhibit_visit") != std::string::npos);
    // The tables as the kiosk's "visits" schema creates them (content/storage/visit_store.cpp).
    storage::migrate(f.db, {&content::visits_schema()});
    f.db.exec("INSERT INTO exhibit_visit(exhibit_uid, at) VALUES('case-1', '2026-06-01T02:00:00Z'),"
              "('case-1', '2026-06-02T02:00:00Z'), ('case-2', '2026-07-01T02:00:00Z');"
              "INSERT INTO exhibit_quiz_answer(exhibit_uid, question_uid, correct, at) VALUES"
              "('case-1', 'q1', 1, '2026-06-01T02:01:00Z'), ('case-1', 'q2', 0, '2026-06-01T02:02:00Z'),"
              "('case-1', 'q1', 1, '2026-06-02T02:01:00Z');");
    auto all = r.exhibits(kReader, {});
    REQUIRE(all.available);
    REQUIRE(all.rows.size() == 2);
    CHECK(all.rows[0].uid == "case-1");
    CHECK(all.rows[0].visits == 2);
    CHECK(all.rows[0].answers == 3);
    CHECK(all.rows[0].correct == 2);
    CHECK(all.rows[1].visits == 1);
    ReportFilter june;
    june.from_ms = 1780272000000LL; // 2026-06-01 00:00 UTC
    june.to_ms = 1780358400000LL;   // 2026-06-02 00:00 UTC
    auto one_day = r.exhibits(kReader, june);
    REQUIRE(one_day.rows.size() == 1);
    CHECK(one_day.rows[0].visits == 1);
    CHECK(one_day.rows[0].answers == 2);
}
