// Many writers at once on one PostgreSQL server, as an exam centre's kiosks and staff are: nothing lost, no id or
// ticket handed out twice, and the audit chain still one unbroken chain.
#include "content/storage/content_store.hpp"
#include "tests/exam/fixture.hpp"
#include "tests/support/postgres.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

using namespace sk;

TEST_CASE("16 writers at once: every registration, answer and audit entry is stored once and the audit chain holds")
{
    auto server = test::postgres_server();
    if (!server) return;
    test::use_postgres(); // the fixture's database is a fresh one on the server
    test::ExamFixture f;
    constexpr int kWriters = 16, kEach = 4, kAnswers = 10;
    std::vector<std::int64_t> candidates;
    for (int i = 0; i < kWriters * kEach; ++i) {
        char first17[18];
        std::snprintf(first17, sizeof first17, "11010519800101%03d", 100 + i);
        candidates.push_back(f.add_candidate(first17, "考生" + std::to_string(i)));
    }
    const auto uri = f.db.path().native();
    std::atomic<int> failures{0};
    std::vector<std::string> errors(kWriters);
    std::vector<std::vector<std::string>> tickets(kWriters);
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
        writers.emplace_back([&, w] {
            try {
                // Each writer is a program of its own: its own connection and service.
                auto db = storage::open(uri, {&content::schema(), &exam::schema()});
                exam::ExamService svc(db, [&] { return f.now_ms; });
                for (int k = 0; k < kEach; ++k) {
                    const auto cid = candidates[static_cast<std::size_t>(w * kEach + k)];
                    const auto ticket = svc.register_candidate(test::kStaff, cid, f.session_id, "");
                    tickets[static_cast<std::size_t>(w)].push_back(ticket);
                    const auto id_number = exam::ExamStore(db).candidate(cid)->id_number;
                    const auto attempt = svc.check_in(id_number, ticket, "", "第一考场");
                    svc.confirm_identity(attempt);
                    svc.show_instructions(attempt);
                    svc.start(attempt);
                    const auto paper = exam::ExamStore(db).paper(attempt);
                    for (int p = 0; p < kAnswers; ++p)
                        svc.record_answer(attempt, paper.questions[static_cast<std::size_t>(p)].position,
                                          paper.questions[static_cast<std::size_t>(p)].key, false);
                    svc.submit(attempt);
                }
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(w)] = e.what();
                ++failures;
            }
        });
    for (auto& t : writers) t.join();
    std::string all_errors;
    for (const auto& e : errors)
        if (!e.empty()) all_errors += e + "\n";
    INFO(all_errors);
    REQUIRE(failures.load() == 0);

    std::set<std::string> distinct;
    for (const auto& list : tickets) distinct.insert(list.begin(), list.end());
    CHECK(distinct.size() == kWriters * kEach);
    auto count = [&](const char* sql) {
        auto st = f.db.prepare(sql);
        st.step();
        return st.int64(0);
    };
    CHECK(count("SELECT count(*) FROM attempt WHERE state = 'scored'") == kWriters * kEach);
    CHECK(count("SELECT count(*) FROM answer") == kWriters * kEach * kAnswers);
    CHECK(count("SELECT count(DISTINCT ticket) FROM attempt") == kWriters * kEach);
    // One chain: ids 1..n without a gap or a fork, and it verifies.
    CHECK(count("SELECT count(*) FROM audit_log") == count("SELECT max(id) FROM audit_log"));
    CHECK(count("SELECT count(*) FROM audit_log WHERE action = 'attempt.register'") == kWriters * kEach);
    CHECK(f.service->verify_audit(test::kAdmin).empty());
}
