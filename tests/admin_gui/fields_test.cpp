// The window's dates and times are China Standard Time, as the command line shows them, whatever the machine's time
// zone (a session created for 09:00 in Beijing must not show 01:00 on a server running in UTC).
#include "admin/gui/fields.hpp"
#include "content/calendar.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

using namespace sk;

TEST_CASE("the admin window shows dates and times in China Standard Time whatever the machine's time zone")
{
    const auto ms = calendar::parse_datetime("2026-11-28 09:00");
    REQUIRE(ms);
    const char* before = std::getenv("TZ");
    const std::string saved = before ? before : "";
    for (const char* tz : {"UTC", "America/New_York", "Asia/Shanghai"}) {
        CAPTURE(tz);
        setenv("TZ", tz, 1);
        tzset();
        CHECK(admin::gui::local_time(*ms) == "2026-11-28 09:00");
        CHECK(admin::gui::local_date(*ms) == "2026-11-28");
        CHECK(admin::gui::local_date(*ms - 10 * 3600 * 1000LL) == "2026-11-27"); // 23:00 the day before
    }
    if (before) setenv("TZ", saved.c_str(), 1);
    else unsetenv("TZ");
    tzset();
}
