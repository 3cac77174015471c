// The centre's results (exam/centre/results.hpp): a submission is final only when the centre holds every event of
// the attempt with no gap. A final attempt is collected into the centre's own tables and graded by the engine's own
// grading (the kiosk's score, from the centre's paper); a withheld event keeps it incomplete and graded nowhere; a
// conflicting event never enters the result; collecting twice changes nothing; a kiosk login cannot read or collect.
#include "certs/registry.hpp"
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

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <mutex>

#include <sys/wait.h>
#include <unistd.h>
#include <memory>
#include <thread>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {

// The proctor panel's row of the seat `attempt` sits at.
centre::RoomSeat seat_of(const std::vector<centre::RoomSeat>& seats, std::int64_t attempt)
{
    for (const auto& s : seats)
        if (s.attempt_id == attempt) return s;
    FAIL("no seat holds attempt " << attempt);
    return {};
}

// A centre on `uri` (张三 registered at A01, his paper drawn by the centre, kiosk A01's login) and A01's journal with
// the outbox on and 张三 checked in through the centre. The kiosk's engine runs on `now` (the wall clock plus
// `offset_ms`), so a test can let the time run out.
struct CentreRoom {
    std::string uri;
    test::TempDir dir;
    std::filesystem::path journal = dir / "a01.db";
    std::string kiosk_uri;
    test::ExamDb examinee;
    std::int64_t session = 0;
    std::vector<std::string> roles;
    std::shared_ptr<std::int64_t> offset_ms = std::make_shared<std::int64_t>(0);

    CentreRoom(const std::string& db_uri, const std::string& dbname, const test::ExamDbOptions& options = {})
        : uri(db_uri)
    {
        examinee = test::build_exam_db(uri, options);
        test::add_exam_users(uri);
        auto db = storage::Database::open(uri, false);
        const auto init = centre::init(db);
        const auto k = centre::add_kiosk(db, uri, {"A01", "第一考场", centre::KioskRole::Exam, dir / "A01.pgpass", false, 1});
        roles = {k.kiosk.login, init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        kiosk_uri = test::as_login(uri, centre::kiosk_login(dbname, "A01"));
        session = test::scalar(db, "SELECT id FROM exam_session");
        REQUIRE(centre::draw_papers(db, test::kExamStaff, session, test::wall_ms()).drawn == 1);

        test::build_exam_db(journal, options);
        auto j = test::open_exam_db(journal);
        centre::enable_outbox(j);
        const auto c = centre::ask_centre_check_in(kiosk_uri, examinee.ticket, examinee.id_number);
        REQUIRE(centre::record_check_in(j, c, examinee.ticket, examinee.id_number, "A01", test::wall_ms()) == examinee.attempt);
    }
    exam::Clock clock() const
    {
        return [o = offset_ms] { return test::wall_ms() + *o; };
    }
    // Sends what the journal has not sent yet, as the kiosk's sender does.
    centre::SendReport send()
    {
        centre::OutboxSender sender(journal, {kiosk_uri, 50});
        return sender.drain();
    }
    // Marks the journal's event `seq` as sent (so the sender skips it: the centre never gets it), or unsent again.
    void withhold(std::int64_t seq, bool held)
    {
        auto j = storage::Database::open(journal, false);
        j.exec("UPDATE outbox SET sent_at_ms = " + std::string(held ? "1" : "NULL") + " WHERE attempt_id = " +
               std::to_string(examinee.attempt) + " AND seq = " + std::to_string(seq));
    }
    centre::AttemptUpload upload(storage::Database& db)
    {
        const auto all = centre::attempt_uploads(db, test::kExamStaff, session);
        REQUIRE(all.size() == 1);
        return all[0];
    }
};

// One test's centre: a database of its own on the test server and its roles, dropped with the test (the roles after
// the database), with A01's journal checked in (CentreRoom).
struct CentreCase {
    std::vector<std::string> roles; // every role the test made: its kiosks' logins and the centre's groups
    test::DropRoles cleanup;
    test::PostgresDatabase pg;
    CentreRoom room;
    CentreCase(const std::string& server, const test::ExamDbOptions& options = {})
        : cleanup{server, {}, &roles}, pg(server), room(pg.uri(), pg.name(), options)
    {
        roles = room.roles;
    }
};

// The examinee's way from check-in to the paper on the kiosk.
void start_exam(exam::ExamService& svc, std::int64_t attempt)
{
    svc.confirm_identity(attempt);
    svc.show_instructions(attempt);
    svc.start(attempt);
}

// The rows of the attempt's answers, answer log and clock events, for comparing the centre with the journal.
std::string answers_of(storage::Database& db, std::int64_t attempt)
{
    std::string out;
    auto st = db.prepare("SELECT position, response, marked, at_ms FROM answer WHERE attempt_id = ? ORDER BY position");
    st.bind(1, attempt);
    while (st.step())
        out += std::to_string(st.int64(0)) + ":" + st.text(1) + ":" + std::to_string(st.int64(2)) + ":" +
               std::to_string(st.int64(3)) + "\n";
    return out;
}
std::string answer_log_of(storage::Database& db, std::int64_t attempt)
{
    std::string out;
    auto st = db.prepare("SELECT position, response, marked, at_ms FROM answer_log WHERE attempt_id = ? ORDER BY id");
    st.bind(1, attempt);
    while (st.step())
        out += std::to_string(st.int64(0)) + ":" + st.text(1) + ":" + std::to_string(st.int64(2)) + ":" +
               std::to_string(st.int64(3)) + "\n";
    return out;
}
std::string clock_of(storage::Database& db, std::int64_t attempt)
{
    std::string out;
    auto st = db.prepare("SELECT kind, at_ms, value_ms, actor, reason FROM attempt_event WHERE attempt_id = ? ORDER BY id");
    st.bind(1, attempt);
    while (st.step())
        out += st.text(0) + ":" + std::to_string(st.int64(1)) + ":" + std::to_string(st.int64(2)) + ":" + st.text(3) +
               ":" + st.text(4) + "\n";
    return out;
}

std::string answers_of_position(storage::Database& db, std::int64_t attempt, int position)
{
    auto st = db.prepare("SELECT response FROM answer WHERE attempt_id = ? AND position = ?");
    st.bind_all(attempt, position);
    REQUIRE(st.step());
    return st.text(0);
}

// Counts of what a collection writes, to see that a second one writes nothing.
std::string footprint(storage::Database& db)
{
    return std::to_string(test::scalar(db, "SELECT count(*) FROM answer")) + "/" +
           std::to_string(test::scalar(db, "SELECT count(*) FROM answer_log")) + "/" +
           std::to_string(test::scalar(db, "SELECT count(*) FROM attempt_event")) + "/" +
           std::to_string(test::scalar(db, "SELECT count(*) FROM audit_log"));
}

} // namespace

