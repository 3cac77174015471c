// The exam centre's PostgreSQL database (docs/exam-centre.md): its own tables beside the installation's, the
// database roles of its kiosks and staff, and each kiosk's login.
//
// 考培分离 is enforced by the server, not by the programs: a kiosk connects with a login role of its own, member of
// one NOLOGIN group role of the centre; those groups hold only the grants below, so a training kiosk's login cannot
// SELECT a sealed question, a paper or an answer whatever program it runs, and an exam kiosk's login writes events
// only through centre_put_events(), a SECURITY DEFINER function that stamps them with the kiosk the login belongs to.
//
// Role names are cluster-wide in PostgreSQL, so they carry the database's name: for the database `safekiosk` the
// groups are safekiosk_exam_kiosk, safekiosk_training_kiosk and safekiosk_staff, and kiosk A01's login is
// safekiosk_kiosk_a01. What the server grants each group:
//   <db>_exam_kiosk      CONNECT; EXECUTE centre_put_events(text), centre_check_in(text, text), centre_kiosk_copy()
//                        (its room's copy, exam/centre/copy.hpp), centre_seat_events(bigint) (a moved attempt's
//                        events, exam/centre/seat.hpp) and centre_kiosk_self(). Nothing else: no table.
//   <db>_training_kiosk  CONNECT; SELECT the catalogue (category, item), exhibits and centre_practice_question (the
//                        questions whose pool is practice or both); EXECUTE centre_kiosk_self(). Never question,
//                        paper_question, answer, answer_log, attempt_event, the outbox or the centre's events.
//   <db>_staff           CONNECT; SELECT the centre's kiosks, events and conflicts, sessions and attempts (the
//                        proctor panel's reading). Staff users are members of it (GRANT <db>_staff TO login).
// PUBLIC keeps nothing on the database (no CONNECT, no TEMP) and nothing in its schema (tables, functions).
#pragma once

#include "content/storage/database.hpp"
#include "content/storage/migrations.hpp"
#include "exam/attempt.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::exam::centre {

// A centre operation refused for a reason the operator can act on (wrong engine, a kiosk that exists, a bad id …).
class CentreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The centre's own tables (PostgreSQL only): centre_kiosk, centre_event, centre_event_conflict.
const storage::Schema& schema();

enum class KioskRole { Exam, Training };
const char* to_string(KioskRole r); // "exam", "training"
std::optional<KioskRole> parse_kiosk_role(const std::string& text);

// The names of the centre's roles for the database `dbname`.
struct RoleNames {
    std::string exam_kiosk;
    std::string training_kiosk;
    std::string staff;
};
RoleNames role_names(const std::string& dbname);
// The login role of kiosk `kiosk_id` ("A01" → "<db>_kiosk_a01").
std::string kiosk_login(const std::string& dbname, const std::string& kiosk_id);

struct InitReport {
    std::string database;   // current_database()
    RoleNames roles;
    int schema_steps = 0;   // centre schema steps applied now (0: it was up to date)
    bool roles_created = false; // at least one group role did not exist before
};

// Creates or brings up to date, in one transaction: the centre's tables, its functions and view, the three group
// roles, and every grant and revocation above (applied again each time, so a table a later SafeKiosk added gets no
// grant by accident). The installation's own tables must exist (storage::open with the installation's schemas).
// Needs a server database and a user that owns its tables and may create roles (CREATEROLE). Idempotent.
// CentreError for SQLite or a database name that cannot name roles; StorageError for the server's refusals.
InitReport init(storage::Database& db);

struct Kiosk {
    std::string kiosk_id;
    std::string room;
    KioskRole role = KioskRole::Exam;
    std::string login;
    std::int64_t created_at_ms = 0;
};
std::vector<Kiosk> kiosks(storage::Database& db);

struct AddKioskOptions {
    std::string kiosk_id;             // letters, digits, '-' and '_', 1–16 characters: A01
    std::string room;                 // 第一考场
    KioskRole role = KioskRole::Exam;
    std::filesystem::path passfile;   // written with mode 0600 in PGPASSFILE format
    bool replace = false;             // a kiosk (or its login) that exists gets a new password, room and role
    std::int64_t now_ms = 0;
};

struct AddedKiosk {
    Kiosk kiosk;
    std::string centre_uri;           // postgresql://LOGIN@HOST:PORT/DB?passfile=ABSOLUTE for kiosk.json's "centre"
    std::filesystem::path passfile;   // absolute
    bool replaced = false;
};

// Creates kiosk `kiosk_id`'s login role with a new random password (only its SCRAM verifier reaches the server),
// member of the group of its role, records it in centre_kiosk, and writes the password to `passfile`
// (host:port:db:login:password, mode 0600). `server_uri` is the URI the administrator connected with: its host and
// port go into the passfile and the kiosk's URI. A kiosk, login or passfile that exists is refused (CentreError,
// nothing changed) unless `replace`. The passfile is in place only once the role is committed.
AddedKiosk add_kiosk(storage::Database& db, const std::string& server_uri, const AddKioskOptions& options);

