// Seat change (移机) at the centre (exam/centre/seat.hpp, docs/exam-centre.md): a kiosk answers (some events sent,
// some not), the proctor moves the attempt, the new kiosk checks in and goes on from the centre's events, the
// attempt becomes final and is collected with the new kiosk's score; the old kiosk's unsent events arrive as `seat`
// conflicts, listed and never dropped. The move's refusals and rights (a kiosk login cannot move).
#include "content/installation.hpp"
#include "exam/audit_key.hpp"
#include "exam/centre/centre.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/centre/results.hpp"
#include "exam/centre/seat.hpp"
#include "exam/centre/sync.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/sql.hpp"
#include "tests/support/temp_dir.hpp"
#include "admin/gui/app.hpp"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {

// A centre with kiosks A01 and A02 of 第一考场, B01 of 第二考场 and the training kiosk T01; 张三's paper drawn by the
// centre and 张三 checked in at A01 through the centre, in A01's journal (outbox on). A02's journal is a copy of the
// same registrations with the outbox on, nobody checked in.
struct MoveRoom {
    std::string uri;
    std::string dbname;
    test::TempDir dir;
    std::filesystem::path a01 = dir / "a01.db";
    std::filesystem::path a02 = dir / "a02.db";
    test::ExamDb examinee;
    std::int64_t session = 0;
    std::vector<std::string> roles;