TEST_CASE("centre results: a withheld event keeps the submission incomplete, naming the missing number, and grades "
          "nothing, and once it arrives the attempt is collected with the kiosk's score, once, and a conflicting event "
          "stays out of the result")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    auto db = storage::Database::open(pg.uri(), false);

    // Nothing sent yet: not submitted, no events.
    auto u = room.upload(db);
    CHECK(u.status == centre::UploadStatus::NotSubmitted);
    CHECK(u.events == 0);
    CHECK(u.state == exam::AttemptState::CheckedIn);
    CHECK(u.ticket == room.examinee.ticket);
    CHECK(u.name == "张三");

    // The exam on the kiosk: answers (some changed, some marked), a proctor's pause, then the submission.
    exam::Score kiosk_score;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);                                  // seq 1
        // The key of each position (shuffled options) and the other letter: 1–6 right, 7 and 8 wrong.
        const auto paper = exam::ExamStore(j).paper(attempt);
        const auto right = [&](int p) { return paper.questions.at(static_cast<std::size_t>(p - 1)).key; };
        const auto wrong = [&](int p) { return std::string(right(p) == "A" ? "B" : "A"); };
        for (int p = 1; p <= 8; ++p) svc.record_answer(attempt, p, p <= 6 ? right(p) : wrong(p), p == 3); // seq 2–9
        room.send();
        u = room.upload(db);
        CHECK(u.status == centre::UploadStatus::NotSubmitted); // under way: no submit yet
        CHECK(u.events == 9);
        CHECK(u.missing.empty());
        svc.pause(test::kExamProctor, attempt, "停电");        // seq 10
        svc.resume(test::kExamProctor, attempt, "来电");       // seq 11
        svc.record_answer(attempt, 2, wrong(2), false);        // seq 12: the last response of position 2 counts
        svc.record_answer(attempt, 2, right(2), true);         // seq 13
        svc.record_answer(attempt, 9, right(9), false);        // seq 14
        kiosk_score = svc.submit(attempt);                     // seq 15
    }
    auto j = storage::Database::open(room.journal, false);
    REQUIRE(centre::outbox_events(j, attempt).size() == 15);
    // 7 of 10 right (neither all right nor all wrong, so a grading that differs would show): 70, a fail.
    CHECK(kiosk_score.correct == 7);
    CHECK(kiosk_score.points == doctest::Approx(70));
    CHECK_FALSE(kiosk_score.passed);

    // Event 12 stays on the kiosk (kept unsent): the submission is at the centre but incomplete, "missing 12".
    room.withhold(12, true);
    room.send();
    u = room.upload(db);
    CHECK(u.status == centre::UploadStatus::Incomplete);
    CHECK(u.submit_held);
    CHECK(u.events == 14);
    CHECK(u.last_seq == 15);
    REQUIRE(u.missing.size() == 1);
    CHECK(u.missing[0] == centre::SeqRange{12, 12});
    CHECK(centre::missing_text(u.missing) == "12");
    const std::string before = footprint(db);
    auto outcome = centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms());
    CHECK_FALSE(outcome.collected_now);
    CHECK(outcome.upload.status == centre::UploadStatus::Incomplete);
    CHECK(centre::collect_results(db, test::kExamStaff, room.session, test::wall_ms()).collected_now == 0);
    // Graded nowhere: the centre's attempt is as it was, nothing written, and its events stay.
    CHECK(footprint(db) == before);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE state = 'checked_in' AND score IS NULL AND id = " +
                               std::to_string(attempt)) == 1);
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event WHERE attempt_id = " + std::to_string(attempt)) == 14);

    // A conflicting event under a number the centre holds (other content: position 1 answered wrong) is kept apart.
    const std::string wrong1 = exam::ExamStore(db).paper(attempt).questions.at(0).key == "A" ? "B" : "A";
    {
        auto kiosk = storage::Database::open(room.kiosk_uri, false);
        const auto batch = nlohmann::json::array({{{"attempt_id", attempt}, {"seq", 2}, {"kind", "answer"},
                                                   {"at_ms", test::wall_ms()},
                                                   {"body", nlohmann::json{{"marked", false}, {"position", 1}, {"response", wrong1}}.dump()}}});
        auto st = kiosk.prepare("SELECT r_outcome FROM centre_put_events(?)");
        st.bind(1, batch.dump());
        REQUIRE(st.step());
        CHECK(st.text(0) == "conflict");
    }
    CHECK(room.upload(db).conflicts == 1);

    // Event 12 arrives: final, and collected with the kiosk's score from the centre's paper.
    room.withhold(12, false);
    CHECK(room.send().stored == 1);
    u = room.upload(db);
    CHECK(u.status == centre::UploadStatus::Final);
    CHECK(u.missing.empty());
    const auto report = centre::collect_results(db, test::kExamStaff, room.session, test::wall_ms());
    CHECK(report.collected_now == 1);
    REQUIRE(report.attempts.size() == 1);
    CHECK(report.attempts[0].upload.status == centre::UploadStatus::Collected);
    exam::ExamService svc(db);
    const auto result = svc.results(test::kExamStaff, room.session);
    REQUIRE(result.size() == 1);
    CHECK(result[0].attempt.state == exam::AttemptState::Scored);
    REQUIRE(result[0].attempt.score.has_value());
    CHECK(*result[0].attempt.score == doctest::Approx(kiosk_score.points));
    CHECK(result[0].attempt.passed == kiosk_score.passed);
    CHECK(svc.result(attempt).correct == kiosk_score.correct);
    // The centre holds what the kiosk recorded: the last response per position with its mark, every response in the
    // log, every clock event; the conflicting wrong answer to position 1 is not among them.
    auto journal = test::open_exam_db(room.journal);
    CHECK(answers_of(db, attempt) == answers_of(journal, attempt));
    CHECK(answer_log_of(db, attempt) == answer_log_of(journal, attempt));
    CHECK(clock_of(db, attempt) == clock_of(journal, attempt));
    CHECK(svc.answers(attempt).at(1).response == answers_of_position(journal, attempt, 1));
    CHECK(svc.answers(attempt).at(1).response != wrong1);
    CHECK(svc.answers(attempt).at(2).marked);
    // Audited at the centre as the staff user, and the audit log still verifies.
    const auto entry = exam::ExamStore(db).last_audit_entry("attempt:" + std::to_string(attempt), "attempt.collect");
    REQUIRE(entry.has_value());
    CHECK(entry->actor == "staff");
    CHECK(entry->detail.find("checked_in -> scored") != std::string::npos);
    CHECK(entry->detail.find("by the examinee") != std::string::npos);
    CHECK(svc.verify_audit(test::kExamAdmin).empty());
    // The theory result counts at the centre as on a single machine (what a certificate rests on).
    CHECK(svc.item_result(test::scalar(db, "SELECT candidate_id FROM attempt"),
                          test::scalar(db, "SELECT item_id FROM exam_session"))
              .theory_passed == kiosk_score.passed);

    // Collecting again changes nothing.
    const std::string after = footprint(db);
    const auto again = centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms());
    CHECK_FALSE(again.collected_now);
    CHECK(again.upload.status == centre::UploadStatus::Collected);
    CHECK(centre::collect_results(db, test::kExamStaff, std::nullopt, test::wall_ms()).collected_now == 0);
    CHECK(footprint(db) == after);
    CHECK(*svc.attempt(test::kExamStaff, attempt)->score == doctest::Approx(kiosk_score.points));
}

