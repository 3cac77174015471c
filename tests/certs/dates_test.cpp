#include "certs/certificate.hpp"
#include "certs/dates.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

using namespace sk::certs;
using sk::test::ymd;

TEST_CASE("adding years keeps month and day, and 29 February becomes 28 February in a common year")
{
    CHECK(add_years(ymd(2026, 3, 2), 6) == ymd(2032, 3, 2));
    CHECK(add_years(ymd(2024, 2, 29), 6) == ymd(2030, 2, 28));
    CHECK(add_years(ymd(2024, 2, 29), 3) == ymd(2027, 2, 28));
    CHECK(add_years(ymd(2024, 2, 29), 4) == ymd(2028, 2, 29)); // a leap year keeps the leap day
    CHECK(add_years(ymd(2024, 2, 29), 100) == ymd(2124, 2, 29));
    CHECK(add_years(ymd(2096, 2, 29), 4) == ymd(2100, 2, 28)); // 2100 is not a leap year
    CHECK(add_years(ymd(2023, 2, 28), 1) == ymd(2024, 2, 28));
    CHECK(add_years(ymd(2024, 12, 31), 3) == ymd(2027, 12, 31));
    CHECK(add_years(ymd(2030, 2, 28), -6) == ymd(2024, 2, 28));
}

TEST_CASE("day arithmetic crosses leap days and year ends")
{
    CHECK(add_days(ymd(2024, 2, 28), 1) == ymd(2024, 2, 29));
    CHECK(add_days(ymd(2024, 2, 29), 1) == ymd(2024, 3, 1));
    CHECK(add_days(ymd(2023, 2, 28), 1) == ymd(2023, 3, 1));
    CHECK(add_days(ymd(2027, 2, 28), -60) == ymd(2026, 12, 30));
    CHECK(days_between(ymd(2024, 1, 1), ymd(2025, 1, 1)) == 366);
    CHECK(days_between(ymd(2025, 1, 1), ymd(2026, 1, 1)) == 365);
    CHECK(days_between(ymd(2026, 3, 2), ymd(2026, 3, 1)) == -1);
}

TEST_CASE("dates are read and written as ISO, compact and Chinese text, impossible dates are refused")
{
    CHECK(iso(ymd(2024, 2, 29)) == "2024-02-29");
    CHECK(compact(ymd(2024, 2, 29)) == "20240229");
    CHECK(zh(ymd(2030, 2, 28)) == "2030年2月28日");
    CHECK(parse_date("2024-02-29") == ymd(2024, 2, 29));
    CHECK(parse_date("20240229") == ymd(2024, 2, 29));
    CHECK_FALSE(parse_date("2023-02-29"));
    CHECK_FALSE(parse_date("2026-13-01"));
    CHECK_FALSE(parse_date("2026-1-01"));
    CHECK_FALSE(parse_date("2026-00-10"));
    CHECK_FALSE(parse_date("2026/01/10"));
    CHECK_FALSE(parse_date(""));
}

TEST_CASE("certificate days are China Standard Time: 01:00 in Beijing on 1 March is 1 March")
{
    // 2024-02-29 17:00 UTC = 2024-03-01 01:00 CST
    CHECK(date_of_ms(sk::test::cst_ms(ymd(2024, 3, 1), 1)) == ymd(2024, 3, 1));
    CHECK(date_of_ms(sk::test::cst_ms(ymd(2024, 2, 29), 23)) == ymd(2024, 2, 29));
}

TEST_CASE("the state on a day follows the review date, the window and the expiry")
{
    CertPolicy p;
    Certificate c;
    c.track = CertTrack::Special;
    c.valid_until = ymd(2030, 2, 28);
    c.review_due = ymd(2027, 2, 28);
    CHECK(state_on(c, p, ymd(2024, 2, 29)) == CertState::Valid);
    CHECK(state_on(c, p, ymd(2026, 12, 29)) == CertState::Valid);
    CHECK(state_on(c, p, ymd(2026, 12, 30)) == CertState::ReviewDue); // 60 days before 28 February 2027
    CHECK(state_on(c, p, ymd(2027, 2, 28)) == CertState::ReviewDue);
    CHECK(state_on(c, p, ymd(2027, 3, 1)) == CertState::Overdue);
    CHECK(state_on(c, p, ymd(2030, 3, 1)) == CertState::Expired);
    p.review_window_days = 90;
    CHECK(state_on(c, p, ymd(2026, 11, 30)) == CertState::ReviewDue);
    c.admin_state = AdminState::Suspended;
    CHECK(state_on(c, p, ymd(2024, 3, 1)) == CertState::Suspended);
    c.admin_state = AdminState::Revoked;
    CHECK(state_on(c, p, ymd(2024, 3, 1)) == CertState::Revoked);
    CHECK(label_zh(CertState::ReviewDue, CertTrack::Manager) == "待换证");
}
