// Exam engine figures: paper drawing, durable answer recording (beside a bare fsync), scoring.
// Prints each figure beside its target (issue: exam engine, section 8) and as FIGURE lines (bench/report.hpp).
#include "bench/fsync.hpp"
#include "bench/report.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "exam/paper.hpp"
#include "exam/scoring.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <unistd.h>
#include <vector>

using namespace sk;
using Clock = std::chrono::steady_clock;

namespace {
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main()
{
    const auto dir = std::filesystem::temp_directory_path() / ("safekiosk-exam-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    bench::Report report("exam_bench: exam engine");

    // 1. Draw a 100-question paper from a 50,000-question bank.
    std::vector<exam::PoolQuestion> bank;
    for (int i = 0; i < 50000; ++i) {
        bool tf = i % 10 < 7;
        bank.push_back({i + 1, "q" + std::to_string(i), tf ? content::QuestionType::TrueFalse : content::QuestionType::Single,
                        "第" + std::to_string(i % 8 + 1) + "章", i % 5 + 1, tf ? 2 : 4, tf ? "A" : "C"});
    }
    exam::Blueprint bp;
    bp.strata = {{content::QuestionType::TrueFalse, "", 1, 5, 70, 1}, {content::QuestionType::Single, "", 1, 5, 30, 1}};
    std::vector<double> draws;
    {
        auto t = Clock::now();
        exam::PaperDrawer drawer(bank);
        report.info("index a 50,000-question bank for drawing (once per session)", ms_since(t), "ms");
        for (int i = 0; i < 200; ++i) {
            auto t = Clock::now();
            auto paper = drawer.draw(bp, static_cast<std::uint64_t>(i) * 31 + 7);
            draws.push_back(ms_since(t));
            drawer.add_usage(paper);
        }
    }
    report.at_most("draw a 100-question paper from a 50,000-question bank (median of 200)", median(draws), "ms", 1.0);

    // The disk's floor for a durable write: one bare write + fsync (median of 300), the baseline of the next figure.
    const double fsync_ms = bench::bare_fsync_ms(dir);
    report.info("one bare write + fsync (median of 300)", fsync_ms, "ms");

    // 2. Record an answer durably (one committed transaction, synchronous=FULL, WAL).
    {
        auto db = storage::open(dir / "bench.db", {&content::schema(), &exam::schema()});
        std::int64_t now = 1795827600000LL;
        exam::ExamService svc(db, [&] { return now; });
        content::ContentStore store(db);
        {
            storage::Transaction tx(db);
            for (int i = 0; i < 230; ++i) {
                content::Question q;
                q.uid = "b" + std::to_string(i);
                q.category = "电工作业";
                q.item = "低压电工作业";
                q.chapter = "基础";
                q.type = i < 160 ? content::QuestionType::TrueFalse : content::QuestionType::Single;
                q.options = i < 160 ? content::true_false_options() : std::vector<std::string>{"a", "b", "c", "d"};
                q.answer = "A";
                q.stem = "题目 " + std::to_string(i);
                store.save_question(q);
            }
            tx.commit();
        }
        exam::Actor admin{"bench", {exam::Role::Administrator, exam::Role::ExamStaff, exam::Role::TrainingStaff}};
        auto item = store.catalogue().find("电工作业", "低压电工作业")->id;
        auto bpid = svc.ensure_blueprint(admin, item, exam::ExamKind::Initial).id;
        exam::Session s{0, 0, bpid, now, now + 3 * 3600000LL, "第一考场", "", {"A01"}};
        auto session = svc.create_session(admin, s);
        exam::Candidate c;
        c.id_number = "11010519800101001" + std::string(1, exam::id_check_character("11010519800101001"));
        c.name = "测试";
        c.item_id = item;
        auto cid = svc.add_candidate(admin, c);
        svc.set_class_hours(admin, cid, 48);
        auto ticket = svc.register_candidate(admin, cid, session, "A01");
        auto attempt = svc.check_in(c.id_number, ticket, "A01", "第一考场");
        svc.confirm_identity(attempt);
        svc.show_instructions(attempt);
        svc.start(attempt);
        std::vector<double> answers;
        for (int i = 0; i < 300; ++i) {
            auto t = Clock::now();
            svc.record_answer(attempt, i % 100 + 1, i % 2 ? "A" : "B", false);
            answers.push_back(ms_since(t));
        }
        report.at_most("record an answer durably (median of 300)", median(answers), "ms", 3.0, fsync_ms);
    }

    // 3. Score 10,000 attempts.
    {
        std::vector<exam::Paper> papers;
        std::vector<std::map<int, std::string>> responses;
        std::mt19937 rng(7);
        for (int i = 0; i < 10000; ++i) {
            papers.push_back(exam::draw_paper(bp, bank, {}, static_cast<std::uint64_t>(i) + 1));
            std::map<int, std::string> r;
            for (const auto& q : papers.back().questions) r[q.position] = rng() % 5 ? q.key : "B";
            responses.push_back(std::move(r));
        }
        auto t = Clock::now();
        double total = 0;
        for (std::size_t i = 0; i < papers.size(); ++i) total += exam::score_paper(papers[i], responses[i], 80, false).points;
        report.at_most("score 10,000 attempts", ms_since(t) / 1000.0, "s", 0.5);
        report.note("mean score " + std::to_string(total / 10000));
    }
    std::filesystem::remove_all(dir);
    return report.finish();
}
