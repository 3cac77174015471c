// A centre kiosk's outbox and its sender (exam/centre/sync.hpp): every answer, mark and clock event recorded on the
// kiosk's journal reaches the centre in order, exactly once, through lost acknowledgements and a server killed as in
// a power cut; a conflicting event is recorded apart, never written over what the centre holds.
#include "exam/centre/centre.hpp"
#include "exam/centre/sync.hpp"
#include "tests/support/sql.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/postgres/own_server.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {

struct CentreEvent {
    std::int64_t seq;
    std::string kind;
    std::int64_t at_ms;
    std::string body;
    std::string kiosk;
};

std::vector<CentreEvent> centre_events(storage::Database& db, std::int64_t attempt)
{
    auto st = db.prepare("SELECT seq, kind, at_ms, body, kiosk_id FROM centre_event WHERE attempt_id = ? ORDER BY seq");
    st.bind(1, attempt);
    std::vector<CentreEvent> out;
    while (st.step()) out.push_back({st.int64(0), st.text(1), st.int64(2), st.text(3), st.text(4)});
    return out;
}

// Every event of the journal's attempt is at the centre once, with the same content, numbered 1..N without a gap.
void check_centre_holds_journal(storage::Database& centre_db, const std::filesystem::path& journal_path,
                                std::int64_t attempt)
{
    auto journal = storage::Database::open(journal_path, false);
    const auto sent = centre::outbox_events(journal, attempt);
    const auto held = centre_events(centre_db, attempt);
    REQUIRE(held.size() == sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        CHECK(held[i].seq == static_cast<std::int64_t>(i + 1));
        CHECK(sent[i].seq == static_cast<std::int64_t>(i + 1));
        CHECK(held[i].kind == sent[i].kind);
        CHECK(held[i].at_ms == sent[i].at_ms);
        CHECK(held[i].body == sent[i].body);
        CHECK(held[i].kiosk == "A01");
        CHECK(sent[i].sent_at_ms.has_value());
    }
    CHECK(test::scalar(centre_db, "SELECT count(*) FROM centre_event_conflict") == 0);
}

// A centre on the server database `db_uri` (its installation, a session, 张三 seated at A01, the centre's roles and
// kiosk A01's login) and a kiosk journal of the same exam with the outbox on and 张三 checked in and started.
struct CentreAndKiosk {
    std::string db_uri;
    std::string kiosk_uri; // A01's login
    test::TempDir dir;
    std::filesystem::path journal = dir / "journal.db";
    std::int64_t attempt = 0;
    std::vector<std::string> roles;

    explicit CentreAndKiosk(const std::string& uri) : db_uri(uri)
    {
        const auto centre_exam = test::build_exam_db(db_uri);
        auto db = storage::Database::open(db_uri, false);
        const auto init = centre::init(db);
        centre::AddKioskOptions o{"A01", "第一考场", centre::KioskRole::Exam, dir / "A01.pgpass", false, 1};
        const auto k = centre::add_kiosk(db, db_uri, o);
        roles = {k.kiosk.login, init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        // The trusting test server asks no password: the URI as the kiosk.json has it, with its password file.
        kiosk_uri = k.centre_uri;

        // The kiosk's journal: the same exam (the attempt has the same id as at the centre, as a central check-in
        // would give it).
        const auto e = test::build_exam_db(journal);
        REQUIRE(e.attempt == centre_exam.attempt);
        attempt = e.attempt;
        auto j = test::open_exam_db(journal);
        centre::enable_outbox(j);
        exam::ExamService svc(j);
        REQUIRE(svc.check_in(e.id_number, e.ticket, "A01", "第一考场") == attempt);
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);
    }
    // Answers questions first..last (cycling through the paper's 10), each also marked when `mark`.
    void answer(int first, int last, bool mark = false)
    {
        auto j = test::open_exam_db(journal);
        exam::ExamService svc(j);
        for (int i = first; i <= last; ++i) svc.record_answer(attempt, (i - 1) % 10 + 1, i % 2 ? "A" : "B", mark);
    }
    std::int64_t unsent()
    {
        auto j = storage::Database::open(journal, false);
        return centre::unsent_count(j);
    }
};

