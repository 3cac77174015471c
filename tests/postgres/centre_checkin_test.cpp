// Central check-in (exam/centre/checkin.hpp): the centre's engine draws a session's papers (centre draw-papers), and
// an exam kiosk's login checks an examinee in through centre_check_in(): the centre's checks, the attempt seated at
// the calling kiosk, its paper's composition returned, the same attempt again on a retry. Connected as each role.
#include "exam/centre/checkin.hpp"
#include "exam/centre/centre.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/sql.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {

struct DropRoles {
    std::string server;
    std::vector<std::string> roles;
    ~DropRoles()
    {
        try {
            auto db = storage::Database::open(server);
            for (const auto& r : roles) db.exec("DROP ROLE IF EXISTS \"" + r + "\"");
        } catch (...) {
        }
    }
};

// The URI of `db_uri`'s database as `login` (the test server trusts loopback connections: no password asked).
std::string as_login(const std::string& db_uri, const std::string& login)
{
    const auto a = storage::server_address(db_uri);
    return "postgresql://" + login + "@" + a.host + ":" + a.port + "/" + a.dbname;
}

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

} // namespace

TEST_CASE("central check-in: the centre draws the papers least-used across the session, seats the attempt at the "
          "calling kiosk, returns the same attempt on a retry, and refuses other kiosks and the training kiosk")
{
    const auto server = test::postgres_server();
    if (!server) return;
    DropRoles cleanup{*server, {}};
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
    const std::string a01 = as_login(uri, centre::kiosk_login(pg.name(), "A01"));
    const std::string a02 = as_login(uri, centre::kiosk_login(pg.name(), "A02"));
    const std::string t01 = as_login(uri, centre::kiosk_login(pg.name(), "T01"));
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
