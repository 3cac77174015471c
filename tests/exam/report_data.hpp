// A small exam history whose report figures are computed by hand (tests/exam/report_test.cpp states them):
// 10 examinees E1–E10 and one more whose attempt was cancelled, one paper each of 6 questions.
//
// Points are powers of two (Q1 1, Q2 2, Q3 4, Q4 8, Q5 16, Q6 32) so that every examinee has a different total and
// the upper and lower 27% groups (3 examinees each) are clear-cut. Pass mark 40 of 63.
//
//   question  type    chapter  stored key  options
//   Q1        判断    第1章    A           2
//   Q2        判断    第1章    B           2
//   Q3        单选    第2章    D           4
//   Q4        单选    第2章    B           4   shown reversed ([3,2,1,0]) to even examinees
//   Q5        多选    第3章    AC          4   shown as [1,2,3,0] to even examinees
//   Q6        单选    第3章    C           3
//
// Which questions each examinee got right (1) and the total:
//   E1  1 0 0 1 1 1 = 57    E6  1 0 0 1 0 0 =  9
//   E2  1 0 0 1 1 0 = 25    E7  1 0 0 0 1 0 = 17
//   E3  1 0 0 1 0 1 = 41    E8  1 0 0 0 0 0 =  1
//   E4  1 0 0 0 1 1 = 49    E9  1 1 1 0 0 0 =  7
//   E5  1 0 0 0 0 1 = 33    E10 1 0 1 1 1 1 = 61
// Providers: E1–E5 甲培训中心, E6–E10 and the cancelled E11 乙培训中心. E5 and E10 are retakes (补考).
// Scored on 2026-11-20 (E1–E8, E11) and 2026-12-05 (E9, E10), Beijing time.
#pragma once

#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/scoring.hpp"
#include "tests/exam/fixture.hpp"

#include <array>

