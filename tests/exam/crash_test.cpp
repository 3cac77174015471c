// Power-cut proof: an examinee answers in a child process that is killed with SIGKILL at random moments. After each
// restart the same attempt resumes (one attempt, same paper) and every answer the child saw acknowledged is stored.
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace sk;
using namespace sk::exam;

namespace {
// The k-th write of the run: which question and which letter (valid for true/false and single choice alike).
int position_of(long k) { return static_cast<int>(k % 100) + 1; }
std::string letter_of(long k) { return (k / 100) % 2 ? "B" : "A"; }

[[noreturn]] void answer_until_killed(const std::filesystem::path& db_path, const std::string& id_number,
                                      const std::string& ticket, long first_k, int fd)
{
    try {
        auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
        ExamService svc(db);
        auto attempt = svc.check_in(id_number, ticket, "A01", "第一考场");
        svc.reconnect(attempt, "A01");
        for (long k = first_k;; ++k) {
            svc.record_answer(attempt, position_of(k), letter_of(k), false);
            // Only now may the kiosk show "saved".
            std::string line = std::to_string(k) + "\n";
            if (write(fd, line.data(), line.size()) < 0) _exit(3);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "child: %s\n", e.what());
        _exit(2);
    }
}
} // namespace

TEST_CASE("SIGKILL at 200 random moments loses no acknowledged answer and never makes a second attempt")
{
    test::ExamFixture f;
    // The child runs on the real clock: open the session around now.
    const auto now = system_now_ms();
    exam::Session s;
    s.blueprint_id = f.blueprint_id;
    s.starts_at_ms = now - 60000;
    s.ends_at_ms = now + 3 * 3600000LL;
    s.room = "第一考场";
    auto session = f.service->create_session(test::kStaff, s);
    auto cid = f.add_candidate();
    auto ticket = f.service->register_candidate(test::kStaff, cid, session, "A01");
    const auto id_number = test::id_with_check("11010519800101001");
    f.now_ms = now;
    auto attempt = f.service->check_in(id_number, ticket, "A01", "第一考场");
    f.service->confirm_identity(attempt);
    f.service->show_instructions(attempt);
    f.service->start(attempt);
    const auto seed = exam::ExamStore(f.db).paper(attempt).seed;
    const auto db_path = f.dir / "kiosk.db";

    std::mt19937 rng(20261128);
    std::map<int, long> acked; // position -> last acknowledged k
    long next_k = 0;
    int killed_while_writing = 0;
    for (int round = 0; round < 200; ++round) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            answer_until_killed(db_path, id_number, ticket, next_k, fds[1]);
        }
        close(fds[1]);
        // Wait for the first acknowledged answer (however slow a loaded machine is), then kill at a random moment.
        std::string out;
        char buf[4096];
        ssize_t n;
        while (out.find('\n') == std::string::npos && (n = read(fds[0], buf, sizeof buf)) > 0)
            out.append(buf, static_cast<std::size_t>(n));
        usleep(std::uniform_int_distribution<int>(0, 25000)(rng));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        REQUIRE(WIFSIGNALED(status)); // it was still answering, not failed
        while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
        close(fds[0]);
        long last = next_k - 1;
        std::size_t pos = 0;
        while ((pos = out.find('\n')) != std::string::npos) {
            last = std::stol(out.substr(0, pos));
            acked[position_of(last)] = last;
            out.erase(0, pos + 1);
        }
        if (last >= next_k) ++killed_while_writing;
        // The write after the last acknowledged one may or may not have committed.
        const long maybe = last + 1;

        auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
        ExamStore store(db);
        auto answers = store.answers(attempt);
        for (const auto& entry : acked) { // no structured binding: clang 14 cannot capture one in CAPTURE
            const auto p = entry.first;
            const auto k = entry.second;
            CAPTURE(round);
            CAPTURE(p);
            REQUIRE(answers.count(p));
            const bool ok = answers.at(p).response == letter_of(k) ||
                            (position_of(maybe) == p && answers.at(p).response == letter_of(maybe));
            REQUIRE(ok);
        }
        // If the unacknowledged write did commit, it is what later rounds must find.
        if (answers.count(position_of(maybe)) && answers.at(position_of(maybe)).response == letter_of(maybe))
            acked[position_of(maybe)] = maybe;
        REQUIRE(store.attempts_of_candidate(cid).size() == 1);
        REQUIRE(store.paper(attempt).seed == seed);
        REQUIRE(store.paper(attempt).questions.size() == 100);
        REQUIRE(store.attempt(attempt)->state == AttemptState::InProgress);
        next_k = maybe + 1;
    }
    CHECK(killed_while_writing == 200); // every kill landed while answering
    CHECK(acked.size() == 100);
}
