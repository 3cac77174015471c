// Central check-in (docs/exam-centre.md): in an exam centre the attempt and its paper come from the centre, so the
// attempt's id is the centre's (the key of every event the kiosk sends) and the attempt is seated at the kiosk whose
// login asked.
//
//   1. Before the session the centre's engine draws every registered examinee's paper (draw_papers: the engine's own
//      drawing rule, least-used across the session, exam/session_draw.hpp).
//   2. At check-in the kiosk calls the centre's centre_check_in(ticket, id_number) (ask_centre_check_in): the centre
//      checks the ticket, the ID number, the session's hours and room and the seat as the kiosk's own check-in does,
//      seats the attempt at the calling kiosk and returns its id and the paper's composition.
//   3. The kiosk writes that attempt and paper into its journal in one transaction (record_check_in); the exam then
//      goes on without the centre (the outbox, exam/centre/sync.hpp).
// If the centre cannot be reached, step 2 throws CentreUnreachable and nothing is written anywhere.
#pragma once

#include "content/storage/database.hpp"
#include "exam/attempt.hpp"
#include "exam/centre/centre.hpp"
#include "exam/roles.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sk::exam::centre {

// The centre could not be reached (or went away) during the call: nothing was checked in. what() names the server.
class CentreUnreachable : public CentreError {
public:
    using CentreError::CentreError;
};

// The centre's paper for the attempt is not drawn yet (safekiosk-admin centre draw-papers first).
class PaperNotDrawn : public CentreError {
public:
    using CentreError::CentreError;
};

struct DrawnPapers {
    int drawn = 0;   // papers drawn now
    int already = 0; // attempts that had one
};

// Draws the paper of every attempt of `session_id` that is still scheduled and has none, in ticket order, with the
// engine's rule (the session's papers so far count as used) and a random seed each; all in one transaction, audited
// (attempt.paper_drawn). Exam staff (ManageSessions). ExamError no_session / pool_short; PermissionDenied.
DrawnPapers draw_papers(storage::Database& db, const Actor& actor, std::int64_t session_id, std::int64_t now_ms);

struct CheckInQuestion {
    int position = 0;
    std::int64_t question_id = 0;  // the exact stored version: the kiosk's bank holds the same row
    std::vector<int> option_order; // shown option i is stored option option_order[i]
    double points = 1;
};

// An event the centre holds of the attempt (centre_event), as the outbox of the seat that sent it numbered it.
struct CentreEvent {
    std::int64_t seq = 0;
    std::string kind;   // answer, clock
    std::int64_t at_ms = 0;
    std::string body;   // JSON, as the kiosk's journal wrote it
};

// What the centre answers a check-in: the attempt, and its paper's composition (no text, no key); for an attempt the
// proctor moved here (移机, centre move), also what the centre holds of it so far.
struct CentreCheckIn {
    std::int64_t attempt_id = 0;
    std::int64_t session_id = 0;
    std::int64_t candidate_id = 0;
    int attempt_no = 1;
    int training_cycle = 1;
    std::uint64_t seed = 0;
    std::vector<CheckInQuestion> questions;
    // The attempt's events held at the centre (centre_seat_events), by number: empty for a first check-in. After a
    // seat change they are the old seat's answers and clock events, which the new seat's journal takes over.
    std::vector<CentreEvent> events;
    std::int64_t last_seq() const { return events.empty() ? 0 : events.back().seq; }
};

// Asks the centre (kiosk.json "centre", the kiosk's login; libpq's connect timeout and a reply timeout bound the call,
// about 10 s each, even on a link that hangs with its sockets open) to
// check the examinee in at this kiosk, and then reads what the centre holds of the attempt (centre_seat_events).
// Same ticket again from the same kiosk: the same attempt. Throws ExamError with
// the engine's code for a refusal (ticket_mismatch, check_in_not_open, session_over, wrong_room, already_submitted,
// sitting_elsewhere, wrong_seat), PaperNotDrawn, CentreUnreachable when the server cannot be reached, CentreError for
// anything else the server refuses (e.g. a login that is not an exam kiosk).
CentreCheckIn ask_centre_check_in(const std::string& centre_uri, const std::string& ticket, const std::string& id_number);

// Writes the centre's attempt and paper into the kiosk's journal in one transaction and checks it in there (audited
// as the examinee): the journal's attempt of that ticket takes the centre's id (or is added when the journal has
// none), is seated at `kiosk` and gets the paper, its keys computed from the journal's own bank. A kiosk restarted
// after check-in gets the same answer again: nothing changes then. CentreError, writing nothing, when the journal
// cannot hold it: the candidate, session or a question of the paper missing (the kiosk's copy is not the centre's),
// the attempt's id taken by another ticket, or the journal's attempt already under way with another paper.
// When the centre holds events of the attempt (a seat change: the proctor moved it here with centre move), the
// journal takes them over in the same transaction: its clock events and answers as the old seat recorded them, the
// attempt in progress (or paused) as the events leave it, and the outbox holding them as sent under the centre's
// numbers, so this kiosk numbers on from the centre's highest + 1; the time from the last event held until now is
// downtime, not charged (as a kiosk restart's). The clock events taken over keep the old seat's monotonic readings
// (another boot id, never subtracted from this kiosk's); `now` is this kiosk's reading (ExamService::reading()), so
// the time from the move on is measured on this kiosk's monotonic clock. Returns the attempt id.
std::int64_t record_check_in(storage::Database& journal, const CentreCheckIn& c, const std::string& ticket,
                             const std::string& id_number, const std::string& kiosk, const ClockReading& now);
// The same on the wall clock alone (no monotonic reading for the move).
std::int64_t record_check_in(storage::Database& journal, const CentreCheckIn& c, const std::string& ticket,
                             const std::string& id_number, const std::string& kiosk, std::int64_t now_ms);

// Whether the journal holds the attempt of `ticket` already checked in at `kiosk` by the centre (for the examinee
// with `id_number`) and not yet submitted: a kiosk restarted after check-in goes on with it while the centre is
// unreachable. A scheduled attempt (never checked in by the centre) is not.
bool checked_in_here(storage::Database& journal, const std::string& ticket, const std::string& id_number,
                     const std::string& kiosk);

// Which kiosk the login of `centre_uri` is (centre_kiosk_self()). CentreUnreachable, or CentreError when the login
// is no kiosk of the centre.
struct KioskSelf {
    std::string kiosk_id;
    std::string room;
    KioskRole role = KioskRole::Exam;
};
KioskSelf ask_kiosk_self(const std::string& centre_uri);
// ask_kiosk_self(), refusing (CentreError naming kiosk.json's "kiosk_id" and the login's kiosk) a login that is
// another kiosk than `kiosk_id` or not an exam kiosk. Returns what the centre said.
KioskSelf require_kiosk_login(const std::string& centre_uri, const std::string& kiosk_id);

} // namespace sk::exam::centre
