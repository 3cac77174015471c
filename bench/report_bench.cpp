// Training-quality report figures: item analysis over 1,000,000 stored answers (10,000 scored papers of 100
// questions from a 600-question exam pool), plus pass rates and chapter averages over the same papers.
// The history is generated directly through ExamStore in one transaction; only the reports are timed.
// Prints each figure beside its target (project issue 5, section 4).
#include "bench/report.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "exam/reports.hpp"
#include "exam/scoring.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <unistd.h>

using namespace sk;
using Clock = std::chrono::steady_clock;

namespace {
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

constexpr int kPapers = 10000;
constexpr int kQuestionsPerPaper = 100;
constexpr int kPool = 600;
} // namespace

// report_bench [RUNS] [DATABASE]: with DATABASE, the generated history is kept there and reused by the next run.
int main(int argc, char** argv)
{
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const auto dir = std::filesystem::temp_directory_path() / ("safekiosk-report-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::filesystem::path path = argc > 2 ? std::filesystem::path(argv[2]) : dir / "bench.db";
    const bool reuse = argc > 2 && std::filesystem::exists(path);
    {
        auto db = storage::open(path, {&content::schema(), &exam::schema()});
        content::ContentStore content(db);
        exam::ExamService svc(db);
        exam::ExamStore store(db);
        const auto item = content.catalogue().find("电工作业", "低压电工作业")->id;
        const exam::Actor admin{"bench", {exam::Role::Administrator, exam::Role::ExamStaff}};

        auto t = Clock::now();
        if (!reuse) {
            std::vector<std::int64_t> ids;
            std::vector<bool> is_tf;
            {
                storage::Transaction tx(db);
                for (int i = 0; i < kPool; ++i) {
                    content::Question q;
                    q.uid = "bench-" + std::to_string(i);
                    q.category = "电工作业";
                    q.item = "低压电工作业";
                    q.chapter = "第" + std::to_string(i % 8 + 1) + "章";
                    q.difficulty = i % 5 + 1;
                    q.pool = content::Pool::Exam;
                    const bool tf = i % 10 < 7;
                    q.type = tf ? content::QuestionType::TrueFalse : content::QuestionType::Single;
                    q.options = tf ? content::true_false_options() : std::vector<std::string>{"甲", "乙", "丙", "丁"};
                    q.answer = tf ? (i % 2 ? "A" : "B") : std::string(1, static_cast<char>('A' + i % 4));
                    q.stem = "题目 " + std::to_string(i);
                    ids.push_back(content.save_question(q).id);
                    is_tf.push_back(tf);
                }
                tx.commit();
            }
            const auto bp = svc.ensure_blueprint(admin, item, exam::ExamKind::Initial);
            std::mt19937_64 rng(20261128);
            const std::int64_t day = 1795132800000LL;
            {
                storage::Transaction tx(db);
                exam::Session s{0, item, bp.id, day, day + 3 * 3600000LL, "第一考场", "", {}};
                const auto session = store.add_session(s);
                const char* providers[] = {"甲培训中心", "乙培训中心", "丙培训中心", "丁培训中心"};
                for (int p = 0; p < kPapers; ++p) {
                    char first17[18];
                    std::snprintf(first17, sizeof first17, "110105198%08d", p);
                    exam::Candidate c;
                    c.id_number = std::string(first17, 17);
                    c.id_number += exam::id_check_character(c.id_number);
                    c.name = "考生" + std::to_string(p);
                    c.sex = "男";
                    c.birth_date = "1980-01-01";
                    c.item_id = item;
                    c.provider = providers[p % 4];
                    const auto cid = store.add_candidate(c);
                    exam::AttemptRow a;
                    a.session_id = session;
                    a.candidate_id = cid;
                    a.ticket = "B" + std::to_string(p);
                    a.attempt_no = p % 5 == 0 ? 2 : 1;
                    const auto aid = store.add_attempt(a);
                    // 100 distinct questions, options shuffled for choice questions, an ability per examinee.
                    exam::Paper paper;
                    paper.seed = static_cast<std::uint64_t>(p);
                    std::vector<int> pick(kPool);
                    for (int i = 0; i < kPool; ++i) pick[static_cast<std::size_t>(i)] = i;
                    for (int i = 0; i < kQuestionsPerPaper; ++i)
                        std::swap(pick[static_cast<std::size_t>(i)], pick[static_cast<std::size_t>(i) + rng() % (kPool - i)]);
                    const double ability = 0.5 + 0.45 * static_cast<double>(rng() % 1000) / 1000.0;
                    std::map<int, std::string> given;
                    for (int i = 0; i < kQuestionsPerPaper; ++i) {
                        const int qi = pick[static_cast<std::size_t>(i)];
                        exam::PaperQuestion pq;
                        pq.position = i + 1;
                        pq.question_id = ids[static_cast<std::size_t>(qi)];
                        pq.type = is_tf[static_cast<std::size_t>(qi)] ? content::QuestionType::TrueFalse
                                                                      : content::QuestionType::Single;
                        pq.chapter = "第" + std::to_string(qi % 8 + 1) + "章";
                        pq.option_order = is_tf[static_cast<std::size_t>(qi)] ? std::vector<int>{0, 1} : std::vector<int>{0, 1, 2, 3};
                        if (!is_tf[static_cast<std::size_t>(qi)]) std::shuffle(pq.option_order.begin(), pq.option_order.end(), rng);
                        const int stored_key = is_tf[static_cast<std::size_t>(qi)] ? (qi % 2 ? 0 : 1) : qi % 4;
                        int shown_key = 0;
                        for (std::size_t k = 0; k < pq.option_order.size(); ++k)
                            if (pq.option_order[k] == stored_key) shown_key = static_cast<int>(k);
                        pq.key = std::string(1, static_cast<char>('A' + shown_key));
                        paper.questions.push_back(pq);
                        const bool right = static_cast<double>(rng() % 1000) / 1000.0 < ability;
                        const int choice = right ? shown_key
                                                 : static_cast<int>((static_cast<std::size_t>(shown_key) + 1 + rng() % (pq.option_order.size() - 1)) %
                                                                    pq.option_order.size());
                        given[pq.position] = std::string(1, static_cast<char>('A' + choice));
                    }
                    store.save_paper(aid, paper);
                    for (const auto& [position, letters] : given) store.save_answer(aid, {position, letters, false, day});
                    store.set_state(aid, exam::AttemptState::Scored);
                    store.set_result(aid, exam::score_paper(paper, given, 80, false), day + (p % 365) * 86400000LL);
                }
                tx.commit();
            }
            std::printf("generated %d papers, %d answers in %.1f s\n", kPapers, kPapers * kQuestionsPerPaper,
                        ms_since(t) / 1000);
        }

        exam::Reports reports(db);
        std::vector<double> items, items_cpu, rates, chapters;
        std::size_t questions = 0;
        for (int r = 0; r < runs; ++r) {
            t = Clock::now();
            const std::clock_t cpu = std::clock();
            auto a = reports.item_analysis(admin, {});
            items.push_back(ms_since(t));
            items_cpu.push_back(1000.0 * static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
            questions = a.questions.size();
            t = Clock::now();
            reports.pass_rates(admin, {}, exam::Period::Month);
            rates.push_back(ms_since(t));
            t = Clock::now();
            reports.chapters(admin, {});
            chapters.push_back(ms_since(t));
        }
        auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        std::printf("item analysis: %zu questions over %d answers; median of %d runs\n", questions,
                    kPapers * kQuestionsPerPaper, runs);
        sk::bench::Report report("report_bench");
        report.at_most("item analysis over 1,000,000 stored answers (median)", median(items), "ms", 1000);
        report.info("item analysis over 1,000,000 stored answers: processor time", median(items_cpu), "ms");
        report.at_most("pass rates by provider, item and month, 10,000 papers (median)", median(rates), "ms", 1000);
        report.at_most("average score by chapter, 10,000 papers (median)", median(chapters), "ms", 1000);
        report.finish();
    }
    std::filesystem::remove_all(dir);
    return 0;
}
