// The exam time is measured on the monotonic clock (issue 19): a kiosk's wall clock set forward or back mid-exam
// changes the remaining time by under a second. The engine runs on a clock whose wall time and monotonic reading the
// tests move independently, as setting a kiosk's clock (or rebooting it) would.
#include "tests/exam/fixture.hpp"

#include "exam/storage/exam_store.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace sk;
using namespace sk::exam;
using sk::test::ExamFixture;
using sk::test::kNine;

namespace {

constexpr std::int64_t kMin = 60000;
constexpr std::int64_t kHour = 60 * kMin;

// A kiosk's two clocks: the wall clock, which an administrator or a time server may set, and CLOCK_BOOTTIME of one
// boot. `pass` moves both (time goes by); `set_wall` moves the wall clock alone; `reboot` starts a new boot.
struct KioskClocks {
    std::int64_t wall = kNine;
    std::string boot = "boot-1";
    std::int64_t mono = 5 * kMin; // up for five minutes
    bool has_mono = true;

    void pass(std::int64_t ms)
    {
        wall += ms;
        mono += ms;
    }
    void set_wall(std::int64_t shift) { wall += shift; }
    void reboot(const std::string& id)
    {
        boot = id;
        mono = 30000; // 30 s after power-on
    }
    ClockReading reading() const
    {
        return {wall, has_mono ? std::optional<MonoReading>(MonoReading{boot, mono}) : std::nullopt};
    }
};

// The fixture's installation with its engine on `clocks`; the attempt started at `clocks`' time.
struct MonoFixture {
    ExamFixture f;
    KioskClocks clocks;
    std::int64_t attempt = 0;

