// The exam kiosk in an exam centre: the real safekiosk program, configured with kiosk.json's "centre", driven
// headless as an examinee would use it. Its answers reach the centre's centre_event; with the centre down the kiosk
// still saves and shows 已保存, gives up sending 10 s after the end, and what it kept reaches the centre at its next
// start once the server is back.
#include "exam/centre/centre.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/centre/results.hpp"
#include "exam/centre/seat.hpp"
#include "exam/centre/sync.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/support/sql.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/faults/kiosk_exam.hpp"
#include "tests/postgres/own_server.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

using namespace sk;
namespace centre = sk::exam::centre;
namespace fs = std::filesystem;

namespace {

// A centre on the server database `db_uri` (the session, 张三 seated at A01, the centre's roles, kiosk A01's login
// and password file) and kiosk A01's journal of the same exam, not yet checked in, with its kiosk.json.
struct CentreKiosk {
    std::string db_uri;
    test::TempDir dir;
    fs::path journal = dir / "journal.db";
    fs::path config = dir / "kiosk.json";
    test::ExamDb exam;
    std::vector<std::string> roles;

    explicit CentreKiosk(const std::string& uri) : db_uri(uri)
    {
        const auto at_centre = test::build_exam_db(db_uri);
        auto db = storage::Database::open(db_uri, false);
        const auto init = centre::init(db);
        centre::AddKioskOptions o{"A01", "第一考场", centre::KioskRole::Exam, dir / "A01.pgpass", false, 1};
        const auto k = centre::add_kiosk(db, db_uri, o);
        roles = {k.kiosk.login, init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        // The centre draws the session's paper before check-in.
        REQUIRE(centre::draw_papers(db, test::kExamStaff, test::scalar(db, "SELECT id FROM exam_session"), test::wall_ms())
                    .drawn == 1);
        // The journal holds the same exam, its attempt numbered otherwise: central check-in gives it the centre's id.
        exam = test::build_exam_db(journal);
        {
            auto j = test::open_exam_db(journal);
            j.exec("UPDATE attempt SET id = " + std::to_string(at_centre.attempt + 76));
        }
        exam.attempt = at_centre.attempt;
        // kiosk.json as `centre add-kiosk` printed it, with the kiosk's role.
        test::write_file(config, "{\"role\": \"exam\",\n" + centre::kiosk_json_fragment(k).substr(1));
    }

    // Runs the kiosk with `script` to its end; the exit code. Its stderr in `err`.
    int run(const std::string& script, const std::string& name, std::string& err)
    {
        test::write_file(dir / (name + ".txt"), script);
        test::KioskProcess kiosk({"--db", journal.string(), "--config", config.string(), "--headless", "--script",
                                  (dir / (name + ".txt")).string(), "--screenshots", (dir / "shots").string()},
                                 {}, dir / (name + ".err"));
        const int code = kiosk.wait_exit();
        err = test::read_file(dir / (name + ".err"));
        return code;
    }

    std::int64_t unsent()
    {
        auto j = storage::Database::open(journal, false);
        return centre::unsent_count(j);
    }
};


// One test's centre on the shared test server: a database of its own and its roles, dropped with the test (the
// roles after the database), with kiosk A01 (CentreKiosk) and the owner's connection.
struct SharedCentre {
    std::vector<std::string> roles; // every role the test made
    test::DropRoles cleanup;
    test::PostgresDatabase pg;
    CentreKiosk k;
    storage::Database at_centre;

