#include "exam/admin_pin.hpp"

#include "exam/storage/exam_store.hpp"

#include <algorithm>
#include <charconv>

namespace sk::exam {

namespace {

constexpr const char* kFailures = "kiosk.admin_pin.failures";
constexpr const char* kLockedUntil = "kiosk.admin_pin.locked_until_ms";

std::int64_t number(const std::optional<std::string>& text)
{
    std::int64_t v = 0;
    if (!text) return 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size() || v < 0) return 0;
    return v;
}

} // namespace

std::int64_t admin_pin_delay_ms(int failures)
{
    if (failures < 1) return 0;
    return std::min<std::int64_t>(kAdminPinMaxDelayMs, 1000LL << std::min(failures - 1, 20));
}

AdminPinBackoff::AdminPinBackoff(storage::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

AdminPinState AdminPinBackoff::state()
{
    ExamStore store(db_);
    AdminPinState s;
    s.failures = static_cast<int>(std::min<std::int64_t>(number(store.setting(kFailures)), 1000000));
    s.locked_until_ms = number(store.setting(kLockedUntil));
    return s;
}

std::int64_t AdminPinBackoff::wait_ms()
{
    const auto s = state();
    return std::clamp<std::int64_t>(s.locked_until_ms - clock_(), 0, kAdminPinMaxDelayMs);
}

AdminPinState AdminPinBackoff::record(bool right)
{
    storage::Transaction tx(db_);
    auto s = state();
    if (right) {
        s = {};
    } else {
        s.failures += 1;
        s.locked_until_ms = clock_() + admin_pin_delay_ms(s.failures);
    }
    ExamStore store(db_);
    store.set_setting(kFailures, std::to_string(s.failures));
    store.set_setting(kLockedUntil, std::to_string(s.locked_until_ms));
    tx.commit();
    return s;
}

} // namespace sk::exam
