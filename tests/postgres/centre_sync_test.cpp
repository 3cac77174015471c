// A centre kiosk's outbox and its sender (exam/centre/sync.hpp): every answer, mark and clock event recorded on the
// kiosk's journal reaches the centre in order, exactly once, through lost acknowledgements and a server killed as in
// a power cut; a conflicting event is recorded apart, never written over what the centre holds.
#include "exam/centre/centre.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/centre/sync.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/support/sql.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/tcp_proxy.hpp"
#include "tests/postgres/own_server.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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
    test::DropRoles cleanup{*server, {}, &roles};
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

namespace {

using namespace std::chrono_literals;

// A sender on a thread of its own, through `proxy`, for a test; stopped when the object goes (the proxy's
// connections cut first, so that a test that failed while a call hangs on a stalled link still ends).
struct Sending {
    test::TcpProxy& proxy;
    centre::OutboxSender sender;
    std::atomic<bool> stop{false};
    std::thread thread;
    Sending(test::TcpProxy& p, const std::filesystem::path& journal, centre::SenderOptions o)
        : proxy(p), sender(journal, std::move(o)), thread([this] { sender.run(stop); })
    {
    }
    ~Sending()
    {
        stop = true;
        proxy.cut_all();
        thread.join();
    }
};

// Waits until `done` holds, at most `limit`; returns whether it did.
template <class F>
bool wait_for(F done, std::chrono::milliseconds limit)
{
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

double seconds_since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

TEST_CASE("200 lost acknowledgements: the link is cut after the centre committed a batch and before its reply reaches "
          "the kiosk: the resent batches change nothing and the centre holds every event once")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    CentreAndKiosk c(pg.uri());
    roles = c.roles;
    const auto address = storage::server_address(pg.uri());
    test::TcpProxy proxy(address.host, std::stoi(address.port));
    // Every second reply carrying centre_put_events()'s result (its column r_outcome) is lost, 200 times: the next
    // one, the resend, goes through.
    proxy.lose_replies("r_outcome", 200, 2);
    // Short retry waits (the sender's own options) keep 200 reconnections within seconds.
    Sending s(proxy, c.journal, {proxy.with_proxy(c.kiosk_uri), 5, 1ms, 4ms, 5ms});

    // The examinee answers all the while, each answer saved in the journal at once.
    const auto started = std::chrono::steady_clock::now();
    int answers = 0;
    {
        auto j = test::open_exam_db(c.journal);
        exam::ExamService svc(j);
        const auto answer = [&] {
            ++answers;
            svc.record_answer(c.attempt, (answers - 1) % 10 + 1, answers % 2 ? "A" : "B", answers % 7 == 0);
        };
        while (proxy.cuts() < 200 && seconds_since(started) < 45) {
            answer();
            std::this_thread::sleep_for(2ms);
        }
        REQUIRE(proxy.cuts() == 200);
        for (int i = 0; i < 3; ++i) answer();
    }
    CHECK(wait_for([&] { return c.unsent() == 0; }, 20s));
    MESSAGE(answers << " answers, 200 acknowledgements lost, all at the centre after " << seconds_since(started) << " s");

    const auto status = s.sender.status();
    const std::int64_t events = 1 + answers; // the start and the answers (some marked)
    auto owner = storage::Database::open(pg.uri(), false);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == events);
    CHECK(test::scalar(owner, "SELECT count(DISTINCT (attempt_id, seq)) FROM centre_event") == events);
    check_centre_holds_journal(owner, c.journal, c.attempt);
    // Each lost batch was committed before its reply was dropped: its resend found every event of it held.
    CHECK(status.totals.duplicates >= 200);
    CHECK(status.totals.stored + status.totals.duplicates == events);
    CHECK(status.totals.conflicts == 0);
    CHECK(proxy.connections() > 200); // one new connection after each cut
}

