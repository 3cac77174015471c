// Power-cut proof at the kiosk: the real safekiosk program, driven by headless scripts through an exam, is killed
// with SIGKILL at 200+ random moments and restarted on the same database. After each restart: the same attempt and
// paper, every answer whose 已保存 the script saw, the kiosk back on the right question, and the remaining time it
// shows charging the time the kiosk ran up to its last stored sign of life and never the time it was down.
//
// Time: the headless kiosk runs on a virtual clock that starts at the process's wall time. Each restart runs under
// libfaketime with the wall clock two minutes further on (FAKETIME=+120s, +240s, …): the kiosk was down for two
// minutes or more each time, 200 kills are 400+ minutes of downtime against a 120-minute exam. The seed is printed
// (and taken from SAFEKIOSK_KILL_SEED) so a failure can be replayed.
#include "tests/faults/kiosk_exam.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

using namespace sk;
namespace fs = std::filesystem;

namespace {

constexpr const char* kFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
constexpr std::int64_t kGapS = 120; // each restart is this much later on the wall clock

// One answer the script gives: the question (position = number shown) and the letter (A 正确, B 错误).
struct Step {
    int position = 0;
    char letter = 'A';
};

struct Snapshot {
    std::int64_t attempts = 0;
    std::int64_t attempt = 0;
    exam::AttemptState state{};
    std::uint64_t seed = 0;
    std::vector<std::int64_t> questions;
    std::map<int, std::string> answers;
    std::int64_t last_alive = 0;
    std::vector<exam::ClockEvent> events;
};

// What the database holds as a power cut leaves it: the file and its WAL are copied and the copy opened (so the
// kiosk itself recovers the original on its next start).
Snapshot snapshot(const fs::path& db, const fs::path& scratch)
{
    fs::remove(scratch);
    fs::remove(scratch.string() + "-wal");
    fs::remove(scratch.string() + "-shm");
    fs::copy_file(db, scratch);
    if (fs::exists(db.string() + "-wal")) fs::copy_file(db.string() + "-wal", scratch.string() + "-wal");
    auto d = test::open_exam_db(scratch);
    exam::ExamStore store(d);
    Snapshot s;
    for (const auto& session : store.sessions()) s.attempts += static_cast<std::int64_t>(store.attempts_of_session(session.id).size());
    s.attempt = test::only_attempt(store);
    REQUIRE(s.attempt != 0);
    const auto a = *store.attempt(s.attempt);
    s.state = a.state;
    s.last_alive = a.last_alive_ms;
    const auto paper = store.paper(s.attempt);
    s.seed = paper.seed;
    for (const auto& q : paper.questions) s.questions.push_back(q.question_id);
    for (const auto& [p, ans] : store.answers(s.attempt)) s.answers[p] = ans.response;
    s.events = store.clock_events(s.attempt);
    return s;
}

std::map<std::string, std::string> faketime_env(std::int64_t offset_s)
{
    const char* asan = std::getenv("ASAN_OPTIONS");
    return {{"LD_PRELOAD", kFaketime},
            {"FAKETIME", "+" + std::to_string(offset_s)},
            {"FAKETIME_DONT_FAKE_MONOTONIC", "1"},
            {"ASAN_OPTIONS", std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "verify_asan_link_order=0"}};
}

// The remaining time the kiosk printed (print-text 剩余), in seconds; -1 when the run did not get that far.
std::int64_t shown_remaining_s(const std::string& out)
{
    static const std::regex re(R"(text: 剩余 (?:(\d+):)?(\d\d):(\d\d))");
    std::smatch m;
    if (!std::regex_search(out, m, re)) return -1;
    return (m[1].matched ? std::stoll(m[1]) * 3600 : 0) + std::stoll(m[2]) * 60 + std::stoll(m[3]);
}

} // namespace

