// The centre's long faults under a room of answering kiosks (issue 19, fault tests 2 and 3): the centre's server
// stopped as in a power cut for 60 s, and the LAN between the kiosks and the centre a blackhole for 60 s (nftables in
// a network namespace). Each kiosk is a journal with its own SenderThread, as the real kiosk runs it; each examinee
// answers all the while and counts what was shown 已保存 (the journal's commit). Afterwards the centre holds every
// event of every journal once, in order, with the same content, and the catch-up time is measured and bounded.
//
// Each takes 70–90 s and is bounded: every wait has a limit, a child process is killed when the test ends, and the
// ctest entries carry a timeout of their own (tests/postgres/test_properties.cmake).
#include "exam/centre/centre.hpp"
#include "exam/centre/sync.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/postgres/centre_room.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/postgres/own_server.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/sanitizers.hpp"
#include "tests/support/sql.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sk;
using namespace std::chrono_literals;
namespace centre = sk::exam::centre;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

template <class F>
bool wait_for(F done, std::chrono::milliseconds limit)
{
    const auto until = Clock::now() + limit;
    while (!done()) {
        if (Clock::now() >= until) return false;
        std::this_thread::sleep_for(50ms);
    }
    return true;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Events the centre holds of `attempt`.
std::int64_t centre_count(storage::Database& db, std::int64_t attempt)
{
    return test::scalar(db, "SELECT count(*) FROM centre_event WHERE attempt_id = " + std::to_string(attempt));
}

// Every event of the kiosk's journal is at the centre once, the same content, numbered 1..N without a gap, from that
// kiosk; and the examinee's answers shown 已保存 are all among them.
void check_kiosk_at_centre(storage::Database& owner, const test::CentreRoomKiosk& k, std::int64_t answers_saved)
{
    CAPTURE(k.id);
    auto journal = storage::Database::open(k.journal, false);
    const auto sent = centre::outbox_events(journal, k.attempt);
    auto st = owner.prepare("SELECT seq, kind, at_ms, body, kiosk_id FROM centre_event WHERE attempt_id = ? ORDER BY seq");
    st.bind(1, k.attempt);
    std::size_t i = 0;
    bool same = true;
    while (st.step()) {
        if (i >= sent.size() || st.int64(0) != static_cast<std::int64_t>(i + 1) || sent[i].seq != st.int64(0) ||
            st.text(1) != sent[i].kind || st.int64(2) != sent[i].at_ms || st.text(3) != sent[i].body ||
            st.text(4) != k.id || !sent[i].sent_at_ms)
            same = false;
        ++i;
    }
    CHECK(i == sent.size());
    CHECK(same);
    const auto answers = std::count_if(sent.begin(), sent.end(), [](const auto& e) { return e.kind == "answer"; });
    CHECK(answers == answers_saved);
}

} // namespace