    explicit SharedCentre(const std::string& server)
        : cleanup{server, {}, &roles}, pg(server), k(pg.uri()), at_centre(storage::Database::open(pg.uri(), false))
    {
        roles = k.roles;
    }
    // Another exam kiosk of the centre, its password file beside A01's.
    void add_exam_kiosk(const std::string& id, const std::string& room = "第一考场")
    {
        roles.push_back(
            centre::add_kiosk(at_centre, pg.uri(), {id, room, centre::KioskRole::Exam, k.dir / (id + ".pgpass"), false, 1})
                .kiosk.login);
    }
    // A connection as that kiosk's login.
    std::string kiosk_uri(const std::string& id) const
    {
        return test::as_login(pg.uri(), centre::kiosk_login(pg.name(), id));
    }
};

// The check-in on a centre kiosk: the centre answers off the frame, then the identity screen.
std::string centre_check_in(const test::ExamDb& e) { return test::check_in(e) + "await-text 确认是本人\n"; }
std::string centre_check_in_and_start(const test::ExamDb& e)
{
    return centre_check_in(e) + "tap-text 确认是本人\nwait 20s\ntap-text 我已阅读，开始考试\nexpect-screen exam-paper\n";
}

// Answers questions 1..n on the paper screen (正确 or 错误 by turn), each seen 已保存.
std::string answer(int n)
{
    std::string s;
    for (int i = 1; i <= n; ++i) {
        s += "expect-text 第 " + std::to_string(i) + " 题 / 共 10 题\ntap-text " + (i % 2 ? "正确" : "错误") +
             "\nexpect-text 已保存\n";
        if (i < n) s += "tap-text 下一题\n";
    }
    return s;
}

// The centre holds every event of the journal's attempt once, with the same content, numbered 1..N, stamped A01,
// and the journal has nothing left to send.
void check_centre_holds_journal(storage::Database& at_centre, const fs::path& journal, std::int64_t attempt)
{
    auto j = storage::Database::open(journal, false);
    const auto sent = centre::outbox_events(j, attempt);
    REQUIRE_FALSE(sent.empty());
    auto st = at_centre.prepare("SELECT seq, kind, at_ms, body, kiosk_id FROM centre_event WHERE attempt_id = ? ORDER BY seq");
    st.bind(1, attempt);
    std::size_t i = 0;
    while (st.step()) {
        REQUIRE(i < sent.size());
        CHECK(st.int64(0) == static_cast<std::int64_t>(i + 1));
        CHECK(st.text(1) == sent[i].kind);
        CHECK(st.int64(2) == sent[i].at_ms);
        CHECK(st.text(3) == sent[i].body);
        CHECK(st.text(4) == "A01");
        CHECK(sent[i].sent_at_ms.has_value());
        ++i;
    }
    CHECK(i == sent.size());
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event_conflict") == 0);
}


} // namespace

TEST_CASE("a centre kiosk's answers reach the centre: the examinee's start and each answer, in order, once")
{
    const auto server = test::postgres_server();
    if (!server) return;
    SharedCentre c(*server);
    auto& k = c.k;
    auto& at_centre = c.at_centre;

    std::string err;
    REQUIRE(k.run(centre_check_in_and_start(k.exam) + answer(4), "answer", err) == 0);
    INFO(err);
    CHECK(k.unsent() == 0);
    CHECK(err.find("not yet at the centre") == std::string::npos);
    check_centre_holds_journal(at_centre, k.journal, k.exam.attempt);
    // The start and the four answers as the examinee gave them.
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event WHERE kind = 'clock' AND body LIKE '%\"event\":\"start\"%'") == 1);
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event WHERE kind = 'answer'") == 4);
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event WHERE kind = 'answer' AND body = "
                            "'{\"marked\":false,\"position\":2,\"response\":\"B\"}'") == 1);

    // Exam staff see it with `centre seats`, reading as a staff login (not the database's owner).
    const std::string staff = c.pg.name() + "_office";
    c.roles.push_back(staff);
    at_centre.exec("CREATE ROLE \"" + staff + "\" LOGIN IN ROLE \"" + centre::role_names(c.pg.name()).staff + "\"");
    at_centre.exec("INSERT INTO centre_kiosk(kiosk_id, room, role, login, created_at_ms) "
                   "VALUES('A02', '第一考场', 'exam', '" + c.pg.name() + "_kiosk_a02', 1)");
    // One event kept apart: A01 sent other content under a number the centre holds.
    at_centre.exec("INSERT INTO centre_event_conflict(attempt_id, seq, kiosk_id, kind, at_ms, body, received_at_ms, reason) "
                   "VALUES(" + std::to_string(k.exam.attempt) + ", 2, 'A01', 'answer', 1, '{}', 2, 'content')");
    const auto seats = test::run_admin({"--db", test::as_login(c.pg.uri(), staff), "--json", "centre", "seats"});
    INFO(seats.err);
    REQUIRE(seats.code == 0);
    const auto j = nlohmann::json::parse(seats.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["kiosk_id"] == "A01");
    CHECK(j[0]["room"] == "第一考场");
    CHECK(j[0]["events"] == 5);
    CHECK(j[0]["attempts"] == 1);
    CHECK(j[0]["conflicts"] == 1);
    CHECK(j[0]["last_event_at_ms"].get<std::int64_t>() ==
          test::scalar(at_centre, "SELECT max(at_ms) FROM centre_event WHERE kiosk_id = 'A01'"));
    // The kiosk ran on a virtual clock that starts at the wall time: its last answer is at most minutes "old".
    CHECK(j[0]["lag_s"].get<double>() >= 0);
    CHECK(j[0]["silent_s"].get<double>() >= 0);
    CHECK(j[1]["kiosk_id"] == "A02");
    CHECK(j[1]["events"] == 0);
    CHECK(j[1]["last_event_at_ms"].is_null());
    CHECK(j[1]["lag_s"].is_null());
    // A01's sender reported its clock to the centre; A02 never ran.
    CHECK_FALSE(j[0]["clock_offset_s"].is_null());
    CHECK(j[1]["clock_offset_s"].is_null());
    CHECK(j[1]["clock_wrong"] == false);
    const auto text = test::run_admin({"--db", test::as_login(c.pg.uri(), staff), "centre", "seats"});
    CHECK(text.code == 0);
    CHECK(text.out.find("A01\t第一考场\texam\t5\t1\t") != std::string::npos);
    CHECK(text.out.find("\t1 (see centre_event_conflict)") != std::string::npos);
    CHECK(text.out.find("A02\t第一考场\texam\t0\t0\t-\t-\tnever\t-\t0") != std::string::npos);
    // A kiosk's login reads no table: refused by the server, named.
    const auto as_kiosk = test::run_admin({"--db", c.kiosk_uri("A01"), "centre", "seats"});
    CHECK(as_kiosk.code != 0);
    CHECK(as_kiosk.err.find("permission denied") != std::string::npos);
}

