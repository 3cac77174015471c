// The exam day is a day in Beijing: an early-morning session belongs to that day even while UTC is still on the
// day before.
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using test::ExamFixture;
using test::id_with_check;

TEST_CASE("eligibility: an examinee who turns 18 on the exam day in Beijing may sit a 07:30 session")
{
    ExamFixture f;
    // 2026-11-28 07:30 Beijing = 2026-11-27 23:30 UTC.
    exam::Session s;
    s.blueprint_id = f.blueprint_id;
    s.starts_at_ms = test::kNine - 90 * 60 * 1000;
    s.ends_at_ms = s.starts_at_ms + 2 * 3600 * 1000;
    s.room = "第二考场";
    s.kiosks = {"B01"};
    const auto early = f.service->create_session(test::kStaff, s);

    const auto birthday = f.add_candidate("11010520081128001", "生日当天"); // born 2008-11-28
    const auto e = f.service->eligibility(birthday, early);
    CAPTURE(e.reasons.size());
    CHECK(e.eligible);

    const auto tomorrow = f.add_candidate("11010520081129001", "明天满18"); // born 2008-11-29
    const auto t = f.service->eligibility(tomorrow, early);
    CHECK_FALSE(t.eligible);
    REQUIRE(t.reasons.size() == 1);
    CHECK(t.reasons.front().find("未满18周岁") != std::string::npos);
}
