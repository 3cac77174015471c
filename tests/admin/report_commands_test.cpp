#include "content/storage/visit_store.hpp"
// safekiosk-admin report …: the figures of tests/exam/report_data.hpp (worked out by hand in
// tests/exam/report_test.cpp) through the program, as JSON, text and CSV, and who may see them.
#include "tests/admin/installation.hpp"
#include "tests/exam/report_data.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;

namespace {
struct ReportInstallation : test::Installation {
    ReportInstallation()
    {
        auto d = open();
        test::build_report_data(d);
    }
};

nlohmann::json json_of(const test::AdminRun& r)
{
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out);
}
} // namespace

TEST_CASE("report items: facility, discrimination, options and flags, --flagged, --from, --csv, never for trainers")
{
    ReportInstallation inst;
    auto all = json_of(inst.as("staff", {"--json", "report", "items"}));
    CHECK(all["examinees"] == 10);
    CHECK(all["group_size"] == 3);
    REQUIRE(all["questions"].size() == 6);
    // 10 examinees are too few to judge a question by default (30): figures, no flags, and the report says so.
    CHECK(all["min_examinees"] == 30);
    CHECK(all["not_judged"] == 6);
    CHECK(all["questions"][1]["judged"] == false);
    CHECK(all["questions"][1]["flags"].empty());
    CHECK(json_of(inst.as("staff", {"--json", "report", "items", "--flagged"}))["questions"].empty());
    auto unjudged = inst.as("staff", {"report", "items"});
    CHECK(unjudged.out.find("rq2 v1\t判断题\tB\t10\t0.100\t-0.333\tA:8 B:1\t1\tnot judged") != std::string::npos);
    CHECK(unjudged.out.find("6 questions; 0 to review (facility below 0.2 or above 0.95, discrimination below 0.1); "
                            "6 not judged: fewer than 30 examinees each") != std::string::npos);
    CHECK(inst.as("staff", {"report", "items", "--min-examinees", "0"}).code == 2);
    CHECK(inst.as("staff", {"report", "items", "--min-examinees", "many"}).code == 2);

    auto flagged = json_of(inst.as("admin", {"--json", "report", "items", "--flagged", "--min-examinees", "10"}));
    REQUIRE(flagged["questions"].size() == 3); // Q1, Q2, Q3
    CHECK(flagged["questions"][0]["uid"] == "rq1");
    CHECK(flagged["questions"][0]["flags"] == nlohmann::json::array({"facility-high", "discrimination-low"}));
    CHECK(flagged["questions"][1]["facility"].get<double>() == doctest::Approx(0.1));
    CHECK(flagged["questions"][2]["flags"] == nlohmann::json::array({"discrimination-low"}));
    const auto& q4 = all["questions"][3];
    CHECK(q4["uid"] == "rq4");
    CHECK(q4["option_counts"] == nlohmann::json::array({1, 5, 1, 2}));
    CHECK(q4["discrimination"].get<double>() == doctest::Approx(1.0 / 3));

    auto text = inst.as("staff", {"report", "items", "--flagged", "--min-examinees", "10"});
    CHECK(text.code == 0);
    CHECK(text.out.find("rq2 v1\t判断题\tB\t10\t0.100\t-0.333\tA:8 B:1\t1\tfacility-low, discrimination-low") != std::string::npos);
    CHECK(text.out.find("3 questions flagged; 3 to review") != std::string::npos);

    auto december = json_of(inst.as("staff", {"--json", "report", "items", "--from", "2026-12-01", "--to", "2026-12-31"}));
    CHECK(december["examinees"] == 2);
    auto november = json_of(inst.as("staff", {"--json", "report", "items", "--to", "2026-11-30"}));
    CHECK(november["examinees"] == 8);
    CHECK(inst.as("staff", {"report", "items", "--from", "2026-13-01"}).code == 2);
    CHECK(inst.as("staff", {"report", "items", "--from", "2026-12-02", "--to", "2026-12-01"}).code == 2);

    const auto csv = inst.dir / "items.csv";
    CHECK(inst.as("staff", {"report", "items", "--csv", csv.string()}).code == 0);
    const auto file = test::read_file(csv);
    CHECK(file.rfind("\xEF\xBB\xBF题目编号,", 0) == 0);
    CHECK(file.find("rq5,1,多选题,电工作业,低压电工作业,第3章,AC,10,5,0.500,3,3,3,0,1.000,1,8,1,7,1,") != std::string::npos);

    for (const char* who : {"trainer", "proctor", "examiner", "certs"}) {
        auto denied = inst.as(who, {"report", "items"});
        CHECK_MESSAGE(denied.code == 4, who);
        CHECK(denied.out.empty());
    }
}

