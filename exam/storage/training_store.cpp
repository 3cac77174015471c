#include "exam/storage/training_store.hpp"

namespace sk::exam {

PinState TrainingStore::pin(std::int64_t candidate_id)
{
    auto st = db_.prepare("SELECT pin_hash, pin_failures, pin_locked_until_ms FROM candidate WHERE id = ?");
    st.bind(1, candidate_id);
    if (!st.step()) return {};
    return {st.text(0), st.integer(1), st.int64(2)};
}

void TrainingStore::set_pin(std::int64_t candidate_id, const PinState& p)
{
    auto st = db_.prepare("UPDATE candidate SET pin_hash = ?, pin_failures = ?, pin_locked_until_ms = ? WHERE id = ?");
    st.bind_all(p.hash, p.failures, p.locked_until_ms, candidate_id).run();
}

void TrainingStore::add_practice_answer(std::int64_t candidate_id, std::int64_t question_id, const std::string& uid,
                                        const std::string& mode, const std::string& response, bool correct,
                                        std::int64_t at_ms)
{
    auto st = db_.prepare("INSERT INTO practice_answer(candidate_id, question_id, uid, mode, response, correct, at_ms) "
                          "VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(candidate_id, question_id, uid, mode, response, correct ? 1 : 0, at_ms).run();
}

std::optional<WrongBookEntry> TrainingStore::wrong_entry(std::int64_t candidate_id, const std::string& uid)
{
    auto st = db_.prepare("SELECT uid, streak, added_at_ms FROM wrong_book WHERE candidate_id = ? AND uid = ?");
    st.bind_all(candidate_id, uid);
    if (!st.step()) return std::nullopt;
    return WrongBookEntry{st.text(0), st.integer(1), st.int64(2)};
}

void TrainingStore::put_wrong_entry(std::int64_t candidate_id, const WrongBookEntry& e)
{
    auto st = db_.prepare("INSERT INTO wrong_book(candidate_id, uid, streak, added_at_ms) VALUES(?, ?, ?, ?) "
                          "ON CONFLICT(candidate_id, uid) DO UPDATE SET streak = excluded.streak");
    st.bind_all(candidate_id, e.uid, e.streak, e.added_at_ms).run();
}

void TrainingStore::remove_wrong_entry(std::int64_t candidate_id, const std::string& uid)
{
    auto st = db_.prepare("DELETE FROM wrong_book WHERE candidate_id = ? AND uid = ?");
    st.bind_all(candidate_id, uid).run();
}

std::vector<WrongBookEntry> TrainingStore::wrong_book(std::int64_t candidate_id)
{
    auto st = db_.prepare("SELECT uid, streak, added_at_ms FROM wrong_book WHERE candidate_id = ? ORDER BY added_at_ms, uid");
    st.bind(1, candidate_id);
    std::vector<WrongBookEntry> out;
    while (st.step()) out.push_back({st.text(0), st.integer(1), st.int64(2)});
    return out;
}

std::vector<ChapterProgress> TrainingStore::progress(std::int64_t candidate_id, std::int64_t item_id)
{
    // Latest practice answer per question uid, joined to the practice pool of the item by chapter.
    auto st = db_.prepare(R"sql(
        WITH pool AS (
          SELECT uid, chapter, id AS first_id FROM (
            SELECT uid, chapter, id, row_number() OVER (PARTITION BY uid ORDER BY id) AS nth FROM question
            WHERE item_id = :item AND current = 1 AND status = 'published' AND pool IN ('practice', 'both')) AS versions
          WHERE nth = 1),
        latest AS (
          SELECT uid, correct FROM practice_answer p
          WHERE candidate_id = :candidate AND id = (SELECT max(id) FROM practice_answer q
                                                    WHERE q.candidate_id = p.candidate_id AND q.uid = p.uid))
        SELECT pool.chapter, count(*), count(latest.uid), coalesce(sum(latest.correct), 0)
        FROM pool LEFT JOIN latest ON latest.uid = pool.uid
        GROUP BY pool.chapter ORDER BY min(pool.first_id))sql");
    st.bind(st.parameter(":item"), item_id);
    st.bind(st.parameter(":candidate"), candidate_id);
    std::vector<ChapterProgress> out;
    while (st.step()) out.push_back({st.text(0), st.integer(1), st.integer(2), st.integer(3)});
    return out;
}

std::int64_t TrainingStore::start_study(std::int64_t candidate_id, std::int64_t at_ms)
{
    auto st = db_.prepare("INSERT INTO study_time(candidate_id, started_ms, ended_ms) VALUES(?, ?, ?)");
    st.bind_all(candidate_id, at_ms, at_ms).run();
    return db_.last_insert_id();
}

bool TrainingStore::extend_study(std::int64_t period_id, std::int64_t at_ms, std::int64_t max_gap_ms)
{
    auto st = db_.prepare("UPDATE study_time SET ended_ms = CASE WHEN ended_ms < ?1 THEN ?1 ELSE ended_ms END "
                          "WHERE id = ?2 AND confirmed_by IS NULL AND ?1 - ended_ms <= ?3");
    st.bind_all(at_ms, period_id, max_gap_ms).run();
    return db_.changes() > 0;
}

std::vector<StudyPeriod> TrainingStore::study_periods(std::int64_t candidate_id)
{
    auto st = db_.prepare("SELECT id, started_ms, ended_ms, confirmed_by IS NOT NULL FROM study_time WHERE candidate_id = ? "
                          "ORDER BY id");
    st.bind(1, candidate_id);
    std::vector<StudyPeriod> out;
    while (st.step()) out.push_back({st.int64(0), st.int64(1), st.int64(2), st.int64(3) != 0});
    return out;
}

void TrainingStore::confirm_study(std::int64_t candidate_id, const std::string& by, std::int64_t at_ms)
{
    auto st = db_.prepare("UPDATE study_time SET confirmed_by = ?, confirmed_at_ms = ? WHERE candidate_id = ? AND "
                          "confirmed_by IS NULL");
    st.bind_all(by, at_ms, candidate_id).run();
}

} // namespace sk::exam