namespace sk::test {

inline constexpr std::int64_t kNov20 = 1795132800000LL; // 2026-11-20 08:00 Beijing (00:00 UTC)
inline constexpr std::int64_t kDec05 = 1796428800000LL; // 2026-12-05 08:00 Beijing
inline constexpr const char* kProviderA = "甲培训中心";
inline constexpr const char* kProviderB = "乙培训中心";

struct ReportData {
    std::int64_t item_id = 0;
    std::array<std::int64_t, 6> question_ids{};
    std::vector<std::int64_t> attempt_ids; // E1 … E11
};

// Writes the history above into `db` (content and exam schemas) through the stores.
inline ReportData build_report_data(storage::Database& db)
{
    using content::QuestionType;
    ReportData d;
    content::ContentStore content(db);
    exam::ExamService svc(db, [] { return kNov20; });
    exam::ExamStore store(db);
    d.item_id = content.catalogue().find("电工作业", "低压电工作业")->id;
    struct Q {
        QuestionType type;
        const char* chapter;
        std::vector<std::string> options;
        const char* key;
    };
    const std::array<Q, 6> qs{{{QuestionType::TrueFalse, "第1章", content::true_false_options(), "A"},
                               {QuestionType::TrueFalse, "第1章", content::true_false_options(), "B"},
                               {QuestionType::Single, "第2章", {"甲", "乙", "丙", "丁"}, "D"},
                               {QuestionType::Single, "第2章", {"一", "二", "三", "四"}, "B"},
                               {QuestionType::Multiple, "第3章", {"绝缘", "赤脚", "屏护", "湿手"}, "AC"},
                               {QuestionType::Single, "第3章", {"红", "黄", "蓝"}, "C"}}};
    {
        storage::Transaction tx(db);
        for (std::size_t i = 0; i < qs.size(); ++i) {
            content::Question q;
            q.uid = "rq" + std::to_string(i + 1);
            q.type = qs[i].type;
            q.category = "电工作业";
            q.item = "低压电工作业";
            q.chapter = qs[i].chapter;
            q.pool = content::Pool::Exam;
            q.stem = "报表题 Q" + std::to_string(i + 1);
            q.options = qs[i].options;
            q.answer = qs[i].key;
            d.question_ids[i] = content.save_question(q).id;
        }
        tx.commit();
    }
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    auto bp = svc.ensure_blueprint(admin, d.item_id, exam::ExamKind::Initial);

    // Shown letters of each examinee for Q1…Q6 ("" = unanswered), worked out from the stored choices:
    // Q4 stored A,B,C,D is shown D,C,B,A to even examinees; Q5 stored A,B,C,D is shown D,A,B,C to them.
    const std::array<std::array<const char*, 6>, 11> responses{{
        {"A", "A", "A", "B", "AC", "C"},  // E1  Q4 B right, Q5 AC right, Q6 right
        {"A", "A", "A", "C", "BD", "A"},  // E2  Q4 shown C = stored B right, Q5 shown BD = stored AC right
        {"A", "A", "A", "B", "A", "C"},   // E3  Q5 stored A only: wrong (no partial credit)
        {"A", "A", "A", "D", "BD", "C"},  // E4  Q4 shown D = stored A wrong
        {"A", "A", "B", "D", "ACD", "C"}, // E5  Q4 stored D wrong, Q5 ACD wrong
        {"A", "A", "B", "C", "AD", "A"},  // E6  Q4 right, Q5 shown AD = stored B,A wrong
        {"A", "A", "B", "D", "AC", "A"},  // E7  Q4 stored D wrong, Q5 right
        {"A", "", "B", "", "", "A"},      // E8  Q2, Q4, Q5 unanswered
        {"A", "B", "D", "C", "C", "A"},   // E9  Q2, Q3 right; Q4 stored C wrong; Q5 stored C only wrong
        {"A", "A", "D", "C", "BD", "C"},  // E10 all right but Q2
        {"A", "A", "A", "A", "A", "A"},   // E11 cancelled for cheating
    }};
    const double points[6] = {1, 2, 4, 8, 16, 32};
    const std::vector<int> identity2{0, 1}, identity3{0, 1, 2}, identity4{0, 1, 2, 3};

    exam::Session s;
    s.blueprint_id = bp.id;
    s.item_id = d.item_id;
    s.starts_at_ms = kNov20;
    s.ends_at_ms = kNov20 + 3600000;
    s.room = "第一考场";
    storage::Transaction tx(db);
    const auto session = store.add_session(s);
    for (int e = 0; e < 11; ++e) {
        const bool even = (e + 1) % 2 == 0; // E2, E4, …
        exam::Candidate c;
        char first17[18];
        std::snprintf(first17, sizeof first17, "1101051990010%04d", 100 + e);
        c.id_number = id_with_check(first17);
        c.name = "考生E" + std::to_string(e + 1);
        c.sex = "男";
        c.birth_date = "1990-01-01";
        c.item_id = d.item_id;
        c.provider = e < 5 ? kProviderA : kProviderB;
        const auto cid = store.add_candidate(c);
        exam::AttemptRow a;
        a.session_id = session;
        a.candidate_id = cid;
        a.ticket = "T" + std::to_string(e + 1);
        a.attempt_no = (e == 4 || e == 9) ? 2 : 1;
        const auto aid = store.add_attempt(a);
        d.attempt_ids.push_back(aid);
        exam::Paper paper;
        paper.seed = static_cast<std::uint64_t>(e + 1);
        for (int i = 0; i < 6; ++i) {
            exam::PaperQuestion pq;
            pq.position = even ? 6 - i : i + 1; // even examinees get the questions in reverse order
            pq.question_id = d.question_ids[static_cast<std::size_t>(i)];
            pq.uid = "rq" + std::to_string(i + 1);
            pq.type = qs[static_cast<std::size_t>(i)].type;
            pq.chapter = qs[static_cast<std::size_t>(i)].chapter;
            pq.points = points[i];
            pq.option_order = i < 2 ? identity2 : i == 5 ? identity3 : identity4;
            if (even && i == 3) pq.option_order = {3, 2, 1, 0};
            if (even && i == 4) pq.option_order = {1, 2, 3, 0};
            // The key in shown letters: where each stored key option was shown.
            std::vector<int> shown;
            for (int stored : content::answer_indices(qs[static_cast<std::size_t>(i)].key))
                for (std::size_t k = 0; k < pq.option_order.size(); ++k)
                    if (pq.option_order[k] == stored) shown.push_back(static_cast<int>(k));
            std::sort(shown.begin(), shown.end());
            pq.key = content::answer_letters(shown);
            paper.questions.push_back(pq);
        }
        std::sort(paper.questions.begin(), paper.questions.end(),
                  [](const auto& x, const auto& y) { return x.position < y.position; });
        store.save_paper(aid, paper);
        std::map<int, std::string> given;
        for (int i = 0; i < 6; ++i) {
            const std::string r = responses[static_cast<std::size_t>(e)][static_cast<std::size_t>(i)];
            const int position = even ? 6 - i : i + 1;
            if (r.empty()) continue;
            store.save_answer(aid, {position, r, false, kNov20});
            given[position] = r;
        }
        const std::int64_t at = e == 8 || e == 9 ? kDec05 : kNov20;
        if (e == 10) {
            store.set_state(aid, exam::AttemptState::Cancelled);
            store.set_result(aid, std::nullopt, at);
        } else {
            store.set_state(aid, exam::AttemptState::Scored);
            store.set_result(aid, exam::score_paper(paper, given, 40, false), at);
        }
    }
    tx.commit();
    return d;
}

// The report data in a database of its own (a file, or a server database when the tests run on PostgreSQL), read
// in Beijing time.
struct ReportFixture {
    ReportFixture() : db(storage::open(dir.database("r.db"), {&content::schema(), &exam::schema()})), data(build_report_data(db))
    {
        setenv("TZ", "Asia/Shanghai", 1);
        tzset();
    }
    TempDir dir;
    storage::Database db;
    ReportData data;
};

} // namespace sk::test