TEST_CASE("with the centre down the kiosk still saves and shows 已保存, and its answers reach the centre once the "
          "server is back")
{
    if (!test::postgres_server()) return;
    test::OwnServer server;
    const std::string base = server.uri.substr(0, server.uri.rfind('/') + 1);
    {
        auto admin = storage::Database::open(server.uri);
        admin.exec("CREATE DATABASE centre");
    }
    CentreKiosk k(base + "centre");
    // Checked in by the centre; then the kiosk restarts with the centre gone.
    std::string err;
    REQUIRE(k.run(centre_check_in(k.exam), "checkin", err) == 0);
    server.kill();

    // The check-in again (the centre unreachable, the journal's attempt checked in here by it), the start and three
    // answers with the server gone: each 已保存 at once (the script checks it).
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(k.run(centre_check_in_and_start(k.exam) + answer(3), "down", err) == 0);
    const auto took = std::chrono::steady_clock::now() - t0;
    INFO(err);
    // It kept trying for 10 s on its way out, then left the events in the journal and said so.
    CHECK(took >= std::chrono::seconds(10));
    CHECK(took < std::chrono::seconds(40));
    const std::int64_t kept = k.unsent();
    CHECK(kept == 1 + 3); // the start and three answers
    CHECK(err.find(std::to_string(kept) + " event(s) not yet at the centre") != std::string::npos);
    CHECK(err.find("sent at the next start") != std::string::npos);
    {
        auto j = test::open_exam_db(k.journal);
        exam::ExamStore store(j);
        CHECK(store.answers(k.exam.attempt).size() == 3);
    }

    // The server back: the next start sends what was kept, and the answers given now follow.
    server.restart();
    REQUIRE(k.run("expect-screen exam-paper\nexpect-text 第 4 题 / 共 10 题\ntap-text 正确\nexpect-text 已保存\n", "back",
                  err) == 0);
    INFO(err);
    CHECK(k.unsent() == 0);
    auto at_centre = storage::Database::open(base + "centre", false);
    check_centre_holds_journal(at_centre, k.journal, k.exam.attempt);
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event WHERE kind = 'answer'") == 4);
}

