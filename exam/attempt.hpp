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

// A reading of the monotonic clock: CLOCK_BOOTTIME milliseconds (counts time in suspend, never jumps when the
// wall clock is set) of one boot of one machine, named by its boot id (/proc/sys/kernel/random/boot_id). Two
// readings are subtracted only when they share the boot id: another boot or another kiosk counts from elsewhere.
struct MonoReading {
    std::string boot_id;
    std::int64_t ms = 0;
    bool same_boot(const MonoReading& other) const { return !boot_id.empty() && boot_id == other.boot_id; }
};

// What a clock reads now: the wall clock (Unix milliseconds) and, when known, the monotonic clock at that moment.
struct ClockReading {
    std::int64_t wall_ms = 0;
    std::optional<MonoReading> mono;
};

// A stored clock event of an attempt. Times are milliseconds since the Unix epoch; `mono` is the monotonic reading
// when the event was written (none in rows written before exam schema step 10).
struct ClockEvent {
    enum Kind { Start, Pause, Resume, Alive, Downtime, AddTime, Submit };
    Kind kind = Start;
    std::int64_t at_ms = 0;
    std::int64_t value_ms = 0;                // AddTime: extra time; Downtime: end of the gap (at_ms is its start)
    std::optional<MonoReading> mono;      // at at_ms; Downtime: at its end (value_ms)
    std::optional<MonoReading> mono_from; // Downtime only: at its start, the last sign of life before the gap

    ClockEvent() = default;
    ClockEvent(Kind k, std::int64_t at, std::int64_t value = 0, std::optional<MonoReading> m = std::nullopt,
               std::optional<MonoReading> from = std::nullopt)
        : kind(k), at_ms(at), value_ms(value), mono(std::move(m)), mono_from(std::move(from))
    {
    }
};

struct ClockState {
    std::int64_t used_ms = 0;       // examination time charged so far
    std::int64_t allowed_ms = 0;    // duration plus added time
    std::int64_t remaining_ms = 0;  // allowed - used (may be negative after time-up)
    std::int64_t downtime_ms = 0;   // time the kiosk was down, not charged
    bool running = false;
    std::optional<std::int64_t> last_alive_ms; // last moment the kiosk was known to be running this attempt (wall)
};

// The time between two moments: the monotonic difference when both readings exist and share the boot id (a wall
// clock set forward or back in between changes nothing), otherwise the wall difference; never negative.
std::int64_t elapsed_ms(std::int64_t from_wall, const std::optional<MonoReading>& from_mono, std::int64_t to_wall,
                        const std::optional<MonoReading>& to_mono);

// Replays the events (in order) up to `now`. Each span (from a start or resume to the next pause, downtime, submit
// or now) is charged by elapsed_ms(): monotonic within one boot, the wall clock across boots, kiosks and for rows
// without readings.
ClockState compute_clock(const std::vector<ClockEvent>& events, std::int64_t duration_ms, const ClockReading& now);
// The same with only a wall clock reading for now: the span since the last event is charged by the wall clock.
ClockState compute_clock(const std::vector<ClockEvent>& events, std::int64_t duration_ms, std::int64_t now_ms);

} // namespace sk::exam
