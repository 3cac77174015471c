// The exam time at the centre (issue 19): the clock events a kiosk sends carry its monotonic readings, so the
// centre's replay of a collected attempt charges what the kiosk charged even when the kiosk's wall clock was set
// mid-exam; a seat change takes the old kiosk's readings over without ever subtracting them from the new kiosk's.
#include "exam/centre/centre.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/centre/results.hpp"
#include "exam/centre/seat.hpp"
#include "exam/centre/sync.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/sql.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {

constexpr std::int64_t kMin = 60000;
constexpr std::int64_t kHour = 60 * kMin;

// One kiosk's clocks: `pass` moves both, `set_wall` the wall clock alone (an administrator or a time server).
struct KioskClocks {
    std::int64_t wall = test::wall_ms();
    std::string boot;
    std::int64_t mono = 0;

    void pass(std::int64_t ms)
    {
        wall += ms;
        mono += ms;
    }
    void set_wall(std::int64_t shift) { wall += shift; }
    exam::ClockReading reading() const { return {wall, exam::MonoReading{boot, mono}}; }
    exam::ReadingClock clock() const
    {
        return [this] { return reading(); };
    }
};

// A centre with kiosks A01 and A02 of 第一考场; 张三's paper drawn by the centre and 张三 checked in at A01 through the
// centre on A01's clocks, in A01's journal (outbox on). A02's journal is a copy of the same registrations.
struct ClockRoom {
    std::string uri;
    std::string dbname;
    test::TempDir dir;
    std::filesystem::path a01 = dir / "a01.db";
    std::filesystem::path a02 = dir / "a02.db";
    test::ExamDb examinee;
    std::int64_t session = 0;
    std::vector<std::string> roles;

    ClockRoom(const std::string& db_uri, const std::string& name, const KioskClocks& a01_clocks) : uri(db_uri), dbname(name)
    {
        examinee = test::build_exam_db(uri);
        test::add_exam_users(uri);
        auto db = storage::Database::open(uri, false);
        const auto init = centre::init(db);
        roles = {init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        for (const char* id : {"A01", "A02"})
            roles.push_back(centre::add_kiosk(db, uri, {id, "第一考场", centre::KioskRole::Exam, dir / (std::string(id) + ".pgpass"), false, 1})
                                .kiosk.login);
        session = test::scalar(db, "SELECT id FROM exam_session");
        REQUIRE(centre::draw_papers(db, test::kExamStaff, session, test::wall_ms()).drawn == 1);
        for (const auto& path : {a01, a02}) {
            test::build_exam_db(path);
            auto j = test::open_exam_db(path);
            centre::enable_outbox(j);
        }
        auto j = test::open_exam_db(a01);
        const auto c = centre::ask_centre_check_in(kiosk_uri("A01"), examinee.ticket, examinee.id_number);
        REQUIRE(centre::record_check_in(j, c, examinee.ticket, examinee.id_number, "A01", a01_clocks.reading()) ==
                examinee.attempt);
    }
    std::string kiosk_uri(const std::string& kiosk) const
    {
        return test::as_login(uri, centre::kiosk_login(dbname, kiosk));
    }
    centre::SendReport send(const std::filesystem::path& journal, const std::string& kiosk)
    {
        centre::OutboxSender sender(journal, {kiosk_uri(kiosk), 50});
        return sender.drain();
    }
};

// The attempt's clock events with their readings, for comparing the centre with a journal.
std::string readings_of(storage::Database& db, std::int64_t attempt)
{
    std::string out;
    auto st = db.prepare("SELECT kind, at_ms, value_ms, coalesce(boot_id, '-'), coalesce(mono_ms, -1), "
                         "coalesce(from_boot_id, '-'), coalesce(from_mono_ms, -1) FROM attempt_event "
                         "WHERE attempt_id = ? ORDER BY id");
    st.bind(1, attempt);
    while (st.step())
        out += st.text(0) + ":" + std::to_string(st.int64(1)) + ":" + std::to_string(st.int64(2)) + ":" + st.text(3) +
               ":" + std::to_string(st.int64(4)) + ":" + st.text(5) + ":" + std::to_string(st.int64(6)) + "\n";
    return out;
}

} // namespace