TEST_CASE("the result screen and the proctor panel say what the centre does not hold yet, turn when it does, and "
          "the result screen shows the centre's score once its collector has graded the paper")
{
    if (!test::postgres_server()) return;
    test::OwnServer server;
    const std::string base = server.uri.substr(0, server.uri.rfind('/') + 1);
    {
        auto admin = storage::Database::open(server.uri);
        admin.exec("CREATE DATABASE centre");
    }
    CentreKiosk k(base + "centre");
    test::add_exam_users(k.journal);
    std::string err;
    REQUIRE(k.run(centre_check_in(k.exam), "checkin", err) == 0);
    server.kill();

    // The proctor opens the panel from any screen: the corner, then 监考员登录, then user name and password.
    const std::string proctor = "hold 0.3% 0.3% 3s\nexpect-screen admin-pin\ntap-text 监考员登录\nexpect-screen proctor\n"
                                "type proctor\ntap-text 密码\ntype demo-2026\ntap-text 登录\nexpect-text 上传\n";
    const std::string script =
        centre_check_in_and_start(k.exam) + answer(2) + proctor +
        // The start, two answers and the pause the panel itself made (it covers the paper) wait at this seat while
        // the centre is away.
        "await-text 离线 · 待传 4\nscreenshot centre-proctor-offline\ntap-text 退出监考\nexpect-screen exam-paper\n"
        "tap-text 交卷\ntap-text 确认交卷\nexpect-screen exam-result\n"
        "expect-text 答卷已保存在本机，将自动上传到考点服务器\nexpect-no-text 答卷已全部上传\n"
        "screenshot centre-result-pending\nlog pending-shown\n"
        // The test starts the server again here: the line turns once the last event is at the centre.
        "await-text 答卷已全部上传到考点服务器\nscreenshot centre-result-uploaded\nlog uploaded-shown\n"
        // The test starts the centre's collector here: it grades the paper, and the kiosk shows it confirmed.
        "await-text 考点服务器已确认成绩\nexpect-no-text 答卷已全部上传\nexpect-no-text 本机评分\n"
        "screenshot centre-result-confirmed\n" +
        proctor + "await-text 已上传\nscreenshot centre-proctor-uploaded\n";
    test::write_file(k.dir / "honest.txt", script);
    test::KioskProcess kiosk({"--db", k.journal.string(), "--config", k.config.string(), "--headless", "--script",
                              (k.dir / "honest.txt").string(), "--screenshots", (k.dir / "shots").string(), "--size", "1080x1920"},
                             {}, k.dir / "honest.err");
    const bool shown = kiosk.read_until("log: pending-shown");
    INFO(kiosk.out());
    INFO(test::read_file(k.dir / "honest.err"));
    REQUIRE(shown);
    server.restart();
    REQUIRE(kiosk.read_until("log: uploaded-shown"));
    auto at_centre = storage::Database::open(base + "centre", false);
    // Every event is at the centre, and nothing has graded it yet.
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM attempt WHERE state = 'scored'") == 0);
    std::atomic<bool> stop{false};
    std::thread collector([&] {
        centre::FollowOptions options;
        options.tick = std::chrono::milliseconds(50);
        centre::follow_results(base + "centre", centre::collector_actor(), stop, options, {});
    });
    const int code = kiosk.wait_exit();
    stop = true;
    collector.join();
    CHECK(code == 0);
    test::keep_shots(k.dir.path(), "");
    CHECK(k.unsent() == 0);
    check_centre_holds_journal(at_centre, k.journal, k.exam.attempt);
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM attempt WHERE state = 'scored'") == 1);
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event WHERE kind = 'clock' AND body LIKE '%\"event\":\"submit\"%'") == 1);
}

