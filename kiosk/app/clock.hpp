// Time for the kiosk loop: a monotonic millisecond count for timers (idle timeout, attract cycling, PIN delays)
// and the wall time for anonymous statistics. Headless runs use a virtual clock that scripts advance with
// `wait`, so a 90-second timeout is tested without sleeping.
#pragma once

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
    std::chrono::system_clock::time_point wall() const override { return start_ + std::chrono::milliseconds(ms_); }
    void advance(std::int64_t ms) { ms_ += ms; }
    void set(std::int64_t ms)
    {
        if (ms > ms_) ms_ = ms;
    }

private:
    std::chrono::system_clock::time_point start_;
    std::int64_t ms_ = 1000;
};

} // namespace sk::kiosk
