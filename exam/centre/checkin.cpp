#include "exam/centre/checkin.hpp"

#include "content/model.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/server_uri.hpp"
#include "exam/exam_service.hpp"
#include "exam/session_draw.hpp"
#include "exam/storage/exam_store.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <optional>

namespace sk::exam::centre {

namespace {

// A refusal of centre_check_in: SQLSTATE SKC01, message "centre-refusal:CODE:ARG:end" (exam/centre/centre.cpp).
[[noreturn]] void throw_refusal(const storage::StorageError& e)
{
    const std::string what = e.what();
    const std::string tag = "centre-refusal:";
    const auto at = what.find(tag);
    const auto end = what.find(":end", at == std::string::npos ? 0 : at);
    if (at == std::string::npos || end == std::string::npos) throw CentreError(what);
    const std::string body = what.substr(at + tag.size(), end - at - tag.size());
    const auto colon = body.find(':');
    const std::string code = body.substr(0, colon);
    const std::string arg = colon == std::string::npos ? std::string() : body.substr(colon + 1);
    if (code == "paper_not_drawn")
        throw PaperNotDrawn("the centre has not drawn this examinee's paper yet (safekiosk-admin centre draw-papers)");
    for (const auto& info : exam_errors())
        if (code == info.key) {
            if (arg.empty()) throw ExamError(info.code);
            throw ExamError(info.code, {arg});
        }
    throw CentreError(what);
}

// Opens the kiosk's connection to the centre; a server that cannot be reached is CentreUnreachable. Each call waits
// at most 10 s for its reply, so a link that hangs with its sockets open (which libpq's TCP timeouts cannot notice)
// ends as CentreUnreachable too instead of holding the kiosk's screen for ever; the calls may be repeated (the same
// ticket again from the same kiosk is the same attempt).
storage::Database connect(const std::string& centre_uri)
{
    try {
        auto db = storage::Database::open(centre_uri, false);
        storage::set_reply_timeout(db, std::chrono::seconds(10));
        return db;
    } catch (const storage::StorageError& e) {
        throw CentreUnreachable(e.what());
    }
}

[[noreturn]] void rethrow_call(const storage::StorageError& e)
{
    if (e.sqlstate() == "SKC01") throw_refusal(e);
    if (e.connection_lost()) throw CentreUnreachable(e.what());
    throw CentreError(e.what());
}

std::string upper_x(std::string id)
{
    for (auto& ch : id)
        if (ch == 'x') ch = 'X';
    return id;
}

// The clock events' names as the journal writes them (exam/storage/exam_store.cpp).
constexpr std::pair<const char*, ClockEvent::Kind> kClockKinds[] = {
    {"start", ClockEvent::Start},       {"pause", ClockEvent::Pause},       {"resume", ClockEvent::Resume},
    {"alive", ClockEvent::Alive},       {"downtime", ClockEvent::Downtime}, {"add_time", ClockEvent::AddTime},
    {"submit", ClockEvent::Submit}};

// A seat change (移机): the journal takes over what the centre holds of the attempt, in the caller's transaction.
// The clock events and answers go in as the old seat recorded them (ExamStore's own writes); the outbox then holds
// exactly the centre's events, under the centre's numbers and marked sent, so the next event is the centre's highest
// + 1 and nothing held is sent again. The attempt is in progress, or paused when the last clock event held is a
// pause; the time since the last event held is downtime, not charged (ExamService::reconnect's rule for a restart).
void take_over_events(storage::Database& journal, ExamStore& store, const CentreCheckIn& c, const std::string& ticket,
                      const std::string& kiosk, const ClockReading& now, const std::string& examinee)
{
    const std::int64_t now_ms = now.wall_ms;
    const std::string where = journal.describe() + ": ticket " + ticket + ", the centre's event ";
    bool started = false;
    bool paused = false;
    bool submitted = false;
    std::optional<std::string> cancelled_by; // the proctor who ended the attempt at its former seat
    std::int64_t last_at = 0;
    // The old seat's monotonic reading at last_at, when the last event there was a clock event that carries one.
    std::optional<MonoReading> last_mono;
    for (const auto& e : c.events) {
        nlohmann::json body;
        try {
            body = nlohmann::json::parse(e.body);
            if (e.kind == "clock") {
                const std::string name = body.at("event").get<std::string>();
                const auto k = std::find_if(std::begin(kClockKinds), std::end(kClockKinds),
                                            [&](const auto& p) { return name == p.first; });
                if (k == std::end(kClockKinds))
                    throw CentreError(where + std::to_string(e.seq) + ": unknown clock event \"" + name + "\"");
                // Its monotonic readings as the old seat wrote them: another boot id than this kiosk's, so they are
                // never subtracted from this kiosk's readings.
                ClockEvent event{k->second, e.at_ms, body.value("value_ms", std::int64_t{0})};
                read_clock_readings(body, event);
                store.add_clock_event(c.attempt_id, event, body.value("actor", std::string()),
                                      body.value("reason", std::string()));
                if (e.at_ms >= last_at)
                    last_mono = k->second == ClockEvent::Downtime ? std::optional<MonoReading>() : event.mono;
                if (k->second == ClockEvent::Start) started = true;
                if (k->second == ClockEvent::Pause) paused = true;
                if (k->second == ClockEvent::Resume) paused = false;
                if (k->second == ClockEvent::Submit) submitted = true;
            } else if (e.kind == "answer") {
                if (e.at_ms >= last_at) last_mono.reset();
                store.save_answer(c.attempt_id, {body.at("position").get<int>(), body.at("response").get<std::string>(),
                                                 body.at("marked").get<bool>(), e.at_ms});
            } else if (e.kind == "cancel") {
                cancelled_by = body.at("actor").get<std::string>();
            } else {
                throw CentreError(where + std::to_string(e.seq) + ": unknown kind \"" + e.kind + "\"");
            }
        } catch (const nlohmann::json::exception& x) {
            throw CentreError(where + std::to_string(e.seq) + " cannot be read (" + x.what() + ")");
        }
        last_at = std::max(last_at, e.at_ms);
    }
    if (submitted) throw ExamError(ExamErrc::already_submitted);
    if (cancelled_by)
        throw CentreError(where.substr(0, where.size() - std::string(", the centre's event ").size()) +
                          ": the proctor (" + *cancelled_by + ") ended this exam at its former seat; it cannot go on");
    if (!started)
        throw CentreError(where + "1 is not the start of the exam: the centre's events of this attempt cannot be "
                          "continued here (ask the proctor)");
    // The outbox: exactly the centre's events, sent; this kiosk numbers on from the highest.
    journal.prepare("DELETE FROM outbox WHERE attempt_id = ?").bind_all(c.attempt_id).run();
    for (const auto& e : c.events)
        journal.prepare("INSERT INTO outbox(attempt_id, seq, kind, at_ms, body, sent_at_ms) VALUES(?, ?, ?, ?, ?, ?)")
            .bind_all(c.attempt_id, e.seq, e.kind, e.at_ms, e.body, now_ms)
            .run();
    const AttemptState state = paused ? AttemptState::Paused : AttemptState::InProgress;
    store.set_state(c.attempt_id, state);
    if (state == AttemptState::InProgress && now_ms != last_at)
        store.add_clock_event(c.attempt_id, {ClockEvent::Downtime, last_at, now_ms, now.mono, last_mono},
                              "kiosk:" + kiosk, "moved to this kiosk");
    store.set_alive(c.attempt_id, now);
    store.append_audit(now_ms, examinee, "attempt.check_in", "attempt:" + std::to_string(c.attempt_id),
                       "scheduled -> " + std::string(to_string(state)) + ": kiosk " + kiosk +
                           ", moved here by the centre; " + std::to_string(c.events.size()) + " events (up to " +
                           std::to_string(c.last_seq()) + ") taken over from the centre, numbering on from " +
                           std::to_string(c.last_seq() + 1));
}

} // namespace

DrawnPapers draw_papers(storage::Database& db, const Actor& actor, std::int64_t session_id, std::int64_t now_ms)
{
    require(actor, Operation::ManageSessions);
    ExamStore store(db);
    storage::Transaction tx(db);
    // Registrations and draws of one session one at a time (register_candidate takes the same lock).
    db.serialize("session " + std::to_string(session_id));
    const auto s = store.session(session_id);
    if (!s) throw ExamError(ExamErrc::no_session, {std::to_string(session_id)});
    const auto bp = store.blueprint(s->blueprint_id);
    if (!bp) throw ExamError(ExamErrc::no_blueprint, {std::to_string(s->blueprint_id)});
    if (sodium_init() < 0) throw CentreError("libsodium cannot start: no random source for the papers' seeds");
    auto attempts = store.attempts_of_session(session_id);
    std::sort(attempts.begin(), attempts.end(), [](const AttemptRow& a, const AttemptRow& b) { return a.ticket < b.ticket; });
    DrawnPapers out;
    std::optional<std::vector<PoolQuestion>> pool;
    std::optional<PaperDrawer> drawer;
    for (const auto& a : attempts) {
        if (a.state != AttemptState::Scheduled) continue;
        if (a.seed) {
            ++out.already;
            continue;
        }
        if (!drawer) {
            pool = store.exam_pool(bp->item_id);
            drawer.emplace(*pool);
        }
        std::uint64_t seed = 0;
        randombytes_buf(&seed, sizeof seed);
        seed &= 0x7fffffffffffffffULL; // stored as a signed integer
        Paper paper;
        try {
            paper = draw_session_paper(store, db, *drawer, *bp, session_id, seed);
        } catch (const PoolShortage& e) {
            throw ExamError(ExamErrc::pool_short, {e.what()});
        }
        store.save_paper(a.id, paper);
        store.append_audit(now_ms, actor.login, "attempt.paper_drawn", "attempt:" + std::to_string(a.id),
                           a.ticket + ": " + std::to_string(paper.questions.size()) + " questions, drawn by the centre");
        ++out.drawn;
    }
    tx.commit();
    return out;
}

CentreCheckIn ask_centre_check_in(const std::string& centre_uri, const std::string& ticket, const std::string& id_number)
{
    auto db = connect(centre_uri);
    CentreCheckIn out;
    try {
        auto st = db.prepare("SELECT r_attempt, r_session, r_candidate, r_attempt_no, r_training_cycle, r_seed, r_position, "
                             "r_question, r_option_order, r_points FROM centre_check_in(?, ?)");
        st.bind_all(ticket, upper_x(id_number));
        while (st.step()) {
            out.attempt_id = st.int64(0);
            out.session_id = st.int64(1);
            out.candidate_id = st.int64(2);
            out.attempt_no = static_cast<int>(st.int64(3));
            out.training_cycle = static_cast<int>(st.int64(4));
            out.seed = static_cast<std::uint64_t>(st.int64(5));
            CheckInQuestion q;
            q.position = static_cast<int>(st.int64(6));
            q.question_id = st.int64(7);
            q.option_order = nlohmann::json::parse(st.text(8)).get<std::vector<int>>();
            q.points = st.real(9);
            out.questions.push_back(std::move(q));
        }
        // What the centre holds of the attempt (a seat change's events), read after the check-in committed: each
        // statement commits on its own, so a reply lost after the check-in's commit is asked again as before. A
        // proctor who moves the attempt away between the two reads leaves nothing to read here; what this kiosk
        // sends then is kept apart at the centre (reason seat), never lost.
        if (!out.questions.empty()) {
            auto ev = db.prepare("SELECT r_seq, r_kind, r_at_ms, r_body FROM centre_seat_events(?)");
            ev.bind(1, out.attempt_id);
            while (ev.step()) out.events.push_back({ev.int64(0), ev.text(1), ev.int64(2), ev.text(3)});
        }
    } catch (const storage::StorageError& e) {
        rethrow_call(e);
    } catch (const nlohmann::json::exception& e) {
        throw CentreError(db.describe() + ": the centre's paper has an unreadable option order (" + e.what() + ")");
    }
    if (out.questions.empty())
        throw PaperNotDrawn("the centre has not drawn this examinee's paper yet (safekiosk-admin centre draw-papers)");
    return out;
}

std::int64_t record_check_in(storage::Database& journal, const CentreCheckIn& c, const std::string& ticket,
                             const std::string& id_number, const std::string& kiosk, std::int64_t now_ms)
{
    return record_check_in(journal, c, ticket, id_number, kiosk, ClockReading{now_ms, std::nullopt});
}

std::int64_t record_check_in(storage::Database& journal, const CentreCheckIn& c, const std::string& ticket,
                             const std::string& id_number, const std::string& kiosk, const ClockReading& now)
{
    const std::int64_t now_ms = now.wall_ms;
    const std::string where = journal.describe() + ": ";
    const std::string id = upper_x(id_number);
    if (c.questions.empty())
        throw PaperNotDrawn("the centre has not drawn this examinee's paper yet (safekiosk-admin centre draw-papers)");
    ExamStore store(journal);
    content::ContentStore content(journal);
    storage::Transaction tx(journal);
    auto local = store.attempt_by_ticket(ticket);
    const auto taken = [&] {
        if (auto other = store.attempt(c.attempt_id); other && other->ticket != ticket)
            throw CentreError(where + "the centre's attempt " + std::to_string(c.attempt_id) + " (ticket " + ticket +
                              ") has the id of this kiosk's attempt of ticket " + other->ticket +
                              ": this kiosk's journal is not a copy of the centre's registrations");
    };
    if (local && local->id != c.attempt_id) {
        // The journal numbered its own attempt: it takes the centre's id while nothing hangs on it yet (a paper the
        // journal holds for it gives way to the centre's below).
        if (local->state != AttemptState::Scheduled)
            throw CentreError(where + "ticket " + ticket + " is attempt " + std::to_string(local->id) +
                              " here, already under way, but attempt " + std::to_string(c.attempt_id) + " at the centre");
        taken();
        journal.prepare("DELETE FROM paper_question WHERE attempt_id = ?").bind_all(local->id).run();
        journal.prepare("UPDATE attempt SET id = ?, seed = NULL WHERE id = ?").bind_all(c.attempt_id, local->id).run();
        local = store.attempt(c.attempt_id);
    } else if (!local) {
        taken();
        const auto cand = store.candidate(c.candidate_id);
        if (!cand || cand->id_number != id)
            throw CentreError(where + "the centre's candidate " + std::to_string(c.candidate_id) + " (ticket " + ticket +
                              ") is not in this kiosk's journal: copy the centre's registrations to the kiosk");
        if (!store.session(c.session_id))
            throw CentreError(where + "the centre's session " + std::to_string(c.session_id) + " (ticket " + ticket +
                              ") is not in this kiosk's journal: copy the centre's registrations to the kiosk");
        journal
            .prepare("INSERT INTO attempt(id, session_id, candidate_id, ticket, attempt_no, training_cycle, kiosk, state) "
                     "VALUES(?, ?, ?, ?, ?, ?, '', 'scheduled')")
            .bind_all(c.attempt_id, c.session_id, c.candidate_id, ticket, c.attempt_no, c.training_cycle)
            .run();
        local = store.attempt(c.attempt_id);
    }
    if (!local) throw CentreError(where + "ticket " + ticket + ": the attempt could not be written");
    if (local->session_id != c.session_id || local->candidate_id != c.candidate_id)
        throw CentreError(where + "ticket " + ticket + " is for session " + std::to_string(local->session_id) +
                          " and candidate " + std::to_string(local->candidate_id) + " here but for session " +
                          std::to_string(c.session_id) + " and candidate " + std::to_string(c.candidate_id) +
                          " at the centre");
    if (local->state == AttemptState::Scheduled) {
        // The centre's paper, with the keys from this kiosk's own copy of the bank (the same rows).
        Paper paper;
        paper.seed = c.seed;
        for (const auto& q : c.questions) {
            const auto stored = content.question(q.question_id);
            if (!stored)
                throw CentreError(where + "question row " + std::to_string(q.question_id) + " of the centre's paper (ticket " +
                                  ticket + ") is not in this kiosk's bank: its content is not the centre's");
            if (q.option_order.size() != stored->options.size())
                throw CentreError(where + "question row " + std::to_string(q.question_id) + " has " +
                                  std::to_string(stored->options.size()) + " options here but " +
                                  std::to_string(q.option_order.size()) + " in the centre's paper");
            PaperQuestion pq;
            pq.position = q.position;
            pq.question_id = q.question_id;
            pq.uid = stored->uid;
            pq.type = stored->type;
            pq.chapter = stored->chapter;
            pq.option_order = q.option_order;
            pq.points = q.points;
            std::vector<int> shown;
            for (int s : content::answer_indices(stored->answer))
                for (std::size_t i = 0; i < q.option_order.size(); ++i)
                    if (q.option_order[i] == s) shown.push_back(static_cast<int>(i));
            pq.key = content::answer_letters(shown);
            paper.questions.push_back(std::move(pq));
        }
        // A paper the journal held already (a copy taken after the centre drew) gives way to the centre's.
        journal.prepare("DELETE FROM paper_question WHERE attempt_id = ?").bind_all(c.attempt_id).run();
        store.save_paper(c.attempt_id, paper);
        store.set_kiosk(c.attempt_id, kiosk);
        if (c.events.empty()) {
            store.set_state(c.attempt_id, AttemptState::CheckedIn);
            store.append_audit(now_ms, examinee_actor(id), "attempt.check_in", "attempt:" + std::to_string(c.attempt_id),
                               "scheduled -> checked_in: kiosk " + kiosk + ", checked in by the centre");
        } else {
            take_over_events(journal, store, c, ticket, kiosk, now, examinee_actor(id));
        }
    } else {
        // Checked in here before (a restart, or a lost reply asked again): the journal's attempt goes on as it is.
        if (is_final(local->state) || local->state == AttemptState::Submitted)
            throw ExamError(ExamErrc::already_submitted);
        if (!local->kiosk.empty() && local->kiosk != kiosk) throw ExamError(ExamErrc::sitting_elsewhere, {local->kiosk});
    }
    tx.commit();
    return c.attempt_id;
}

bool checked_in_here(storage::Database& journal, const std::string& ticket, const std::string& id_number,
                     const std::string& kiosk)
{
    ExamStore store(journal);
    const auto a = store.attempt_by_ticket(ticket);
    if (!a || a->kiosk != kiosk || a->state == AttemptState::Scheduled || a->state == AttemptState::Submitted ||
        is_final(a->state))
        return false;
    const auto c = store.candidate(a->candidate_id);
    return c && c->id_number == upper_x(id_number);
}

KioskSelf ask_kiosk_self(const std::string& centre_uri)
{
    auto db = connect(centre_uri);
    try {
        auto st = db.prepare("SELECT kiosk_id, room, role FROM centre_kiosk_self()");
        if (!st.step())
            throw CentreError(db.describe() + ": the login is no kiosk of this centre (safekiosk-admin centre kiosks)");
        return {st.text(0), st.text(1), parse_kiosk_role(st.text(2)).value_or(KioskRole::Exam)};
    } catch (const storage::StorageError& e) {
        rethrow_call(e);
    }
}

KioskSelf require_kiosk_login(const std::string& centre_uri, const std::string& kiosk_id)
{
    const auto self = ask_kiosk_self(centre_uri);
    if (self.kiosk_id != kiosk_id)
        throw CentreError("kiosk.json's \"kiosk_id\" is " + kiosk_id + " but the login of \"centre\" is kiosk " +
                          self.kiosk_id + " (" + self.room + ") at the centre: set \"kiosk_id\" to " + self.kiosk_id +
                          ", or give this kiosk " + kiosk_id + "'s login and password file");
    if (self.role != KioskRole::Exam)
        throw CentreError("kiosk.json's \"centre\" logs in as kiosk " + self.kiosk_id + ", a " + to_string(self.role) +
                          " kiosk at the centre: an exam kiosk needs an exam kiosk's login");
    return self;
}

} // namespace sk::exam::centre