struct DropRoles {
    std::string server;
    std::vector<std::string>* roles;
    ~DropRoles()
    {
        try {
            auto db = storage::Database::open(server);
            for (const auto& r : *roles) db.exec("DROP ROLE IF EXISTS \"" + r + "\"");
        } catch (...) {
        }
    }
};

} // namespace

TEST_CASE("a standalone kiosk's journal keeps no outbox, and a centre kiosk's numbers each answer, mark and clock event "
          "in the transaction that records it")
{
    test::TempDir dir;
    const auto e = test::build_exam_db(dir / "kiosk.db");
    {
        auto db = test::open_exam_db(dir / "kiosk.db");
        exam::ExamService svc(db);
        svc.check_in(e.id_number, e.ticket, "A01", "第一考场");
        svc.confirm_identity(e.attempt);
        svc.show_instructions(e.attempt);
        svc.start(e.attempt);
        svc.record_answer(e.attempt, 1, "A", false);
        CHECK_FALSE(centre::outbox_enabled(db));
        CHECK(test::scalar(db, "SELECT count(*) FROM outbox") == 0);

        centre::enable_outbox(db);
        CHECK(centre::outbox_enabled(db));
        svc.record_answer(e.attempt, 2, "B", true);
        svc.pause(test::kExamProctor, e.attempt, "停电");
        svc.resume(test::kExamProctor, e.attempt, "来电");
        svc.record_answer(e.attempt, 2, "A", false);
    }
    auto db = storage::Database::open(dir / "kiosk.db", false);
    const auto events = centre::outbox_events(db, e.attempt);
    REQUIRE(events.size() == 4);
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].seq == static_cast<std::int64_t>(i + 1));
    CHECK(events[0].kind == "answer");
    CHECK(events[0].body == R"({"marked":true,"position":2,"response":"B"})");
    CHECK(events[1].kind == "clock");
    CHECK(events[1].body.find(R"("event":"pause")") != std::string::npos);
    CHECK(events[1].body.find("停电") != std::string::npos);
    CHECK(events[2].body.find(R"("event":"resume")") != std::string::npos);
    CHECK(events[3].body == R"({"marked":false,"position":2,"response":"A"})");
    CHECK(centre::unsent_count(db) == 4);
}

TEST_CASE("the sender: every event at the centre in order and exactly once, a resend after a lost acknowledgement "
          "changes nothing, and a conflicting event is recorded apart")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    DropRoles cleanup{*server, &roles};
    test::PostgresDatabase pg(*server);
    CentreAndKiosk c(pg.uri());
    roles = c.roles;
    c.answer(1, 25);
    c.answer(3, 4, true);
    const std::int64_t events = 1 + 25 + 2; // the start, 25 answers, 2 marks
    REQUIRE(c.unsent() == events);

    centre::OutboxSender sender(c.journal, {c.kiosk_uri, 8});
    const auto sent = sender.drain();
    CHECK(sent.batches == 4);
    CHECK(sent.stored == events);
    CHECK(sent.duplicates == 0);
    CHECK(c.unsent() == 0);
    auto owner = storage::Database::open(pg.uri(), false);
    check_centre_holds_journal(owner, c.journal, c.attempt);
    CHECK(sender.drain().batches == 0); // nothing left

    // The centre committed but the kiosk never heard: the rows go again and the centre keeps one of each.
    {
        auto j = storage::Database::open(c.journal, false);
        j.exec("UPDATE outbox SET sent_at_ms = NULL WHERE seq > 20");
    }
    const auto resent = sender.drain();
    CHECK(resent.duplicates == events - 20);
    CHECK(resent.stored == 0);
    check_centre_holds_journal(owner, c.journal, c.attempt);

    // Answers go on after a send: they follow with the next numbers.
    c.answer(26, 30);
    CHECK(sender.drain().stored == 5);
    check_centre_holds_journal(owner, c.journal, c.attempt);

    // The centre holds seq 2 with other content (say, from a seat the attempt left): the kiosk's version is kept
    // apart, the centre's stays, and the kiosk's row counts as delivered.
    owner.exec("UPDATE centre_event SET body = '{\"position\":1,\"response\":\"B\",\"marked\":false}' WHERE seq = 2");
    {
        auto j = storage::Database::open(c.journal, false);
        j.exec("UPDATE outbox SET sent_at_ms = NULL WHERE seq = 2");
    }
    const auto conflict = sender.drain();
    CHECK(conflict.conflicts == 1);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event WHERE seq = 2 AND body LIKE '%\"B\"%'") == 1);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event_conflict WHERE seq = 2 AND reason = 'content'") == 1);
    CHECK(c.unsent() == 0);
    // Sent again, the same conflict is not recorded twice.
    {
        auto j = storage::Database::open(c.journal, false);
        j.exec("UPDATE outbox SET sent_at_ms = NULL WHERE seq = 2");
    }
    CHECK(sender.drain().conflicts == 1);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event_conflict") == 1);

    // The attempt moved to A02 (移机) while A01 still had answers to send: they reach the centre but are kept apart
    // for the proctor, never among the attempt's events and never dropped.
    owner.exec("UPDATE attempt SET kiosk = 'A02' WHERE id = " + std::to_string(c.attempt));
    c.answer(31, 33);
    const auto late = sender.drain();
    CHECK(late.seat == 3);
    CHECK(c.unsent() == 0);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == events + 5);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event_conflict WHERE reason = 'seat' AND kiosk_id = 'A01'") == 3);
}

