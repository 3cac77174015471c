#include "exam/centre/results.hpp"

#include "exam/centre/centre.hpp"
#include "exam/errors.hpp"
#include "exam/exam_service.hpp"
#include "exam/grading.hpp"
#include "exam/storage/exam_store.hpp"
#include "content/storage/server_uri.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <thread>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <variant>

namespace sk::exam::centre {

namespace {

using json = nlohmann::json;

// An event as the centre holds it (centre_event).
struct HeldEvent {
    std::int64_t seq = 0;
    std::string kind;
    std::int64_t at_ms = 0;
    std::string body;
};

// An event read back into what the kiosk recorded (ExamStore::add_clock_event / save_answer wrote the bodies).
struct ClockRecord {
    ClockEvent event;
    std::string actor;
    std::string reason;
};
// The proctor ended the attempt on the kiosk (ExamService::cancel_for_cheating): the kiosk's last event.
struct CancelRecord {
    std::int64_t at_ms = 0;
    std::string actor;
    std::string reason;
};
using Record = std::variant<ClockRecord, StoredAnswer, CancelRecord>;

struct Evaluation {
    UploadStatus status = UploadStatus::NotSubmitted;
    std::string problem;
    std::int64_t last_seq = 0;
    std::vector<SeqRange> missing;
    bool submit_held = false;
    bool cancel_held = false;
    std::vector<Record> records; // in seq order, when every event could be read
};

// The clock events' names as the kiosk's journal writes them (exam/storage/exam_store.cpp).
constexpr std::pair<const char*, ClockEvent::Kind> kClockKinds[] = {
    {"start", ClockEvent::Start},       {"pause", ClockEvent::Pause},     {"resume", ClockEvent::Resume},
    {"alive", ClockEvent::Alive},       {"downtime", ClockEvent::Downtime}, {"add_time", ClockEvent::AddTime},
    {"submit", ClockEvent::Submit}};

std::string seq_text(std::int64_t seq) { return "seq " + std::to_string(seq); }

// Reads one event, checking an answer against the centre's paper as ExamService::record_answer checks it on the
// kiosk. The problem (empty: none) names what is wrong.
std::optional<Record> read_event(const HeldEvent& e, const std::map<int, const PaperQuestion*>& paper,
                                 std::string& problem)
{
    json body;
    try {
        body = json::parse(e.body);
    } catch (const json::exception&) {
        problem = seq_text(e.seq) + ": its body is not JSON";
        return std::nullopt;
    }
    if (!body.is_object()) {
        problem = seq_text(e.seq) + ": its body is not a JSON object";
        return std::nullopt;
    }
    try {
        if (e.kind == "clock") {
            const std::string name = body.at("event").get<std::string>();
            for (const auto& [text, kind] : kClockKinds)
                if (name == text) {
                    // With the kiosk's monotonic readings (none in bodies from before they were recorded): the
                    // centre's clock of the attempt then replays as the kiosk's did, a wall clock set on the kiosk
                    // mid-exam included.
                    ClockEvent event{kind, e.at_ms, body.value("value_ms", std::int64_t{0})};
                    read_clock_readings(body, event);
                    return Record{ClockRecord{event, body.value("actor", std::string()),
                                              body.value("reason", std::string())}};
                }
            problem = seq_text(e.seq) + ": unknown clock event \"" + name + "\"";
            return std::nullopt;
        }
        if (e.kind == "answer") {
            const int position = body.at("position").get<int>();
            const std::string response = body.at("response").get<std::string>();
            const bool marked = body.at("marked").get<bool>();
            const auto q = paper.find(position);
            if (q == paper.end()) {
                problem = seq_text(e.seq) + ": an answer to question " + std::to_string(position) +
                          ", which is not on the centre's paper of this attempt";
                return std::nullopt;
            }
            for (std::size_t i = 0; i < response.size(); ++i) {
                const char ch = response[i];
                if (ch < 'A' || ch >= static_cast<char>('A' + q->second->option_order.size()) ||
                    (i > 0 && ch <= response[i - 1])) {
                    problem = seq_text(e.seq) + ": answer \"" + response + "\" to question " + std::to_string(position) +
                              " is not a set of its options";
                    return std::nullopt;
                }
            }
            if (q->second->type != content::QuestionType::Multiple && response.size() > 1) {
                problem = seq_text(e.seq) + ": question " + std::to_string(position) + " takes one answer, not \"" +
                          response + "\"";
                return std::nullopt;
            }
            return Record{StoredAnswer{position, response, marked, e.at_ms}};
        }
        if (e.kind == "cancel")
            return Record{CancelRecord{e.at_ms, body.at("actor").get<std::string>(), body.at("reason").get<std::string>()}};
    } catch (const json::exception&) {
        problem = seq_text(e.seq) + ": a " + e.kind + " event lacks a field or has one of the wrong type";
        return std::nullopt;
    }
    problem = seq_text(e.seq) + ": unknown kind \"" + e.kind + "\"";
    return std::nullopt;
}

bool is_submit(const Record& r)
{
    const auto* c = std::get_if<ClockRecord>(&r);
    return c && c->event.kind == ClockEvent::Submit;
}

// The attempt's last event on the kiosk: its submit, or the proctor's cancellation.
bool is_end(const Record& r) { return is_submit(r) || std::holds_alternative<CancelRecord>(r); }

std::string fmt_points(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// The exam's time as the centre's blueprint gives it: the duration and the grace after time-up.
struct TimeRule {
    std::int64_t duration_ms = 0;
    std::int64_t grace_ms = 0;
};

// How far the centre's replay of the clock may be from the kiosk's word at its submit: the kiosk's own figure is the
// same computation on the same events (ExamService::submit), so only rounding separates them.
constexpr std::int64_t kSubmitToleranceMs = 2000;

// The submit checked against the centre's own replay of the attempt's clock (compute_clock over the clock events
// before it, read at the submit's own readings, so a kiosk's wall clock set mid-exam replays as it did there): a
// submit at time-up ("actor":"system") must come when the time and its grace had run out, an examinee's before.
// `submit_index` is the submit's index in `records`. Empty when it agrees; otherwise what is wrong.
std::string check_submit_time(const std::vector<Record>& records, std::size_t submit_index, const TimeRule& rule)
{
    std::vector<ClockEvent> before;
    const ClockRecord* submit = nullptr;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto* c = std::get_if<ClockRecord>(&records[i]);
        if (!c) continue;
        if (i == submit_index) {
            submit = c;
            break;
        }
        before.push_back(c->event);
    }
    if (!submit) return {};
    const auto clock = compute_clock(before, rule.duration_ms, ClockReading{submit->event.at_ms, submit->event.mono});
    const std::int64_t left = clock.remaining_ms + rule.grace_ms; // what the examinee could still use, grace included
    const auto seconds = [](std::int64_t ms) { return std::to_string(std::llround(static_cast<double>(ms) / 1000.0)); };
    if (submit->actor == "system" && left > kSubmitToleranceMs)
        return "submitted at time-up while the centre's replay of the clock has " + seconds(left) +
               " s left (grace included): the kiosk's time ran out early";
    if (submit->actor != "system" && left < -kSubmitToleranceMs)
        return "submitted by the examinee " + seconds(-left) +
               " s after the time and its grace ran out on the centre's replay of the clock";
    return {};
}

// What the held events of one attempt make: see results.hpp. `paper` empty: the centre holds no paper for it.
Evaluation evaluate(const std::vector<HeldEvent>& events, const Paper& paper, const TimeRule& rule)
{
    Evaluation ev;
    if (events.empty()) return ev;
    ev.last_seq = events.back().seq;
    std::int64_t expected = 1;
    for (const auto& e : events) {
        if (e.seq > expected) ev.missing.push_back({expected, e.seq - 1});
        expected = e.seq + 1;
    }
    std::map<int, const PaperQuestion*> by_position;
    for (const auto& q : paper.questions) by_position[q.position] = &q;
    std::optional<std::int64_t> end_seq;
    std::int64_t end_index = -1;
    std::string problem;
    for (const auto& e : events) {
        auto r = read_event(e, by_position, problem);
        if (!r) break;
        if (is_end(*r) && !end_seq) {
            end_seq = e.seq;
            end_index = static_cast<std::int64_t>(ev.records.size());
            ev.submit_held = is_submit(*r);
            ev.cancel_held = !ev.submit_held;
        }
        ev.records.push_back(std::move(*r));
    }
    if (paper.questions.empty()) problem = "the centre holds no paper for this attempt (centre draw-papers draws it "
                                           "before check-in)";
    if (problem.empty() && events.front().seq == 1 && !ev.records.empty()) {
        // A proctor may end an attempt before it started (nothing else was recorded then).
        const auto* first = std::get_if<ClockRecord>(&ev.records.front());
        const bool cancelled_first = std::holds_alternative<CancelRecord>(ev.records.front());
        if (!cancelled_first && (!first || first->event.kind != ClockEvent::Start))
            problem = "seq 1 is not the start of the exam: the kiosk's outbox was turned on after the exam began, so "
                      "what was recorded before is not at the centre";
    }
    if (problem.empty() && end_seq && *end_seq != ev.last_seq) {
        const auto after = std::find_if(events.begin(), events.end(), [&](const HeldEvent& e) { return e.seq > *end_seq; });
        problem = seq_text(after->seq) + ": a " + after->kind + " event after the " +
                  (ev.submit_held ? "submit" : "proctor's cancellation") + " (" + seq_text(*end_seq) +
                  "): nothing is recorded after " + (ev.submit_held ? "a submission" : "it");
    }
    if (problem.empty() && ev.submit_held && ev.missing.empty()) {
        if (const auto wrong = check_submit_time(ev.records, static_cast<std::size_t>(end_index), rule); !wrong.empty())
            problem = seq_text(*end_seq) + ": " + wrong;
    }
    if (!problem.empty()) {
        ev.status = UploadStatus::Invalid;
        ev.problem = problem;
        ev.records.clear();
        return ev;
    }
    if (!end_seq) ev.status = UploadStatus::NotSubmitted;
    else if (!ev.missing.empty()) ev.status = UploadStatus::Incomplete;
    else ev.status = UploadStatus::Final;
    if (ev.status != UploadStatus::Final) ev.records.clear();
    return ev;
}

void require_centre(storage::Database& db)
{
    if (db.engine() != storage::Engine::PostgreSQL)
        throw CentreError(db.describe() + ": an exam centre's database is a PostgreSQL server (postgresql://…), not a file");
    if (!db.has_table("centre_event"))
        throw CentreError(db.describe() + ": not a centre yet (safekiosk-admin centre init first)");
}

// The events the centre holds of the attempts of `session_id` (all when nullopt), by attempt and number.
std::map<std::int64_t, std::vector<HeldEvent>> held_events(storage::Database& db, std::optional<std::int64_t> session_id,
                                                           std::optional<std::int64_t> attempt_id)
{
    auto st = db.prepare("SELECT e.attempt_id, e.seq, e.kind, e.at_ms, e.body FROM centre_event e "
                         "JOIN attempt a ON a.id = e.attempt_id "
                         "WHERE (CAST(?1 AS BIGINT) IS NULL OR a.session_id = ?1) "
                         "AND (CAST(?2 AS BIGINT) IS NULL OR a.id = ?2) ORDER BY e.attempt_id, e.seq");
    st.bind(1, session_id);
    st.bind(2, attempt_id);
    std::map<std::int64_t, std::vector<HeldEvent>> out;
    while (st.step()) out[st.int64(0)].push_back({st.int64(1), st.text(2), st.int64(3), st.text(4)});
    return out;
}

std::map<std::int64_t, std::int64_t> conflict_counts(storage::Database& db, std::optional<std::int64_t> attempt_id)
{
    auto st = db.prepare("SELECT attempt_id, count(*) FROM centre_event_conflict "
                         "WHERE CAST(?1 AS BIGINT) IS NULL OR attempt_id = ?1 GROUP BY attempt_id");
    st.bind(1, attempt_id);
    std::map<std::int64_t, std::int64_t> out;
    while (st.step()) out[st.int64(0)] = st.int64(1);
    return out;
}

AttemptUpload upload_of(ExamStore& store, const AttemptRow& a, const std::string& name,
                        const std::vector<HeldEvent>& events, std::int64_t conflicts, Evaluation* evaluation = nullptr)
{
    AttemptUpload u;
    u.attempt_id = a.id;
    u.session_id = a.session_id;
    u.ticket = a.ticket;
    u.name = name;
    u.kiosk = a.kiosk;
    u.state = a.state;
    u.events = static_cast<std::int64_t>(events.size());
    u.conflicts = conflicts;
    TimeRule rule;
    if (const auto session = store.session(a.session_id))
        if (const auto bp = store.blueprint(session->blueprint_id))
            rule = {bp->duration_minutes * 60000LL, bp->grace_seconds * 1000LL};
    Evaluation ev = evaluate(events, events.empty() ? Paper{} : store.paper(a.id), rule);
    u.last_seq = ev.last_seq;
    u.missing = ev.missing;
    u.submit_held = ev.submit_held;
    u.cancel_held = ev.cancel_held;
    u.status = ev.status;
    u.problem = ev.problem;
    if (a.state == AttemptState::Scored) {
        u.status = UploadStatus::Collected;
        u.problem.clear();
        u.score = a.score;
        u.passed = a.passed;
    } else if (a.state == AttemptState::Cancelled) {
        u.status = UploadStatus::Cancelled;
        u.problem.clear();
    } else if (a.state == AttemptState::Submitted) {
        u.status = UploadStatus::Invalid;
        u.problem = "the centre's attempt is submitted but not scored";
    }
    if (evaluation) *evaluation = std::move(ev);
    return u;
}

} // namespace

const char* to_string(UploadStatus s)
{
    switch (s) {
    case UploadStatus::NotSubmitted: return "not_submitted";
    case UploadStatus::Incomplete: return "incomplete";
    case UploadStatus::Final: return "final";
    case UploadStatus::Invalid: return "invalid";
    case UploadStatus::Collected: return "collected";
    case UploadStatus::Cancelled: return "cancelled";
    }
    return "?";
}

std::string missing_text(const std::vector<SeqRange>& missing)
{
    std::string out;
    for (const auto& r : missing) {
        if (!out.empty()) out += ", ";
        out += std::to_string(r.first);
        if (r.last != r.first) out += "\u2013" + std::to_string(r.last);
    }
    return out;
}

std::vector<AttemptUpload> attempt_uploads(storage::Database& db, const Actor& actor,
                                           std::optional<std::int64_t> session_id)
{
    require(actor, Operation::ReadResults);
    require_centre(db);
    ExamStore store(db);
    if (session_id && !store.session(*session_id)) throw ExamError(ExamErrc::no_session, {std::to_string(*session_id)});
    // One snapshot would need REPEATABLE READ; read committed suffices: an event arriving between the reads makes a
    // row one event older than the next, never a wrong status (a final upload cannot change).
    const auto rows = store.result_rows(session_id);
    const auto events = held_events(db, session_id, std::nullopt);
    const auto conflicts = conflict_counts(db, std::nullopt);
    static const std::vector<HeldEvent> none;
    std::vector<AttemptUpload> out;
    for (const auto& r : rows) {
        const auto e = events.find(r.attempt.id);
        const auto c = conflicts.find(r.attempt.id);
        out.push_back(upload_of(store, r.attempt, r.name, e == events.end() ? none : e->second,
                                c == conflicts.end() ? 0 : c->second));
    }
    return out;
}

CollectOutcome collect_attempt(storage::Database& db, const Actor& actor, std::int64_t attempt_id, std::int64_t now_ms)
{
    require(actor, Operation::ManageSessions);
    require_centre(db);
    ExamStore store(db);
    storage::Transaction tx(db);
    // Two operators collecting at once: the second waits, then finds the attempt scored.
    db.serialize("attempt " + std::to_string(attempt_id));
    auto a = store.attempt(attempt_id);
    if (!a) throw ExamError(ExamErrc::no_attempt, {std::to_string(attempt_id)});
    const auto candidate = store.candidate(a->candidate_id);
    const std::string name = candidate ? candidate->name : std::string();
    auto all = held_events(db, std::nullopt, attempt_id);
    const auto& events = all[attempt_id];
    const auto conflicts = conflict_counts(db, attempt_id);
    const auto c = conflicts.find(attempt_id);
    Evaluation ev;
    CollectOutcome out;
    out.upload = upload_of(store, *a, name, events, c == conflicts.end() ? 0 : c->second, &ev);
    if (out.upload.status != UploadStatus::Final) return out; // nothing written: the transaction rolls back

    // The centre's attempt has no answer or clock event of its own: everything comes from the kiosk's events.
    {
        auto st = db.prepare("SELECT (SELECT count(*) FROM answer WHERE attempt_id = ?1) + "
                             "(SELECT count(*) FROM attempt_event WHERE attempt_id = ?1)");
        st.bind(1, attempt_id);
        st.step();
        if (st.int64(0) > 0) {
            out.upload.status = UploadStatus::Invalid;
            out.upload.problem = "the centre already holds answers or clock events of this attempt that were not "
                                 "collected from its kiosk";
            return out;
        }
    }
    const auto session = store.session(a->session_id);
    const auto bp = session ? store.blueprint(session->blueprint_id) : std::nullopt;
    if (!bp) throw ExamError(ExamErrc::no_session, {std::to_string(a->session_id)});

    // The attempt's way on the kiosk up to the exam, with the engine's own transitions (only to check-in when the
    // proctor ended it before it started: its one event is the cancellation).
    const AttemptState before = a->state;
    AttemptState state = a->state;
    const bool started = std::holds_alternative<ClockRecord>(ev.records.front());
    while (started ? state != AttemptState::InProgress && state != AttemptState::Paused : state == AttemptState::Scheduled) {
        switch (state) {
        case AttemptState::Scheduled: state = next_state(state, AttemptAction::CheckIn); break;
        case AttemptState::CheckedIn: state = next_state(state, AttemptAction::ConfirmIdentity); break;
        case AttemptState::IdentityConfirmed: state = next_state(state, AttemptAction::ShowInstructions); break;
        case AttemptState::Instructions: state = next_state(state, AttemptAction::Start); break;
        default: throw IllegalTransition(state, AttemptAction::Submit);
        }
    }
    std::int64_t submitted_at = 0;
    std::string submitted_by;
    const CancelRecord* cancel = nullptr;
    for (const auto& r : ev.records) {
        if (const auto* clock = std::get_if<ClockRecord>(&r)) {
            store.add_clock_event(attempt_id, clock->event, clock->actor, clock->reason);
            if (clock->event.kind == ClockEvent::Submit) {
                submitted_at = clock->event.at_ms;
                submitted_by = clock->actor;
            }
        } else if (const auto* answer = std::get_if<StoredAnswer>(&r)) {
            store.save_answer(attempt_id, *answer);
        } else {
            cancel = &std::get<CancelRecord>(r);
        }
    }
    if (cancel) {
        // Ended by the proctor on the kiosk: no score and no certificate, as there; the answers stay as evidence.
        store.set_alive(attempt_id, cancel->at_ms);
        state = next_state(state, AttemptAction::Cancel);
        store.set_state(attempt_id, state);
        store.set_result(attempt_id, std::nullopt, cancel->at_ms);
        store.append_audit(now_ms, actor.login, "attempt.collect", "attempt:" + std::to_string(attempt_id),
                           std::string(to_string(before)) + " -> " + std::string(to_string(state)) + ": ended by " +
                               cancel->actor + " on kiosk " + a->kiosk + ": " + cancel->reason + "; " +
                               std::to_string(events.size()) + " events (1\u2013" + std::to_string(ev.last_seq) + ")");
        tx.commit();
        out.upload.state = state;
        out.upload.status = UploadStatus::Cancelled;
        out.collected_now = true;
        return out;
    }
    store.set_alive(attempt_id, submitted_at);
    state = next_state(next_state(state, AttemptAction::Submit), AttemptAction::Score);
    store.set_state(attempt_id, state);
    const Score score = grade_stored_attempt(store, attempt_id, *bp);
    store.set_result(attempt_id, score, submitted_at);
    // Audited after the change: the entry records the attempt's row as it now stands.
    store.append_audit(now_ms, actor.login, "attempt.collect", "attempt:" + std::to_string(attempt_id),
                       std::string(to_string(before)) + " -> " + std::string(to_string(state)) + ": " +
                           fmt_points(score.points) + (score.passed ? " pass" : " fail") + "; " +
                           std::to_string(events.size()) + " events (1\u2013" + std::to_string(ev.last_seq) +
                           ") from kiosk " + a->kiosk + ", submitted " +
                           (submitted_by == "system" ? "at time-up" : "by the examinee"));
    tx.commit();
    a = store.attempt(attempt_id);
    out.upload.state = a->state;
    out.upload.status = UploadStatus::Collected;
    out.upload.score = a->score;
    out.upload.passed = a->passed;
    out.collected_now = true;
    return out;
}

CollectReport collect_results(storage::Database& db, const Actor& actor, std::optional<std::int64_t> session_id,
                              std::int64_t now_ms)
{
    require(actor, Operation::ManageSessions);
    CollectReport report;
    for (auto& u : attempt_uploads(db, actor, session_id)) {
        if (u.status != UploadStatus::Final) {
            report.attempts.push_back({std::move(u), false});
            continue;
        }
        auto outcome = collect_attempt(db, actor, u.attempt_id, now_ms);
        if (outcome.collected_now) ++report.collected_now;
        report.attempts.push_back(std::move(outcome));
    }
    return report;
}

Actor collector_actor() { return Actor{"centre-collector", {Role::ExamStaff}}; }

std::vector<std::int64_t> attempts_to_collect(storage::Database& db)
{
    require_centre(db);
    auto st = db.prepare("SELECT DISTINCT e.attempt_id FROM centre_event e JOIN attempt a ON a.id = e.attempt_id "
                         "WHERE a.state NOT IN ('scored', 'cancelled') AND (e.kind = 'cancel' OR "
                         "(e.kind = 'clock' AND CAST(e.body AS jsonb)->>'event' = 'submit')) ORDER BY 1");
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

void follow_results(const std::string& uri, const Actor& actor, const std::atomic<bool>& stop, const FollowOptions& o,
                    const FollowEvents& events)
{
    using Clock = std::chrono::steady_clock;
    std::optional<storage::Database> db;
    Clock::time_point next_sweep{};
    std::map<std::int64_t, std::string> said; // what was reported of an attempt not final, not to repeat it
    int failures = 0;                         // in a row: the wait before connecting again doubles up to retry_max
    // Whether `what` is news about the attempt (then remembered): each state of an attempt is reported once.
    const auto news = [&](std::int64_t id, const std::string& what) {
        if (said[id] == what) return false;
        said[id] = what;
        return true;
    };
    const auto pause = [&](std::chrono::milliseconds wait) {
        for (auto until = Clock::now() + wait; !stop && Clock::now() < until;)
            std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(o.tick, wait));
    };
    while (!stop) {
        try {
            if (!db) {
                db.emplace(storage::Database::open(uri, false));
                require_centre(*db);
                storage::listen(*db, kFinalChannel);
                next_sweep = Clock::now(); // notifications sent while away are lost: look at everything once
                if (events.listening) events.listening();
                failures = 0;
            }
            std::set<std::int64_t> named; // the attempts to look at in this round: swept or notified
            if (Clock::now() >= next_sweep) {
                for (const auto id : attempts_to_collect(*db)) named.insert(id);
                next_sweep = Clock::now() + o.sweep;
            }
            const auto wait = named.empty() ? o.tick : std::chrono::milliseconds(0);
            for (const auto& payload : storage::wait_for_notifications(*db, wait)) {
                std::int64_t id = 0;
                const auto r = std::from_chars(payload.data(), payload.data() + payload.size(), id);
                if (r.ec == std::errc() && r.ptr == payload.data() + payload.size() && id > 0) named.insert(id);
            }
            for (const auto id : named) {
                if (stop) break;
                CollectOutcome out;
                try {
                    out = collect_attempt(*db, actor, id, system_now_ms());
                } catch (const std::exception& e) {
                    // One attempt that cannot be collected (gone, a row the engine refuses) holds up no other; its
                    // transaction rolled back. A lost connection is everyone's: connect again.
                    if (const auto* se = dynamic_cast<const storage::StorageError*>(&e); se && se->connection_lost()) throw;
                    // Any login of the database may NOTIFY (PostgreSQL has no right for it): a payload naming no
                    // attempt is noise, neither reported nor remembered.
                    if (const auto* ee = dynamic_cast<const ExamError*>(&e); ee && ee->code() == ExamErrc::no_attempt)
                        continue;
                    const std::string what = "attempt " + std::to_string(id) + ": " + e.what();
                    if (news(id, what) && events.trouble) events.trouble(what);
                    continue;
                }
                if (out.collected_now) {
                    said.erase(id);
                    if (events.collected) events.collected(out);
                } else if (out.upload.status == UploadStatus::Incomplete || out.upload.status == UploadStatus::Invalid) {
                    const std::string what = std::string(to_string(out.upload.status)) + " " +
                                             missing_text(out.upload.missing) + " " + out.upload.problem;
                    if (news(id, what) && events.not_final) events.not_final(out);
                }
            }
        } catch (const std::exception& e) {
            // A lost connection, a server restarting, a statement refused: reported, and tried again on a new
            // connection (a collection under way rolled back whole).
            if (events.trouble) events.trouble(e.what());
            db.reset();
            ++failures;
            pause(std::min<std::chrono::milliseconds>(o.retry * (1LL << std::min(failures - 1, 10)), o.retry_max));
        }
    }
}

} // namespace sk::exam::centre