TEST_CASE("the centre stopped as in a power cut for 60 s under 10 answering kiosks, then started: every answer shown "
          "已保存 reaches the centre, once, and the kiosks catch up within 20 s")
{
    if (!test::postgres_server()) return;
    test::OwnServer server;
    const std::string base = server.uri.substr(0, server.uri.rfind('/') + 1);
    {
        auto admin = storage::Database::open(server.uri);
        admin.exec("CREATE DATABASE centre");
    }
    test::CentreRoom room(base + "centre", 10);
    const int n = static_cast<int>(room.kiosks.size());

    // Ten kiosks, each its journal, its SenderThread (the kiosk's defaults: retries from 250 ms doubling to 8 s) and
    // an examinee answering every 200 ms, timing each save.
    std::atomic<bool> stop_answering{false};
    std::vector<std::int64_t> saved(n, 0);
    std::vector<std::vector<double>> latencies(n);
    std::vector<std::unique_ptr<centre::SenderThread>> senders;
    for (const auto& k : room.kiosks) {
        centre::SenderOptions o;
        o.centre_uri = k.uri;
        senders.push_back(std::make_unique<centre::SenderThread>(k.journal, o));
    }
    std::vector<std::thread> examinees;
    for (int i = 0; i < n; ++i)
        examinees.emplace_back([&, i] {
            auto j = test::open_exam_db(room.kiosks[i].journal);
            exam::ExamService svc(j);
            for (int a = 1; !stop_answering; ++a) {
                const auto t = Clock::now();
                svc.record_answer(room.kiosks[i].attempt, a % 10 + 1, a % 2 ? "A" : "B", a % 9 == 0);
                latencies[i].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
                ++saved[i];
                std::this_thread::sleep_for(200ms);
            }
        });
    struct Join {
        std::atomic<bool>& stop;
        std::vector<std::thread>& threads;
        ~Join()
        {
            stop = true;
            for (auto& t : threads)
                if (t.joinable()) t.join();
        }
    } join{stop_answering, examinees};

    // The room works: every kiosk's events arrive.
    REQUIRE(wait_for(
        [&] {
            auto owner = storage::Database::open(room.db_uri, false);
            return test::scalar(owner, "SELECT count(DISTINCT kiosk_id) FROM centre_event") == n;
        },
        20s));

    server.kill();
    const auto down = Clock::now();
    // 60 s without the centre; the kiosks keep answering and every sender fails and retries.
    std::this_thread::sleep_for(60s);
    for (const auto& s : senders) CHECK(s->status().failures > 0);

    server.restart();
    const auto up = Clock::now();
    MESSAGE("the centre was down " << std::chrono::duration<double>(up - down).count() << " s (restart included)");
    // What each journal held when the centre came back must reach it: measured as the catch-up time.
    std::vector<std::int64_t> held_at_restart;
    for (const auto& k : room.kiosks) {
        auto j = storage::Database::open(k.journal, false);
        held_at_restart.push_back(test::scalar(j, "SELECT count(*) FROM outbox WHERE attempt_id = " +
                                                      std::to_string(k.attempt)));
    }
    const bool caught_up = wait_for(
        [&] {
            auto owner = storage::Database::open(room.db_uri, false);
            for (int i = 0; i < n; ++i)
                if (centre_count(owner, room.kiosks[i].attempt) < held_at_restart[i]) return false;
            return true;
        },
        60s);
    const double catch_up = seconds_since(up);
    CHECK(caught_up);
    std::int64_t backlog = 0;
    for (auto h : held_at_restart) backlog += h;
    MESSAGE(n << " kiosks caught up in " << catch_up << " s after the restart (" << backlog
              << " events held by the journals then)");
    // The senders' waits double up to 8 s after 60 s of failures: within that, plus the send.
    CHECK(catch_up <= 20.0);

    // The examinees stop; each kiosk's sender empties its outbox as the kiosk's exit does.
    stop_answering = true;
    for (auto& t : examinees) t.join();
    for (auto& s : senders) CHECK(s->finish(30s) == 0);

    auto owner = storage::Database::open(room.db_uri, false);
    std::int64_t events = 0;
    std::vector<double> all;
    for (int i = 0; i < n; ++i) {
        check_kiosk_at_centre(owner, room.kiosks[i], saved[i]);
        events += 1 + saved[i]; // the start and the answers
        all.insert(all.end(), latencies[i].begin(), latencies[i].end());
    }
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == events);
    CHECK(test::scalar(owner, "SELECT count(DISTINCT (attempt_id, seq)) FROM centre_event") == events);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event_conflict") == 0);
    MESSAGE(events << " events at the centre, once each; 已保存 p50 " << percentile(all, 0.5) << " ms, p99 "
                   << percentile(all, 0.99) << " ms, slowest " << percentile(all, 1.0) << " ms");
}

namespace {

struct Run {
    int status = -1;
    std::string output;
};

// A shell command's exit status and output (stdout and stderr).
Run run(const std::string& command)
{
    Run r;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) r.output += buf;
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    while (!r.output.empty() && r.output.back() == '\n') r.output.pop_back();
    return r;
}

// A network namespace joined to this machine by a veth pair: the kiosks' side of a LAN that nftables in the namespace
// can turn into a blackhole. Names and a /30 of 10.231.0.0/16 from the process id, so runs side by side do not meet.
// `missing` says why this machine cannot make it (the command and its exact error), empty when it could.
struct Lan {
    std::string ns, host_if, ns_if, host_address, ns_address, clients, missing;
    bool made_ns = false, made_veth = false;