TEST_CASE("centre results: a submission at time-up is collected with the kiosk's score and certified at the centre, and staff rights: a kiosk login "
          "reads and collects nothing, a proctor reads but does not collect")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::ExamDbOptions options;
    options.duration_minutes = 1;
    options.grace_seconds = 5;
    CentreCase c(*server, options);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    exam::Score kiosk_score;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        // 8 of 10 right: 80, a pass (at 80).
        const auto paper = exam::ExamStore(j).paper(attempt);
        for (int p = 1; p <= 8; ++p) svc.record_answer(attempt, p, paper.questions.at(static_cast<std::size_t>(p - 1)).key, false);
        *room.offset_ms = 66'000; // a minute and the grace later: the kiosk submits for the examinee
        CHECK(svc.enforce_time(attempt));
        kiosk_score = svc.result(attempt);
    }
    {
        auto j = storage::Database::open(room.journal, false);
        const auto events = centre::outbox_events(j, attempt);
        REQUIRE(events.size() == 10);
        CHECK(events.back().body.find(R"("actor":"system","event":"submit")") != std::string::npos);
    }
    room.send();
    auto db = storage::Database::open(pg.uri(), false);

    // A kiosk's login: the server refuses it every table the results read or write.
    {
        auto kiosk = storage::Database::open(room.kiosk_uri, false);
        CHECK_THROWS_AS(centre::attempt_uploads(kiosk, test::kExamStaff, room.session), storage::StorageError);
        CHECK_THROWS_AS(centre::collect_attempt(kiosk, test::kExamStaff, attempt, test::wall_ms()), storage::StorageError);
    }
    // A proctor sees the uploads but may not collect; a trainer sees nothing.
    CHECK(centre::attempt_uploads(db, test::kExamProctor, room.session).at(0).status == centre::UploadStatus::Final);
    CHECK_THROWS_AS(centre::collect_attempt(db, test::kExamProctor, attempt, test::wall_ms()), exam::PermissionDenied);
    CHECK_THROWS_AS(centre::attempt_uploads(db, test::kExamTrainer, room.session), exam::PermissionDenied);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE state = 'checked_in'") == 1);

    const auto outcome = centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms());
    CHECK(outcome.collected_now);
    REQUIRE(outcome.upload.score.has_value());
    CHECK(*outcome.upload.score == doctest::Approx(kiosk_score.points));
    CHECK(outcome.upload.passed == kiosk_score.passed);
    auto journal = test::open_exam_db(room.journal);
    CHECK(clock_of(db, attempt) == clock_of(journal, attempt));
    const auto entry = exam::ExamStore(db).last_audit_entry("attempt:" + std::to_string(attempt), "attempt.collect");
    REQUIRE(entry.has_value());
    CHECK(entry->detail.find("at time-up") != std::string::npos);
    CHECK(kiosk_score.points == doctest::Approx(80));
    CHECK(kiosk_score.passed);

    // The certificate office issues the certificate at the centre on the collected result, as on a single machine.
    exam::ExamService svc(db);
    certs::CertRegistry registry(db, svc);
    const exam::Actor officer{"certs", {exam::Role::CertificateOfficer}};
    const auto cert = registry.issue(officer, test::scalar(db, "SELECT candidate_id FROM attempt"));
    REQUIRE(cert.theory_score.has_value());
    CHECK(*cert.theory_score == doctest::Approx(80));
    CHECK(cert.number == "T" + room.examinee.id_number);
}

