// Central check-in (exam/centre/checkin.hpp): the centre's engine draws a session's papers (centre draw-papers), and
// an exam kiosk's login checks an examinee in through centre_check_in(): the centre's checks, the attempt seated at
// the calling kiosk, its paper's composition returned, the same attempt again on a retry. Connected as each role.
#include "exam/centre/checkin.hpp"
#include "exam/centre/centre.hpp"
#include "exam/centre/sync.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/faults/kiosk_exam.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/sql.hpp"
#include "tests/support/tcp_proxy.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {


// The centre's paper of an attempt: position → (question row, option order, key).
struct StoredQuestion {
    std::int64_t question = 0;
    std::string option_order;
    std::string key;
    bool operator==(const StoredQuestion&) const = default;
};
std::map<int, StoredQuestion> stored_paper(storage::Database& db, std::int64_t attempt)
{
    auto st = db.prepare("SELECT position, question_id, option_order, key FROM paper_question WHERE attempt_id = ?");
    st.bind(1, attempt);
    std::map<int, StoredQuestion> out;
    while (st.step()) out[static_cast<int>(st.int64(0))] = {st.int64(1), st.text(2), st.text(3)};
    return out;
}

// The ExamErrc key a call is refused with, "" when it is not an ExamError.
template <class F>
std::string refused_with(F&& f)
{
    try {
        f();
    } catch (const exam::ExamError& e) {
        return e.key();
    } catch (...) {
        return "other";
    }
    return "";
}

// Runs the kiosk headless with `config` and `journal` to the end of `script`; the exit code, its stderr in `err`.
int run_kiosk(const std::filesystem::path& dir, const std::filesystem::path& journal, const std::filesystem::path& config,
              const std::string& script, const std::string& name, std::string& err)
{
    test::write_file(dir / (name + ".txt"), script);
    test::KioskProcess kiosk({"--db", journal.string(), "--config", config.string(), "--headless", "--script",
                              (dir / (name + ".txt")).string(), "--screenshots", (dir / "shots").string()},
                             {}, dir / (name + ".err"));
    const int code = kiosk.wait_exit();
    err = test::read_file(dir / (name + ".err"));
    return code;
}

// A server that accepts connections and never answers: a centre whose machine hangs.
struct SilentServer {
    int fd = -1;
    int port = 0;
    SilentServer()
    {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd, 16) == 0);
        socklen_t n = sizeof a;
        REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) == 0);
        port = ntohs(a.sin_port);
    }
    ~SilentServer() { ::close(fd); }
};

} // namespace