TEST_CASE("centre clock: a kiosk wall clock set 2 h forward and 3 h back mid-exam, the centre's collected attempt "
          "charges what the kiosk charged")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    KioskClocks a01;
    a01.boot = "a01-boot";
    a01.mono = 10 * kMin;
    ClockRoom room(pg.uri(), pg.name(), a01);
    roles = room.roles;
    const std::int64_t attempt = room.examinee.attempt;

    exam::Score kiosk_score;
    std::int64_t kiosk_used = 0;
    {
        auto j = test::open_exam_db(room.a01);
        exam::ExamService svc(j, a01.clock());
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);
        const auto paper = exam::ExamStore(j).paper(attempt);
        const auto key = [&](int p) { return paper.questions.at(static_cast<std::size_t>(p - 1)).key; };
        for (int p = 1; p <= 4; ++p) {
            a01.pass(kMin);
            svc.record_answer(attempt, p, key(p), false);
        }
        a01.set_wall(2 * kHour);
        CHECK_FALSE(svc.enforce_time(attempt));
        for (int p = 5; p <= 8; ++p) {
            a01.pass(kMin);
            svc.record_answer(attempt, p, key(p), false);
        }
        a01.set_wall(-3 * kHour);
        a01.pass(2 * kMin);
        CHECK(svc.view(attempt).clock.remaining_ms == 110 * kMin);
        kiosk_score = svc.submit(attempt);
        kiosk_used = svc.view(attempt).clock.used_ms;
        CHECK(kiosk_used == 10 * kMin);
        // The bodies sent carry the readings.
        const auto events = centre::outbox_events(j, attempt);
        CHECK(events.front().body.find(R"("boot_id":"a01-boot")") != std::string::npos);
        CHECK(events.back().body.find(R"("mono_ms":)" + std::to_string(20 * kMin)) != std::string::npos);
    }
    room.send(room.a01, "A01");
    auto db = storage::Database::open(pg.uri(), false);
    const auto collected = centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms());
    CHECK(collected.collected_now);
    REQUIRE(collected.upload.score.has_value());
    CHECK(*collected.upload.score == doctest::Approx(kiosk_score.points));
    // The centre replays the kiosk's clock: ten minutes, not 2 h 10 min nor what the set-back would make of it.
    exam::ExamService at_centre(db);
    CHECK(at_centre.view(attempt).clock.used_ms == kiosk_used);
    auto journal = test::open_exam_db(room.a01);
    CHECK(readings_of(db, attempt) == readings_of(journal, attempt));
}

TEST_CASE("centre clock: after a seat change the new kiosk goes on with the time the old one charged, never "
          "subtracting one kiosk's monotonic reading from the other's, and the centre charges the same")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    KioskClocks a01;
    a01.boot = "a01-boot";
    a01.mono = 10 * kMin;
    ClockRoom room(pg.uri(), pg.name(), a01);
    roles = room.roles;
    const std::int64_t attempt = room.examinee.attempt;
    auto db = storage::Database::open(pg.uri(), false);

    // On A01: three answers in three minutes, its wall clock set 2 h forward, two more minutes, then the proctor's
    // panel over the question for a minute (a hold and a release: the last event held is a clock event).
    exam::Paper paper;
    {
        auto j = test::open_exam_db(room.a01);
        exam::ExamService svc(j, a01.clock());
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);
        paper = exam::ExamStore(j).paper(attempt);
        for (int p = 1; p <= 3; ++p) {
            a01.pass(kMin);
            svc.record_answer(attempt, p, paper.questions.at(static_cast<std::size_t>(p - 1)).key, false);
        }
        a01.set_wall(2 * kHour);
        a01.pass(2 * kMin);
        CHECK(svc.hold_clock(attempt, "A01"));
        a01.pass(kMin);
        CHECK(svc.release_clock(attempt, "A01"));
        CHECK(svc.view(attempt).clock.remaining_ms == 115 * kMin);
    }
    room.send(room.a01, "A01");
    centre::move_attempt(db, test::kExamProctor, room.examinee.ticket, "A02", "屏幕故障", test::wall_ms());

    // A02, on its own boot and with a wall clock 2 h behind A01's, takes the attempt over.
    KioskClocks a02;
    a02.boot = "a02-boot";
    a02.mono = 50 * kMin;
    a02.pass(6 * kMin);
    const auto c = centre::ask_centre_check_in(room.kiosk_uri("A02"), room.examinee.ticket, room.examinee.id_number);
    exam::Score score;
    std::int64_t kiosk_used = 0;
    {
        auto j = test::open_exam_db(room.a02);
        REQUIRE(centre::record_check_in(j, c, room.examinee.ticket, room.examinee.id_number, "A02", a02.reading()) ==
                attempt);
        exam::ExamService svc(j, a02.clock());
        auto v = svc.view(attempt);
        CHECK(v.attempt.state == exam::AttemptState::InProgress);
        CHECK(v.clock.running);
        // The five minutes charged on A01 stay charged; the move is not charged.
        CHECK(v.clock.remaining_ms == 115 * kMin);
        // A02's wall clock set back 2 h changes nothing either.
        a02.pass(4 * kMin);
        a02.set_wall(-2 * kHour);
        for (int p = 4; p <= 8; ++p)
            svc.record_answer(attempt, p, paper.questions.at(static_cast<std::size_t>(p - 1)).key, false);
        a02.pass(kMin);
        CHECK(svc.view(attempt).clock.remaining_ms == 110 * kMin);
        score = svc.submit(attempt);
        kiosk_used = svc.view(attempt).clock.used_ms;
        CHECK(kiosk_used == 10 * kMin);
    }
    room.send(room.a02, "A02");
    const auto collected = centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms());
    CHECK(collected.collected_now);
    REQUIRE(collected.upload.score.has_value());
    CHECK(*collected.upload.score == doctest::Approx(score.points));
    exam::ExamService at_centre(db);
    CHECK(at_centre.view(attempt).clock.used_ms == kiosk_used);
    auto journal = test::open_exam_db(room.a02);
    CHECK(readings_of(db, attempt) == readings_of(journal, attempt));
}
