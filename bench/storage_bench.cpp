// Storage engines side by side: the same exam work on the embedded SQLite file and on a PostgreSQL 15 server on
// loopback (fsync on), each figure beside its target and, for PostgreSQL, SQLite's figure as the baseline.
//
// The server is a throw-away cluster of this program's own (scripts/postgres start), or the one
// SAFEKIOSK_BENCH_POSTGRES names (a postgresql:// URI of a database that may be emptied).
#include "bench/fsync.hpp"
#include "bench/report.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <thread>
#include <vector>

using namespace sk;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

const exam::Actor kAdmin{"bench", {exam::Role::Administrator, exam::Role::ExamStaff, exam::Role::TrainingStaff}};
constexpr std::int64_t kNow = 1795827600000LL;

std::vector<content::Question> questions(int n, int offset = 0)
{
    std::vector<content::Question> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = offset; i < offset + n; ++i) {
        content::Question q;
        q.uid = "b" + std::to_string(i);
        q.category = "电工作业";
        q.item = "低压电工作业";
        q.chapter = "第" + std::to_string(i % 8 + 1) + "章";
        q.difficulty = i % 5 + 1;
        const bool tf = i % 10 < 7;
        q.type = tf ? content::QuestionType::TrueFalse : content::QuestionType::Single;
        q.options = tf ? content::true_false_options() : std::vector<std::string>{"甲", "乙", "丙", "丁"};
        q.answer = "A";
        q.stem = "储存作业题目 " + std::to_string(i) + "：在高压设备上工作应当遵守的规定是（ ）。";
        out.push_back(std::move(q));
    }
    return out;
}

// An installation with a bank, a blueprint and a session of `kiosks` started attempts; returns the attempt ids.
std::vector<std::int64_t> exam_day(const std::string& locator, int kiosks, int bank)
{
    auto db = storage::open(locator, {&content::schema(), &exam::schema()});
    exam::ExamService svc(db, [] { return kNow; });
    content::ContentStore store(db);
    store.save_questions(questions(bank));
    const auto item = store.catalogue().find("电工作业", "低压电工作业")->id;
    const auto bp = svc.ensure_blueprint(kAdmin, item, exam::ExamKind::Initial).id;
    exam::Session s{0, 0, bp, kNow, kNow + 3 * 3600000LL, "第一考场", "", {}};
    const auto session = svc.create_session(kAdmin, s);
    std::vector<std::int64_t> attempts;
    for (int k = 0; k < kiosks; ++k) {
        char first17[18];
        std::snprintf(first17, sizeof first17, "11010519800101%03d", 100 + k);
        exam::Candidate c;
        c.id_number = first17 + std::string(1, exam::id_check_character(first17));
        c.name = "考生";
        c.item_id = item;
        const auto cid = svc.add_candidate(kAdmin, c);
        svc.set_class_hours(kAdmin, cid, 48);
        const auto ticket = svc.register_candidate(kAdmin, cid, session, "");
        const auto a = svc.check_in(c.id_number, ticket, "", "第一考场");
        svc.confirm_identity(a);
        svc.show_instructions(a);
        svc.start(a);
        attempts.push_back(a);
    }
    return attempts;
}

struct Figures {
    double answer_ms = 0, draw_ms = 0, import_s = 0, p99_ms = 0, commits_per_s = 0;
    long refused_throttled = 0, refused_unthrottled = 0; // commits given up (SQLite: busy for longer than 5 s)
};