TEST_CASE("a kiosk whose examinee the proctor moved to another seat stops the exam there: at its next event it says "
          "so, records nothing more of it, and does not resume it")
{
    const auto server = test::postgres_server();
    if (!server) return;
    SharedCentre c(*server);
    auto& k = c.k;
    auto& at_centre = c.at_centre;
    c.add_exam_kiosk("A02");
    std::string err;
    REQUIRE(k.run(centre_check_in_and_start(k.exam) + answer(2), "answer", err) == 0);
    CHECK(k.unsent() == 0);

    // A01's screen fails; the proctor moves 张三 to A02 at the centre. A01 comes back: it resumes the exam, and its
    // first event (the time it was down) is answered `seat` by the centre: the screen turns, and the start screen
    // does not offer the exam again.
    const auto m = centre::move_attempt(at_centre, test::kExamProctor, k.exam.ticket, "A02", "屏幕故障", test::wall_ms());
    CHECK(m.last_seq == 3);
    REQUIRE(k.run("expect-screen exam-paper\nawait-text 本场考试已转到其他考位\nexpect-screen exam-moved\n"
                  "expect-text 请联系监考员，到新的考位继续考试。\nexpect-text 本机不再记录本场考试的作答。\nexpect-text 张三  A01\nscreenshot centre-moved\n"
                  "tap-text 首页\nexpect-screen exam-attract\n",
                  "moved", err) == 0);
    INFO(err);
    test::keep_shots(k.dir.path(), "");
    {
        auto j = test::open_exam_db(k.journal);
        exam::ExamStore store(j);
        CHECK(store.moved_away(k.exam.attempt));
        CHECK(store.answers(k.exam.attempt).size() == 2);
        CHECK(k.unsent() == 0);
    }
    // At the centre: the attempt's events are still 1–3; what A01 sent after the move is kept apart for the proctor.
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event") == 3);
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event_conflict WHERE kiosk_id = 'A01' AND reason = 'seat'") >= 1);

    // Started again, A01 shows its start screen (the check-in), not the moved exam.
    REQUIRE(k.run("expect-screen exam-attract\n", "again", err) == 0);
}