TEST_CASE("a silent stall: the link stops forwarding but keeps its sockets open, the sender notices within 10 s and "
          "sends again unaided when the link comes back, nothing lost")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    CentreAndKiosk c(pg.uri());
    roles = c.roles;
    const auto address = storage::server_address(pg.uri());
    test::TcpProxy proxy(address.host, std::stoi(address.port));
    // The sender's defaults but for the idle poll (the test wants the round trip to start at once).
    centre::SenderOptions o;
    o.centre_uri = proxy.with_proxy(c.kiosk_uri);
    o.idle_poll = 20ms;
    Sending s(proxy, c.journal, o);
    c.answer(1, 5);
    REQUIRE(wait_for([&] { return c.unsent() == 0; }, 10s));

    // The link hangs: what the kiosk sends is taken by the kernel and acknowledged, so TCP's own timeouts
    // (tcp_user_timeout, keepalives) never fire; only the missing reply shows it.
    proxy.stall();
    const auto stalled_at = std::chrono::steady_clock::now();
    c.answer(6, 10);
    REQUIRE(wait_for([&] { return s.sender.status().failures > 0; }, 30s));
    const double noticed = seconds_since(stalled_at);
    MESSAGE("a stalled link noticed after " << noticed << " s: " << s.sender.status().last_error);
    CHECK(noticed <= 12.0);
    CHECK(s.sender.status().last_error.find("no reply") != std::string::npos);
    CHECK(c.unsent() == 5); // waiting in the journal, not marked sent

    // Still hung while the sender tries again (its new connection hangs too); the kiosk keeps answering.
    c.answer(11, 15);
    std::this_thread::sleep_for(2s);
    proxy.resume();
    const auto resumed_at = std::chrono::steady_clock::now();
    CHECK(wait_for([&] { return c.unsent() == 0; }, 20s));
    MESSAGE("all events at the centre " << seconds_since(resumed_at) << " s after the link came back");
    CHECK(wait_for([&] { return s.sender.status().failures == 0; }, 5s));
    auto owner = storage::Database::open(pg.uri(), false);
    check_centre_holds_journal(owner, c.journal, c.attempt);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == 16);
}

TEST_CASE("a kiosk killed with SIGKILL at 50 random moments while it answers and sends: every answer the journal "
          "committed reaches the centre, once")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    CentreAndKiosk c(pg.uri());
    roles = c.roles;
    const char* given = std::getenv("SAFEKIOSK_KILL_SEED");
    const unsigned seed = given ? static_cast<unsigned>(std::strtoul(given, nullptr, 10)) : std::random_device{}();
    MESSAGE("seed " << seed << " (SAFEKIOSK_KILL_SEED replays it)");
    std::mt19937 random(seed);

    // Each run is a child process, as a kiosk is: its sending thread (batches of 5, short waits) and an examinee who
    // answers every few milliseconds, reporting each answer on a pipe once the journal committed it (已保存). It is
    // killed after 20–400 ms: while it answers, while it sends, between the centre's commit and the journal's mark.
    int acknowledged = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int run = 0; run < 50; ++run) {
        int pipe_fds[2];
        REQUIRE(::pipe(pipe_fds) == 0);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(pipe_fds[0]);
            try {
                centre::SenderThread sending(c.journal, {c.kiosk_uri, 5, 5ms, 20ms, 5ms});
                auto j = test::open_exam_db(c.journal);
                exam::ExamService svc(j);
                for (int i = 1;; ++i) {
                    svc.record_answer(c.attempt, (i + run) % 10 + 1, i % 2 ? "A" : "B", i % 5 == 0);
                    const char saved = 1;
                    if (::write(pipe_fds[1], &saved, 1) != 1) ::_exit(3);
                    std::this_thread::sleep_for(3ms);
                }
            } catch (...) {
                ::_exit(2);
            }
        }
        ::close(pipe_fds[1]);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 400)(random)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        // Killed by the test, not ended by a failure of its own (an exit, or a sanitizer's abort).
        CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
        char buf[4096];
        for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) acknowledged += static_cast<int>(n);
        ::close(pipe_fds[0]);
    }
    std::int64_t at_centre_before = 0;
    {
        auto owner = storage::Database::open(pg.uri(), false);
        at_centre_before = test::scalar(owner, "SELECT count(*) FROM centre_event");
    }
    // The next start sends what is left.
    centre::OutboxSender sender(c.journal, {c.kiosk_uri, 200});
    const auto rest = sender.drain();
    MESSAGE(acknowledged << " answers saved in 50 runs killed at random (" << seconds_since(started) << " s); "
                         << at_centre_before << " events at the centre before the last start, then " << rest.stored
                         << " new and " << rest.duplicates << " already held (killed after the commit)");

    auto journal = storage::Database::open(c.journal, false);
    const auto committed = test::scalar(journal, "SELECT count(*) FROM outbox WHERE kind = 'answer'");
    // Every answer shown 已保存 is in the journal; at most one more per run (committed, killed before it was shown).
    CHECK(committed >= acknowledged);
    CHECK(committed <= acknowledged + 50);
    CHECK(acknowledged > 100); // the runs answered (about 1,000 here)
    CHECK(at_centre_before > 0); // the runs did send
    auto owner = storage::Database::open(pg.uri(), false);
    check_centre_holds_journal(owner, c.journal, c.attempt);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == 1 + committed);
}