Figures measure(const std::string& locator, const std::string& import_locator)
{
    Figures f;
    // Import 100,000 questions into an empty database (one batch, as `content import` does).
    {
        auto db = storage::open(import_locator, {&content::schema()});
        content::ContentStore store(db);
        const auto qs = questions(100000);
        const auto t = Clock::now();
        store.save_questions(qs);
        f.import_s = ms_since(t) / 1000;
    }
    const auto attempts = exam_day(locator, 60, 50000);
    {
        auto db = storage::open(locator, {&content::schema(), &exam::schema()});
        exam::ExamService svc(db, [] { return kNow + 60000; });
        // Record an answer durably: one committed transaction per answer.
        std::vector<double> answers;
        for (int i = 0; i < 300; ++i) {
            const auto t = Clock::now();
            svc.record_answer(attempts[0], i % 100 + 1, i % 2 ? "A" : "B", false);
            answers.push_back(ms_since(t));
        }
        f.answer_ms = percentile(answers, 0.5);
    }
    {
        // Draw a 100-question paper from the 50,000-question bank: what starting an attempt costs (read the pool,
        // draw, store the paper).
        auto db = storage::open(locator, {&content::schema(), &exam::schema()});
        exam::ExamService svc(db, [] { return kNow; });
        std::vector<double> draws;
        auto sessions = exam::ExamStore(db).sessions();
        const auto& s = sessions.front();
        for (int k = 0; k < 20; ++k) {
            char first17[18];
            std::snprintf(first17, sizeof first17, "11010519900101%03d", 500 + k);
            exam::Candidate c;
            c.id_number = first17 + std::string(1, exam::id_check_character(first17));
            c.name = "考生";
            c.item_id = s.item_id;
            const auto cid = svc.add_candidate(kAdmin, c);
            svc.set_class_hours(kAdmin, cid, 48);
            const auto ticket = svc.register_candidate(kAdmin, cid, s.id, "");
            const auto a = svc.check_in(c.id_number, ticket, "", "第一考场");
            svc.confirm_identity(a);
            svc.show_instructions(a);
            const auto t = Clock::now();
            svc.start(a);
            draws.push_back(ms_since(t));
        }
        f.draw_ms = percentile(draws, 0.5);
    }
    // 60 kiosks, each answering every 10 s (staggered) for 30 s: commit latency p99. Then the same 60 unthrottled
    // for 10 s: commits per second.
    // A commit the engine refuses (SQLite's writer lock still held by others after its 5 s busy wait) is counted,
    // as a kiosk would show it to the examinee, and the kiosk goes on.
    auto kiosks = [&](bool throttled, double seconds, std::vector<double>& latencies, long& refused) {
        std::atomic<long> commits{0}, refusals{0};
        std::vector<std::vector<double>> per(attempts.size());
        std::vector<std::thread> threads;
        const auto start = Clock::now();
        for (std::size_t k = 0; k < attempts.size(); ++k)
            threads.emplace_back([&, k] {
                auto db = storage::open(locator, {&content::schema(), &exam::schema()});
                exam::ExamService svc(db, [] { return kNow + 120000; });
                if (throttled) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(k) * 10000 / 60));
                for (int i = 0; ms_since(start) < seconds * 1000; ++i) {
                    const auto t = Clock::now();
                    try {
                        svc.record_answer(attempts[k], i % 100 + 1, i % 2 ? "A" : "B", false);
                        ++commits;
                    } catch (const storage::StorageError&) {
                        ++refusals;
                    }
                    per[k].push_back(ms_since(t));
                    if (throttled) std::this_thread::sleep_for(std::chrono::seconds(10) - std::chrono::milliseconds(static_cast<int>(per[k].back())));
                }
            });
        for (auto& t : threads) t.join();
        for (auto& v : per) latencies.insert(latencies.end(), v.begin(), v.end());
        refused = refusals.load();
        return static_cast<double>(commits.load()) / (ms_since(start) / 1000);
    };
    std::vector<double> throttled;
    kiosks(true, 30, throttled, f.refused_throttled);
    f.p99_ms = percentile(throttled, 0.99);
    std::vector<double> unthrottled;
    f.commits_per_s = kiosks(false, 10, unthrottled, f.refused_unthrottled);
    return f;
}

} // namespace

