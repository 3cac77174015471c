#include "kiosk/app/service_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cerrno>
#include <cstdlib>

namespace sk::kiosk {

std::optional<std::int64_t> ServiceNotifier::interval_from(const char* watchdog_usec)
{
    if (!watchdog_usec || !*watchdog_usec) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const unsigned long long usec = std::strtoull(watchdog_usec, &end, 10);
    if (errno != 0 || *end != '\0' || *watchdog_usec == '-' || usec == 0) return std::nullopt;
    const auto half_ms = static_cast<std::int64_t>(usec / 2000);
    return half_ms > 0 ? half_ms : 1;
}

ServiceNotifier::ServiceNotifier()
{
    const char* socket = std::getenv("NOTIFY_SOCKET");
    active_ = socket && *socket;
    if (active_) interval_ms_ = interval_from(std::getenv("WATCHDOG_USEC"));
}

void ServiceNotifier::ready()
{
    if (!active_ || ready_sent_) return;
    ready_sent_ = true;
    sd_notify(0, "READY=1\nSTATUS=showing the first screen");
}

void ServiceNotifier::watchdog(std::int64_t now_ms)
{
    if (!active_ || !interval_ms_) return;
    if (last_ping_ms_ && now_ms - *last_ping_ms_ < *interval_ms_) return;
    last_ping_ms_ = now_ms;
    sd_notify(0, "WATCHDOG=1");
}

std::optional<std::int64_t> ServiceNotifier::next_deadline() const
{
    if (!active_ || !interval_ms_) return std::nullopt;
    return last_ping_ms_ ? *last_ping_ms_ + *interval_ms_ : 0;
}

} // namespace sk::kiosk