TEST_CASE("an idle kiosk whose examinee the proctor moved to another seat learns it from the centre within seconds, "
          "without an event to send, and stops the exam there")
{
    const auto server = test::postgres_server();
    if (!server) return;
    SharedCentre c(*server);
    auto& k = c.k;
    auto& at_centre = c.at_centre;
    c.add_exam_kiosk("A02");
    // 张三 answers one question at A01, then its touch screen stops answering: A01 shows the paper, sends nothing more.
    const std::string script = centre_check_in_and_start(k.exam) + answer(1) +
                               "log answered\nawait-text 本场考试已转到其他考位\nexpect-screen exam-moved\n"
                               "expect-text 张三  A01\nlog moved-shown\n";
    test::write_file(k.dir / "idle.txt", script);
    test::KioskProcess kiosk({"--db", k.journal.string(), "--config", k.config.string(), "--headless", "--script",
                              (k.dir / "idle.txt").string()},
                             {}, k.dir / "idle.err");
    REQUIRE(kiosk.read_until("log: answered"));
    for (int i = 0; i < 100 && test::scalar(at_centre, "SELECT count(*) FROM centre_event") < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(test::scalar(at_centre, "SELECT count(*) FROM centre_event") == 2); // the start and the answer
    centre::move_attempt(at_centre, test::kExamProctor, k.exam.ticket, "A02", "触摸屏失灵", test::wall_ms());
    const bool shown = kiosk.read_until("log: moved-shown");
    INFO(kiosk.out());
    INFO(test::read_file(k.dir / "idle.err"));
    CHECK(shown);
    CHECK(kiosk.wait_exit() == 0);
    // It learnt from the centre's answer to its question, not from a refused event: nothing of it was kept apart.
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event_conflict") == 0);
    CHECK(test::scalar(at_centre, "SELECT count(*) FROM centre_event") == 2);
    auto j = test::open_exam_db(k.journal);
    exam::ExamStore store(j);
    CHECK(store.moved_away(k.exam.attempt));
    CHECK(store.verify_audit().empty());
    // The function tells a kiosk no more than that of an attempt it sent and that left: neither state nor score,
    // and nothing at all to a kiosk that never held it.
    {
        auto a01 = storage::Database::open(c.kiosk_uri("A01"), false);
        const auto r = centre::seat_result(a01, k.exam.attempt);
        REQUIRE(r.has_value());
        CHECK_FALSE(r->here);
        auto a02 = storage::Database::open(c.kiosk_uri("A02"), false);
        const auto there = centre::seat_result(a02, k.exam.attempt);
        REQUIRE(there.has_value()); // seated at A02 now (checked in)
        CHECK(there->here);
    }
}

TEST_CASE("the proctor panel on an exam kiosk lists every exam seat of its room from the centre: who sits there, the "
          "answers the centre holds, when it last heard from the seat, an offline seat and events kept apart in red")
{
    const auto server = test::postgres_server();
    if (!server) return;
    SharedCentre c(*server);
    auto& k = c.k;
    auto& at_centre = c.at_centre;
    c.add_exam_kiosk("A02");
    c.add_exam_kiosk("A03");
    c.add_exam_kiosk("B01", "第二考场");
    // 李四 sits at A02: checked in through the centre, its start and one answer there, the last 3000 s ago (its
    // network cable pulled since). A03 is empty, but sent an event the centre kept apart. B01 is another room's.
    const std::string ticket = test::add_examinee(c.pg.uri(), "李四", "11010519800101003", "A02");
    REQUIRE(centre::draw_papers(at_centre, test::kExamStaff, test::scalar(at_centre, "SELECT id FROM exam_session"),
                                test::wall_ms())
                .drawn == 1);
    std::string li_id;
    {
        auto st = at_centre.prepare("SELECT c.id_number FROM candidate c JOIN attempt a ON a.candidate_id = c.id "
                                    "WHERE a.ticket = ?");
        st.bind(1, ticket);
        REQUIRE(st.step());
        li_id = st.text(0);
    }
    const auto li = centre::ask_centre_check_in(c.kiosk_uri("A02"), ticket,
                                                li_id);
    const std::int64_t then = test::wall_ms() - 3000'000;
    const std::string a = std::to_string(li.attempt_id);
    at_centre.exec("INSERT INTO centre_event(attempt_id, seq, kiosk_id, kind, at_ms, body, received_at_ms) VALUES (" + a +
                   ", 1, 'A02', 'clock', " + std::to_string(then) + ", '{\"event\":\"start\"}', " + std::to_string(then) +
                   "), (" + a + ", 2, 'A02', 'answer', " + std::to_string(then) +
                   ", '{\"position\":1,\"response\":\"A\",\"marked\":false}', " + std::to_string(then) + ")");
    at_centre.exec("INSERT INTO centre_event_conflict(attempt_id, seq, kiosk_id, kind, at_ms, body, received_at_ms, "
                   "reason) VALUES (" + a + ", 2, 'A03', 'answer', 1, '{}', 2, 'content')");

    // A01's journal as a kiosk's is made: a copy of its room's registrations pulled from the centre (李四's included).
    k.journal = k.dir / "pulled.db";
    const auto pulled = test::run_admin({"--db", k.journal.string(), "centre", "pull", "--centre",
                                         c.kiosk_uri("A01"), "--kiosk", "A01"});
    INFO(pulled.err);
    REQUIRE(pulled.code == 0);
    test::add_exam_users(k.journal);

    // 张三 starts at A01; the proctor opens the panel there.
    std::string err;
    const std::string proctor = "hold 0.3% 0.3% 3s\nexpect-screen admin-pin\ntap-text 监考员登录\nexpect-screen proctor\n"
                                "type proctor\ntap-text 密码\ntype demo-2026\ntap-text 登录\nexpect-text 上传\n"
                                "await-text 冲突 1 条\n";
    const int code = k.run(centre_check_in_and_start(k.exam) + answer(1) + proctor +
                               "expect-text 李四\nexpect-text 1 / 10\nexpect-text 离线 30\nexpect-text A03\n"
                               "expect-text 张三\nexpect-no-text B01\nexpect-no-text 本机时钟\n"
                               "screenshot centre-proctor-room\n",
                           "room", err);
    test::keep_shots(k.dir.path(), "");
    INFO(err);
    REQUIRE(code == 0);
    // Another seat is acted on at its own kiosk: only this seat's row can be chosen here.
    CHECK(k.run("expect-screen exam-paper\n" + proctor + "tap-text A02\n", "other", err) == 1);
    CHECK(err.find("nothing labelled 'A02' can be tapped on screen 'proctor' (tappable: 退出监考, A01)") !=
          std::string::npos);
    // The kiosk's clock set 2 h back: the panel measures it against the centre's as it reads the room, and says so;
    // the centre's clock says which sessions are open, so the kiosk's own examinee is still listed.
    CHECK(k.run("expect-screen exam-paper\nwall-clock -2h\n" + proctor +
                    "await-text 本机时钟比考点服务器慢\nawait-text 张三\nscreenshot centre-proctor-clock\nexpect-text 李四\n",
                "clock", err) == 0);
    INFO(err);
    test::keep_shots(k.dir.path(), "");

    // The server lets a kiosk read its own room only, and no other login call it.
    {
        auto a01 = storage::Database::open(c.kiosk_uri("A01"), false);
        const auto seats = centre::room_seats(a01);
        REQUIRE(seats.size() == 3);
        CHECK(seats[0].kiosk_id == "A01");
        CHECK(seats[1].kiosk_id == "A02");
        CHECK(seats[1].attempt_id == li.attempt_id);
        CHECK(seats[1].events == 2);
        CHECK(seats[1].answered == 1);
        CHECK_FALSE(seats[1].submitted);
        CHECK(*seats[1].silent_ms() >= 3000'000);
        CHECK(seats[2].kiosk_id == "A03");
        CHECK(seats[2].conflicts == 1);
        CHECK_FALSE(seats[2].attempt_id.has_value());
        auto b01 = storage::Database::open(c.kiosk_uri("B01"), false);
        const auto other = centre::room_seats(b01);
        REQUIRE(other.size() == 1);
        CHECK(other[0].kiosk_id == "B01");
    }
    CHECK_THROWS_AS(centre::room_seats(at_centre), storage::StorageError); // the owner is no kiosk

    // The offset itself, as the sending thread measures it while the panel watches the room: within a second of the
    // kiosk's error, either way.
    for (const std::int64_t error : {-7200'000LL, 0LL, 90'000LL}) {
        centre::SenderOptions o{c.kiosk_uri("A01")};
        o.wall_ms = [error] { return test::wall_ms() + error; };
        o.room_poll = std::chrono::milliseconds(50);
        centre::SenderThread link(k.journal, o);
        link.watch_room(true);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!link.status().clock_offset_ms && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const auto offset = link.status().clock_offset_ms;
        REQUIRE(offset.has_value());
        CHECK(std::llabs(*offset + error) < 1000);
        link.finish(std::chrono::milliseconds(0));
        // The centre learnt it too, from the kiosk's report (staff see it in `centre seats`).
        CHECK(std::llabs(test::scalar(at_centre, "SELECT clock_offset_ms FROM centre_kiosk WHERE kiosk_id = 'A01'") +
                         error) < 1000);
    }
    // Staff see the kiosk whose clock is wrong (the last run's, 90 s fast), on the centre's clock.
    {
        const std::string office = c.pg.name() + "_office";
        c.roles.push_back(office);
        at_centre.exec("CREATE ROLE \"" + office + "\" LOGIN IN ROLE \"" + centre::role_names(c.pg.name()).staff + "\"");
        const auto staff = test::as_login(c.pg.uri(), office);
        const auto seats = test::run_admin({"--db", staff, "centre", "seats"});
        INFO(seats.err);
        REQUIRE(seats.code == 0);
        CHECK(seats.out.find("\tclock\t") != std::string::npos);
        CHECK(seats.out.find(" s fast (set it)\t") != std::string::npos);
        CHECK(seats.err.find("1 kiosk(s) with a clock a minute or more off the centre's") != std::string::npos);
        const auto json = test::run_admin({"--db", staff, "--json", "centre", "seats"});
        const auto j = nlohmann::json::parse(json.out);
        REQUIRE(j.size() == 4);
        CHECK(j[0]["kiosk_id"] == "A01");
        CHECK(std::abs(j[0]["clock_offset_s"].get<double>() + 90) < 1);
        CHECK(j[0]["clock_wrong"] == true);
        CHECK(j[1]["clock_offset_s"].is_null());
    }
    // A centre not yet upgraded (no centre_kiosk_clock()): the kiosk goes on sending and reading its room, and
    // measures its clock on the room's read alone.
    at_centre.exec("DROP FUNCTION centre_kiosk_clock(bigint)");
    {
        centre::SenderOptions o{c.kiosk_uri("A01")};
        o.wall_ms = [] { return test::wall_ms() - 7200'000; };
        o.room_poll = std::chrono::milliseconds(50);
        centre::SenderThread link(k.journal, o);
        link.watch_room(true);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while ((!link.status().clock_offset_ms || link.status().room.empty()) && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const auto st = link.status();
        CHECK(st.failures == 0);
        CHECK(st.last_error.empty());
        REQUIRE(st.clock_offset_ms.has_value());
        CHECK(std::llabs(*st.clock_offset_ms - 7200'000) < 1000);
        link.finish(std::chrono::milliseconds(0));
    }
}