int main()
{
    const auto dir = std::filesystem::temp_directory_path() / ("safekiosk-storage-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    bench::Report report("storage_bench: SQLite file and PostgreSQL server (loopback, fsync on)");

    const double fsync_ms = bench::bare_fsync_ms(dir);
    report.info("one bare write + fsync (median of 300)", fsync_ms, "ms");

    const Figures lite = measure((dir / "exam.db").string(), (dir / "import.db").string());
    report.at_most("SQLite: record an answer durably (median of 300)", lite.answer_ms, "ms", 5.0, fsync_ms);
    report.at_most("SQLite: start an attempt, drawing 100 questions from a 50,000-question bank (median of 20)",
                   lite.draw_ms, "ms", 5.0);
    report.at_most("SQLite: import 100,000 questions", lite.import_s, "s", 5.0);
    report.at_most("SQLite: 60 kiosks answering every 10 s, commit p99", lite.p99_ms, "ms", 50.0);
    report.at_most("SQLite: 60 kiosks answering every 10 s, commits refused", static_cast<double>(lite.refused_throttled),
                   "", 0.0);
    report.at_least("SQLite: 60 kiosks unthrottled, commits per second", lite.commits_per_s, "/s", 600.0);
    report.info("SQLite: 60 kiosks unthrottled, commits refused (writer lock busy > 5 s)",
                static_cast<double>(lite.refused_unthrottled), "");

    // The server: the one named, or a cluster of this program's own.
    std::string server;
    const auto cluster = dir / "pg";
    const std::string script = std::string(SAFEKIOSK_ROOT) + "/scripts/postgres";
    if (const char* named = std::getenv("SAFEKIOSK_BENCH_POSTGRES"); named && *named) {
        server = named;
    } else {
        const std::string out = (dir / "uri").string();
        if (std::system((script + " start " + cluster.string() + " >" + out).c_str()) != 0) {
            report.note("PostgreSQL: no server (scripts/postgres start failed); figures left out");
            std::filesystem::remove_all(dir);
            return report.finish();
        }
        FILE* f = std::fopen(out.c_str(), "r");
        char buf[512] = {};
        if (f && std::fgets(buf, sizeof buf, f)) server = buf;
        if (f) std::fclose(f);
        while (!server.empty() && server.back() == '\n') server.pop_back();
    }
    const std::string base = server.substr(0, server.rfind('/') + 1);
    {
        auto admin = storage::Database::open(server);
        for (const char* name : {"bench_exam", "bench_import"}) {
            admin.exec(std::string("DROP DATABASE IF EXISTS ") + name + " WITH (FORCE)");
            admin.exec(std::string("CREATE DATABASE ") + name);
        }
    }
    const Figures pg = measure(base + "bench_exam", base + "bench_import");
    report.at_most("PostgreSQL: record an answer durably (median of 300)", pg.answer_ms, "ms", 5.0, lite.answer_ms);
    report.at_most("PostgreSQL: start an attempt, drawing 100 questions from a 50,000-question bank (median of 20)",
                   pg.draw_ms, "ms", 5.0, lite.draw_ms);
    report.at_most("PostgreSQL: import 100,000 questions", pg.import_s, "s", 5.0, lite.import_s);
    report.at_most("PostgreSQL: 60 kiosks answering every 10 s, commit p99", pg.p99_ms, "ms", 50.0, lite.p99_ms);
    report.at_most("PostgreSQL: 60 kiosks answering every 10 s, commits refused",
                   static_cast<double>(pg.refused_throttled), "", 0.0, static_cast<double>(lite.refused_throttled));
    report.at_least("PostgreSQL: 60 kiosks unthrottled, commits per second", pg.commits_per_s, "/s", 600.0,
                    lite.commits_per_s);
    report.info("PostgreSQL: 60 kiosks unthrottled, commits refused", static_cast<double>(pg.refused_unthrottled), "",
                static_cast<double>(lite.refused_unthrottled));
    if (!std::getenv("SAFEKIOSK_BENCH_POSTGRES")) std::system((script + " stop " + cluster.string()).c_str());
    std::filesystem::remove_all(dir);
    return report.finish();
}