TEST_CASE("safekiosk killed with SIGKILL at 200 random moments of an exam resumes the same attempt with every "
          "acknowledged answer and the remaining time without the downtime")
{
    REQUIRE_MESSAGE(fs::exists(kFaketime), "libfaketime is not installed (scripts/install-deps)");
    const char* seed_env = std::getenv("SAFEKIOSK_KILL_SEED");
    const unsigned seed = seed_env ? static_cast<unsigned>(std::stoul(seed_env)) : 20261129u;
    MESSAGE("kill schedule seed " << seed << " (replay with SAFEKIOSK_KILL_SEED=" << seed << ")");
    std::mt19937 rng(seed);

    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto scratch = dir / "copy.db";
    const int N = 30;
    const auto exam = test::build_exam_db(db, {.pool = 60, .paper = N, .open_hours = 48});
    const std::int64_t allowed_ms = exam.duration_minutes * 60000LL;
    const auto run = [&](const std::string& script, int r) {
        const auto path = dir / ("run-" + std::to_string(r) + ".txt");
        test::write_file(path, script);
        return std::make_unique<test::KioskProcess>(
            std::vector<std::string>{"--db", db.string(), "--role", "exam", "--headless", "--script", path.string(),
                                     "--size", "800x600"},
            faketime_env(r * kGapS), dir / "stderr.txt");
    };
    const auto stderr_text = [&] { return test::read_file(dir / "stderr.txt"); };

    // Run 0, not killed: check in, start, answer question 1.
    {
        auto p = run(test::check_in_and_start(exam) + "tap-text 正确\nexpect-text 已保存\n", 0);
        const int code = p->wait_exit();
        INFO(stderr_text());
        REQUIRE(code == 0);
    }
    auto first = snapshot(db, scratch);
    REQUIRE(first.state == exam::AttemptState::InProgress);
    REQUIRE(first.questions.size() == static_cast<std::size_t>(N));
    REQUIRE(first.answers.at(1) == "A");
    std::map<int, char> acked{{1, 'A'}};
    std::int64_t last_alive = first.last_alive; // the last sign of life the database held after the last run
    std::size_t events_seen = first.events.size();
    // The time charged so far, from the stored clock: run 0 from its Start to its last sign of life.
    REQUIRE(first.events.front().kind == exam::ClockEvent::Start);
    std::int64_t charged = first.last_alive - first.events.front().at_ms;
    std::map<int, std::string> stored = first.answers;

    int kills = 0, during_answers = 0, time_checks = 0, finished = 0;
    // How long after its start (or after its first question showed) a run is killed: at random within a window
    // that shrinks whenever a run finished first, so a fast machine still gets its 200 kills in a few hundred runs.
    int anywhere_window_us = 400000, answering_window_us = 150000;
    for (int r = 1; kills < 200; ++r) {
        REQUIRE(r < 1000);
        CAPTURE(r);
        // Where the kiosk must resume: the first question without an answer, else the first.
        int start = 1;
        while (start <= N && stored.count(start) && !stored.at(start).empty()) ++start;
        if (start > N) start = 1;
        std::vector<Step> steps;
        const int count = std::uniform_int_distribution<int>(2, 4)(rng);
        for (int k = 0; k < count && start + k <= N; ++k)
            steps.push_back({start + k, std::uniform_int_distribution<int>(0, 1)(rng) ? 'A' : 'B'});
        std::string script = "expect-screen exam-paper\nexpect-text 第 " + std::to_string(start) + " 题 / 共 " +
                             std::to_string(N) + " 题\nprint-text 剩余\nlog run " + std::to_string(r) + "\n";
        for (std::size_t k = 0; k < steps.size(); ++k) {
            const auto& s = steps[k];
            script += "expect-text 第 " + std::to_string(s.position) + " 题 / 共 " + std::to_string(N) + " 题\n";
            script += std::string("tap-text ") + (s.letter == 'A' ? "正确" : "错误") + "\nexpect-text 已保存\n";
            script += "log ack " + std::to_string(s.position) + " " + s.letter + "\n";
            script += "wait " + std::to_string(std::uniform_int_distribution<int>(200, 6000)(rng)) + "ms\n";
            if (k + 1 < steps.size()) script += "tap-text 下一题\n";
        }
        script += "log end\n";

        // A quarter of the kills anywhere in the run (start-up, database recovery, the resume), the rest while the
        // examinee answers.
        const bool anywhere = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
        int& window_us = anywhere ? anywhere_window_us : answering_window_us;
        const int delay_us = std::uniform_int_distribution<int>(0, window_us)(rng);
        auto p = run(script, r);
        if (!anywhere) p->read_until("log: run " + std::to_string(r) + "\n");
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
        const bool killed = p->kill_now();
        const std::string out = p->out();
        INFO("run " << r << " script:\n" << script << "output:\n" << out << "stderr:\n" << stderr_text());
        if (killed) {
            ++kills;
            if (out.find("log: run ") != std::string::npos) ++during_answers;
        } else {
            // It ran to its end before the kill: every command passed.
            REQUIRE(out.find("log: end") != std::string::npos);
            ++finished;
            window_us = std::max(10000, window_us * 3 / 4);
        }

        // The acknowledgements it printed, and the one answer that may have been in flight.
        std::size_t acks = 0;
        for (const auto& s : steps)
            if (out.find("log: ack " + std::to_string(s.position) + " " + s.letter + "\n") != std::string::npos) {
                acked[s.position] = s.letter;
                ++acks;
            }
        const Step* in_flight = acks < steps.size() ? &steps[acks] : nullptr;

        const auto snap = snapshot(db, scratch);
        // The same attempt, still in progress, with the same paper.
        REQUIRE(snap.attempts == 1);
        REQUIRE(snap.attempt == first.attempt);
        REQUIRE(snap.state == exam::AttemptState::InProgress);
        REQUIRE(snap.seed == first.seed);
        REQUIRE(snap.questions == first.questions);
        // Every acknowledged answer is stored (or the newer answer to the same question that was being saved).
        for (const auto& ack : acked) { // no structured bindings: clang 14 cannot capture one in CAPTURE
            const int pos = ack.first;
            const char letter = ack.second;
            CAPTURE(pos);
            REQUIRE(snap.answers.count(pos));
            const bool ok = snap.answers.at(pos) == std::string(1, letter) ||
                            (in_flight && in_flight->position == pos &&
                             snap.answers.at(pos) == std::string(1, in_flight->letter));
            REQUIRE(ok);
        }
        // Nothing stored that the script did not give.
        for (const auto& kept : snap.answers) {
            const int pos = kept.first;
            const std::string& response = kept.second;
            CAPTURE(pos);
            const bool known = (acked.count(pos) && response == std::string(1, acked.at(pos))) ||
                               (in_flight && in_flight->position == pos && response == std::string(1, in_flight->letter));
            REQUIRE(known);
        }
        if (in_flight && snap.answers.count(in_flight->position) &&
            snap.answers.at(in_flight->position) == std::string(1, in_flight->letter))
            acked[in_flight->position] = in_flight->letter; // it did commit: later runs must find it
        stored = snap.answers;

        // The clock. A run that got as far as the resume recorded the downtime: from the last sign of life stored
        // before it to the moment it reconnected, at least the two minutes the wall clock moved on, not charged.
        REQUIRE(snap.events.size() >= events_seen);
        std::int64_t resumed_at = 0;
        for (std::size_t i = events_seen; i < snap.events.size(); ++i) {
            const auto& e = snap.events[i];
            REQUIRE(e.kind == exam::ClockEvent::Downtime); // a restart adds nothing else
            REQUIRE(e.at_ms == last_alive);
            REQUIRE(e.value_ms - e.at_ms >= (kGapS - 30) * 1000); // the virtual clock ran ahead by less than 30 s
            resumed_at = e.value_ms;
        }
        REQUIRE(snap.events.size() - events_seen <= 1);
        if (resumed_at) {
            // What the kiosk showed at the resume: the allowed time less what was charged before the kill.
            const std::int64_t expected_ms = allowed_ms - charged;
            const std::int64_t shown = shown_remaining_s(out);
            if (shown >= 0) {
                CAPTURE(expected_ms);
                CHECK(shown <= (expected_ms + 999) / 1000);
                CHECK(shown >= (expected_ms - 3000 + 999) / 1000); // the frames drawn before print-text
                ++time_checks;
            }
            // This run charges from its resume to its last stored sign of life, a few virtual seconds at most.
            REQUIRE(snap.last_alive >= resumed_at);
            REQUIRE(snap.last_alive - resumed_at < 30000);
            charged += snap.last_alive - resumed_at;
            last_alive = snap.last_alive;
        } else {
            REQUIRE(snap.last_alive == last_alive); // killed before the resume: nothing about the clock changed
            REQUIRE(out.find("text: 剩余") == std::string::npos);
        }
        events_seen = snap.events.size();
        // The engine's clock agrees with the ledger at the last sign of life.
        const auto clock = exam::compute_clock(snap.events, allowed_ms, last_alive);
        REQUIRE(clock.remaining_ms == allowed_ms - charged);
    }
    MESSAGE(kills << " kills (" << during_answers << " while answering), " << finished << " runs ended before the kill, "
                  << time_checks << " remaining times checked on screen, " << charged / 1000 << " s charged");
    CHECK(during_answers >= 120);
    CHECK(time_checks >= 100);
    CHECK(acked.size() == static_cast<std::size_t>(N)); // the paper went round: every question answered
    CHECK(charged < 20 * 60000); // of 400+ minutes the kiosk was down, none charged
    CHECK(test::integrity_check(db) == "ok");
}
