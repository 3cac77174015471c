// Telling systemd how the kiosk is doing (sd_notify, libsystemd; docs/operations.md#the-kiosk-session):
// READY=1 once the first frame is on the screen, and WATCHDOG=1 from the main loop at half the unit's WatchdogSec, so
// a kiosk whose loop hangs is killed and restarted like one that crashed.
//
// Under cage the kiosk is the compositor's child, not the service's main process: the unit says NotifyAccess=all, and
// the kiosk reads WATCHDOG_USEC itself (libsystemd's sd_watchdog_enabled() answers "no" to any process but the one
// WATCHDOG_PID names, which is cage). Outside systemd (no NOTIFY_SOCKET) the notifier is inactive and does nothing.
#pragma once

#include <cstdint>
#include <optional>

namespace sk::kiosk {

class ServiceNotifier {
public:
    // Reads NOTIFY_SOCKET and WATCHDOG_USEC from the environment.
    ServiceNotifier();
    bool active() const { return active_; }
    // Half of WATCHDOG_USEC, in ms; nullopt without a watchdog (or a value that is not a positive number).
    std::optional<std::int64_t> watchdog_interval_ms() const { return interval_ms_; }
    // READY=1, once (later calls do nothing).
    void ready();
    // WATCHDOG=1 when one is due at `now_ms` (the first call always sends).
    void watchdog(std::int64_t now_ms);
    // When the next WATCHDOG=1 is due; nullopt without a watchdog.
    std::optional<std::int64_t> next_deadline() const;

    // WATCHDOG_USEC's text as half its interval in ms (a value systemd sets: decimal microseconds).
    static std::optional<std::int64_t> interval_from(const char* watchdog_usec);

private:
    bool active_ = false;
    bool ready_sent_ = false;
    std::optional<std::int64_t> interval_ms_;
    std::optional<std::int64_t> last_ping_ms_;
};

} // namespace sk::kiosk