TEST_CASE("centre results: an attempt whose events begin after the start is invalid and never graded")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    {
        auto j = test::open_exam_db(room.journal);
        j.exec("DELETE FROM setting WHERE key = 'centre.outbox'"); // the outbox off while the exam starts
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        svc.record_answer(attempt, 1, "A", false); // recorded on the kiosk only
        centre::enable_outbox(j);
        svc.record_answer(attempt, 2, "A", false);
        svc.submit(attempt);
    }
    room.send();
    auto db = storage::Database::open(pg.uri(), false);
    const auto u = room.upload(db);
    CHECK(u.status == centre::UploadStatus::Invalid);
    CHECK(u.problem.find("seq 1 is not the start") != std::string::npos);
    CHECK_FALSE(centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms()).collected_now);
    CHECK(test::scalar(db, "SELECT count(*) FROM answer") == 0);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE score IS NOT NULL") == 0);
}

TEST_CASE("centre results: the proctor's cancellation on the kiosk reaches the centre, which collects the attempt as "
          "cancelled with no score, and an event after it makes the upload invalid")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        svc.record_answer(attempt, 1, "A", false);
        svc.record_answer(attempt, 2, "B", true);
        svc.cancel_for_cheating(test::kExamProctor, attempt, "夹带小抄");
        // The journal's last event is the cancellation, with who and why.
        const auto events = centre::outbox_events(j, attempt);
        REQUIRE(events.size() == 4);
        CHECK(events.back().kind == "cancel");
        CHECK(nlohmann::json::parse(events.back().body) == nlohmann::json{{"actor", "proctor"}, {"reason", "夹带小抄"}});
    }
    CHECK(room.send().stored == 4);
    auto db = storage::Database::open(pg.uri(), false);
    auto u = room.upload(db);
    CHECK(u.status == centre::UploadStatus::Final);
    CHECK(u.cancel_held);
    CHECK_FALSE(u.submit_held);
    // Not moved to another seat once the centre holds the cancellation.
    {
        centre::add_kiosk(db, pg.uri(), {"A02", "第一考场", centre::KioskRole::Exam, room.dir / "A02.pgpass", false, 1});
        c.roles.push_back(centre::kiosk_login(pg.name(), "A02"));
        try {
            centre::move_attempt(db, test::kExamProctor, room.examinee.ticket, "A02", "换机", test::wall_ms());
            FAIL("moved");
        } catch (const centre::CentreError& e) {
            CHECK(std::string(e.what()).find("was ended by a proctor on kiosk A01 (the centre holds the cancellation)") !=
                  std::string::npos);
        }
    }
    // `centre results` says so before collecting.
    {
        const auto listed = test::run_admin({"--db", pg.uri(), "--user", "staff", "centre", "results"},
                                            {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
        INFO(listed.err);
        INFO(listed.out);
        CHECK(listed.out.find("final (ended by the proctor)") != std::string::npos);
    }
    // Collected: cancelled at the centre, no score, the answers kept as evidence, audited with the proctor's reason.
    const auto out = centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms());
    CHECK(out.collected_now);
    CHECK(out.upload.status == centre::UploadStatus::Cancelled);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE id = " + std::to_string(attempt) +
                               " AND state = 'cancelled' AND score IS NULL AND COALESCE(passed, 0) = 0") == 1);
    CHECK(answers_of_position(db, attempt, 2) == "B");
    CHECK(answers_of(db, attempt).find("2:B:1:") != std::string::npos); // with its mark
    const auto entry = exam::ExamStore(db).last_audit_entry("attempt:" + std::to_string(attempt), "attempt.collect");
    REQUIRE(entry.has_value());
    CHECK(entry->detail.find("-> cancelled: ended by proctor on kiosk A01: 夹带小抄") != std::string::npos);
    CHECK(room.upload(db).status == centre::UploadStatus::Cancelled);
    // Collecting again changes nothing; no certificate can come of it.
    CHECK_FALSE(centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms()).collected_now);
    CHECK(exam::ExamStore(db).verify_audit().empty());
}