    Lan()
    {
        const int v = (static_cast<int>(::getpid()) % 16384) << 2;
        const std::string net = "10.231." + std::to_string((v >> 8) & 255) + ".";
        host_address = net + std::to_string((v & 255) + 1);
        ns_address = net + std::to_string((v & 255) + 2);
        clients = net + std::to_string(v & 255) + "/30";
        ns = "skc" + std::to_string(::getpid());
        host_if = "skh" + std::to_string(::getpid());
        ns_if = "skn" + std::to_string(::getpid());
        if (::geteuid() != 0) {
            missing = "network namespaces and nftables need root (CI runs as root); this test runs as uid " +
                      std::to_string(::geteuid());
            return;
        }
        if (const auto r = run("nft --version"); r.status != 0) {
            missing = "`nft --version` failed (" + r.output + "): install nftables (scripts/packages.txt)";
            return;
        }
        if (!step("ip netns add " + ns)) return;
        made_ns = true;
        if (!step("ip link add " + host_if + " type veth peer name " + ns_if)) return;
        made_veth = true;
        if (!step("ip link set " + ns_if + " netns " + ns) || !step("ip addr add " + host_address + "/30 dev " + host_if) ||
            !step("ip link set " + host_if + " up") || !in_ns("ip addr add " + ns_address + "/30 dev " + ns_if) ||
            !in_ns("ip link set " + ns_if + " up") || !in_ns("ip link set lo up"))
            return;
        // nftables in the namespace: a table made and removed (a kernel without nf_tables refuses it).
        if (!in_ns("nft add table inet sk_probe") || !in_ns("nft delete table inet sk_probe")) return;
    }
    ~Lan()
    {
        if (made_veth) run("ip link del " + host_if);
        if (made_ns) run("ip netns del " + ns);
    }
    bool step(const std::string& command)
    {
        const auto r = run(command);
        if (r.status != 0) missing = "`" + command + "` failed: " + r.output;
        return r.status == 0;
    }
    bool in_ns(const std::string& command) { return step("ip netns exec " + ns + " " + command); }

    // Nothing passes between the namespace and the host's end any more, either way: packets are dropped, not refused,
    // as a dead switch or a cut cable does.
    void blackhole()
    {
        must("nft 'add table inet sk_blackhole'");
        must("nft 'add chain inet sk_blackhole in { type filter hook input priority 0 ; policy accept ; }'");
        must("nft 'add chain inet sk_blackhole out { type filter hook output priority 0 ; policy accept ; }'");
        must("nft 'add rule inet sk_blackhole in ip saddr " + host_address + " drop'");
        must("nft 'add rule inet sk_blackhole out ip daddr " + host_address + " drop'");
    }
    void heal() { must("nft delete table inet sk_blackhole"); }
    void must(const std::string& command)
    {
        const auto r = run("ip netns exec " + ns + " " + command);
        INFO(command << ": " << r.output);
        REQUIRE(r.status == 0);
    }
};

// One record on the pipe from the kiosks' process: an answer saved (kiosk ≥ 0, the save's duration and the moment it
// ended on the machine's monotonic clock, which the parent shares), or the end of answering (kiosk −1).
struct Saved {
    std::int32_t kiosk;
    std::int32_t left; // with kiosk −2: the events the senders could not deliver at the end
    std::int64_t ended_ns;
    std::int64_t took_ns;
};

// The kiosks' process, inside the namespace: each kiosk's SenderThread and examinee (an answer every 250 ms, each
// save reported on `out`) until `control` closes; then each sender gets up to 60 s to empty its outbox. Exits 0 when
// every outbox is empty, 1 when not, 2 on an error, 3 when it cannot enter the namespace.
[[noreturn]] void kiosks_in_namespace(const std::string& ns, const test::CentreRoom& room, int out, int control)
{
    const int fd = ::open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) ::_exit(3);
    ::close(fd);
    try {
        const int n = static_cast<int>(room.kiosks.size());
        std::atomic<bool> stop{false};
        std::vector<std::unique_ptr<centre::SenderThread>> senders;
        for (const auto& k : room.kiosks) {
            centre::SenderOptions o;
            o.centre_uri = k.uri;
            senders.push_back(std::make_unique<centre::SenderThread>(k.journal, o));
        }
        std::vector<std::thread> examinees;
        std::atomic<bool> failed{false};
        for (int i = 0; i < n; ++i)
            examinees.emplace_back([&, i] {
                try {
                    auto j = test::open_exam_db(room.kiosks[i].journal);
                    exam::ExamService svc(j);
                    for (int a = 1; !stop; ++a) {
                        const auto t = Clock::now();
                        svc.record_answer(room.kiosks[i].attempt, a % 10 + 1, a % 2 ? "A" : "B", a % 9 == 0);
                        const auto end = Clock::now();
                        const Saved s{i, 0, std::chrono::nanoseconds(end.time_since_epoch()).count(),
                                      std::chrono::nanoseconds(end - t).count()};
                        if (::write(out, &s, sizeof s) != sizeof s) failed = true;
                        std::this_thread::sleep_for(250ms);
                    }
                } catch (...) {
                    failed = true;
                }
            });
        char byte;
        while (::read(control, &byte, 1) > 0) {
        }
        stop = true;
        for (auto& t : examinees) t.join();
        const Saved end_of_answers{-1, 0, 0, 0};
        if (::write(out, &end_of_answers, sizeof end_of_answers) != sizeof end_of_answers) failed = true;
        std::int64_t left = 0;
        for (auto& s : senders) left += s->finish(60s);
        const Saved end{-2, static_cast<std::int32_t>(left), 0, 0};
        if (::write(out, &end, sizeof end) != sizeof end) failed = true;
        ::_exit(failed ? 2 : left == 0 ? 0 : 1);
    } catch (...) {
        ::_exit(2);
    }
}

