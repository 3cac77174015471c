// Time for the kiosk loop: a monotonic millisecond count for timers (idle timeout, attract cycling, PIN delays)
// and the wall time for anonymous statistics and the exam engine's events. Headless runs use a virtual clock that
// scripts advance with `wait`, so a 90-second timeout is tested without sleeping, and whose wall time `wall-clock`
// moves on its own, as setting a kiosk's clock would.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace sk::kiosk {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now_ms() const = 0;
    virtual std::chrono::system_clock::time_point wall() const = 0;
};

class SystemClock final : public Clock {
public:
    std::int64_t now_ms() const override
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    std::chrono::system_clock::time_point wall() const override { return std::chrono::system_clock::now(); }
};

class VirtualClock final : public Clock {
public:
    VirtualClock() : start_(std::chrono::system_clock::now()) {}
    std::int64_t now_ms() const override { return ms_; }
    // Read by the centre's sending thread too (the kiosk's clock against the centre's): the counts are atomic.
    std::chrono::system_clock::time_point wall() const override
    {
        return start_ + std::chrono::milliseconds(ms_ + wall_shift_ms_);
    }
    void advance(std::int64_t ms) { ms_ += ms; }
    // Sets the wall clock forward (or back, negative) by `ms` as an administrator or a time server would; the
    // monotonic count now_ms() goes on unchanged (a script's `wall-clock +2h`).
    void shift_wall(std::int64_t ms) { wall_shift_ms_ += ms; }
    void set(std::int64_t ms)
    {
        if (ms > ms_) ms_ = ms;
    }

private:
    std::chrono::system_clock::time_point start_;
    std::atomic<std::int64_t> ms_{1000};
    std::atomic<std::int64_t> wall_shift_ms_{0};
};

// A countdown to `deadline` (clock milliseconds) shown in whole seconds, rounded up: 2.3 s left shows 3.
inline std::int64_t seconds_left(std::int64_t now, std::int64_t deadline)
{
    return deadline > now ? (deadline - now + 999) / 1000 : 0;
}

// When the seconds_left() shown at `now` next changes: the moment to draw the countdown again (with 2.3 s left,
// 0.3 s on, when it shows 2; at the deadline itself when 1 s or less is left).
inline std::int64_t next_second_change(std::int64_t now, std::int64_t deadline)
{
    const std::int64_t left = deadline - now;
    if (left <= 0) return now;
    return now + (left % 1000 == 0 ? 1000 : left % 1000);
}

} // namespace sk::kiosk
