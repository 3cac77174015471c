// The kiosk administrator PIN's back-off, kept in the installation database so that restarting the kiosk does not
// reset it: each wrong PIN doubles the wait before the next try (1 s, 2 s, 4 s … up to 5 minutes; 7 wrong PINs wait
// 64 s), a right PIN clears it. The end of the wait is stored as wall-clock time (settings
// `kiosk.admin_pin.failures` and `kiosk.admin_pin.locked_until_ms`); a wait longer than the policy allows (a clock
// set back, an edited row) is cut to the policy's maximum.
#pragma once

#include "content/storage/database.hpp"
#include "exam/exam_service.hpp" // Clock

#include <cstdint>

namespace sk::exam {

// The wait after the n-th consecutive wrong administrator PIN (n >= 1).
std::int64_t admin_pin_delay_ms(int failures);
inline constexpr std::int64_t kAdminPinMaxDelayMs = 5 * 60 * 1000;

struct AdminPinState {
    int failures = 0;
    std::int64_t locked_until_ms = 0; // wall clock (Clock) milliseconds; 0 when not locked
};

class AdminPinBackoff {
public:
    AdminPinBackoff(storage::Database& db, Clock clock = system_now_ms);

    // The stored state.
    AdminPinState state();
    // How long the next try must still wait (0 when it is allowed now), at most kAdminPinMaxDelayMs.
    std::int64_t wait_ms();
    // Records a checked PIN: a wrong one counts and starts the next wait, a right one clears both. Returns the new
    // state (stored in one transaction).
    AdminPinState record(bool right);

private:
    storage::Database& db_;
    Clock clock_;
};

} // namespace sk::exam
