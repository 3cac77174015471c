// The kiosk administrator PIN's back-off is kept in the database: a restart (a new AdminPinBackoff on the same
// file) does not reset it (issue 14 item 13).
#include "exam/admin_pin.hpp"
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;

TEST_CASE("the administrator PIN back-off survives a restart: 7 wrong PINs wait 64 s, also after reopening the database")
{
    test::TempDir dir;
    const auto file = dir / "kiosk.db";
    std::int64_t now = test::kNine;
    {
        auto db = storage::open(file, {&content::schema(), &exam::schema()});
        exam::AdminPinBackoff backoff(db, [&] { return now; });
        CHECK(backoff.wait_ms() == 0);
        for (int i = 1; i <= 7; ++i) {
            auto s = backoff.record(false);
            CHECK(s.failures == i);
            CHECK(s.locked_until_ms == now + (1000LL << (i - 1)));
            if (i < 7) now = s.locked_until_ms;
        }
        CHECK(backoff.wait_ms() == 64000);
    }
    // The kiosk restarts 10 s later: the wait goes on, and the next wrong PIN doubles it.
    now += 10000;
    {
        auto db = storage::open(file, {&content::schema(), &exam::schema()});
        exam::AdminPinBackoff backoff(db, [&] { return now; });
        CHECK(backoff.state().failures == 7);
        CHECK(backoff.wait_ms() == 54000);
        now += 54000;
        CHECK(backoff.wait_ms() == 0);
        CHECK(backoff.record(false).locked_until_ms == now + 128000);
    }
    {
        auto db = storage::open(file, {&content::schema(), &exam::schema()});
        exam::AdminPinBackoff backoff(db, [&] { return now; });
        CHECK(backoff.state().failures == 8);
        CHECK(backoff.wait_ms() == 128000);
        now += 128000;
        // A right PIN clears it for good.
        CHECK(backoff.record(true).failures == 0);
    }
    auto db = storage::open(file, {&content::schema(), &exam::schema()});
    exam::AdminPinBackoff backoff(db, [&] { return now; });
    CHECK(backoff.state().failures == 0);
    CHECK(backoff.wait_ms() == 0);
}

TEST_CASE("a stored administrator PIN wait never exceeds five minutes (a clock set back, an edited setting)")
{
    test::TempDir dir;
    auto db = storage::open(dir / "kiosk.db", {&content::schema(), &exam::schema()});
    std::int64_t now = test::kNine;
    exam::AdminPinBackoff backoff(db, [&] { return now; });
    for (int i = 0; i < 30; ++i) backoff.record(false);
    CHECK(backoff.wait_ms() == exam::kAdminPinMaxDelayMs);
    now -= 24LL * 3600 * 1000; // the clock went back a day
    CHECK(backoff.wait_ms() == exam::kAdminPinMaxDelayMs);
    exam::ExamStore(db).set_setting("kiosk.admin_pin.locked_until_ms", "not a number");
    CHECK(backoff.wait_ms() == 0);
}
