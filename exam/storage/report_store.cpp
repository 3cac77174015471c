#include "exam/storage/report_store.hpp"

#include <ctime>
#include <limits>
#include <map>

namespace sk::exam {

using storage::Statement;

namespace {

// The tables are named in full (no aliases) so that query plans name them too.
constexpr const char* kFilter =
    "attempt.scored_at_ms >= :from AND attempt.scored_at_ms < :to "
    "AND (CAST(:item AS BIGINT) IS NULL OR exam_session.item_id = :item) "
    "AND (CAST(:provider AS TEXT) IS NULL OR candidate.provider = :provider)";

std::string attempts_sql()
{
    return std::string("SELECT attempt.id, candidate.provider, exam_session.item_id, attempt.attempt_no, attempt.state, "
                       "attempt.passed, attempt.score, attempt.scored_at_ms, attempt.chapters FROM attempt "
                       "JOIN exam_session ON exam_session.id = attempt.session_id "
                       "JOIN candidate ON candidate.id = attempt.candidate_id "
                       "WHERE attempt.state IN ('scored', 'cancelled') AND ") +
           kFilter + " ORDER BY attempt.id";
}

constexpr const char* kPaperSql = "SELECT position, question_id, option_order, key FROM paper_question "
                                  "WHERE attempt_id = ? ORDER BY position";
constexpr const char* kAnswerSql = "SELECT position, response FROM answer WHERE attempt_id = ? ORDER BY position";

constexpr const char* kVisitsSql =
    "SELECT exhibit_uid, count(*) FROM exhibit_visit WHERE at >= :from AND at < :to GROUP BY exhibit_uid";
constexpr const char* kQuizSql = "SELECT exhibit_uid, count(*), coalesce(sum(correct), 0) FROM exhibit_quiz_answer "
                                 "WHERE at >= :from AND at < :to GROUP BY exhibit_uid";

void bind_filter(Statement& st, const ReportFilter& f)
{
    st.bind(st.parameter(":from"), f.from_ms.value_or(std::numeric_limits<std::int64_t>::min()));
    st.bind(st.parameter(":to"), f.to_ms.value_or(std::numeric_limits<std::int64_t>::max()));
    if (int i = st.parameter(":item")) st.bind(i, f.item_id);
    if (int i = st.parameter(":provider")) st.bind(i, f.provider);
}

// The visit tables store UTC as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_text(std::int64_t ms)
{
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void bind_visit_range(Statement& st, const ReportFilter& f)
{
    st.bind(st.parameter(":from"), f.from_ms ? utc_text(*f.from_ms) : std::string("0000"));
    st.bind(st.parameter(":to"), f.to_ms ? utc_text(*f.to_ms) : std::string("9999"));
}

std::vector<std::string> plan_of(storage::Database& db, const std::string& sql,
                                 const std::function<void(Statement&)>& bind)
{
    // SQLite: EXPLAIN QUERY PLAN's detail column; PostgreSQL: EXPLAIN's lines, with the values bound.
    const bool sqlite = db.engine() == storage::Engine::SQLite;
    auto st = db.prepare((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql);
    bind(st);
    std::vector<std::string> steps;
    while (st.step()) steps.push_back(st.text(sqlite ? 3 : 0));
    return steps;
}

} // namespace

std::vector<AttemptFact> ReportStore::attempts(const ReportFilter& f)
{
    auto st = db_.prepare(attempts_sql());
    bind_filter(st, f);
    std::vector<AttemptFact> out;
    while (st.step()) {
        AttemptFact a;
        a.attempt_id = st.int64(0);
        a.provider = st.text(1);
        a.item_id = st.int64(2);
        a.attempt_no = st.integer(3);
        a.cancelled = st.text(4) == "cancelled";
        a.passed = !st.is_null(5) && st.int64(5) != 0;
        a.score = st.is_null(6) ? 0 : st.real(6);
        a.scored_at_ms = st.int64(7);
        a.chapters_json = st.text(8);
        out.push_back(std::move(a));
    }
    return out;
}

void ReportStore::answers(const std::vector<std::int64_t>& attempt_ids,
                          const std::function<void(const AnswerFact&)>& row)
{
    auto paper = db_.prepare(kPaperSql);
    auto answer = db_.prepare(kAnswerSql);
    AnswerFact a;
    for (const auto attempt_id : attempt_ids) {
        paper.reset();
        answer.reset();
        paper.bind(1, attempt_id);
        answer.bind(1, attempt_id);
        // Position of the current answer row; INT_MAX once the paper's answers are used up.
        auto next_answer = [&answer] { return answer.step() ? answer.integer(0) : std::numeric_limits<int>::max(); };
        int answer_position = next_answer();
        a.attempt_id = attempt_id;
        while (paper.step()) {
            const int position = paper.integer(0);
            while (answer_position < position) answer_position = next_answer();
            a.question_id = paper.int64(1);
            a.option_order = paper.text_view(2);
            a.key = paper.text_view(3);
            a.response = answer_position == position ? answer.text_view(1) : std::string_view();
            row(a);
        }
    }
}

bool ReportStore::has_visit_tables()
{
    return db_.has_table("exhibit_visit") && db_.has_table("exhibit_quiz_answer");
}

std::vector<VisitFact> ReportStore::visits(const ReportFilter& f)
{
    std::map<std::string, VisitFact> by_exhibit;
    {
        auto st = db_.prepare(kVisitsSql);
        bind_visit_range(st, f);
        while (st.step()) {
            auto& v = by_exhibit[st.text(0)];
            v.exhibit_uid = st.text(0);
            v.visits = st.int64(1);
        }
    }
    {
        auto st = db_.prepare(kQuizSql);
        bind_visit_range(st, f);
        while (st.step()) {
            auto& v = by_exhibit[st.text(0)];
            v.exhibit_uid = st.text(0);
            v.answers = st.int64(1);
            v.correct = static_cast<std::int64_t>(st.real(2));
        }
    }
    std::vector<VisitFact> out;
    for (auto& [uid, v] : by_exhibit) out.push_back(std::move(v));
    return out;
}

std::vector<QueryPlan> ReportStore::explain(const ReportFilter& f)
{
    auto bind = [&](Statement& st) { bind_filter(st, f); };
    auto by_attempt = [](Statement& st) { st.bind(1, std::int64_t{1}); };
    std::vector<QueryPlan> out{{"attempts", plan_of(db_, attempts_sql(), bind)},
                               {"paper", plan_of(db_, kPaperSql, by_attempt)},
                               {"answers", plan_of(db_, kAnswerSql, by_attempt)}};
    if (has_visit_tables()) {
        auto vbind = [&](Statement& st) { bind_visit_range(st, f); };
        out.push_back({"visits", plan_of(db_, kVisitsSql, vbind)});
        out.push_back({"quiz", plan_of(db_, kQuizSql, vbind)});
    }
    return out;
}

} // namespace sk::exam
