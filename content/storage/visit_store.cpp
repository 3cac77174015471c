#include "content/storage/visit_store.hpp"

#include <ctime>

namespace sk::content {

namespace {
const char* kVisitsV1 = R"sql(
CREATE TABLE exhibit_visit(
  id          INTEGER PRIMARY KEY,
  exhibit_uid TEXT NOT NULL,
  at          TEXT NOT NULL);          -- UTC, YYYY-MM-DDTHH:MM:SSZ
CREATE INDEX exhibit_visit_at ON exhibit_visit(at);
CREATE TABLE exhibit_quiz_answer(
  id           INTEGER PRIMARY KEY,
  exhibit_uid  TEXT NOT NULL,
  question_uid TEXT NOT NULL,
  correct      INTEGER NOT NULL CHECK(correct IN (0, 1)),
  at           TEXT NOT NULL);
CREATE INDEX exhibit_quiz_answer_at ON exhibit_quiz_answer(at);
)sql";

// Binds the range as two text parameters; an open end becomes a bound that every timestamp passes.
void bind_range(storage::Statement& st, int first, const TimeRange& r)
{
    st.bind(first, r.from ? utc_timestamp(*r.from) : std::string("0000"));
    st.bind(first + 1, r.to ? utc_timestamp(*r.to) : std::string("9999"));
}
} // namespace

const storage::Schema& visits_schema()
{
    static const storage::Schema s{"visits", {{1, kVisitsV1}}};
    return s;
}

std::string utc_timestamp(TimePoint t)
{
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void VisitStore::record_visit(const std::string& exhibit_uid, TimePoint at)
{
    auto st = db_.prepare("INSERT INTO exhibit_visit(exhibit_uid, at) VALUES(?, ?)");
    st.bind_all(exhibit_uid, utc_timestamp(at)).run();
}

void VisitStore::record_answer(const std::string& exhibit_uid, const std::string& question_uid, bool correct,
                               TimePoint at)
{
    auto st = db_.prepare("INSERT INTO exhibit_quiz_answer(exhibit_uid, question_uid, correct, at) VALUES(?, ?, ?, ?)");
    st.bind_all(exhibit_uid, question_uid, correct ? 1 : 0, utc_timestamp(at)).run();
}

VisitCounts VisitStore::totals(const TimeRange& range)
{
    VisitCounts c;
    auto v = db_.prepare("SELECT count(*) FROM exhibit_visit WHERE at >= ? AND at < ?");
    bind_range(v, 1, range);
    v.step();
    c.visits = v.int64(0);
    auto a = db_.prepare("SELECT count(*), coalesce(sum(correct), 0) FROM exhibit_quiz_answer WHERE at >= ? AND at < ?");
    bind_range(a, 1, range);
    a.step();
    c.answers = a.int64(0);
    c.correct = a.int64(1);
    return c;
}

std::vector<VisitCounts> VisitStore::per_exhibit(const TimeRange& range)
{
    auto st = db_.prepare(R"sql(
SELECT uid, sum(visits), sum(answers), sum(correct) FROM (
  SELECT exhibit_uid AS uid, 1 AS visits, 0 AS answers, 0 AS correct FROM exhibit_visit WHERE at >= ? AND at < ?
  UNION ALL
  SELECT exhibit_uid, 0, 1, correct FROM exhibit_quiz_answer WHERE at >= ? AND at < ?)
GROUP BY uid ORDER BY uid)sql");
    bind_range(st, 1, range);
    bind_range(st, 3, range);
    std::vector<VisitCounts> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2), st.int64(3)});
    return out;
}

} // namespace sk::content