// A kiosk's clock as its sending thread last reported it (centre_kiosk_clock(), every SenderOptions::clock_poll).
struct KioskClock {
    std::int64_t offset_ms = 0;  // the centre's clock minus the kiosk's
    std::int64_t read_at_ms = 0; // when, on the centre's clock
};
// An offset this large (either way) is a kiosk whose clock staff should set right: its exam time does not depend on
// it (the centre's clock authorises start and end), but its events' times and the panels' ages do.
inline constexpr std::int64_t kClockWarnMs = 60000;

// What the centre has received from each kiosk, for exam staff (safekiosk-admin centre seats): read with SELECT only,
// so the staff role (<db>_staff) suffices.
struct KioskUpload {
    Kiosk kiosk;
    std::int64_t events = 0;                       // events stored from it
    std::int64_t attempts = 0;                     // attempts those events belong to
    std::optional<std::int64_t> last_at_ms;        // when its newest event happened, on the kiosk
    std::optional<std::int64_t> last_received_ms;  // when the centre stored it
    std::int64_t conflicts = 0;                    // its events kept apart (other content, or the attempt not seated there)
    std::optional<KioskClock> clock;               // its clock, once its sender has reported it
    // The upload lag of its newest event: stored minus happened, on the centre's clock when the kiosk's offset is
    // known (0 or more; without the offset the kiosk's clock may be off by as much).
    std::optional<std::int64_t> lag_ms() const
    {
        if (!last_at_ms || !last_received_ms) return std::nullopt;
        const std::int64_t happened = *last_at_ms + (clock ? clock->offset_ms : 0);
        return *last_received_ms > happened ? *last_received_ms - happened : 0;
    }
    bool clock_wrong() const { return clock && (clock->offset_ms >= kClockWarnMs || clock->offset_ms <= -kClockWarnMs); }
};
// Every kiosk of the centre in id order, with what it sent. CentreError on SQLite.
std::vector<KioskUpload> kiosk_uploads(storage::Database& db);

// One exam kiosk of a room as the centre sees it, for the proctor panel on an exam kiosk of that room
// (centre_room_seats(), which an exam kiosk's login may call; docs/exam-centre.md).
struct RoomSeat {
    std::string kiosk_id;
    std::int64_t events = 0;                      // events stored from it
    std::optional<std::int64_t> last_at_ms;       // when its newest event happened, on the kiosk
    std::optional<std::int64_t> last_received_ms; // when the centre stored it, on the centre's clock
    std::int64_t conflicts = 0;                   // its events kept apart
    std::optional<std::int64_t> attempt_id;       // the attempt seated there now (checked in), if any
    std::string ticket;                           // its admission ticket
    bool submitted = false;                       // the centre holds that attempt's submit
    bool cancelled = false;                       // ... or a proctor's cancellation on its kiosk
    bool collected = false;                       // the centre has collected and graded it (its score counts)
    std::int64_t answered = 0;                    // questions its answers at the centre answer
    std::int64_t centre_now_ms = 0;               // the centre's clock when it answered
    // How long the centre has not heard from it (nullopt: never).
    std::optional<std::int64_t> silent_ms() const
    {
        if (!last_received_ms) return std::nullopt;
        return centre_now_ms > *last_received_ms ? centre_now_ms - *last_received_ms : 0;
    }
};
// The calling exam kiosk's room, every exam kiosk in id order. `kiosk` is a connection with an exam kiosk's login;
// the server refuses any other. Throws storage::StorageError as the connection does.
std::vector<RoomSeat> room_seats(storage::Database& kiosk);

// Reports the calling exam kiosk's clock to the centre (centre_kiosk_clock(): `kiosk_wall_ms` is the kiosk's time as
// it calls) and returns the centre's time. `kiosk` is a connection with an exam kiosk's login; the server refuses any
// other. Throws storage::StorageError as the connection does.
std::int64_t report_kiosk_clock(storage::Database& kiosk, std::int64_t kiosk_wall_ms);

// An attempt of the calling exam kiosk as the centre holds it (centre_seat_result()): seated there, with its state at
// the centre and, once the centre has collected and graded it, the score that counts (the result screen); or moved
// to another seat since the kiosk sent events of it (`here` false, nothing else).
struct SeatResult {
    std::int64_t attempt_id = 0;
    bool here = true;                             // seated at the calling kiosk; false: moved away (移机)
    AttemptState state = AttemptState::CheckedIn; // the centre's attempt (when here)
    std::optional<double> score;                  // Scored: the centre's score
    std::optional<bool> passed;
    bool operator==(const SeatResult&) const = default;
};
// nullopt for an attempt neither seated at the calling kiosk nor sent by it, or not checked in. `kiosk` is a connection
// with an exam kiosk's login; the server refuses any other. Throws storage::StorageError as the connection does.
std::optional<SeatResult> seat_result(storage::Database& kiosk, std::int64_t attempt_id);

// Whether `db` is an exam centre's: a PostgreSQL database with the centre's tables (centre init).
bool is_centre(storage::Database& db);

// The kiosk.json fragment for a kiosk: {"centre": …, "kiosk_id": …, "room": …}, pretty-printed.
std::string kiosk_json_fragment(const AddedKiosk& k);

} // namespace sk::exam::centre