TEST_CASE("central check-in: the centre draws the papers least-used across the session, seats the attempt at the "
          "calling kiosk, returns the same attempt on a retry, and refuses other kiosks and the training kiosk")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::DropRoles cleanup{*server, {}};
    test::PostgresDatabase pg(*server);
    const std::string uri = pg.uri();
    const auto names = centre::role_names(pg.name());
    cleanup.roles = {centre::kiosk_login(pg.name(), "A01"), centre::kiosk_login(pg.name(), "A02"),
                     centre::kiosk_login(pg.name(), "T01"), names.exam_kiosk, names.training_kiosk, names.staff};
    test::TempDir dir;

    // 张三 seated at A01, 李四 at A02; a pool of 40 true/false questions, 10 a paper.
    const auto e = test::build_exam_db(uri);
    const std::string ticket2 = test::add_examinee(uri, "李四", "11010519800101003", "A02");
    auto db = storage::Database::open(uri, false);
    centre::init(db);
    for (const auto& [id, role] : {std::pair{"A01", centre::KioskRole::Exam}, std::pair{"A02", centre::KioskRole::Exam},
                                   std::pair{"T01", centre::KioskRole::Training}})
        centre::add_kiosk(db, uri, {id, "第一考场", role, dir / (std::string(id) + ".pgpass"), false, 1});
    const std::string a01 = test::as_login(uri, centre::kiosk_login(pg.name(), "A01"));
    const std::string a02 = test::as_login(uri, centre::kiosk_login(pg.name(), "A02"));
    const std::string t01 = test::as_login(uri, centre::kiosk_login(pg.name(), "T01"));
    // The seats query's index (centre schema step 2).
    CHECK(test::scalar(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'centre_event_kiosk'") == 1);

    // Before the centre has drawn the papers the check-in is refused, and nothing changes.
    CHECK_THROWS_AS(centre::ask_centre_check_in(a01, e.ticket, e.id_number), centre::PaperNotDrawn);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE state = 'scheduled' AND kiosk IN ('A01', 'A02')") == 2);

    // The exam office draws them: exam staff signed in (the command refuses a user of no exam-staff role).
    test::add_exam_users(uri);
    const auto session = test::scalar(db, "SELECT id FROM exam_session");
    const auto proctor = test::run_admin({"--db", uri, "--user", "proctor", "centre", "draw-papers", "--session",
                                          std::to_string(session)},
                                         {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    CHECK(proctor.code != 0);
    CHECK(test::scalar(db, "SELECT count(*) FROM paper_question") == 0);
    const auto drawn = test::run_admin({"--db", uri, "--user", "staff", "--json", "centre", "draw-papers", "--session",
                                        std::to_string(session)},
                                       {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    INFO(drawn.err);
    REQUIRE(drawn.code == 0);
    CHECK(nlohmann::json::parse(drawn.out)["drawn"] == 2);
    // Least-used across the session: 40 questions give two papers of 10 with none in common.
    CHECK(test::scalar(db, "SELECT count(DISTINCT question_id) FROM paper_question") == 20);
    // Drawing again draws nothing new.
    const auto again = test::run_admin({"--db", uri, "--user", "staff", "--json", "centre", "draw-papers", "--session",
                                        std::to_string(session)},
                                       {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    CHECK(nlohmann::json::parse(again.out)["drawn"] == 0);
    CHECK(nlohmann::json::parse(again.out)["already_drawn"] == 2);

    // A01 checks 张三 in: the centre's attempt, seated at A01, its paper as the centre stored it.
    const auto c = centre::ask_centre_check_in(a01, e.ticket, e.id_number);
    CHECK(c.attempt_id == e.attempt);
    REQUIRE(c.questions.size() == 10);
    const auto centre_paper = stored_paper(db, e.attempt);
    for (const auto& q : c.questions) {
        CHECK(centre_paper.at(q.position).question == q.question_id);
        CHECK(centre_paper.at(q.position).option_order == nlohmann::json(q.option_order).dump());
    }
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE id = " + std::to_string(e.attempt) +
                               " AND state = 'checked_in' AND kiosk = 'A01'") == 1);
    // The same ticket again (a reply lost on the way): the same attempt and paper, no second attempt.
    const auto retry = centre::ask_centre_check_in(a01, e.ticket, e.id_number);
    CHECK(retry.attempt_id == c.attempt_id);
    CHECK(retry.seed == c.seed);
    CHECK(retry.questions.size() == c.questions.size());
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt") == 2);

    // What the centre refuses, with the engine's codes the kiosk words.
    CHECK(refused_with([&] { centre::ask_centre_check_in(a02, e.ticket, e.id_number); }) == "sitting_elsewhere");
    CHECK(refused_with([&] { centre::ask_centre_check_in(a01, ticket2, "110105198001010031"); }) == "ticket_mismatch");
    std::string li;
    {
        auto st = db.prepare("SELECT c.id_number FROM candidate c JOIN attempt a ON a.candidate_id = c.id WHERE a.ticket = ?");
        st.bind(1, ticket2);
        REQUIRE(st.step());
        li = st.text(0);
    }
    CHECK(refused_with([&] { centre::ask_centre_check_in(a01, ticket2, li); }) == "wrong_seat");
    CHECK(refused_with([&] { centre::ask_centre_check_in(a01, "999", e.id_number); }) == "ticket_mismatch");
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE ticket = '" + ticket2 + "' AND state = 'scheduled'") == 1);
    // The room: a kiosk of another room cannot check anyone of 第一考场 in.
    db.exec("UPDATE centre_kiosk SET room = '第二考场' WHERE kiosk_id = 'A02'");
    try {
        centre::ask_centre_check_in(a02, ticket2, li);
        FAIL("a kiosk of 第二考场 checked in an examinee of 第一考场");
    } catch (const exam::ExamError& err) {
        CHECK(std::string(err.key()) == "wrong_room");
        REQUIRE(err.args().size() == 1);
        CHECK(err.args()[0] == "第一考场");
    }
    db.exec("UPDATE centre_kiosk SET room = '第一考场' WHERE kiosk_id = 'A02'");
    // The session's hours on the centre's clock: not open yet, then over.
    const std::string sid = std::to_string(session);
    const std::int64_t now = test::wall_ms();
    db.exec("UPDATE exam_session SET starts_at_ms = " + std::to_string(now + 3'600'000) + ", ends_at_ms = " +
            std::to_string(now + 7'200'000) + " WHERE id = " + sid);
    CHECK(refused_with([&] { centre::ask_centre_check_in(a02, ticket2, li); }) == "check_in_not_open");
    db.exec("UPDATE exam_session SET starts_at_ms = " + std::to_string(now - 7'200'000) + ", ends_at_ms = " +
            std::to_string(now - 60'000) + " WHERE id = " + sid);
    CHECK(refused_with([&] { centre::ask_centre_check_in(a02, ticket2, li); }) == "session_over");
    // 张三, checked in before the end, is still given his attempt (a restart after the session's end).
    CHECK(centre::ask_centre_check_in(a01, e.ticket, e.id_number).attempt_id == e.attempt);
    db.exec("UPDATE exam_session SET starts_at_ms = " + std::to_string(now - 600'000) + ", ends_at_ms = " +
            std::to_string(now + 3'600'000) + " WHERE id = " + sid);
    // 李四 at A02: a paper with no question of 张三's.
    const auto c2 = centre::ask_centre_check_in(a02, ticket2, li);
    std::set<std::int64_t> first;
    for (const auto& q : c.questions) first.insert(q.question_id);
    for (const auto& q : c2.questions) CHECK(first.count(q.question_id) == 0);

    // The training kiosk's login may not call it (the server refuses), nor read a paper.
    try {
        centre::ask_centre_check_in(t01, e.ticket, e.id_number);
        FAIL("a training kiosk checked an examinee in");
    } catch (const centre::CentreError& err) {
        CHECK(std::string(err.what()).find("permission denied") != std::string::npos);
    }
    // Who the login is, as the kiosk asks at its start.
    const auto self = centre::ask_kiosk_self(a01);
    CHECK(self.kiosk_id == "A01");
    CHECK(self.room == "第一考场");
    CHECK(self.role == centre::KioskRole::Exam);

    // A server that cannot be reached: CentreUnreachable, nothing checked in.
    const auto addr = storage::server_address(uri);
    CHECK_THROWS_AS(centre::ask_centre_check_in("postgresql://" + centre::kiosk_login(pg.name(), "A01") +
                                                    "@127.0.0.1:1/" + addr.dbname + "?connect_timeout=2",
                                                e.ticket, e.id_number),
                    centre::CentreUnreachable);

    // The kiosk writes it into its journal: the journal's own attempt of that ticket (numbered 77 there) takes the
    // centre's id, the paper with the keys computed from the kiosk's bank equal to the centre's.
    const auto journal_path = dir / "journal.db";
    test::build_exam_db(journal_path);
    auto journal = test::open_exam_db(journal_path);
    journal.exec("UPDATE attempt SET id = 77");
    // It even holds a paper of its own for it (a copy drawn elsewhere): the centre's replaces it.
    journal.exec("UPDATE attempt SET seed = 5");
    journal.exec("INSERT INTO paper_question(attempt_id, position, question_id, option_order, key, points) "
                 "SELECT 77, 1, min(id), '[0,1]', 'A', 10 FROM question");
    const auto id = centre::record_check_in(journal, c, e.ticket, e.id_number, "A01", test::wall_ms());
    CHECK(id == e.attempt);
    CHECK(stored_paper(journal, id) == centre_paper);
    exam::ExamStore store(journal);
    const auto local = store.attempt(id);
    REQUIRE(local);
    CHECK(local->state == exam::AttemptState::CheckedIn);
    CHECK(local->kiosk == "A01");
    CHECK(local->ticket == e.ticket);
    CHECK(test::scalar(journal, "SELECT count(*) FROM attempt") == 1);
    // Again (the kiosk restarted and asked again): nothing changes.
    CHECK(centre::record_check_in(journal, c, e.ticket, e.id_number, "A01", test::wall_ms()) == id);
    CHECK(stored_paper(journal, id) == centre_paper);
    // A journal that does not hold the centre's candidate: refused, naming what is missing, nothing written.
    const auto other_path = dir / "other.db";
    test::build_exam_db(other_path);
    auto other = test::open_exam_db(other_path);
    other.exec("DELETE FROM attempt");
    other.exec("DELETE FROM candidate");
    try {
        centre::record_check_in(other, c, e.ticket, e.id_number, "A01", test::wall_ms());
        FAIL("a journal without the candidate recorded the check-in");
    } catch (const centre::CentreError& err) {
        CHECK(std::string(err.what()).find("is not in this kiosk's journal") != std::string::npos);
    }
    CHECK(test::scalar(other, "SELECT count(*) FROM attempt") == 0);
}

TEST_CASE("two centre kiosks check in the same session: each journal holds the centre's attempt and paper, drawn "
          "least-used (no question in common), and the answers reach the centre with no seat conflict")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::DropRoles cleanup{*server, {}};
    test::PostgresDatabase pg(*server);
    const std::string uri = pg.uri();
    const auto names = centre::role_names(pg.name());
    cleanup.roles = {centre::kiosk_login(pg.name(), "A01"), centre::kiosk_login(pg.name(), "A02"), names.exam_kiosk,
                     names.training_kiosk, names.staff};
    test::TempDir dir;

    // The centre: 张三 at A01, 李四 at A02, both papers drawn. Each kiosk's journal is a copy of the registrations
    // made before the draw, its attempts numbered otherwise.
    const auto zhang = test::build_exam_db(uri);
    test::ExamDb li = zhang;
    li.ticket = test::add_examinee(uri, "李四", "11010519800101003", "A02");
    auto db = storage::Database::open(uri, false);
    centre::init(db);
    REQUIRE(centre::draw_papers(db, test::kExamStaff, test::scalar(db, "SELECT id FROM exam_session"), test::wall_ms())
                .drawn == 2);
    {
        auto st = db.prepare("SELECT c.id_number, a.id FROM candidate c JOIN attempt a ON a.candidate_id = c.id WHERE a.ticket = ?");
        st.bind(1, li.ticket);
        REQUIRE(st.step());
        li.id_number = st.text(0);
        li.attempt = st.int64(1);
    }
    struct Seat {
        std::string id;
        const test::ExamDb* examinee;
        std::filesystem::path journal, config;
    };
    std::vector<Seat> seats{{"A01", &zhang, dir / "a01.db", dir / "a01.json"}, {"A02", &li, dir / "a02.db", dir / "a02.json"}};
    for (auto& seat : seats) {
        const auto k = centre::add_kiosk(db, uri, {seat.id, "第一考场", centre::KioskRole::Exam, dir / (seat.id + ".pgpass"), false, 1});
        test::build_exam_db(seat.journal);
        REQUIRE(test::add_examinee(seat.journal, "李四", "11010519800101003", "A02") == li.ticket);
        auto j = test::open_exam_db(seat.journal);
        j.exec("UPDATE attempt SET id = id + 100");
        test::write_file(seat.config, "{\"role\": \"exam\",\n" + centre::kiosk_json_fragment(k).substr(1));
    }

    for (auto& seat : seats) {
        std::string err;
        const std::string script = test::check_in(*seat.examinee) + "await-text 确认是本人\ntap-text 确认是本人\nwait 20s\n"
                                   "tap-text 我已阅读，开始考试\nexpect-screen exam-paper\ntap-text 正确\nexpect-text 已保存\n";
        CHECK(run_kiosk(dir.path(), seat.journal, seat.config, script, seat.id, err) == 0);
        INFO(err);
        auto j = test::open_exam_db(seat.journal);
        // The centre's attempt id and paper, keys and all.
        CHECK(stored_paper(j, seat.examinee->attempt) == stored_paper(db, seat.examinee->attempt));
        CHECK(test::scalar(j, "SELECT count(*) FROM attempt WHERE id = " + std::to_string(seat.examinee->attempt) +
                                  " AND kiosk = '" + seat.id + "'") == 1);
        CHECK(centre::unsent_count(j) == 0);
    }
    std::set<std::int64_t> first;
    for (const auto& [pos, q] : stored_paper(db, zhang.attempt)) first.insert(q.question);
    for (const auto& [pos, q] : stored_paper(db, li.attempt)) CHECK(first.count(q.question) == 0);
    // Each kiosk's start and answer under the centre's attempt ids, stamped with its kiosk, no seat conflict.
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event WHERE attempt_id = " + std::to_string(zhang.attempt) +
                               " AND kiosk_id = 'A01'") == 2);
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event WHERE attempt_id = " + std::to_string(li.attempt) +
                               " AND kiosk_id = 'A02'") == 2);
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event_conflict") == 0);
}

TEST_CASE("a centre kiosk whose centre does not answer shows 正在连接考点… then 无法连接考点服务器，请联系监考员, and its "
          "journal gets no attempt and no outbox row (and a kiosk_id other than its login's stops the kiosk)")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::DropRoles cleanup{*server, {}};
    test::PostgresDatabase pg(*server);
    const std::string uri = pg.uri();
    const auto names = centre::role_names(pg.name());
    cleanup.roles = {centre::kiosk_login(pg.name(), "A01"), names.exam_kiosk, names.training_kiosk, names.staff};
    test::TempDir dir;
    test::build_exam_db(uri);
    auto db = storage::Database::open(uri, false);
    centre::init(db);
    const auto k = centre::add_kiosk(db, uri, {"A01", "第一考场", centre::KioskRole::Exam, dir / "A01.pgpass", false, 1});
    // The kiosk's journal holds the candidate and the session, no attempt: only the centre gives one.
    const auto journal = dir / "journal.db";
    const auto e = test::build_exam_db(journal);
    {
        auto j = test::open_exam_db(journal);
        j.exec("DELETE FROM attempt");
    }

    // kiosk.json naming another kiosk than its login's: the kiosk stops at once, naming the key.
    const auto wrong = dir / "wrong.json";
    test::write_file(wrong, "{\"role\": \"exam\", \"centre\": \"" + k.centre_uri + "\", \"kiosk_id\": \"A02\", \"room\": \"第一考场\"}");
    std::string err;
    CHECK(run_kiosk(dir.path(), journal, wrong, "expect-screen exam-attract\n", "wrong", err) == 2);
    CHECK(err.find("\"kiosk_id\" is A02 but the login of \"centre\" is kiosk A01") != std::string::npos);
    CHECK(err.find(wrong.string()) != std::string::npos);

    // The centre reachable but the session's papers not drawn yet: said, nothing written.
    const auto right = dir / "right.json";
    test::write_file(right, "{\"role\": \"exam\",\n" + centre::kiosk_json_fragment(k).substr(1));
    CHECK(run_kiosk(dir.path(), journal, right, test::check_in(e) + "await-text 本场考试的试卷尚未生成，请联系监考员\n",
                    "no-paper", err) == 0);
    CHECK(err.find("has not drawn this examinee's paper") != std::string::npos);
    {
        auto j = test::open_exam_db(journal);
        CHECK(test::scalar(j, "SELECT count(*) FROM attempt") == 0);
    }

    // The centre's address answered by a machine that never replies: libpq gives up after its connect_timeout.
    SilentServer silent;
    const auto a = storage::server_address(uri);
    std::string silent_uri = k.centre_uri;
    silent_uri.replace(silent_uri.find(a.host + ":" + a.port), (a.host + ":" + a.port).size(),
                       "127.0.0.1:" + std::to_string(silent.port));
    const auto config = dir / "kiosk.json";
    test::write_file(config, "{\"role\": \"exam\", \"centre\": \"" + silent_uri + "\", \"kiosk_id\": \"A01\", \"room\": \"第一考场\"}");
    const auto t0 = std::chrono::steady_clock::now();
    const std::string script = test::check_in(e) +
                               "expect-text 正在连接考点…\nscreenshot centre-connecting\n"
                               "await-text 无法连接考点服务器，请联系监考员\nscreenshot centre-unreachable\n";
    CHECK(run_kiosk(dir.path(), journal, config, script, "silent", err) == 0);
    INFO(err);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60));
    CHECK(err.find("cannot reach the exam centre") != std::string::npos);
    test::keep_shots(dir.path(), "");
    auto j = test::open_exam_db(journal);
    CHECK(test::scalar(j, "SELECT count(*) FROM attempt") == 0);
    CHECK(test::scalar(j, "SELECT count(*) FROM paper_question") == 0);
    CHECK(centre::unsent_count(j) == 0);
    CHECK(test::scalar(j, "SELECT count(*) FROM outbox") == 0);
    // Nothing at the centre either: the attempt is still scheduled there.
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE state = 'scheduled'") == 1);
}

