// SQLite's query plans of the report queries (EXPLAIN QUERY PLAN). The reports themselves, on both engines:
// report_test.cpp.
#include "content/storage/visit_store.hpp"
#include "exam/storage/report_store.hpp"
#include "tests/exam/report_data.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::exam;

using test::ReportFixture;

TEST_CASE("every report query is driven by an index: no full scan of attempt, paper_question, answer or answer_log")
{
    ReportFixture f;
    ReportStore store(f.db);
    const auto item = f.data.item_id;
    std::vector<ReportFilter> filters(5);
    filters[1].item_id = item;
    filters[2].provider = test::kProviderA;
    filters[3].from_ms = test::kNov20;
    filters[3].to_ms = test::kDec05;
    filters[4] = {test::kNov20, test::kDec05, item, std::string(test::kProviderB)};
    // The kiosk's visit tables, when present, are read by their time index too.
    storage::migrate(f.db, {&content::visits_schema()});
    for (const auto& filter : filters) {
        auto plans = store.explain(filter);
        REQUIRE(plans.size() == 5);
        for (const auto& plan : plans) {
            REQUIRE_FALSE(plan.steps.empty());
            for (const auto& step : plan.steps) {
                INFO(plan.query << ": " << step);
                for (const char* table : {"attempt", "paper_question", "answer", "answer_log", "exhibit_visit",
                                          "exhibit_quiz_answer"}) {
                    const std::string scan = std::string("SCAN ") + table;
                    const bool full_scan = step.rfind(scan, 0) == 0 &&
                                           (step.size() == scan.size() || step[scan.size()] == ' ');
                    CHECK_FALSE(full_scan);
                }
            }
        }
    }
    // Attempts are found through the time index; each paper and its answers through covering indexes.
    auto plans = store.explain({});
    CHECK(plans[0].steps[0].find("USING INDEX attempt_scored") != std::string::npos);
    CHECK(plans[1].steps[0].find("USING COVERING INDEX paper_question_report") != std::string::npos);
    CHECK(plans[2].steps[0].find("USING COVERING INDEX answer_report") != std::string::npos);
}