TEST_CASE("a check-in over a link that hangs after the centre answered: the kiosk hears that the centre is unreachable "
          "within 12 s, and the same ticket again once the link is back gives the same attempt")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    CentreAndKiosk c(pg.uri());
    roles = c.roles;
    auto owner = storage::Database::open(pg.uri(), false);
    const auto session = test::scalar(owner, "SELECT id FROM exam_session");
    REQUIRE(centre::draw_papers(owner, test::kExamStaff, session, exam::system_now_ms()).drawn >= 1);
    std::string ticket, id_number;
    {
        auto st = owner.prepare("SELECT a.ticket, c.id_number FROM attempt a JOIN candidate c ON c.id = a.candidate_id "
                                "WHERE a.id = ?");
        st.bind(1, c.attempt);
        REQUIRE(st.step());
        ticket = st.text(0);
        id_number = st.text(1);
    }
    const auto address = storage::server_address(pg.uri());
    test::TcpProxy proxy(address.host, std::stoi(address.port));
    const std::string uri = proxy.with_proxy(c.kiosk_uri);

    // The centre checks the examinee in and answers; the answer never arrives and the link hangs. (Should the call
    // wait for ever, the connection is cut after 30 s so that the test fails rather than hangs.)
    proxy.hold_reply("r_session");
    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<bool> returned{false};
    std::thread watchdog([&] {
        if (!wait_for([&] { return returned.load(); }, 30s)) proxy.cut_all();
    });
    try {
        centre::ask_centre_check_in(uri, ticket, id_number);
        FAIL("a check-in answered through a hung link");
    } catch (const centre::CentreUnreachable& e) {
        CHECK(std::string(e.what()).find("no reply from the database server within 10 s") != std::string::npos);
    }
    const double waited = seconds_since(t0);
    returned = true;
    watchdog.join();
    MESSAGE("a check-in on a hung link gave up after " << waited << " s");
    CHECK(waited <= 12.0);
    CHECK(test::scalar(owner, "SELECT count(*) FROM attempt WHERE id = " + std::to_string(c.attempt) +
                                  " AND state = 'checked_in' AND kiosk = 'A01'") == 1);

    // The proctor tries again once the link is back: the same attempt and paper.
    proxy.resume();
    const auto again = centre::ask_centre_check_in(uri, ticket, id_number);
    CHECK(again.attempt_id == c.attempt);
    CHECK(again.questions.size() == 10);
    CHECK(test::scalar(owner, "SELECT count(*) FROM attempt") == 1);
}