TEST_CASE("a check-in whose reply is lost after the centre committed it gives the same attempt when asked again, "
          "never a second one")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::DropRoles cleanup{*server, {}};
    test::PostgresDatabase pg(*server);
    const std::string uri = pg.uri();
    const auto names = centre::role_names(pg.name());
    cleanup.roles = {centre::kiosk_login(pg.name(), "A01"), names.exam_kiosk, names.training_kiosk, names.staff};
    test::TempDir dir;
    const auto e = test::build_exam_db(uri);
    auto db = storage::Database::open(uri, false);
    centre::init(db);
    centre::add_kiosk(db, uri, {"A01", "第一考场", centre::KioskRole::Exam, dir / "A01.pgpass", false, 1});
    REQUIRE(centre::draw_papers(db, test::kExamStaff, test::scalar(db, "SELECT id FROM exam_session"), test::wall_ms())
                .drawn == 1);

    // The kiosk's link through a proxy that cuts the connection once the centre's reply to the check-in is complete
    // (the server committed it) and before the kiosk reads it.
    const auto a = storage::server_address(uri);
    test::TcpProxy proxy(a.host, std::stoi(a.port));
    const std::string a01 = proxy.with_proxy(test::as_login(uri, centre::kiosk_login(pg.name(), "A01")));
    proxy.lose_replies("r_option_order", 1);
    CHECK_THROWS_AS(centre::ask_centre_check_in(a01, e.ticket, e.id_number), centre::CentreUnreachable);
    CHECK(proxy.cuts() == 1);
    // Committed at the centre: checked in and seated at A01.
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE state = 'checked_in' AND kiosk = 'A01'") == 1);
    // The examinee taps 下一步 again: the same attempt and paper, still one attempt.
    const auto c = centre::ask_centre_check_in(a01, e.ticket, e.id_number);
    CHECK(c.attempt_id == e.attempt);
    CHECK(stored_paper(db, e.attempt).size() == c.questions.size());
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt") == 1);
}
