#include "exam/training.hpp"

#include "content/storage/content_store.hpp"
#include "exam/secrets.hpp"

#include <sodium.h>

#include <algorithm>
#include <random>

namespace sk::exam {

using storage::Transaction;

namespace {
constexpr int kRightInARowToLeave = 3; // a question leaves the wrong-answer book after 3 right answers in a row
constexpr std::int64_t kMaxStudyGapMs = 5 * 60 * 1000; // a gap longer than this ends a study period
}

std::int64_t pin_delay_ms(int failures)
{
    if (failures < 3) return 0;
    std::int64_t d = 5000;
    for (int i = 3; i < failures && d < 15 * 60 * 1000; ++i) d *= 2;
    return std::min<std::int64_t>(d, 15 * 60 * 1000);
}

TrainingService::TrainingService(storage::Database& db, Clock clock)
    : db_(db), exam_(db), store_(db), clock_(std::move(clock))
{
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string TrainingService::trainee_name(std::int64_t candidate_id) { return candidate(candidate_id).name; }

Candidate TrainingService::candidate(std::int64_t id)
{
    auto c = exam_.candidate(id);
    if (!c) throw ExamError(ExamErrc::no_trainee, {std::to_string(id)});
    return *c;
}

void TrainingService::set_pin(const Actor& actor, std::int64_t candidate_id, const std::string& pin)
{
    require(actor, Operation::ManageTrainees);
    if (pin.size() < 6 || pin.size() > 12 || !std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw ExamError(ExamErrc::pin_format);
    const std::string hash = hash_secret(pin);
    Transaction tx(db_);
    require_own_trainee(actor, candidate(candidate_id).provider);
    store_.set_pin(candidate_id, {hash, 0, 0});
    exam_.append_audit(now(), actor.login, "trainee.set_pin", "candidate:" + std::to_string(candidate_id), "");
    tx.commit();
}

std::int64_t TrainingService::sign_in(const std::string& id_number, const std::string& pin)
{
    std::string id = id_number;
    for (auto& ch : id)
        if (ch == 'x') ch = 'X';
    auto c = exam_.candidate_by_id_number(id);
    if (!c) throw SignInError(ExamErrc::sign_in_wrong, {}, 0);
    auto p = store_.pin(c->id);
    if (p.hash.empty()) throw SignInError(ExamErrc::sign_in_no_pin, {}, 0);
    const auto t = now();
    if (t < p.locked_until_ms)
        throw SignInError(ExamErrc::sign_in_locked, {std::to_string((p.locked_until_ms - t + 999) / 1000)},
                          p.locked_until_ms - t);
    const bool ok = verify_secret(p.hash, pin);
    Transaction tx(db_);
    if (!ok) {
        p.failures += 1;
        const auto delay = pin_delay_ms(p.failures);
        p.locked_until_ms = t + delay;
        store_.set_pin(c->id, p);
        tx.commit();
        throw SignInError(delay > 0 ? ExamErrc::sign_in_wrong_wait : ExamErrc::sign_in_wrong,
                          {std::to_string(delay / 1000)}, delay);
    }
    if (p.failures != 0) store_.set_pin(c->id, {p.hash, 0, 0});
    tx.commit();
    return c->id;
}

std::vector<std::string> TrainingService::chapters(std::int64_t candidate_id)
{
    std::vector<std::string> out;
    for (const auto& p : store_.progress(candidate_id, candidate(candidate_id).item_id)) out.push_back(p.chapter);
    return out;
}

std::vector<std::int64_t> TrainingService::chapter_questions(std::int64_t candidate_id, const std::string& chapter)
{
    std::vector<std::int64_t> out;
    for (const auto& q : exam_.practice_pool(candidate(candidate_id).item_id))
        if (q.chapter == chapter) out.push_back(q.id);
    return out;
}

std::vector<std::int64_t> TrainingService::random_questions(std::int64_t candidate_id, int count, std::uint64_t seed)
{
    auto pool = exam_.practice_pool(candidate(candidate_id).item_id);
    std::mt19937_64 rng(seed);
    for (std::size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[rng() % i]);
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < pool.size() && static_cast<int>(out.size()) < count; ++i) out.push_back(pool[i].id);
    return out;
}

std::vector<std::int64_t> TrainingService::wrong_book_questions(std::int64_t candidate_id)
{
    content::ContentStore content(db_);
    std::vector<std::int64_t> out;
    for (const auto& e : store_.wrong_book(candidate_id))
        if (auto q = content.question_by_uid(e.uid)) out.push_back(q->id);
    return out;
}

PracticeFeedback TrainingService::answer(std::int64_t candidate_id, std::int64_t question_id, const std::string& letters,
                                         const std::string& mode)
{
    content::ContentStore content(db_);
    auto q = content.question(question_id);
    auto c = candidate(candidate_id);
    const auto* item = content.catalogue().find(c.item_id);
    if (!q || !item || q->item != item->name || q->category != item->category || q->pool == content::Pool::Exam)
        throw ExamError(ExamErrc::not_in_practice_pool, {std::to_string(question_id)});
    std::string response = letters;
    std::sort(response.begin(), response.end());
    response.erase(std::unique(response.begin(), response.end()), response.end());
    PracticeFeedback fb;
    fb.correct = response == q->answer;
    fb.key = q->answer;
    fb.explanation = q->explanation;
    const auto t = now();
    Transaction tx(db_);
    store_.add_practice_answer(candidate_id, question_id, q->uid, mode, response, fb.correct, t);
    auto entry = store_.wrong_entry(candidate_id, q->uid);
    if (!fb.correct) {
        store_.put_wrong_entry(candidate_id, {q->uid, 0, entry ? entry->added_at_ms : t});
        fb.in_wrong_book = true;
    } else if (entry) {
        if (entry->streak + 1 >= kRightInARowToLeave) {
            store_.remove_wrong_entry(candidate_id, q->uid);
        } else {
            store_.put_wrong_entry(candidate_id, {q->uid, entry->streak + 1, entry->added_at_ms});
            fb.in_wrong_book = true;
        }
    }
    tx.commit();
    return fb;
}

Blueprint TrainingService::real_blueprint(const Candidate& c)
{
    if (auto bp = exam_.current_blueprint(c.item_id, c.kind)) return *bp;
    content::ContentStore content(db_);
    const auto* item = content.catalogue().find(c.item_id);
    if (!item) throw ExamError(ExamErrc::no_item, {std::to_string(c.item_id)});
    return default_blueprint(*item, c.kind);
}

MockExam TrainingService::mock_exam(std::int64_t candidate_id, std::uint64_t seed)
{
    const auto c = candidate(candidate_id);
    const Blueprint real = real_blueprint(c);
    // The training-visible pool; the real blueprint's exam_only would leave nothing of it.
    const auto pool = exam_.practice_pool(c.item_id);
    Blueprint bp = real;
    bp.exam_only = false;
    for (const auto& s : check_blueprint(bp, pool)) bp.strata[s.stratum].count = s.available;
    std::erase_if(bp.strata, [](const Stratum& s) { return s.count < 1; });
    if (bp.strata.empty()) throw ExamError(ExamErrc::mock_pool_empty);
    MockExam m;
    try {
        m.paper = draw_paper(bp, pool, {}, seed);
    } catch (const PoolShortage& e) {
        throw ExamError(ExamErrc::mock_pool_short, {e.what()});
    }
    m.full_questions = real.question_count();
    m.full_points = real.total_points();
    m.full_pass_mark = real.pass_mark;
    m.max_points = bp.total_points();
    m.pass_mark = m.shortened() ? real.pass_mark * m.max_points / m.full_points : real.pass_mark;
    const std::int64_t minute = 60000;
    m.duration_ms = real.duration_minutes * minute;
    if (m.shortened()) {
        const auto n = static_cast<std::int64_t>(m.paper.questions.size());
        m.duration_ms = std::max<std::int64_t>(1, (real.duration_minutes * n + m.full_questions - 1) / m.full_questions) * minute;
    }
    m.partial_credit = real.partial_credit;
    return m;
}

Score TrainingService::score_mock(const MockExam& mock, const std::map<int, std::string>& responses) const
{
    return score_paper(mock.paper, responses, mock.pass_mark, mock.partial_credit);
}

MockResult TrainingService::submit_mock(std::int64_t candidate_id, const MockExam& mock,
                                       const std::map<int, std::string>& responses)
{
    candidate(candidate_id);
    MockResult r;
    r.score = score_mock(mock, responses);
    content::ContentStore content(db_);
    const auto t = now();
    Transaction tx(db_);
    for (const auto& pq : mock.paper.questions) {
        const auto q = content.question(pq.question_id);
        if (!q || q->pool == content::Pool::Exam)
            throw ExamError(ExamErrc::not_in_practice_pool, {std::to_string(pq.question_id)});
        const auto it = responses.find(pq.position);
        const std::string response = it == responses.end() ? std::string() : it->second;
        if (!response.empty() && mark(pq, response, mock.partial_credit) >= pq.points) continue;
        r.mistakes.push_back({pq.position, pq.question_id, response, pq.key});
        const auto entry = store_.wrong_entry(candidate_id, q->uid);
        if (!entry) ++r.added_to_wrong_book;
        store_.put_wrong_entry(candidate_id, {q->uid, 0, entry ? entry->added_at_ms : t});
    }
    tx.commit();
    return r;
}

std::vector<ChapterProgress> TrainingService::progress(std::int64_t candidate_id)
{
    return store_.progress(candidate_id, candidate(candidate_id).item_id);
}

std::int64_t TrainingService::start_study(std::int64_t candidate_id)
{
    Transaction tx(db_);
    candidate(candidate_id);
    auto id = store_.start_study(candidate_id, now());
    tx.commit();
    return id;
}

std::int64_t TrainingService::keep_studying(std::int64_t candidate_id, std::int64_t period_id)
{
    Transaction tx(db_);
    if (!store_.extend_study(period_id, now(), kMaxStudyGapMs)) period_id = store_.start_study(candidate_id, now());
    tx.commit();
    return period_id;
}

double TrainingService::unconfirmed_hours(std::int64_t candidate_id)
{
    double ms = 0;
    for (const auto& p : store_.study_periods(candidate_id))
        if (!p.confirmed) ms += static_cast<double>(std::max<std::int64_t>(0, p.ended_ms - p.started_ms));
    return ms / 3600000.0;
}

double TrainingService::confirm_study(const Actor& actor, std::int64_t candidate_id)
{
    require(actor, Operation::ManageTrainees);
    Transaction tx(db_);
    auto c = candidate(candidate_id);
    require_own_trainee(actor, c.provider);
    const double hours = unconfirmed_hours(candidate_id);
    store_.confirm_study(candidate_id, actor.login, now());
    c.class_hours += hours;
    exam_.update_candidate(c);
    exam_.append_audit(now(), actor.login, "trainee.confirm_study", "candidate:" + std::to_string(candidate_id),
                       std::to_string(hours) + " h");
    tx.commit();
    return hours;
}

} // namespace sk::exam
