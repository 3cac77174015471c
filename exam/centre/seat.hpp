// Seat change (移机) at the exam centre (docs/exam-centre.md): a proctor moves an examinee's attempt to another kiosk
// of the room. The centre records the new seat; the new kiosk's check-in (centre_check_in from that kiosk) then
// hands it the attempt with what the centre holds of it, and its outbox numbers on from the centre's highest + 1
// (exam/centre/checkin.hpp). Events the old seat sends after the move are kept apart at the centre with reason
// `seat` (centre_event_conflict), never dropped, and listed for the proctor (conflicts()).
#pragma once

#include "content/storage/database.hpp"
#include "exam/roles.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sk::exam::centre {

struct SeatMove {
    std::int64_t attempt_id = 0;
    std::int64_t session_id = 0;
    std::string ticket;
    std::string name;          // the candidate's
    std::string from;          // the seat it left ("" when it had none)
    std::string to;
    std::string reason;
    std::int64_t last_seq = 0; // the highest event the centre holds of it: the new seat numbers on from last_seq + 1
};

// Moves the attempt of `ticket` to kiosk `to`, in one transaction under the attempt's lock, audited at the centre
// (attempt.move_kiosk as `actor`: from, to, reason, the events held). The rule of a single machine
// (ExamService::move_kiosk): ProctorAttempts, a reason, and the engine's transition (an attempt checked in and not
// submitted). CentreError, nothing changed, naming what: an unknown ticket or kiosk, a training kiosk, a kiosk of
// another room than the session's, the seat it already has, a kiosk that already sent events of this attempt (a
// move back would number its events again from its own journal), an attempt not checked in yet or submitted (also
// when the centre holds its submit). PermissionDenied; ExamError reason_required.
SeatMove move_attempt(storage::Database& db, const Actor& actor, const std::string& ticket, const std::string& to,
                      const std::string& reason, std::int64_t now_ms);

// An event kept apart at the centre (centre_event_conflict): reason `content` (the centre holds that number with
// other content) or `seat` (the attempt was not seated at the sending kiosk: a late event from a seat it was moved
// away from). Never part of a result; shown to the proctor.
struct ConflictEvent {
    std::int64_t id = 0;
    std::int64_t attempt_id = 0;
    std::optional<std::int64_t> session_id; // nullopt: the centre has no attempt of that id
    std::string ticket;
    std::string seat;       // where the attempt is seated now
    std::int64_t seq = 0;
    std::string kiosk;      // the kiosk that sent it
    std::string kind;       // answer, clock
    std::int64_t at_ms = 0; // when it happened, on that kiosk
    std::string body;
    std::int64_t received_at_ms = 0;
    std::string reason;     // content, seat
};

// Every event kept apart (of `session_id`'s attempts when given), oldest first. Reads only the tables the staff
// group (<db>_staff) may SELECT, so a staff login suffices. CentreError on SQLite or a database that is not a centre.
std::vector<ConflictEvent> conflicts(storage::Database& db, std::optional<std::int64_t> session_id);

} // namespace sk::exam::centre