TEST_CASE("centre results: a cancellation before the exam started is final and collected as cancelled, and an event "
          "sent after a cancellation makes the upload invalid")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        svc.confirm_identity(attempt);
        svc.cancel_for_cheating(test::kExamProctor, attempt, "替考");
        CHECK(centre::outbox_events(j, attempt).size() == 1);
    }
    room.send();
    auto db = storage::Database::open(pg.uri(), false);
    CHECK(room.upload(db).status == centre::UploadStatus::Final);
    CHECK(centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms()).upload.status ==
          centre::UploadStatus::Cancelled);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE state = 'cancelled' AND score IS NULL") == 1);

    // Another centre: an event after the cancellation (written straight into a journal) is refused as invalid.
    CentreCase c2(*server);
    auto& room2 = c2.room;
    const std::int64_t attempt2 = room2.examinee.attempt;
    {
        auto j = test::open_exam_db(room2.journal);
        exam::ExamService svc(j, room2.clock());
        start_exam(svc, attempt2);
        svc.cancel_for_cheating(test::kExamProctor, attempt2, "夹带");
        j.exec("INSERT INTO outbox(attempt_id, seq, kind, at_ms, body) VALUES(" + std::to_string(attempt2) +
               ", 3, 'answer', 1, '{\"position\":1,\"response\":\"A\",\"marked\":false}')");
    }
    room2.send();
    auto db2 = storage::Database::open(c2.pg.uri(), false);
    const auto u = room2.upload(db2);
    CHECK(u.status == centre::UploadStatus::Invalid);
    CHECK(u.problem == "seq 3: a answer event after the proctor's cancellation (seq 2): nothing is recorded after it");
    CHECK_FALSE(centre::collect_attempt(db2, test::kExamStaff, attempt2, test::wall_ms()).collected_now);
}

