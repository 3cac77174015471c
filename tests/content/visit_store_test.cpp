#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace std::chrono_literals;

namespace {
storage::Database open_db(const std::filesystem::path& p)
{
    return storage::open(p, {&content::schema(), &content::visits_schema()});
}
content::TimePoint at(int hour, int minute = 0)
{
    // 2024-06-01 00:00:00 UTC
    return content::TimePoint(std::chrono::seconds(1717200000)) + std::chrono::hours(hour) +
           std::chrono::minutes(minute);
}
} // namespace

TEST_CASE("visits and quiz answers are counted per exhibit and survive reopening the database")
{
    test::TempDir dir;
    {
        auto db = open_db(dir / "kiosk.db");
        content::VisitStore visits(db);
        visits.record_visit("fire-01", at(9));
        visits.record_visit("fire-01", at(10));
        visits.record_visit("build-02", at(11));
        visits.record_answer("fire-01", "fire-01-q1", true, at(9, 5));
        visits.record_answer("fire-01", "fire-01-q2", false, at(9, 6));
        visits.record_answer("build-02", "build-02-q1", true, at(11, 2));
    }
    auto db = open_db(dir / "kiosk.db");
    content::VisitStore visits(db);
    auto total = visits.totals();
    CHECK(total.visits == 3);
    CHECK(total.answers == 3);
    CHECK(total.correct == 2);
    auto per = visits.per_exhibit();
    REQUIRE(per.size() == 2);
    CHECK(per[0].exhibit_uid == "build-02");
    CHECK(per[0].visits == 1);
    CHECK(per[0].correct == 1);
    CHECK(per[1].exhibit_uid == "fire-01");
    CHECK(per[1].visits == 2);
    CHECK(per[1].answers == 2);
    CHECK(per[1].correct == 1);
    CHECK(storage::schema_version(db, "visits") == content::visits_schema().latest());
}

TEST_CASE("counts can be limited to a time range, start included and end excluded")
{
    test::TempDir dir;
    auto db = open_db(dir / "kiosk.db");
    content::VisitStore visits(db);
    visits.record_visit("fire-01", at(9));
    visits.record_visit("fire-01", at(10));
    visits.record_visit("fire-01", at(11));
    visits.record_answer("fire-01", "fire-01-q1", true, at(10, 30));
    auto morning = visits.totals({at(10), at(11)});
    CHECK(morning.visits == 1);
    CHECK(morning.answers == 1);
    CHECK(visits.totals({at(10), std::nullopt}).visits == 2);
    CHECK(visits.totals({std::nullopt, at(10)}).visits == 1);
    CHECK(visits.per_exhibit({at(12), std::nullopt}).empty());
}

TEST_CASE("the stored time is UTC and holds nothing but exhibit, question, result and time")
{
    test::TempDir dir;
    auto db = open_db(dir / "kiosk.db");
    content::VisitStore visits(db);
    visits.record_answer("fire-01", "fire-01-q1", false, at(13, 7));
    CHECK(content::utc_timestamp(at(13, 7)) == "2024-06-01T13:07:00Z");
    auto st = db.prepare("SELECT * FROM exhibit_quiz_answer");
    REQUIRE(st.step());
    CHECK(st.text(1) == "fire-01");
    CHECK(st.text(2) == "fire-01-q1");
    CHECK(st.integer(3) == 0);
    CHECK(st.text(4) == "2024-06-01T13:07:00Z");
    auto cols = db.prepare("SELECT count(*) FROM pragma_table_info('exhibit_quiz_answer')");
    cols.step();
    CHECK(cols.integer(0) == 5);
}