    MoveRoom(const std::string& db_uri, const std::string& name) : uri(db_uri), dbname(name)
    {
        examinee = test::build_exam_db(uri);
        test::add_exam_users(uri);
        auto db = storage::Database::open(uri, false);
        const auto init = centre::init(db);
        roles = {init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        const std::pair<const char*, const char*> kiosks[] = {{"A01", "第一考场"}, {"A02", "第一考场"}, {"B01", "第二考场"}};
        for (const auto& [id, room] : kiosks)
            roles.push_back(centre::add_kiosk(db, uri, {id, room, centre::KioskRole::Exam, dir / (std::string(id) + ".pgpass"), false, 1})
                                .kiosk.login);
        roles.push_back(centre::add_kiosk(db, uri, {"T01", "第一考场", centre::KioskRole::Training, dir / "T01.pgpass", false, 1})
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
        CHECK(c.events.empty());
        REQUIRE(centre::record_check_in(j, c, examinee.ticket, examinee.id_number, "A01", test::wall_ms()) ==
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

// One test's centre: a database of its own on the test server and its roles, dropped with the test (the roles after
// the database), with the room (MoveRoom) and the owner's connection.
struct MoveCase {
    std::vector<std::string> roles;
    test::DropRoles cleanup;
    test::PostgresDatabase pg;
    MoveRoom room;
    storage::Database db;
    explicit MoveCase(const std::string& server)
        : cleanup{server, {}, &roles}, pg(server), room(pg.uri(), pg.name()), db(storage::Database::open(pg.uri(), false))
    {
        roles = room.roles;
    }
};

std::string answers_of(storage::Database& db, std::int64_t attempt)
{
    std::string out;
    auto st = db.prepare("SELECT position, response, marked FROM answer WHERE attempt_id = ? ORDER BY position");
    st.bind(1, attempt);
    while (st.step()) out += std::to_string(st.int64(0)) + ":" + st.text(1) + ":" + std::to_string(st.int64(2)) + "\n";
    return out;
}

std::string seat_of(storage::Database& db, std::int64_t attempt)
{
    auto st = db.prepare("SELECT kiosk FROM attempt WHERE id = ?");
    st.bind(1, attempt);
    REQUIRE(st.step());
    return st.text(0);
}

} // namespace

TEST_CASE("centre move: the proctor moves an attempt with unsent answers, the new kiosk goes on from the centre's "
          "events and its submission is final and collected with its score, and the old kiosk's late answers are "
          "kept apart as seat conflicts and listed")
{
    const auto server = test::postgres_server();
    if (!server) return;
    MoveCase mc(*server);
    auto& pg = mc.pg;
    auto& room = mc.room;
    const std::int64_t attempt = room.examinee.attempt;
    auto& db = mc.db;

    // On A01: the start and four answers reach the centre (events 1–5); two more answers stay on A01 (6, 7), as when
    // its network cable is pulled and the screen then fails.
    std::string a01_answers;
    exam::Paper paper;
    {
        auto j = test::open_exam_db(room.a01);
        exam::ExamService svc(j);
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);
        paper = exam::ExamStore(j).paper(attempt);
        for (int p = 1; p <= 4; ++p) svc.record_answer(attempt, p, paper.questions.at(static_cast<std::size_t>(p - 1)).key, p == 2);
        CHECK(room.send(room.a01, "A01").stored == 5);
        svc.record_answer(attempt, 5, "B", false); // 6
        svc.record_answer(attempt, 6, "B", false); // 7
        a01_answers = answers_of(j, attempt);
    }
    CHECK(test::scalar(db, "SELECT max(seq) FROM centre_event") == 5);

    // The proctor moves 张三 to A02: one row changed, audited at the centre as the proctor.
    const auto m = centre::move_attempt(db, test::kExamProctor, room.examinee.ticket, "A02", "屏幕故障", test::wall_ms());
    CHECK(m.from == "A01");
    CHECK(m.to == "A02");
    CHECK(m.last_seq == 5);
    CHECK(m.name == "张三");
    CHECK(seat_of(db, attempt) == "A02");
    const auto entry = exam::ExamStore(db).last_audit_entry("attempt:" + std::to_string(attempt), "attempt.move_kiosk");
    REQUIRE(entry.has_value());
    CHECK(entry->actor == "proctor");
    CHECK(entry->detail.find("A01 -> A02: 屏幕故障") == 0);
    CHECK(entry->detail.find("events 1\u20135") != std::string::npos);

    // A01, still online, sends what it held back: kept apart with reason seat, not among the attempt's events.
    const auto late = room.send(room.a01, "A01");
    CHECK(late.seat == 2);
    CHECK(late.stored == 0);
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event") == 5);
    // Sent again (a lost acknowledgement), the late events are recorded once.
    {
        auto j = storage::Database::open(room.a01, false);
        j.exec("UPDATE outbox SET sent_at_ms = NULL WHERE seq >= 6");
    }
    CHECK(room.send(room.a01, "A01").seat == 2);
    // A01 learnt of the move from that answer: its journal records it once (with an audit entry), and its engine stops
    // the attempt there. The screen says so (the kiosk test of exam-moved); nothing of the attempt is deleted.
    {
        auto j = test::open_exam_db(room.a01);
        exam::ExamStore store(j);
        CHECK(store.moved_away(attempt));
        CHECK(test::scalar(j, "SELECT count(*) FROM audit_log WHERE action = 'attempt.moved_away' AND actor = 'centre' "
                              "AND entity = 'attempt:" + std::to_string(attempt) + "'") == 1);
        CHECK(store.verify_audit().empty());
        exam::ExamService svc(j);
        const auto refused = [&](auto&& step, const char* what) {
            INFO(what);
            try {
                step();
                FAIL("not refused");
            } catch (const exam::ExamError& e) {
                CHECK(e.code() == exam::ExamErrc::moved_away);
            }
        };
        refused([&] { svc.record_answer(attempt, 7, "A", false); }, "an answer");
        refused([&] { svc.enforce_time(attempt); }, "time-up");
        refused([&] { svc.submit(attempt); }, "the submit");
        refused([&] { svc.heartbeat(attempt); }, "the heartbeat");
        refused([&] { svc.reconnect(attempt, "A01"); }, "a restart");
        refused([&] { svc.pause(test::kExamProctor, attempt, "检查"); }, "a pause");
        refused([&] { svc.cancel_for_cheating(test::kExamProctor, attempt, "作弊"); }, "a cancellation");
        CHECK_FALSE(svc.attempt_under_way("A01").has_value()); // the kiosk's restart does not resume it
        CHECK(svc.view(attempt).attempt.state == exam::AttemptState::InProgress); // still readable, unchanged
        CHECK(answers_of(j, attempt) == a01_answers);
        CHECK(centre::outbox_events(j, attempt).size() == 7);
        CHECK(centre::unsent_count(j) == 0);
        // Any other writer too: the outbox takes no event of it, and the change rolls back with it.
        CHECK_THROWS_AS(
            [&] {
                storage::Transaction tx(j);
                exam::ExamStore(j).save_answer(attempt, {8, "A", false, 1});
                tx.commit();
            }(),
            exam::ExamError);
        CHECK(answers_of(j, attempt) == a01_answers);
    }
    auto conflicts = centre::conflicts(db, room.session);
    REQUIRE(conflicts.size() == 2);
    for (std::size_t i = 0; i < conflicts.size(); ++i) {
        CHECK(conflicts[i].reason == "seat");
        CHECK(conflicts[i].kiosk == "A01");
        CHECK(conflicts[i].seat == "A02");
        CHECK(conflicts[i].ticket == room.examinee.ticket);
        CHECK(conflicts[i].seq == static_cast<std::int64_t>(6 + i));
        CHECK(conflicts[i].body.find("\"position\":" + std::to_string(5 + i)) != std::string::npos);
    }
    // A01's login no longer reads the attempt's events (it is seated elsewhere).
    {
        auto kiosk = storage::Database::open(room.kiosk_uri("A01"), false);
        auto st = kiosk.prepare("SELECT count(*) FROM centre_seat_events(?)");
        st.bind(1, attempt);
        REQUIRE(st.step());
        CHECK(st.int64(0) == 0);
    }

    // 张三 checks in at A02 with the same ticket: the centre hands over its events 1–5.
    const auto c = centre::ask_centre_check_in(room.kiosk_uri("A02"), room.examinee.ticket, room.examinee.id_number);
    CHECK(c.attempt_id == attempt);
    REQUIRE(c.events.size() == 5);
    CHECK(c.last_seq() == 5);
    exam::Score score;
    {
        auto j = test::open_exam_db(room.a02);
        CHECK(centre::record_check_in(j, c, room.examinee.ticket, room.examinee.id_number, "A02", test::wall_ms()) == attempt);
        // Again (a lost reply, a restart): nothing changes.
        CHECK(centre::record_check_in(j, c, room.examinee.ticket, room.examinee.id_number, "A02", test::wall_ms()) == attempt);
        exam::ExamService svc(j);
        const auto view = svc.view(attempt);
        CHECK(view.attempt.state == exam::AttemptState::InProgress);
        CHECK(view.attempt.kiosk == "A02");
        CHECK(view.answered == 4);                              // the sent answers, not A01's unsent 5 and 6
        CHECK(view.clock.remaining_ms > 0);
        CHECK(view.clock.remaining_ms <= 120 * 60'000);
        CHECK(view.clock.running);
        const auto answers = svc.answers(attempt);
        CHECK(answers.at(1).response == paper.questions.at(0).key);
        CHECK(answers.at(2).marked);
        CHECK(answers.count(5) == 0);
        // The outbox: the centre's 1–5 as sent, then this kiosk's downtime for the move (6), unsent.
        auto events = centre::outbox_events(j, attempt);
        REQUIRE(events.size() == 6);
        for (int i = 0; i < 5; ++i) {
            CHECK(events[static_cast<std::size_t>(i)].seq == i + 1);
            CHECK(events[static_cast<std::size_t>(i)].sent_at_ms.has_value());
            CHECK(events[static_cast<std::size_t>(i)].body == c.events[static_cast<std::size_t>(i)].body);
        }
        CHECK(events[5].seq == 6);
        CHECK_FALSE(events[5].sent_at_ms.has_value());
        CHECK(events[5].body.find("\"event\":\"downtime\"") != std::string::npos);
        // 张三 answers on: 5–8 right, 9 and 10 wrong (with 1–4 right: 8 of 10, 80, a pass), then submits.
        for (int p = 5; p <= 10; ++p) {
            const auto& key = paper.questions.at(static_cast<std::size_t>(p - 1)).key;
            svc.record_answer(attempt, p, p <= 8 ? key : std::string(key == "A" ? "B" : "A"), false);
        }
        score = svc.submit(attempt);
        CHECK(score.correct == 8);
        CHECK(score.passed);
        CHECK(centre::outbox_events(j, attempt).back().seq == 13);
    }
    const auto sent = room.send(room.a02, "A02");
    CHECK(sent.stored == 8); // 6–13: the downtime, six answers, the submit
    CHECK(sent.conflicts == 0);
    CHECK(sent.seat == 0);

    // Final at the centre: 1–13 with no gap; collected with A02's score; A01's late answers are not in it.
    auto uploads = centre::attempt_uploads(db, test::kExamStaff, room.session);
    REQUIRE(uploads.size() == 1);
    CHECK(uploads[0].status == centre::UploadStatus::Final);
    CHECK(uploads[0].last_seq == 13);
    CHECK(uploads[0].conflicts == 2);
    const auto collected = centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms());
    CHECK(collected.collected_now);
    REQUIRE(collected.upload.score.has_value());
    CHECK(*collected.upload.score == doctest::Approx(score.points));
    CHECK(*collected.upload.passed);
    {
        auto j = test::open_exam_db(room.a02);
        CHECK(answers_of(db, attempt) == answers_of(j, attempt));
    }
    CHECK(answers_of(db, attempt) != a01_answers);
    // The late events stay, listed for the proctor, and counted in the seats view.
    CHECK(centre::conflicts(db, std::nullopt).size() == 2);
    for (const auto& u : centre::kiosk_uploads(db)) {
        if (u.kiosk.kiosk_id == "A01") CHECK(u.conflicts == 2);
        if (u.kiosk.kiosk_id == "A02") CHECK(u.events == 8);
    }

    // The command: the conflicts as the proctor reads them, text and JSON.
    auto listed = test::run_admin({"--db", pg.uri(), "centre", "conflicts", "--session", std::to_string(room.session)});
    INFO(listed.err);
    REQUIRE(listed.code == 0);
    CHECK(listed.out.find("session\tticket\tseat now\tfrom kiosk\tseq\tkind\tat\treason\tevent\n") == 0);
    CHECK(listed.out.find(room.examinee.ticket + "\tA02\tA01\t6\tanswer\t") != std::string::npos);
    CHECK(listed.out.find("seat (sent after the attempt left A01)") != std::string::npos);
    CHECK(listed.err.find("2 event(s) kept apart") != std::string::npos);
    auto json = test::run_admin({"--db", pg.uri(), "--json", "centre", "conflicts"});
    REQUIRE(json.code == 0);
    const auto rows = nlohmann::json::parse(json.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1]["seq"] == 7);
    CHECK(rows[1]["reason"] == "seat");
    CHECK(rows[1]["kiosk"] == "A01");

    // The admin window's 考点机位 panel shows the proctor signed in there the same: every seat with what it sent and
    // A01's two conflicts, the two events kept apart; it reads again every 2 s while shown (events reach the centre
    // without an audit entry, which the window's other panels follow).
    // (The exam set-up's proctor, tests/support/exam_db.cpp.)
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    {
        admin::gui::Services services(pg.uri());
        const auto font = ui::FontFile::load("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
        admin::gui::App app(services, renderer, font, {1280, 800}, {});
        REQUIRE(app.sign_in("proctor", "demo-2026"));
        REQUIRE(app.show_panel("centre"));
        app.frame(1.0f / 60);
        const auto shown = app.current_panel()->rows();
        const auto listed_row = [&](const std::string& part) {
            return std::any_of(shown.begin(), shown.end(), [&](const std::string& r) { return r.find(part) != std::string::npos; });
        };
        CHECK(listed_row("A01 第一考场 events 5 attempts 1 conflicts 2 heard"));
        CHECK(listed_row("A02 第一考场 events 8 attempts 1 conflicts 0 heard"));
        CHECK(listed_row("conflict " + room.examinee.ticket + " seat A02 from A01 seq 6 seat"));
        CHECK(listed_row("conflict " + room.examinee.ticket + " seat A02 from A01 seq 7 seat"));
        CHECK_FALSE(app.poll_changes()); // read just now
        std::this_thread::sleep_for(std::chrono::milliseconds(2100));
        CHECK(app.poll_changes());
    }
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
    // The real window, headless, draws the panel (build/test-artifacts/admin-gui/centre-seats/*.png to look at).
    const auto shots = test::binary_path("test-artifacts/admin-gui/centre-seats");
    std::filesystem::remove_all(shots);
    auto shot = test::run_admin({"--db", pg.uri(), "--user", "proctor", "gui", "--headless", "--panel", "centre",
                                 "--screenshots", shots.string()},
                                {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    INFO(shot.err);
    CHECK(shot.code == 0);
    CHECK(shot.out.find("centre.png") != std::string::npos);
}

TEST_CASE("centre move: refusals name what is wrong and change nothing, only a proctor moves, a kiosk login cannot, "
          "and the command's output")
{
    const auto server = test::postgres_server();
    if (!server) return;
    MoveCase mc(*server);
    auto& pg = mc.pg;
    auto& room = mc.room;
    const std::int64_t attempt = room.examinee.attempt;
    const std::string ticket = room.examinee.ticket;
    auto& db = mc.db;
    const auto audit = [&] { return test::scalar(db, "SELECT count(*) FROM audit_log"); };
    // A second examinee registered but not checked in.
    const std::string other = test::add_examinee(pg.uri(), "李四", "11010119800101001", "");
    const auto audit_before = audit();
    const auto refused = [&](const std::string& t, const std::string& to, const std::string& says) {
        INFO(t << " -> " << to);
        try {
            centre::move_attempt(db, test::kExamProctor, t, to, "屏幕故障", test::wall_ms());
            FAIL("moved");
        } catch (const centre::CentreError& e) {
            CHECK(std::string(e.what()).find(says) != std::string::npos);
            INFO(e.what());
        }
        CHECK(seat_of(db, attempt) == "A01");
    };
    refused("NOSUCH", "A02", "ticket NOSUCH: no such ticket");
    refused(ticket, "Z99", "kiosk Z99: no such kiosk");
    refused(ticket, "B01", "kiosk B01 is in 第二考场, but session");
    refused(ticket, "T01", "kiosk T01 is a training kiosk");
    refused(ticket, "A01", "is already seated at A01");
    // The second examinee has not checked in: nothing to move.
    try {
        centre::move_attempt(db, test::kExamProctor, other, "A02", "屏幕故障", test::wall_ms());
        FAIL("moved");
    } catch (const centre::CentreError& e) {
        CHECK(std::string(e.what()).find("has not checked in yet") != std::string::npos);
    }
    CHECK_THROWS_AS(centre::move_attempt(db, test::kExamProctor, ticket, "A02", "", test::wall_ms()), exam::ExamError);
    // Rights: a proctor moves (as on a single machine: ProctorAttempts); exam staff, a trainer may not.
    CHECK_THROWS_AS(centre::move_attempt(db, test::kExamStaff, ticket, "A02", "屏幕故障", test::wall_ms()),
                    exam::PermissionDenied);
    CHECK_THROWS_AS(centre::move_attempt(db, test::kExamTrainer, ticket, "A02", "屏幕故障", test::wall_ms()),
                    exam::PermissionDenied);
    // A kiosk's login: the server refuses it the attempt's row (no table is granted to it), whatever program asks.
    {
        auto kiosk = storage::Database::open(room.kiosk_uri("A02"), false);
        CHECK_THROWS_AS(centre::move_attempt(kiosk, test::kExamProctor, ticket, "A02", "屏幕故障", test::wall_ms()),
                        storage::StorageError);
        CHECK_THROWS_AS(kiosk.exec("UPDATE attempt SET kiosk = 'A02'"), storage::StorageError);
        CHECK_THROWS_AS(centre::conflicts(kiosk, std::nullopt), storage::StorageError);
    }
    CHECK(seat_of(db, attempt) == "A01");
    CHECK(audit() == audit_before);

    // The command as the proctor: moved; a move back to A01, which sent events of the attempt, is refused (exit 1).
    {
        auto j = test::open_exam_db(room.a01);
        exam::ExamService svc(j);
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);
    }
    room.send(room.a01, "A01");
    const std::map<std::string, std::string> password{{"SAFEKIOSK_PASSWORD", "demo-2026"}};
    auto run = [&](const std::string& user, std::vector<std::string> args) {
        std::vector<std::string> all{"--db", pg.uri(), "--user", user, "centre", "move"};
        all.insert(all.end(), args.begin(), args.end());
        return test::run_admin(all, password);
    };
    auto denied = run("staff", {"--ticket", ticket, "--to", "A02", "--reason", "屏幕故障"});
    CHECK(denied.code == 4);
    auto moved = run("proctor", {"--ticket", ticket, "--to", "A02", "--reason", "屏幕故障"});
    INFO(moved.err);
    REQUIRE(moved.code == 0);
    CHECK(moved.out.find("ticket " + ticket + " (张三): moved from A01 to A02; the centre holds its events up to 1, "
                         "so A02 goes on from 2") == 0);
    CHECK(seat_of(db, attempt) == "A02");
    auto back = run("proctor", {"--ticket", ticket, "--to", "A01", "--reason", "修好了"});
    CHECK(back.code == 1);
    CHECK(back.err.find("was seated at A01 before") != std::string::npos);
    auto unknown = run("proctor", {"--ticket", ticket, "--to", "Z99", "--reason", "x"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("kiosk Z99: no such kiosk") != std::string::npos);
    CHECK(seat_of(db, attempt) == "A02");

    // A submission the centre holds: not moved.
    {
        auto c = centre::ask_centre_check_in(room.kiosk_uri("A02"), ticket, room.examinee.id_number);
        auto j = test::open_exam_db(room.a02);
        centre::record_check_in(j, c, ticket, room.examinee.id_number, "A02", test::wall_ms());
        exam::ExamService svc(j);
        svc.submit(attempt);
    }
    room.send(room.a02, "A02");
    try {
        centre::move_attempt(db, test::kExamProctor, ticket, "B01", "x", test::wall_ms());
        FAIL("moved");
    } catch (const centre::CentreError& e) {
        CHECK(std::string(e.what()).find("in 第二考场") != std::string::npos);
    }
    try {
        centre::move_attempt(db, test::kExamProctor, ticket, "A03", "x", test::wall_ms());
        FAIL("moved");
    } catch (const centre::CentreError& e) {
        CHECK(std::string(e.what()).find("no such kiosk") != std::string::npos);
    }
    db.exec("UPDATE centre_kiosk SET room = '第一考场' WHERE kiosk_id = 'B01'");
    try {
        centre::move_attempt(db, test::kExamProctor, ticket, "B01", "x", test::wall_ms());
        FAIL("moved");
    } catch (const centre::CentreError& e) {
        CHECK(std::string(e.what()).find("was submitted on kiosk A02") != std::string::npos);
    }
    CHECK(seat_of(db, attempt) == "A02");
}

TEST_CASE("centre move: a kiosk whose audit key is gone still stops the moved attempt, the events are marked sent "
          "once, and the sender says the audit entry is missing")
{
    const auto server = test::postgres_server();
    if (!server) return;
    MoveCase mc(*server);
    auto& room = mc.room;
    const std::int64_t attempt = room.examinee.attempt;
    auto& db = mc.db;
    {
        auto j = test::open_exam_db(room.a01);
        exam::ExamService svc(j);
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);
        CHECK(room.send(room.a01, "A01").stored == 1);
        svc.record_answer(attempt, 1, "A", false); // not sent before the move
    }
    centre::move_attempt(db, test::kExamProctor, room.examinee.ticket, "A02", "屏幕故障", test::wall_ms());
    // The key file is gone (a disk fault, a careless clean-up): the journal cannot sign the move's audit entry.
    const auto key = content::key_folder(room.a01) / exam::kAuditKeyFile;
    REQUIRE(std::filesystem::exists(key));
    std::filesystem::remove(key);

    centre::OutboxSender sender(room.a01, {room.kiosk_uri("A01"), 50});
    const auto r = sender.drain(); // once: were the move not recorded, the answer would go again and again
    CHECK(r.seat == 1);
    CHECK(sender.status().audit_problem.find("attempt " + std::to_string(attempt) + " moved to another kiosk") == 0);
    CHECK(sender.status().audit_problem.find(exam::kAuditKeyFile) != std::string::npos);
    CHECK(sender.drain().total() == 0);
    auto j = storage::Database::open(room.a01, false);
    CHECK(exam::ExamStore(j).moved_away(attempt));
    CHECK(centre::unsent_count(j) == 0);
    CHECK(test::scalar(j, "SELECT count(*) FROM audit_log WHERE action = 'attempt.moved_away'") == 0);
}
