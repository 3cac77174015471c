#include "exam/centre/seat.hpp"

#include "exam/centre/centre.hpp"
#include "exam/errors.hpp"
#include "exam/storage/exam_store.hpp"

namespace sk::exam::centre {

namespace {

void require_centre(storage::Database& db)
{
    if (db.engine() != storage::Engine::PostgreSQL)
        throw CentreError(db.describe() + ": an exam centre's database is a PostgreSQL server (postgresql://…), not a file");
    if (!db.has_table("centre_event_conflict"))
        throw CentreError(db.describe() + ": not a centre yet (safekiosk-admin centre init first)");
}

} // namespace

SeatMove move_attempt(storage::Database& db, const Actor& actor, const std::string& ticket, const std::string& to,
                      const std::string& reason, std::int64_t now_ms)
{
    require(actor, Operation::ProctorAttempts);
    if (reason.empty()) throw ExamError(ExamErrc::reason_required);
    require_centre(db);
    ExamStore store(db);
    storage::Transaction tx(db);
    std::int64_t attempt_id = 0;
    {
        auto st = db.prepare("SELECT id FROM attempt WHERE ticket = ?");
        st.bind(1, ticket);
        if (!st.step()) throw CentreError("ticket " + ticket + ": no such ticket at the centre (nothing moved)");
        attempt_id = st.int64(0);
    }
    // The same lock as collecting (taken first there too): an attempt is never moved while it is collected. Then
    // the attempt's row: a check-in (centre_check_in, FOR UPDATE) and a kiosk's batch (centre_put_events, FOR SHARE)
    // wait for the move, and the move for a batch in flight, so no event is stored under the old seat after it.
    db.serialize("attempt " + std::to_string(attempt_id));
    {
        auto lock = db.prepare("SELECT id FROM attempt WHERE id = ? FOR UPDATE");
        lock.bind(1, attempt_id);
        lock.step();
    }
    const auto a = store.attempt(attempt_id);
    if (!a) throw CentreError("ticket " + ticket + ": no such ticket at the centre (nothing moved)");
    const auto session = store.session(a->session_id);
    const auto candidate = store.candidate(a->candidate_id);
    SeatMove out;
    out.attempt_id = a->id;
    out.session_id = a->session_id;
    out.ticket = a->ticket;
    out.name = candidate ? candidate->name : std::string();
    out.from = a->kiosk;
    out.to = to;
    out.reason = reason;
    const std::string who = "ticket " + ticket + (out.name.empty() ? "" : " (" + out.name + ")");

    std::string room;
    std::string role;
    {
        auto st = db.prepare("SELECT room, role FROM centre_kiosk WHERE kiosk_id = ?");
        st.bind(1, to);
        if (!st.step())
            throw CentreError("kiosk " + to + ": no such kiosk at the centre (safekiosk-admin centre kiosks); " + who +
                              " not moved");
        room = st.text(0);
        role = st.text(1);
    }
    if (role != "exam")
        throw CentreError("kiosk " + to + " is a " + role + " kiosk: an exam is moved only to an exam kiosk; " + who +
                          " not moved");
    const std::string session_room = session ? session->room : std::string();
    if (!session_room.empty() && room != session_room)
        throw CentreError("kiosk " + to + " is in " + room + ", but session " + std::to_string(a->session_id) +
                          " is in " + session_room + ": a seat change stays in the session's room; " + who + " not moved");
    if (a->kiosk == to) throw CentreError(who + " is already seated at " + to + ": nothing to move");
    if (a->state == AttemptState::Submitted || is_final(a->state))
        throw CentreError(who + " is " + std::string(to_string(a->state)) + " at the centre: a submitted attempt is "
                          "not moved");
    std::int64_t submits = 0, cancels = 0;
    {
        auto st = db.prepare("SELECT coalesce(max(seq), 0), "
                             "count(*) FILTER (WHERE kind = 'clock' AND body::jsonb->>'event' = 'submit'), "
                             "count(*) FILTER (WHERE kind = 'cancel') "
                             "FROM centre_event WHERE attempt_id = ?");
        st.bind(1, attempt_id);
        st.step();
        out.last_seq = st.int64(0);
        submits = st.int64(1);
        cancels = st.int64(2);
    }
    if (submits > 0)
        throw CentreError(who + " was submitted on kiosk " + a->kiosk + " (the centre holds its submission): a "
                          "submitted attempt is not moved");
    if (cancels > 0)
        throw CentreError(who + " was ended by a proctor on kiosk " + a->kiosk + " (the centre holds the "
                          "cancellation): an ended attempt is not moved");
    if (a->state == AttemptState::Scheduled)
        throw CentreError(who + " has not checked in yet: nothing to move (the examinee checks in at " +
                          (a->kiosk.empty() ? std::string("any kiosk of the room") : "kiosk " + a->kiosk) + ")");
    next_state(a->state, AttemptAction::MoveKiosk); // the engine's rule (throws for any other state)
    {
        auto st = db.prepare("SELECT count(*) FROM (SELECT 1 FROM centre_event WHERE attempt_id = ?1 AND kiosk_id = ?2 "
                             "UNION ALL SELECT 1 FROM centre_event_conflict WHERE attempt_id = ?1 AND kiosk_id = ?2) x");
        st.bind_all(attempt_id, to);
        st.step();
        if (st.int64(0) > 0)
            throw CentreError(who + " was seated at " + to + " before and the centre holds events it sent: a move "
                              "back to a seat the attempt left is not supported (its journal would number the "
                              "attempt's events again); choose another kiosk");
    }
    store.set_kiosk(attempt_id, to);
    store.append_audit(now_ms, actor.login, "attempt.move_kiosk", "attempt:" + std::to_string(attempt_id),
                       (a->kiosk.empty() ? std::string("-") : a->kiosk) + " -> " + to + ": " + reason +
                           "; the centre holds events 1\u2013" + std::to_string(out.last_seq) + ", kiosk " + to +
                           " numbers on from " + std::to_string(out.last_seq + 1) +
                           "; later events from the old seat are kept apart (seat)");
    tx.commit();
    return out;
}

std::vector<ConflictEvent> conflicts(storage::Database& db, std::optional<std::int64_t> session_id)
{
    require_centre(db);
    auto st = db.prepare("SELECT c.id, c.attempt_id, a.session_id, coalesce(a.ticket, ''), coalesce(a.kiosk, ''), "
                         "c.seq, c.kiosk_id, c.kind, c.at_ms, c.body, c.received_at_ms, c.reason "
                         "FROM centre_event_conflict c LEFT JOIN attempt a ON a.id = c.attempt_id "
                         "WHERE CAST(?1 AS BIGINT) IS NULL OR a.session_id = ?1 ORDER BY c.received_at_ms, c.id");
    st.bind(1, session_id);
    std::vector<ConflictEvent> out;
    while (st.step()) {
        ConflictEvent e;
        e.id = st.int64(0);
        e.attempt_id = st.int64(1);
        if (!st.is_null(2)) e.session_id = st.int64(2);
        e.ticket = st.text(3);
        e.seat = st.text(4);
        e.seq = st.int64(5);
        e.kiosk = st.text(6);
        e.kind = st.text(7);
        e.at_ms = st.int64(8);
        e.body = st.text(9);
        e.received_at_ms = st.int64(10);
        e.reason = st.text(11);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace sk::exam::centre
