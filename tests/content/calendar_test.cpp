// The installation calendar is China Standard Time whatever the machine's TZ says.
#include "content/calendar.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

using namespace sk;
using namespace std::chrono;

namespace {
// 2026-11-28 16:30 UTC = 2026-11-29 00:30 in Beijing.
constexpr std::int64_t kHalfPastMidnightBeijing = 1795883400000LL;
} // namespace

TEST_CASE("calendar: a time after 16:00 UTC is already the next day in Beijing")
{
    CHECK(calendar::date_of_ms(kHalfPastMidnightBeijing) == 2026y / November / 29d);
    CHECK(calendar::datetime_text(kHalfPastMidnightBeijing) == "2026-11-29 00:30");
    CHECK(calendar::midnight_ms(kHalfPastMidnightBeijing) == kHalfPastMidnightBeijing - 30 * 60 * 1000);
    CHECK(calendar::date_of_ms(kHalfPastMidnightBeijing - 31 * 60 * 1000) == 2026y / November / 28d);
    CHECK(calendar::year_month(calendar::ms_of(2026y / December / 31d, 23, 59)) == std::pair<int, unsigned>{2026, 12});
    CHECK(calendar::year_month(calendar::ms_of(2027y / January / 1d)) == std::pair<int, unsigned>{2027, 1});
}

TEST_CASE("calendar: the machine's TZ changes nothing")
{
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    for (const char* tz : {"UTC", "America/New_York", "Asia/Shanghai", "Pacific/Kiritimati"}) {
        CAPTURE(tz);
        setenv("TZ", tz, 1);
        tzset();
        CHECK(calendar::datetime_text(kHalfPastMidnightBeijing) == "2026-11-29 00:30");
        CHECK(calendar::parse_datetime("2026-11-29 00:30") == kHalfPastMidnightBeijing);
    }
    if (old) setenv("TZ", saved.c_str(), 1);
    else unsetenv("TZ");
    tzset();
}

TEST_CASE("calendar: typed dates and times round-trip, and impossible ones are refused")
{
    CHECK(calendar::parse_datetime("2026-11-29T00:30") == kHalfPastMidnightBeijing);
    CHECK(calendar::parse_date("2024-02-29") == 2024y / February / 29d);
    CHECK_FALSE(calendar::parse_date("2026-02-29"));
    CHECK_FALSE(calendar::parse_date("2026-13-01"));
    CHECK_FALSE(calendar::parse_date("2026-1-1"));
    CHECK_FALSE(calendar::parse_date("2026/11/28"));
    CHECK_FALSE(calendar::parse_datetime("2026-11-28 24:00"));
    CHECK_FALSE(calendar::parse_datetime("2026-11-28 09:60"));
    CHECK_FALSE(calendar::parse_datetime("2026-11-28"));
    CHECK_FALSE(calendar::parse_datetime("2026-11-28 9:00"));
    CHECK_FALSE(calendar::parse_datetime("2026-11-28 -1:00"));
    for (const char* t : {"1999-12-31 23:59", "2026-02-28 00:00", "2030-06-15 12:05"})
        CHECK(calendar::datetime_text(*calendar::parse_datetime(t)) == t);
}

TEST_CASE("calendar: adding months counts Beijing months and keeps the clock time")
{
    // 1 March 01:00 in Beijing is still 28 February in UTC: one month later is 1 April 01:00, not 29 March.
    const auto start = *calendar::parse_datetime("2026-03-01 01:00");
    CHECK(calendar::datetime_text(calendar::add_months_ms(start, 1)) == "2026-04-01 01:00");
    CHECK(calendar::datetime_text(calendar::add_months_ms(*calendar::parse_datetime("2026-01-31 09:00"), 1)) ==
          "2026-02-28 09:00");
    CHECK(calendar::datetime_text(calendar::add_months_ms(*calendar::parse_datetime("2026-11-28 09:00"), 24)) ==
          "2028-11-28 09:00");
}