    MonoFixture()
    {
        f.service = std::make_unique<ExamService>(f.db, ReadingClock([this] { return clocks.reading(); }));
        attempt = f.started_attempt();
    }
    ClockState clock() { return f.service->view(attempt).clock; }
    std::int64_t remaining() { return clock().remaining_ms; }
};

bool audited(ExamService& svc, const std::string& action, const std::string& text)
{
    for (const auto& a : svc.audit_entries(test::kAdmin))
        if (a.action == action && a.detail.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("compute_clock charges each span on the monotonic clock within one boot and on the wall clock otherwise")
{
    const MonoReading a0{"A", 1000};
    // Started at wall 0 / mono 1000; paused 10 minutes later by the monotonic clock while the wall clock read +2 h.
    std::vector<ClockEvent> ev{{ClockEvent::Start, 0, 0, a0}};
    const ClockReading later{2 * kHour + 10 * kMin, MonoReading{"A", 1000 + 10 * kMin}};
    CHECK(compute_clock(ev, 120 * kMin, later).used_ms == 10 * kMin);
    // The wall clock set back 2 h: the clock still runs.
    const ClockReading back{-2 * kHour + 10 * kMin, MonoReading{"A", 1000 + 10 * kMin}};
    CHECK(compute_clock(ev, 120 * kMin, back).used_ms == 10 * kMin);
    // Another boot's reading, or none, is never subtracted: the wall clock decides, as before.
    CHECK(compute_clock(ev, 120 * kMin, ClockReading{10 * kMin, MonoReading{"B", 50}}).used_ms == 10 * kMin);
    CHECK(compute_clock(ev, 120 * kMin, 7 * kMin).used_ms == 7 * kMin);
    CHECK(compute_clock(ev, 120 * kMin, ClockReading{-5 * kMin, std::nullopt}).used_ms == 0);
    // An empty boot id is no boot at all.
    std::vector<ClockEvent> unnamed{{ClockEvent::Start, 0, 0, MonoReading{"", 0}}};
    CHECK(compute_clock(unnamed, 120 * kMin, ClockReading{3 * kMin, MonoReading{"", 99 * kMin}}).used_ms == 3 * kMin);

    // A pause and a resume with readings; a downtime within one boot measured on it, whatever the wall read.
    ev.push_back({ClockEvent::Pause, 2 * kHour + 10 * kMin, 0, MonoReading{"A", 1000 + 10 * kMin}});
    ev.push_back({ClockEvent::Resume, -kHour, 0, MonoReading{"A", 1000 + 15 * kMin}});
    ev.push_back({ClockEvent::Downtime, 5 * kHour, -3 * kHour, MonoReading{"A", 1000 + 27 * kMin},
                  MonoReading{"A", 1000 + 20 * kMin}});
    auto c = compute_clock(ev, 120 * kMin, ClockReading{0, MonoReading{"A", 1000 + 30 * kMin}});
    CHECK(c.used_ms == (10 + 5 + 3) * kMin);
    CHECK(c.downtime_ms == 7 * kMin);
    // A reboot: up to the last sign of life on the old boot's clock, the gap by the wall clock, then the new boot's.
    std::vector<ClockEvent> reboot{{ClockEvent::Start, 0, 0, a0},
                                   {ClockEvent::Downtime, 3 * kHour, 3 * kHour + 4 * kMin, MonoReading{"B", 100},
                                    MonoReading{"A", 1000 + 20 * kMin}}};
    auto r = compute_clock(reboot, 120 * kMin, ClockReading{9 * kHour, MonoReading{"B", 100 + 6 * kMin}});
    CHECK(r.used_ms == 26 * kMin);
    CHECK(r.downtime_ms == 4 * kMin);
    // A submit with a reading closes the last span on it.
    reboot.push_back({ClockEvent::Submit, 0, 0, MonoReading{"B", 100 + 8 * kMin}});
    CHECK(compute_clock(reboot, 120 * kMin, 0).used_ms == 28 * kMin);
}

TEST_CASE("a kiosk wall clock set 2 h forward mid-exam changes the remaining time by under a second and hands nothing in")
{
    MonoFixture m;
    m.clocks.pass(10 * kMin);
    const auto before = m.remaining();
    CHECK(before == 110 * kMin);
    m.clocks.set_wall(2 * kHour);
    CHECK(std::llabs(m.remaining() - before) < 1000);
    // The kiosk's next tick: no time-up, the answer is taken.
    CHECK_FALSE(m.f.service->enforce_time(m.attempt));
    m.f.service->heartbeat(m.attempt);
    m.f.service->record_answer(m.attempt, 1, "A", false);
    CHECK(m.f.service->view(m.attempt).attempt.state == AttemptState::InProgress);
    m.clocks.pass(5 * kMin);
    CHECK(m.remaining() == 105 * kMin);
    // The examinee hands in: 15 minutes used, not 2 h 15.
    m.f.service->submit(m.attempt);
    CHECK(m.clock().used_ms == 15 * kMin);
}

TEST_CASE("a kiosk wall clock set 2 h back mid-exam does not stop the clock")
{
    MonoFixture m;
    m.clocks.pass(10 * kMin);
    m.f.service->heartbeat(m.attempt);
    const auto before = m.remaining();
    m.clocks.set_wall(-2 * kHour);
    CHECK(std::llabs(m.remaining() - before) < 1000);
    m.f.service->heartbeat(m.attempt);
    m.clocks.pass(20 * kMin);
    m.f.service->record_answer(m.attempt, 2, "B", false);
    CHECK(m.remaining() == 90 * kMin); // not 110: the 20 minutes after the change are charged
    // The examinee does not get the 2 h: time-up comes after 120 minutes plus the grace, by the monotonic clock.
    m.clocks.pass(90 * kMin);
    CHECK(m.remaining() == 0);
    CHECK_FALSE(m.f.service->enforce_time(m.attempt)); // the grace
    const auto grace = m.f.service->view(m.attempt).blueprint.grace_seconds * 1000LL;
    m.clocks.pass(grace);
    CHECK(m.f.service->enforce_time(m.attempt));
    const auto v = m.f.service->view(m.attempt);
    CHECK(v.attempt.state == AttemptState::Scored);
    // Stopped at the moment the time ran out.
    CHECK(v.clock.used_ms == 120 * kMin + grace);
}

TEST_CASE("a time-up noticed late stops the clock when the time ran out, on both clocks")
{
    MonoFixture m;
    const auto grace = m.f.service->view(m.attempt).blueprint.grace_seconds * 1000LL;
    m.clocks.pass(130 * kMin + grace); // the kiosk's tick came 10 minutes late
    m.clocks.set_wall(kHour);
    CHECK(m.f.service->enforce_time(m.attempt));
    const auto events = ExamStore(m.f.db).clock_events(m.attempt);
    REQUIRE(events.back().kind == ClockEvent::Submit);
    const ClockEvent submit = events.back();
    REQUIRE(submit.mono);
    CHECK(submit.mono->ms == 5 * kMin + 120 * kMin + grace);
    CHECK(submit.at_ms == kNine + kHour + 120 * kMin + grace);
    CHECK(m.clock().used_ms == 120 * kMin + grace);
}

TEST_CASE("while paused a wall clock set either way changes nothing, and the clock runs on after the resume")
{
    MonoFixture m;
    m.clocks.pass(10 * kMin);
    m.f.service->pause(test::kProctor, m.attempt, "设备检查");
    m.clocks.pass(3 * kMin);
    m.clocks.set_wall(2 * kHour);
    CHECK(m.remaining() == 110 * kMin);
    m.clocks.set_wall(-4 * kHour);
    CHECK(m.remaining() == 110 * kMin);
    m.f.service->resume(test::kProctor, m.attempt, "检查完毕");
    m.clocks.pass(4 * kMin);
    CHECK(m.remaining() == 106 * kMin);
    // The proctor's panel over the question (hold and release) likewise.
    CHECK(m.f.service->hold_clock(m.attempt, "A01"));
    m.clocks.pass(2 * kMin);
    m.clocks.set_wall(3 * kHour);
    CHECK(m.f.service->release_clock(m.attempt, "A01"));
    CHECK(audited(*m.f.service, "attempt.clock_release", "停表 120 秒"));
    m.clocks.pass(kMin);
    CHECK(m.remaining() == 105 * kMin);
}

TEST_CASE("a kiosk restart within one boot charges exactly up to the last sign of life, whatever the wall clock read")
{
    MonoFixture m;
    m.clocks.pass(30 * kMin);
    m.f.service->heartbeat(m.attempt); // the last sign of life
    m.clocks.pass(7 * kMin);            // the program was down 7 minutes
    m.clocks.set_wall(-2 * kHour);      // and the wall clock was set back meanwhile
    m.f.service->reconnect(m.attempt, "A01");
    auto c = m.clock();
    CHECK(c.running);
    CHECK(c.remaining_ms == 90 * kMin);
    CHECK(c.downtime_ms == 7 * kMin);
    CHECK(audited(*m.f.service, "attempt.downtime", "420 s not charged"));
    m.clocks.pass(5 * kMin);
    CHECK(m.remaining() == 85 * kMin);

    // Set forward while down: the same.
    m.f.service->heartbeat(m.attempt);
    m.clocks.pass(2 * kMin);
    m.clocks.set_wall(2 * kHour);
    m.f.service->reconnect(m.attempt, "A01");
    c = m.clock();
    CHECK(c.remaining_ms == 85 * kMin);
    CHECK(c.downtime_ms == 9 * kMin);
}

TEST_CASE("the last sign of life follows the monotonic clock after the wall clock went back")
{
    MonoFixture m;
    m.clocks.pass(10 * kMin);
    m.f.service->heartbeat(m.attempt);
    m.clocks.set_wall(-2 * kHour);
    m.clocks.pass(10 * kMin);
    m.f.service->heartbeat(m.attempt); // wall earlier than the stored one, but later on the same boot's clock
    const auto a = ExamStore(m.f.db).attempt(m.attempt);
    REQUIRE(a);
    CHECK(a->last_alive_ms == kNine - 2 * kHour + 20 * kMin);
    REQUIRE(a->alive_mono);
    CHECK(a->alive_mono->ms == 5 * kMin + 20 * kMin);
    m.clocks.pass(kMin);
    m.f.service->reconnect(m.attempt, "A01");
    CHECK(m.clock().remaining_ms == 100 * kMin);
    CHECK(m.clock().downtime_ms == kMin);
}

TEST_CASE("after a reboot the time up to the last sign of life stays charged and the gap is taken from the wall clock")
{
    MonoFixture m;
    m.clocks.pass(30 * kMin);
    m.f.service->heartbeat(m.attempt);
    m.clocks.pass(15 * kMin);
    m.clocks.reboot("boot-2"); // a new boot: its clock starts again
    m.f.service->reconnect(m.attempt, "A01");
    auto c = m.clock();
    CHECK(c.remaining_ms == 90 * kMin);
    CHECK(c.downtime_ms == 15 * kMin);
    CHECK(audited(*m.f.service, "attempt.downtime", "900 s not charged"));
    // From the reconnect on, the new boot's clock: a wall clock set forward now changes nothing.
    m.clocks.pass(5 * kMin);
    m.clocks.set_wall(2 * kHour);
    CHECK(m.remaining() == 85 * kMin);

    // A reboot with the wall clock set back while down: the gap cannot be measured, nothing is charged of it.
    m.f.service->heartbeat(m.attempt);
    m.clocks.pass(10 * kMin);
    m.clocks.reboot("boot-3");
    m.clocks.set_wall(-3 * kHour);
    m.f.service->reconnect(m.attempt, "A01");
    c = m.clock();
    CHECK(c.remaining_ms == 85 * kMin);
    CHECK(audited(*m.f.service, "attempt.downtime", "wall clock set back"));
}

TEST_CASE("events without monotonic readings (stored before they were recorded) are charged by the wall clock")
{
    MonoFixture m;
    // A kiosk whose engine knew only the wall clock wrote the first part of the exam.
    ExamService legacy(m.f.db, [&] { return m.clocks.wall; });
    legacy.pause(test::kProctor, m.attempt, "设备检查");
    const auto events = ExamStore(m.f.db).clock_events(m.attempt);
    REQUIRE(events.size() == 2);
    CHECK(events[0].mono.has_value());
    CHECK_FALSE(events[1].mono.has_value());
    m.clocks.pass(10 * kMin);
    legacy.resume(test::kProctor, m.attempt, "检查完毕");
    m.clocks.pass(10 * kMin);
    // Start → pause by the wall (0 minutes), resume (no reading) → now by the wall: a wall clock set forward counts,
    // as it always did for such rows.
    CHECK(m.remaining() == 110 * kMin);
    m.clocks.set_wall(kHour);
    CHECK(m.remaining() == 50 * kMin);
    // The next event with a reading: from there on the monotonic clock.
    m.f.service->pause(test::kProctor, m.attempt, "再次检查");
    m.f.service->resume(test::kProctor, m.attempt, "检查完毕");
    m.clocks.set_wall(-3 * kHour);
    m.clocks.pass(kMin);
    CHECK(m.remaining() == 49 * kMin);
}

TEST_CASE("a move to another kiosk never subtracts one kiosk's monotonic reading from another's")
{
    MonoFixture m;
    m.clocks.pass(20 * kMin);
    m.f.service->heartbeat(m.attempt);
    // The proctor moves the attempt from another machine 3 minutes later (its own boot).
    KioskClocks proctor = m.clocks;
    proctor.boot = "proctor-boot";
    proctor.mono = 999 * kMin;
    proctor.pass(3 * kMin);
    ExamService at_desk(m.f.db, ReadingClock([&] { return proctor.reading(); }));
    at_desk.move_kiosk(test::kProctor, m.attempt, "A02", "A01 屏幕故障");
    // The new kiosk goes on, on its own boot.
    KioskClocks a02 = proctor;
    a02.boot = "a02-boot";
    a02.mono = 77 * kMin;
    a02.pass(kMin);
    ExamService kiosk2(m.f.db, ReadingClock([&] { return a02.reading(); }));
    kiosk2.reconnect(m.attempt, "A02");
    auto v = kiosk2.view(m.attempt);
    CHECK(v.clock.remaining_ms == 100 * kMin);
    a02.pass(4 * kMin);
    a02.set_wall(2 * kHour);
    CHECK(kiosk2.view(m.attempt).clock.remaining_ms == 96 * kMin);
}