TEST_CASE("centre results: the submit is checked against the centre's own replay of the clock: a time-up claimed "
          "while time was left, or an examinee's submit after the time ran out, is invalid and never graded")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        *room.offset_ms += 10 * 60'000; // ten minutes of a two-hour paper
        svc.record_answer(attempt, 1, "A", false);
        svc.submit(attempt); // by the examinee: seq 3
    }
    room.send();
    auto db = storage::Database::open(pg.uri(), false);
    REQUIRE(room.upload(db).status == centre::UploadStatus::Final);
    std::string original;
    {
        auto st = db.prepare("SELECT body FROM centre_event WHERE seq = 3");
        REQUIRE(st.step());
        original = st.text(0);
    }
    const std::int64_t at = test::scalar(db, "SELECT at_ms FROM centre_event WHERE seq = 3");
    auto body = nlohmann::json::parse(original);
    REQUIRE(body["event"] == "submit");
    const auto set_submit = [&](const nlohmann::json& b, std::int64_t at_ms) {
        auto st = db.prepare("UPDATE centre_event SET body = ?, at_ms = ? WHERE seq = 3");
        st.bind_all(b.dump(), at_ms).run();
    };

    // Edited straight in the database: the same submit claimed as time-up, 110 minutes early.
    body["actor"] = "system";
    set_submit(body, at);
    auto u = room.upload(db);
    CHECK(u.status == centre::UploadStatus::Invalid);
    INFO(u.problem);
    CHECK(u.problem == "seq 3: submitted at time-up while the centre's replay of the clock has 6660 s left (grace "
                       "included): the kiosk's time ran out early");
    CHECK_FALSE(centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms()).collected_now);

    // The examinee's submit three hours after the start: the time (120 min) and its grace (60 s) ran out long before.
    body = nlohmann::json::parse(original);
    set_submit(body, at + 170 * 60'000);
    u = room.upload(db);
    CHECK(u.status == centre::UploadStatus::Invalid);
    CHECK(u.problem == "seq 3: submitted by the examinee 3540 s after the time and its grace ran out on the centre's "
                       "replay of the clock");
    CHECK_FALSE(centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms()).collected_now);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE score IS NOT NULL") == 0);

    // As the kiosk sent it: final, and collected.
    set_submit(nlohmann::json::parse(original), at);
    CHECK(room.upload(db).status == centre::UploadStatus::Final);
    CHECK(centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms()).collected_now);
}

TEST_CASE("safekiosk-admin centre results: the uploads of a session, incomplete with the missing numbers, then "
          "--collect grades the final ones, exam staff only")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    exam::Score kiosk_score;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        for (int p = 1; p <= 9; ++p) svc.record_answer(attempt, p, p < 8 ? "A" : "B", false);
        kiosk_score = svc.submit(attempt); // events 1–11
    }
    // 10 points a question: a whole number, as the command prints it.
    REQUIRE(kiosk_score.points == static_cast<int>(kiosk_score.points));
    room.withhold(5, true);
    room.withhold(6, true);
    room.withhold(7, true);
    room.send();
    const std::map<std::string, std::string> password{{"SAFEKIOSK_PASSWORD", "demo-2026"}};
    const std::string sid = std::to_string(room.session);
    auto run = [&](const std::string& user, std::vector<std::string> args) {
        std::vector<std::string> all{"--db", pg.uri(), "--user", user};
        all.insert(all.end(), args.begin(), args.end());
        return test::run_admin(all, password);
    };

    auto listed = run("staff", {"centre", "results", "--session", sid});
    INFO(listed.err);
    REQUIRE(listed.code == 0);
    CHECK(listed.out.find("session\tticket\tname\tkiosk\tevents\tupload\tscore\tconflicts\n") == 0);
    CHECK(listed.out.find(room.examinee.ticket + "\t张三\tA01\t8\tincomplete (missing 5\u20137)\t-\t0\n") != std::string::npos);
    // --collect grades nothing while it is incomplete.
    auto early = run("staff", {"centre", "results", "--session", sid, "--collect"});
    CHECK(early.code == 0);
    CHECK(early.err.find("0 attempt(s) collected now; 1 not final") != std::string::npos);
    auto db = storage::Database::open(pg.uri(), false);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE score IS NOT NULL") == 0);

    room.withhold(5, false);
    room.withhold(6, false);
    room.withhold(7, false);
    room.send();
    auto json = run("proctor", {"--json", "centre", "results", "--session", sid});
    REQUIRE(json.code == 0);
    const auto rows = nlohmann::json::parse(json.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["upload"] == "final");
    CHECK(rows[0]["events"] == 11);
    CHECK(rows[0]["missing"].empty());
    CHECK(rows[0]["score"].is_null());
    // A proctor may read but not collect (exit 4), and nothing is graded.
    auto refused = run("proctor", {"centre", "results", "--session", sid, "--collect"});
    CHECK(refused.code == 4);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE score IS NOT NULL") == 0);

    auto collected = run("staff", {"--json", "centre", "results", "--collect"});
    INFO(collected.err);
    REQUIRE(collected.code == 0);
    const auto done = nlohmann::json::parse(collected.out);
    REQUIRE(done.size() == 1);
    CHECK(done[0]["upload"] == "collected");
    CHECK(done[0]["collected_now"] == true);
    CHECK(done[0]["score"].get<double>() == doctest::Approx(kiosk_score.points));
    auto text = run("staff", {"centre", "results", "--session", sid, "--collect"});
    CHECK(text.code == 0);
    CHECK(text.out.find("\t11\tcollected\t" + std::to_string(static_cast<int>(kiosk_score.points)) + (kiosk_score.passed ? " 合格" : " 不合格")) != std::string::npos);
    CHECK(text.err.find("0 attempt(s) collected now") != std::string::npos);
    // `result list` at the centre shows it as on a single machine.
    auto list = run("staff", {"--json", "result", "list", "--session", sid});
    INFO(list.err);
    REQUIRE(list.code == 0);
    CHECK(nlohmann::json::parse(list.out)[0]["score"].get<double>() == doctest::Approx(kiosk_score.points));
    // An unknown session is named.
    auto unknown = run("staff", {"centre", "results", "--session", "999"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("999") != std::string::npos);
}

