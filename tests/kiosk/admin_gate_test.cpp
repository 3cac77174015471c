// The administrator PIN: Argon2id check off the frame, growing delays after wrong PINs.
#include "content/storage/content_store.hpp"
#include "exam/storage/exam_store.hpp"
#include "kiosk/app/admin_gate.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sodium.h>

#include <algorithm>
#include <thread>

using namespace sk;

namespace {
bool check(kiosk::AdminGate& gate, const std::string& pin)
{
    REQUIRE(gate.submit(pin));
    CHECK(gate.checking());
    for (;;) {
        if (auto r = gate.poll()) return *r;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}
} // namespace

TEST_CASE("without a configured hash the demo PIN 135790 opens the gate")
{
    kiosk::VirtualClock clock;
    kiosk::AdminGate gate("", clock);
    CHECK(gate.demo());
    CHECK(check(gate, "135790"));
    CHECK(gate.failures() == 0);
}

TEST_CASE("each wrong PIN doubles the wait before the next try and a right PIN clears it")
{
    kiosk::VirtualClock clock;
    kiosk::AdminGate gate(kiosk::AdminGate::hash("4321"), clock);
    CHECK(!gate.demo());
    CHECK(!check(gate, "135790")); // the demo PIN does not open a configured gate
    CHECK(gate.locked_until() == clock.now_ms() + 1000);
    CHECK(!gate.submit("4321")); // locked
    clock.advance(1000);
    CHECK(!check(gate, "0000"));
    CHECK(gate.locked_until() == clock.now_ms() + 2000);
    clock.advance(2000);
    CHECK(!check(gate, "1111"));
    CHECK(gate.locked_until() == clock.now_ms() + 4000);
    clock.advance(3999);
    CHECK(!gate.submit("4321"));
    clock.advance(1);
    CHECK(check(gate, "4321"));
    CHECK(gate.failures() == 0);
    CHECK(gate.locked_until() == 0);
}

TEST_CASE("the wait after wrong PINs stops growing at five minutes")
{
    kiosk::VirtualClock clock;
    kiosk::AdminGate gate(kiosk::AdminGate::hash("4321"), clock);
    for (int i = 0; i < 10; ++i) {
        CHECK(!check(gate, "9999"));
        clock.set(gate.locked_until());
    }
    CHECK(!check(gate, "9999"));
    CHECK(gate.locked_until() - clock.now_ms() == 5 * 60 * 1000);
}

TEST_CASE("a PIN hash is Argon2id and verifies with libsodium")
{
    const auto h = kiosk::AdminGate::hash("246810");
    CHECK(h.rfind("$argon2id$", 0) == 0);
    CHECK(crypto_pwhash_str_verify(h.c_str(), "246810", 6) == 0);
    CHECK(crypto_pwhash_str_verify(h.c_str(), "246811", 6) != 0);
    CHECK(crypto_pwhash_str_verify(kiosk::AdminGate::demo_hash(), "135790", 6) == 0);
}

TEST_CASE("a kiosk restart does not reset the administrator PIN wait: the gate reads it from the database")
{
    test::TempDir dir;
    auto db = storage::open(dir / "kiosk.db", {&content::schema(), &exam::schema()});
    kiosk::VirtualClock clock;
    auto wall = [&clock] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
    };
    exam::AdminPinBackoff backoff(db, wall);
    const auto hash = kiosk::AdminGate::hash("4321");
    {
        kiosk::AdminGate gate(hash, clock, {}, &backoff);
        for (int i = 0; i < 7; ++i) {
            clock.set(std::max(clock.now_ms(), gate.locked_until()));
            CHECK(!check(gate, "0000"));
        }
        CHECK(gate.failures() == 7);
        CHECK(gate.locked_until() - clock.now_ms() == 64000);
    }
    // Restarted 1 s later: still 63 s to wait, not 1 s.
    clock.advance(1000);
    kiosk::AdminGate again(hash, clock, {}, &backoff);
    CHECK(again.failures() == 7);
    CHECK(again.locked_until() - clock.now_ms() == 63000);
    CHECK(!again.submit("4321"));
    clock.advance(63000);
    CHECK(check(again, "4321"));
    CHECK(backoff.state().failures == 0);
}