// Kills the child when the test ends early (a failed REQUIRE), so that nothing outlives the test.
struct Child {
    pid_t pid = -1;
    int status = -1;
    bool wait(std::chrono::milliseconds limit)
    {
        if (pid <= 0) return true;
        const auto until = Clock::now() + limit;
        while (Clock::now() < until) {
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1;
                return true;
            }
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }
    ~Child()
    {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
        }
    }
};

} // namespace

TEST_CASE("the LAN a blackhole for 60 s (nftables in the kiosks' network namespace) under 10 answering kiosks: 已保存 "
          "p99 under 50 ms throughout, every event at the centre within 60 s of the LAN healing, nothing lost or "
          "doubled")
{
    if (!test::postgres_server()) return;
    Lan lan;
    if (!lan.missing.empty()) {
        // Only the facility missing skips the test, saying what failed; anything after it is a failure.
        std::printf("SKIPPED: this machine cannot make the test's LAN: %s\n", lan.missing.c_str());
        return;
    }
    test::OwnServer server;
    // The server listens on the host's end of the veth pair as well, trusting the namespace's address.
    REQUIRE(std::system((test::shell_quote(server.script) + " listen " +
                         test::shell_quote((server.dir / "pg").string()) + " " + lan.host_address + " " + lan.clients)
                            .c_str()) == 0);
    const std::string base = server.uri.substr(0, server.uri.rfind('/') + 1);
    {
        auto admin = storage::Database::open(server.uri);
        admin.exec("CREATE DATABASE centre");
    }
    const auto address = storage::server_address(server.uri);
    test::CentreRoom room(base + "centre", 10,
                          "postgresql://" + address.user + "@" + lan.host_address + ":" + address.port + "/centre");
    const int n = static_cast<int>(room.kiosks.size());
    REQUIRE(room.kiosks[0].uri.find(lan.host_address) != std::string::npos);

    int data[2], control[2];
    REQUIRE(::pipe(data) == 0);
    REQUIRE(::pipe(control) == 0);
    Child child;
    child.pid = ::fork();
    REQUIRE(child.pid >= 0);
    if (child.pid == 0) {
        ::close(data[0]);
        ::close(control[1]);
        kiosks_in_namespace(lan.ns, room, data[1], control[0]);
    }
    ::close(data[1]);
    ::close(control[0]);
    // The parent collects what the kiosks report.
    std::mutex mutex;
    std::vector<Saved> records;
    std::thread reader([&, fd = data[0]] {
        Saved s;
        while (::read(fd, &s, sizeof s) == sizeof s) {
            std::lock_guard lock(mutex);
            records.push_back(s);
        }
        ::close(fd);
    });
    struct Cleanup {
        int& control;
        Child& child;
        std::thread& reader;
        ~Cleanup()
        {
            if (control >= 0) { // the test ended early: the kiosks' process goes at once
                ::close(control);
                if (child.pid > 0) ::kill(child.pid, SIGKILL);
            }
            if (child.pid > 0 && !child.wait(90s)) ::kill(child.pid, SIGKILL);
            child.wait(10s);
            if (reader.joinable()) reader.join();
        }
    } cleanup{control[1], child, reader};
    auto seen = [&](std::int32_t kiosk) {
        std::lock_guard lock(mutex);
        return std::any_of(records.begin(), records.end(), [&](const Saved& s) { return s.kiosk == kiosk; });
    };
    auto total_at_centre = [&] {
        auto owner = storage::Database::open(room.db_uri, false);
        return test::scalar(owner, "SELECT count(*) FROM centre_event");
    };

    // The room works across the LAN: every kiosk's events arrive.
    REQUIRE(wait_for(
        [&] {
            auto owner = storage::Database::open(room.db_uri, false);
            return test::scalar(owner, "SELECT count(DISTINCT kiosk_id) FROM centre_event") == n;
        },
        30s));

    lan.blackhole();
    const auto black = Clock::now();
    // What was on its way when the LAN went dark may still land; after the kiosks' 10 s timeouts nothing does.
    std::this_thread::sleep_for(15s);
    const auto during = total_at_centre();
    std::this_thread::sleep_for(45s);
    CHECK(total_at_centre() == during); // the blackhole holds: nothing reached the centre for 45 s
    lan.heal();
    const auto healed = Clock::now();
    MESSAGE("the LAN was a blackhole for " << std::chrono::duration<double>(healed - black).count() << " s");
    // What the journals held when the LAN healed reaches the centre: the catch-up time.
    std::vector<std::int64_t> held_at_heal;
    for (const auto& k : room.kiosks) {
        auto j = storage::Database::open(k.journal, false);
        held_at_heal.push_back(test::scalar(j, "SELECT count(*) FROM outbox WHERE attempt_id = " + std::to_string(k.attempt)));
    }
    const bool caught_up = wait_for(
        [&] {
            auto owner = storage::Database::open(room.db_uri, false);
            for (int i = 0; i < n; ++i)
                if (centre_count(owner, room.kiosks[i].attempt) < held_at_heal[i]) return false;
            return true;
        },
        60s);
    CHECK(caught_up);
    MESSAGE(n << " kiosks caught up " << seconds_since(healed) << " s after the LAN healed");

    // The examinees answer a while more, then stop; what their journals hold must be at the centre ≤ 60 s after
    // healing.
    std::this_thread::sleep_until(healed + 15s);
    ::close(control[1]);
    control[1] = -1;
    REQUIRE(wait_for([&] { return seen(-1); }, 20s));
    std::vector<std::int64_t> journal_events;
    for (const auto& k : room.kiosks) {
        auto j = storage::Database::open(k.journal, false);
        journal_events.push_back(
            test::scalar(j, "SELECT count(*) FROM outbox WHERE attempt_id = " + std::to_string(k.attempt)));
    }
    const bool delivered = wait_for(
        [&] {
            auto owner = storage::Database::open(room.db_uri, false);
            for (int i = 0; i < n; ++i)
                if (centre_count(owner, room.kiosks[i].attempt) < journal_events[i]) return false;
            return true;
        },
        std::chrono::duration_cast<std::chrono::milliseconds>(healed + 65s - Clock::now()));
    const double after_heal = seconds_since(healed);
    CHECK(delivered);
    MESSAGE("every event at the centre " << after_heal << " s after the LAN healed");
    CHECK(after_heal <= 60.0);

    REQUIRE(child.wait(90s));
    CHECK((WIFEXITED(child.status) && WEXITSTATUS(child.status) == 0));
    reader.join();

    // Nothing lost, nothing doubled; every answer shown 已保存 at the centre.
    std::vector<std::int64_t> saved(n, 0);
    std::vector<double> all, dark;
    const auto black_ns = std::chrono::nanoseconds(black.time_since_epoch()).count();
    const auto healed_ns = std::chrono::nanoseconds(healed.time_since_epoch()).count();
    for (const auto& s : records) {
        if (s.kiosk < 0) continue;
        ++saved[s.kiosk];
        all.push_back(static_cast<double>(s.took_ns) / 1e6);
        if (s.ended_ns >= black_ns && s.ended_ns <= healed_ns) dark.push_back(static_cast<double>(s.took_ns) / 1e6);
    }
    auto owner = storage::Database::open(room.db_uri, false);
    std::int64_t events = 0;
    for (int i = 0; i < n; ++i) {
        check_kiosk_at_centre(owner, room.kiosks[i], saved[i]);
        events += 1 + saved[i];
    }
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == events);
    CHECK(test::scalar(owner, "SELECT count(DISTINCT (attempt_id, seq)) FROM centre_event") == events);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event_conflict") == 0);
    MESSAGE(all.size() << " answers saved; 已保存 p50 " << percentile(all, 0.5) << " ms, p99 " << percentile(all, 0.99)
                       << " ms; during the blackhole (" << dark.size() << ") p99 " << percentile(dark, 0.99)
                       << " ms, slowest " << percentile(dark, 1.0) << " ms");
    CHECK(dark.size() > 1000);
    // 已保存 never waits for the network: a save held up by the dark LAN would take the sender's 10 s timeout. The
    // issue's figure is 50 ms at p99 on this 2-core machine while other tests run beside this one; the
    // AddressSanitizer build (scripts/test's stage 2) runs the same code 2-3 times slower, so its budget is 3 times
    // as long (it measured 57 ms at p99 there, with the same p99 before and during the blackhole). The product's own
    // target (p99 ≤ 5 ms, with the centre up and down) is bench/centre_bench's, on a quiet machine.
    const double budget_ms = 50.0 * test::sanitizer_slowdown;
    CHECK(percentile(all, 0.99) < budget_ms);
    CHECK(percentile(dark, 0.99) < budget_ms);
}