TEST_CASE("report pass-rates and chapters, with trainers limited to their own provider")
{
    ReportInstallation inst;
    auto rates = json_of(inst.as("staff", {"--json", "report", "pass-rates"}));
    REQUIRE(rates.size() == 3);
    CHECK(rates[2]["provider"] == "甲培训中心");
    CHECK(rates[2]["period"] == "2026-11");
    CHECK(rates[2]["pass_rate"].get<double>() == doctest::Approx(0.6));
    CHECK(rates[2]["first_pass_rate"].get<double>() == doctest::Approx(0.75));
    CHECK(rates[2]["retake_pass_rate"].get<double>() == doctest::Approx(0.0));
    CHECK(rates[0]["cancelled"] == 1);
    auto yearly = json_of(inst.as("staff", {"--json", "report", "pass-rates", "--period", "year", "--provider", "乙培训中心"}));
    REQUIRE(yearly.size() == 1);
    CHECK(yearly[0]["period"] == "2026");
    CHECK(yearly[0]["sat"] == 5);
    CHECK(yearly[0]["passed"] == 1);
    CHECK(yearly[0]["retake_pass_rate"].get<double>() == doctest::Approx(1.0));

    // The installation's trainer works for 甲培训中心: only its rows; another provider's are refused.
    auto other = inst.as("trainer", {"--json", "report", "pass-rates", "--period", "all", "--provider", "乙培训中心"});
    CHECK(other.code == 4);
    CHECK(other.err.find("may not see the figures of 乙培训中心") != std::string::npos);
    auto own = json_of(inst.as("trainer", {"--json", "report", "pass-rates", "--period", "all"}));
    REQUIRE(own.size() == 1);
    CHECK(own[0]["provider"] == "甲培训中心");
    CHECK(own[0]["sat"] == 5);

    const auto csv = inst.dir / "rates.csv";
    auto text = inst.as("admin", {"report", "pass-rates", "--csv", csv.string()});
    CHECK(text.code == 0);
    CHECK(text.out.find("甲培训中心\t电工作业 / 低压电工作业\t2026-11\t5\t3\t60.0%\t75.0% (3/4)\t0.0% (0/1)\t0") != std::string::npos);
    CHECK(test::read_file(csv).find("甲培训中心,电工作业,低压电工作业,2026-11,5,3,60.0,4,3,75.0,1,0,0.0,0\r\n") != std::string::npos);
    CHECK(inst.as("admin", {"report", "pass-rates", "--csv", csv.string()}).code == 2);

    auto chapters = json_of(inst.as("staff", {"--json", "report", "chapters", "--item", "低压电工作业"}));
    REQUIRE(chapters.size() == 3);
    CHECK(chapters[0]["chapter"] == "第1章");
    CHECK(chapters[0]["average_points"].get<double>() == doctest::Approx(1.2));
    CHECK(chapters[2]["percent"].get<double>() == doctest::Approx(50));
    auto trainer_chapters = json_of(inst.as("trainer", {"--json", "report", "chapters"}));
    REQUIRE(trainer_chapters.size() == 3);
    // 甲 only (E1–E5): 第3章 = Q5 16 × (E1 E2 E4) + Q6 32 × (E1 E3 E4 E5) = 48 + 128 = 176 of 5 × 48 = 240.
    CHECK(trainer_chapters[2]["average_points"].get<double>() == doctest::Approx(176.0 / 5));
    CHECK(inst.as("certs", {"report", "chapters"}).code == 4);
    CHECK(inst.as("proctor", {"report", "pass-rates"}).code == 4);
}

TEST_CASE("report exhibits counts the kiosk's anonymous case visits and quiz answers")
{
    ReportInstallation inst;
    // The program opens every library's schema, the kiosk's visit tables included.
    REQUIRE(inst.as("staff", {"report", "exhibits"}).code == 0);
    {
        auto db = storage::open(inst.db, {&content::schema(), &content::visits_schema(), &exam::schema()});
        content::ContentStore store(db);
        content::Exhibit e;
        e.uid = "case-x";
        e.title = "某车间有限空间中毒";
        e.industry = "工贸";
        e.date = "2024-05-06";
        e.summary = "……";
        e.images = {{"images/x.png", "示意"}};
        content::Question q;
        q.uid = "case-x-q1";
        q.type = content::QuestionType::TrueFalse;
        q.options = content::true_false_options();
        q.answer = "A";
        q.stem = "进入有限空间前必须先通风、再检测。";
        e.quiz = {q};
        store.save_exhibit(e);
        content::VisitStore visits(db);
        const auto now = std::chrono::system_clock::now();
        visits.record_visit("case-x", now);
        visits.record_visit("case-x", now);
        visits.record_answer("case-x", "case-x-q1", true, now);
        visits.record_answer("case-x", "case-x-q1", false, now);
    }
    auto j = json_of(inst.as("staff", {"--json", "report", "exhibits"}));
    CHECK(j["available"] == true);
    REQUIRE(j["exhibits"].size() == 1);
    CHECK(j["exhibits"][0]["uid"] == "case-x");
    CHECK(j["exhibits"][0]["visits"] == 2);
    CHECK(j["exhibits"][0]["answers"] == 2);
    CHECK(j["exhibits"][0]["correct"] == 1);
}