TEST_CASE("a centre killed as in a power cut while a kiosk answers and sends: nothing is lost, nothing doubled, and "
          "sending resumes")
{
    if (!test::postgres_server()) return;
    test::OwnServer server;
    const std::string base = server.uri.substr(0, server.uri.rfind('/') + 1);
    {
        auto admin = storage::Database::open(server.uri);
        admin.exec("CREATE DATABASE centre");
    }
    CentreAndKiosk c(base + "centre");
    c.answer(1, 20);
    centre::OutboxSender sender(c.journal, {c.kiosk_uri, 5, std::chrono::milliseconds(10), std::chrono::milliseconds(40)});
    CHECK(sender.send_batch().stored == 5);

    server.kill();
    CHECK_THROWS_AS(sender.send_batch(), storage::StorageError);
    CHECK(c.unsent() == 21 - 5); // nothing marked sent while the centre is away
    // The kiosk goes on: its answers are saved in the journal and wait.
    c.answer(21, 30);
    CHECK_THROWS_AS(sender.drain(), storage::StorageError);
    CHECK(c.unsent() == 31 - 5);

    // A sending thread keeps retrying (with backoff) and delivers everything once the server is back.
    std::atomic<bool> stop{false};
    std::thread thread([&] { sender.run(stop); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(sender.status().failures > 0);
    CHECK(sender.status().last_error.find("PostgreSQL") != std::string::npos);
    server.restart();
    for (int i = 0; i < 300 && c.unsent() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop = true;
    thread.join();
    CHECK(c.unsent() == 0);
    CHECK(sender.status().failures == 0);
    auto owner = storage::Database::open(base + "centre", false);
    check_centre_holds_journal(owner, c.journal, c.attempt);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == 31);
}

TEST_CASE("the sender's retry waits double up to the cap, each drawn with jitter")
{
    test::TempDir dir;
    test::build_exam_db(dir / "kiosk.db");
    centre::OutboxSender sender(dir / "kiosk.db", {"postgresql://nobody@127.0.0.1:1/none", 10,
                                                   std::chrono::milliseconds(100), std::chrono::milliseconds(1000)});
    std::set<std::int64_t> seen;
    for (int i = 0; i < 50; ++i) {
        const auto first = sender.retry_delay(1).count();
        CHECK(first >= 50);
        CHECK(first <= 100);
        const auto third = sender.retry_delay(3).count();
        CHECK(third >= 200);
        CHECK(third <= 400);
        const auto late = sender.retry_delay(30).count();
        CHECK(late >= 500);
        CHECK(late <= 1000);
        seen.insert(late);
    }
    CHECK(seen.size() > 5); // jitter: 60 kiosks do not retry in step
}
