// The exam attempt: its states, the legal transitions, and the clock computed from stored events.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::exam {

enum class AttemptState {
    Scheduled,         // registered for a session
    CheckedIn,         // ID number and ticket matched at a kiosk, inside the session window
    IdentityConfirmed, // registration photo shown and confirmed (人证合一)
    Instructions,      // reading the rules
    InProgress,        // answering; the clock runs
    Paused,            // proctor paused; the clock stops
    Submitted,         // by the examinee or at time-up plus grace
    Scored,            // result stored
    Cancelled,         // ended by the proctor for cheating: the session's score is cancelled
};

std::string_view to_string(AttemptState s);
std::optional<AttemptState> parse_attempt_state(std::string_view s);

enum class AttemptAction { CheckIn, ConfirmIdentity, ShowInstructions, Start, Pause, Resume, Submit, Score, Cancel,
                           MoveKiosk, AddTime, Answer };
std::string_view to_string(AttemptAction a);

// Thrown for an action that the attempt's state does not allow: never a silent no-op.
class IllegalTransition : public std::logic_error {
public:
    IllegalTransition(AttemptState from, AttemptAction action);
    AttemptState from;
    AttemptAction action;
};

// The state after `action`, or IllegalTransition. Actions that keep the state (Answer, AddTime, MoveKiosk) return
// the same state when legal.
AttemptState next_state(AttemptState from, AttemptAction action);
bool is_final(AttemptState s);

// A stored clock event of an attempt. Times are milliseconds since the Unix epoch.
struct ClockEvent {
    enum Kind { Start, Pause, Resume, Alive, Downtime, AddTime, Submit } kind;
    std::int64_t at_ms = 0;
    std::int64_t value_ms = 0; // AddTime: extra time; Downtime: end of the gap (at_ms is its start)
};

struct ClockState {
    std::int64_t used_ms = 0;       // examination time charged so far
    std::int64_t allowed_ms = 0;    // duration plus added time
    std::int64_t remaining_ms = 0;  // allowed - used (may be negative after time-up)
    std::int64_t downtime_ms = 0;   // time the kiosk was down, not charged
    bool running = false;
    std::optional<std::int64_t> last_alive_ms; // last moment the kiosk was known to be running this attempt
};

// Replays the events (in order) up to `now_ms`.
ClockState compute_clock(const std::vector<ClockEvent>& events, std::int64_t duration_ms, std::int64_t now_ms);

} // namespace sk::exam