TEST_CASE("centre results: two operators collecting the same attempt at once collect it once")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& pg = c.pg;
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        for (int p = 1; p <= 10; ++p) svc.record_answer(attempt, p, "A", false);
        svc.submit(attempt);
    }
    room.send();
    std::atomic<int> collected{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> operators;
    for (int i = 0; i < 4; ++i)
        operators.emplace_back([&] {
            try {
                auto db = storage::Database::open(pg.uri(), false);
                if (centre::collect_attempt(db, test::kExamStaff, attempt, test::wall_ms()).collected_now) ++collected;
            } catch (...) {
                ++failed;
            }
        });
    for (auto& t : operators) t.join();
    CHECK(collected == 1);
    CHECK(failed == 0);
    auto db = storage::Database::open(pg.uri(), false);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt_event") == 2); // the start and the submit, once each
    CHECK(test::scalar(db, "SELECT count(*) FROM answer_log") == 10);
    CHECK(test::scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'attempt.collect'") == 1);
}

namespace {

// The centre's collector on a thread of the test, recording what it reports.
struct Collector {
    std::atomic<bool> stop{false};
    mutable std::mutex mutex;
    std::vector<centre::CollectOutcome> collected, not_final;
    std::vector<std::string> troubles;
    int listening = 0;
    std::thread thread;

    explicit Collector(const std::string& uri)
    {
        centre::FollowEvents events;
        events.collected = [this](const centre::CollectOutcome& o) { std::lock_guard l(mutex); collected.push_back(o); };
        events.not_final = [this](const centre::CollectOutcome& o) { std::lock_guard l(mutex); not_final.push_back(o); };
        events.trouble = [this](const std::string& t) { std::lock_guard l(mutex); troubles.push_back(t); };
        events.listening = [this] { std::lock_guard l(mutex); ++listening; };
        centre::FollowOptions options;
        options.retry = std::chrono::milliseconds(200);
        options.tick = std::chrono::milliseconds(50);
        thread = std::thread([this, uri, options, events] {
            centre::follow_results(uri, centre::collector_actor(), stop, options, events);
        });
    }
    ~Collector()
    {
        stop = true;
        thread.join();
    }
    // Waits up to 15 s for `done` (read under the lock).
    template <class F>
    bool await(F&& done) const
    {
        for (int i = 0; i < 300; ++i) {
            {
                std::lock_guard l(mutex);
                if (done()) return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
};

} // namespace

TEST_CASE("centre collector: a final upload is collected and graded at the centre within seconds of its last event, "
          "an incomplete one is reported and waits, a lost connection is made again, and the kiosk reads the "
          "centre's score of its own seat only")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    auto db = storage::Database::open(c.pg.uri(), false);

    Collector collector(c.pg.uri());
    REQUIRE(collector.await([&] { return collector.listening == 1; }));
    // Any login may NOTIFY: a kiosk's forged payloads (no such attempt, not a number) change nothing and are not
    // reported (the notifications below are handled after them, in order).
    {
        auto kiosk = storage::Database::open(room.kiosk_uri, false);
        kiosk.exec("NOTIFY safekiosk_centre_final, '999999'");
        kiosk.exec("NOTIFY safekiosk_centre_final, 'abc'");
    }

    // The exam on A01: the start and four answers, then the submission; answer 3 (seq 4) does not reach the centre.
    exam::Score kiosk_score;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        const auto paper = exam::ExamStore(j).paper(attempt);
        for (int p = 1; p <= 4; ++p) svc.record_answer(attempt, p, paper.questions.at(static_cast<std::size_t>(p - 1)).key, false);
        svc.submit(attempt);
        kiosk_score = svc.result(attempt);
    }
    room.withhold(4, true);
    room.send();
    // The submit is held, seq 4 is missing: the collector hears of it, says so, and grades nothing.
    REQUIRE(collector.await([&] { return !collector.not_final.empty(); }));
    {
        std::lock_guard l(collector.mutex);
        CHECK(collector.not_final[0].upload.attempt_id == attempt);
        CHECK(collector.not_final[0].upload.status == centre::UploadStatus::Incomplete);
        CHECK(centre::missing_text(collector.not_final[0].upload.missing) == "4");
        CHECK(collector.collected.empty());
        CHECK(collector.troubles.empty());
    }
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE state = 'scored'") == 0);
    CHECK(centre::attempts_to_collect(db) == std::vector<std::int64_t>{attempt});
    // The kiosk reads its seat's state, and no score yet.
    {
        auto kiosk = storage::Database::open(room.kiosk_uri, false);
        const auto r = centre::seat_result(kiosk, attempt);
        REQUIRE(r.has_value());
        CHECK(r->state == exam::AttemptState::CheckedIn);
        CHECK_FALSE(r->score.has_value());
        // The proctor panel of the room: the seat has submitted, its result is not confirmed yet.
        const auto seat = seat_of(centre::room_seats(kiosk), attempt);
        CHECK(seat.submitted);
        CHECK_FALSE(seat.collected);
    }

    // The server drops the collector's connection (a restart, a network fault): it says so, connects again and
    // listens again.
    test::scalar(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND pid <> pg_backend_pid()");
    REQUIRE(collector.await([&] { return collector.listening == 2; }));
    {
        std::lock_guard l(collector.mutex);
        REQUIRE_FALSE(collector.troubles.empty());
        CHECK(collector.troubles[0].find("connection") != std::string::npos);
    }

    // The missing event arrives: collected at once, with the kiosk's score, audited as the collector.
    room.withhold(4, false);
    room.send();
    REQUIRE(collector.await([&] { return !collector.collected.empty(); }));
    {
        std::lock_guard l(collector.mutex);
        REQUIRE(collector.collected.size() == 1);
        CHECK(collector.collected[0].upload.status == centre::UploadStatus::Collected);
        REQUIRE(collector.collected[0].upload.score.has_value());
        CHECK(*collector.collected[0].upload.score == doctest::Approx(kiosk_score.points));
    }
    CHECK(room.upload(db).status == centre::UploadStatus::Collected);
    CHECK(centre::attempts_to_collect(db).empty());
    const auto entry = exam::ExamStore(db).last_audit_entry("attempt:" + std::to_string(attempt), "attempt.collect");
    REQUIRE(entry.has_value());
    CHECK(entry->actor == "centre-collector");
    CHECK(exam::ExamStore(db).verify_audit().empty());

    // A01 reads the centre's score of its own seat; no other login may call the function.
    {
        auto kiosk = storage::Database::open(room.kiosk_uri, false);
        const auto r = centre::seat_result(kiosk, attempt);
        REQUIRE(r.has_value());
        CHECK(r->state == exam::AttemptState::Scored);
        REQUIRE(r->score.has_value());
        CHECK(*r->score == doctest::Approx(kiosk_score.points));
        CHECK(r->passed == kiosk_score.passed);
        CHECK_FALSE(centre::seat_result(kiosk, attempt + 1000).has_value()); // not its seat: nothing
        // The proctor panel: 已确认.
        CHECK(seat_of(centre::room_seats(kiosk), attempt).collected);
    }
    CHECK_THROWS_AS(centre::seat_result(db, attempt), storage::StorageError); // the owner is no exam kiosk
}

TEST_CASE("safekiosk-admin centre collect: at its start collects the final uploads no one was listening for, prints "
          "each, and stops on SIGTERM")
{
    const auto server = test::postgres_server();
    if (!server) return;
    CentreCase c(*server);
    auto& room = c.room;
    const std::int64_t attempt = room.examinee.attempt;
    {
        auto j = test::open_exam_db(room.journal);
        exam::ExamService svc(j, room.clock());
        start_exam(svc, attempt);
        svc.submit(attempt);
    }
    room.send(); // nobody collects: the upload waits, final
    auto db = storage::Database::open(c.pg.uri(), false);
    CHECK(room.upload(db).status == centre::UploadStatus::Final);

    const auto out = room.dir / "collect.out";
    const auto err = room.dir / "collect.err";
    // There before the child's shell opens them: on a loaded machine the first read may come first.
    test::write_file(out, "");
    test::write_file(err, "");
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string cmd = test::shell_quote(test::admin_program()) + " --db " + test::shell_quote(c.pg.uri()) + " centre collect >" +
                                test::shell_quote(out.string()) + " 2>" + test::shell_quote(err.string());
        execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    bool seen = false;
    for (int i = 0; i < 300 && !seen; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        seen = test::read_file(out).find("collected attempt " + std::to_string(attempt)) != std::string::npos;
    }
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO(test::read_file(out));
    INFO(test::read_file(err));
    CHECK(seen);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(test::read_file(out).find("(ticket " + room.examinee.ticket + ", 张三 at A01): 0 不合格") != std::string::npos);
    CHECK(test::read_file(err).find("collect: listening for final uploads") != std::string::npos);
    CHECK(room.upload(db).status == centre::UploadStatus::Collected);

    // Not a centre's database: refused, with the reason.
    const auto sqlite = test::run_admin({"--db", (room.dir / "other.db").string(), "centre", "collect"});
    CHECK(sqlite.code == 1);
    CHECK(sqlite.err.find("the collector works on the centre's PostgreSQL database") != std::string::npos);
}
