// The centre's results (docs/exam-centre.md): a submission is final only when the centre holds every event of the
// attempt with no gap; a final attempt is then collected into the centre's own tables and graded by the engine's own
// grading (exam/grading.hpp, the same code the kiosk graded with), so `result list`, reports and certificates work at
// the centre as on a single machine.
//
// What the centre holds of an attempt is centre_event(attempt_id, seq, kind, at_ms, body): the kiosk's outbox,
// numbered 1, 2, 3 … with no gap by the journal (exam/storage/exam_store.cpp). Its upload is
//   final          events 1..N with no gap, the first the clock's start and the last the submit (by the examinee or
//                  at time-up: ExamService::submit writes that clock event last; nothing is recorded after it), or
//                  the last an event `cancel` (the proctor ended the attempt on the kiosk, perhaps before it started:
//                  then it is the only event; collected as cancelled, with no score);
//   incomplete     the submit is held but numbers below it are missing ("missing 5–7"): never graded;
//   not_submitted  no submit held yet (the exam goes on, or the kiosk has not sent it);
//   invalid        the events cannot make a result (one that follows the submit, an answer to a position not on the
//                  centre's paper, a first event that is not the start: the outbox was turned on mid-attempt …);
//                  `problem` says which and where;
//   collected      the centre's attempt is scored (collected before; a review at the centre may have changed it);
//   cancelled      the centre's attempt was ended for cheating.
// Only centre_event is read: an event kept apart (centre_event_conflict) never enters a result.
#pragma once

#include "content/storage/database.hpp"
#include "exam/attempt.hpp"
#include "exam/roles.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sk::exam::centre {

enum class UploadStatus { NotSubmitted, Incomplete, Final, Invalid, Collected, Cancelled };
const char* to_string(UploadStatus s); // not_submitted, incomplete, final, invalid, collected, cancelled

// A run of missing numbers, first..last.
struct SeqRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
    bool operator==(const SeqRange&) const = default;
};
// "5", "5–7", "2, 5–7" (an en dash).
std::string missing_text(const std::vector<SeqRange>& missing);

struct AttemptUpload {
    std::int64_t attempt_id = 0;
    std::int64_t session_id = 0;
    std::string ticket;
    std::string name;          // the candidate's
    std::string kiosk;         // the seat at the centre
    AttemptState state = AttemptState::Scheduled; // the centre's attempt
    std::int64_t events = 0;   // held in centre_event
    std::int64_t last_seq = 0; // the highest number held (0: none)
    std::vector<SeqRange> missing; // numbers below last_seq not held
    bool submit_held = false;  // a submit clock event is held
    bool cancel_held = false;  // the proctor's cancellation on the kiosk (an event `cancel`) is held
    std::int64_t conflicts = 0; // events of the attempt kept apart (centre_event_conflict)
    UploadStatus status = UploadStatus::NotSubmitted;
    std::string problem;       // Invalid: what and where (seq N: …)
    std::optional<double> score; // Collected: the centre's result
    std::optional<bool> passed;
};

// Every attempt of `session_id` (all sessions when nullopt) with its upload, by session and ticket. Reads only.
// ReadResults (exam staff, proctors, results readers, certificate officers); PermissionDenied otherwise. CentreError
// on SQLite or a database that is not a centre (centre init first).
std::vector<AttemptUpload> attempt_uploads(storage::Database& db, const Actor& actor,
                                           std::optional<std::int64_t> session_id);

struct CollectOutcome {
    AttemptUpload upload;    // as it stands after the call
    bool collected_now = false;
};

// Collects one attempt if its upload is final, in one transaction: the walk from the centre's state (checked_in, or
// scheduled) to in_progress, every clock event into attempt_event and every answer into answer / answer_log in the
// kiosk's order (the last response per position counts, with its mark), the submit, the engine's grading, and one
// audit entry (attempt.collect) as `actor`. Idempotent: an attempt already collected (scored or cancelled at the
// centre) is left as it is. An incomplete, unsubmitted or invalid upload writes nothing. Exam staff (ManageSessions).
// ExamError no_attempt; PermissionDenied; CentreError on SQLite.
CollectOutcome collect_attempt(storage::Database& db, const Actor& actor, std::int64_t attempt_id, std::int64_t now_ms);

struct CollectReport {
    std::vector<CollectOutcome> attempts; // every attempt of the session(s), after the collection
    int collected_now = 0;
};
// collect_attempt for every attempt of the session(s) whose upload is final, each in its own transaction.
CollectReport collect_results(storage::Database& db, const Actor& actor, std::optional<std::int64_t> session_id,
                              std::int64_t now_ms);

// The centre's collector (safekiosk-admin centre collect, a service on the centre's server): results collected as
// soon as they can be, without an operator, so that a kiosk's result screen shows the centre's score.
//
// centre_store_events() notifies kFinalChannel at the commit of every batch that touches an attempt whose submit or
// cancellation the centre holds (the payload: the attempt's id). The collector listens, collects each attempt named
// (collect_attempt: an upload not final yet writes nothing, one collected before is left as it is), and at its start,
// after a lost connection and every `sweep` collects every attempt attempts_to_collect() names, so that nothing
// waits for a notification missed while it was away.
inline constexpr const char* kFinalChannel = "safekiosk_centre_final";

// The actor the collector acts as, named in the audit log (attempt.collect by centre-collector): exam staff's rights.
// The collector decides nothing a person would: it grades what the kiosks sent with the engine's own grading. Whoever
// runs it holds the centre database owner's login and the audit key already.
Actor collector_actor();

// Attempts whose submit or cancellation the centre holds and that it has not collected (neither scored nor
// cancelled at the centre), by id. CentreError on SQLite.
std::vector<std::int64_t> attempts_to_collect(storage::Database& db);

struct FollowOptions {
    std::chrono::milliseconds sweep{60000}; // every attempt to collect looked at again
    std::chrono::milliseconds retry{2000};      // the wait before connecting again after a failure, doubling
    std::chrono::milliseconds retry_max{30000}; // ... up to this while the failures go on
    std::chrono::milliseconds tick{250};    // how often `stop` is looked at while waiting
};

struct FollowEvents {
    std::function<void(const CollectOutcome&)> collected;      // an attempt collected now
    std::function<void(const CollectOutcome&)> not_final;      // an attempt named whose upload is incomplete or
                                                                // invalid (once per status and problem)
    std::function<void(const std::string&)> trouble;           // a failure (a lost connection …), retried
    std::function<void()> listening;                           // connected and listening (after each connection)
};

// Collects results as uploads become final, as `actor`, until `stop` is set: connects to the centre at `uri` (again
// after a failure, after `retry` doubling to `retry_max`), and reports through `events` (called on this thread).
// Returns when stopped.
void follow_results(const std::string& uri, const Actor& actor, const std::atomic<bool>& stop, const FollowOptions& options,
                    const FollowEvents& events);

} // namespace sk::exam::centre
