#include "exam/attempt.hpp"

#include <algorithm>
#include <array>

namespace sk::exam {

namespace {
constexpr std::array<std::string_view, 9> kStateNames{"scheduled", "checked_in", "identity_confirmed", "instructions",
                                                      "in_progress", "paused", "submitted", "scored", "cancelled"};
constexpr std::array<std::string_view, 12> kActionNames{"check_in", "confirm_identity", "show_instructions", "start",
                                                        "pause", "resume", "submit", "score", "cancel",
                                                        "move_kiosk", "add_time", "answer"};
} // namespace

std::string_view to_string(AttemptState s) { return kStateNames[static_cast<std::size_t>(s)]; }

std::optional<AttemptState> parse_attempt_state(std::string_view s)
{
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == s) return static_cast<AttemptState>(i);
    return std::nullopt;
}

std::string_view to_string(AttemptAction a) { return kActionNames[static_cast<std::size_t>(a)]; }

IllegalTransition::IllegalTransition(AttemptState f, AttemptAction a)
    : std::logic_error("cannot " + std::string(to_string(a)) + " an attempt that is " + std::string(to_string(f))),
      from(f), action(a)
{
}

bool is_final(AttemptState s) { return s == AttemptState::Scored || s == AttemptState::Cancelled; }

AttemptState next_state(AttemptState from, AttemptAction action)
{
    using S = AttemptState;
    using A = AttemptAction;
    switch (action) {
    case A::CheckIn:
        if (from == S::Scheduled) return S::CheckedIn;
        break;
    case A::ConfirmIdentity:
        if (from == S::CheckedIn) return S::IdentityConfirmed;
        break;
    case A::ShowInstructions:
        if (from == S::IdentityConfirmed) return S::Instructions;
        break;
    case A::Start:
        if (from == S::Instructions) return S::InProgress;
        break;
    case A::Pause:
        if (from == S::InProgress) return S::Paused;
        break;
    case A::Resume:
        if (from == S::Paused) return S::InProgress;
        break;
    case A::Submit:
        if (from == S::InProgress || from == S::Paused) return S::Submitted;
        break;
    case A::Score:
        if (from == S::Submitted) return S::Scored;
        break;
    case A::Cancel:
        if (!is_final(from) && from != S::Scheduled) return S::Cancelled;
        break;
    case A::MoveKiosk:
        if (from != S::Scheduled && !is_final(from) && from != S::Submitted) return from;
        break;
    case A::AddTime:
        if (from == S::InProgress || from == S::Paused) return from;
        break;
    case A::Answer:
        if (from == S::InProgress) return from;
        break;
    }
    throw IllegalTransition(from, action);
}

std::int64_t elapsed_ms(std::int64_t from_wall, const std::optional<MonoReading>& from_mono, std::int64_t to_wall,
                        const std::optional<MonoReading>& to_mono)
{
    if (from_mono && to_mono && from_mono->same_boot(*to_mono)) return std::max<std::int64_t>(0, to_mono->ms - from_mono->ms);
    return std::max<std::int64_t>(0, to_wall - from_wall);
}

ClockState compute_clock(const std::vector<ClockEvent>& events, std::int64_t duration_ms, const ClockReading& now)
{
    ClockState c;
    c.allowed_ms = duration_ms;
    // Where the running clock last started: its wall time and monotonic reading.
    std::int64_t mark = 0;
    std::optional<MonoReading> mark_mono;
    bool submitted = false;
    for (const auto& e : events) {
        if (submitted) break;
        switch (e.kind) {
        case ClockEvent::Start:
        case ClockEvent::Resume:
            if (!c.running) {
                c.running = true;
                mark = e.at_ms;
                mark_mono = e.mono;
            }
            break;
        case ClockEvent::Pause:
            if (c.running) {
                c.used_ms += elapsed_ms(mark, mark_mono, e.at_ms, e.mono);
                c.running = false;
            }
            break;
        case ClockEvent::Downtime:
            // The kiosk was down from at_ms (the last sign of life, read mono_from) to value_ms (read mono): charge
            // up to the gap, restart after it. Within one boot the gap is measured on the monotonic clock; across a
            // reboot by the wall clock, and a gap that ends before it began (the wall clock was set back while the
            // kiosk was down) has an unknown length: nothing of it is charged, and the clock runs on from its end.
            c.downtime_ms += elapsed_ms(e.at_ms, e.mono_from, e.value_ms, e.mono);
            if (c.running) {
                c.used_ms += elapsed_ms(mark, mark_mono, e.at_ms, e.mono_from);
                mark = e.value_ms;
                mark_mono = e.mono;
            }
            break;
        case ClockEvent::AddTime: c.allowed_ms += e.value_ms; break;
        case ClockEvent::Alive: break;
        case ClockEvent::Submit:
            if (c.running) c.used_ms += elapsed_ms(mark, mark_mono, e.at_ms, e.mono);
            c.running = false;
            submitted = true;
            break;
        }
        c.last_alive_ms = std::max(c.last_alive_ms.value_or(e.at_ms), std::max(e.at_ms, e.kind == ClockEvent::Downtime ? e.value_ms : e.at_ms));
    }
    if (c.running) c.used_ms += elapsed_ms(mark, mark_mono, now.wall_ms, now.mono);
    c.remaining_ms = c.allowed_ms - c.used_ms;
    return c;
}

ClockState compute_clock(const std::vector<ClockEvent>& events, std::int64_t duration_ms, std::int64_t now_ms)
{
    return compute_clock(events, duration_ms, ClockReading{now_ms, std::nullopt});
}

} // namespace sk::exam
