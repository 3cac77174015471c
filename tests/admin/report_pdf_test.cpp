// safekiosk-admin report pdf: the printed training-quality report carries the figures of tests/exam/report_data.hpp
// (worked out by hand there), passes qpdf --check, and a trainer's copy has only their provider and no item analysis.
#include "tests/admin/installation.hpp"
#include "tests/certs/pdf_tools.hpp"
#include "tests/exam/report_data.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace sk;

namespace {
struct ReportInstallation : test::Installation {
    ReportInstallation()
    {
        auto d = open();
        test::build_report_data(d);
    }
};
} // namespace

TEST_CASE("report pdf prints the hand-checked figures with charts and passes qpdf --check")
{
    ReportInstallation inst;
    const auto pdf = inst.dir / "quality.pdf";
    // The hand-computed data has 10 examinees: judge the questions from 10 (the default of 30 judges none; below).
    auto r = inst.as("staff", {"report", "pdf", "--out", pdf.string(), "--min-examinees", "10"});
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("Wrote the training-quality report to") != std::string::npos);
    REQUIRE(std::filesystem::exists(pdf));
    const auto check = test::qpdf_check(pdf);
    CHECK_MESSAGE(check.status == 0, check.out);

    // SAFEKIOSK_TEST_KEEP_PDF=FILE keeps a copy to look at (docs/screenshots/quality-report.png is made from it).
    if (const char* keep = std::getenv("SAFEKIOSK_TEST_KEEP_PDF"))
        std::filesystem::copy_file(pdf, keep, std::filesystem::copy_options::overwrite_existing);
    const std::string text = test::pdftotext(pdf).out;
    INFO(text);
    CHECK(test::has(text, "培训质量考核与效果评价报告"));
    // Totals: E1 E3 E4 E10 passed of 10 scored; first attempts 3 of 8 (E1 E3 E4), retakes 1 of 2 (E10); E11 cancelled.
    CHECK(test::has(text, "10（另取消1）"));
    CHECK(test::has(text, "40.0%（4/10）"));
    CHECK(test::has(text, "37.5%（3/8）"));
    CHECK(test::has(text, "50.0%（1/2）"));
    // By provider: 甲 3 of 5 (first 3/4, retake 0/1), 乙 1 of 5 (first 0/4, retake 1/1).
    CHECK(test::has(text, "甲培训中心"));
    CHECK(test::has(text, "60.0%（3/5）"));
    CHECK(test::has(text, "20.0%（1/5）"));
    CHECK(test::has(text, "75.0%（3/4）"));
    CHECK(test::has(text, "0.0%（0/1）"));
    CHECK(test::has(text, "100.0%（1/1）"));
    // Chapters over 10 papers: 第1章 12 of 30 points, 第2章 48 of 120, 第3章 240 of 480.
    CHECK(test::has(text, "40.0%（1.2/3.0分）"));
    CHECK(test::has(text, "40.0%（4.8/12.0分）"));
    CHECK(test::has(text, "50.0%（24.0/48.0分）"));
    // Item analysis: three questions to review, rq2 with facility 0.1 and discrimination −1/3.
    CHECK(test::has(text, "10 份已评分试卷，6 道试题；高分组与低分组各 3 人"));
    CHECK(test::has(text, "需复核的试题（3道）"));
    CHECK(test::has(text, "rq2 v1"));
    CHECK(test::has(text, "0.100"));
    CHECK(test::has(text, "-0.333"));
    CHECK(test::has(text, "过易（通过率高于0.95）"));
    CHECK_FALSE(test::has(text, "rq4 v1")); // not flagged: not in the table

    CHECK_FALSE(test::has(text, "未判定"));

    // An existing file is kept without --force.
    CHECK(inst.as("staff", {"report", "pdf", "--out", pdf.string()}).code == 2);
    // With the default minimum (30 examinees a question) 10 papers judge nothing: the figures, no question to
    // review, and the report says why.
    CHECK(inst.as("staff", {"report", "pdf", "--out", pdf.string(), "--force"}).code == 0);
    if (const char* keep = std::getenv("SAFEKIOSK_TEST_KEEP_PDF"))
        std::filesystem::copy_file(pdf, std::string(keep) + ".unjudged.pdf",
                                   std::filesystem::copy_options::overwrite_existing);
    const std::string unjudged = test::pdftotext(pdf).out;
    INFO(unjudged);
    CHECK(test::has(unjudged, "作答人数少于 30 人的试题有 6 道"));
    CHECK(test::has(unjudged, "需复核的试题（0道）"));
    CHECK(test::has(unjudged, "没有可判定的试题"));
    CHECK_FALSE(test::has(unjudged, "过易（通过率高于0.95）"));
}

TEST_CASE("report pdf for a trainer: their provider only, no item analysis, others refused")
{
    ReportInstallation inst;
    const auto pdf = inst.dir / "trainer.pdf";
    auto r = inst.as("trainer", {"report", "pdf", "--out", pdf.string()});
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("without the item analysis") != std::string::npos);
    CHECK(test::qpdf_check(pdf).status == 0);
    if (const char* keep = std::getenv("SAFEKIOSK_TEST_KEEP_PDF"))
        std::filesystem::copy_file(pdf, std::string(keep) + ".trainer.pdf", std::filesystem::copy_options::overwrite_existing);
    const std::string text = test::pdftotext(pdf).out;
    CHECK(test::has(text, "60.0%（3/5）"));
    CHECK_FALSE(test::has(text, "乙培训中心"));
    CHECK_FALSE(test::has(text, "20.0%（1/5）"));
    CHECK_FALSE(test::has(text, "rq1"));
    CHECK(test::has(text, "不向培训机构提供"));

    CHECK(inst.as("trainer", {"report", "pdf", "--provider", "乙培训中心", "--out", (inst.dir / "b.pdf").string()}).code == 4);
    CHECK(inst.as("proctor", {"report", "pdf", "--out", (inst.dir / "p.pdf").string()}).code == 4);
    CHECK_FALSE(std::filesystem::exists(inst.dir / "b.pdf"));
    CHECK_FALSE(std::filesystem::exists(inst.dir / "p.pdf"));
}
