// The administrator PIN that guards leaving the kiosk.
//
// The configuration stores an Argon2id hash (libsodium crypto_pwhash_str); a PIN is checked with
// crypto_pwhash_str_verify on a worker thread (it takes ~0.1 s and 64 MiB, too slow for a frame). Each wrong PIN
// doubles the wait before the next try: 1 s, 2 s, 4 s … up to 5 minutes; a right PIN clears the count. Without a
// configured hash the demo PIN applies (docs/kiosk.md), and the PIN screen says so. With an exam::AdminPinBackoff
// the count and the wait are kept in the installation database (the library's policy), so that restarting the
// kiosk does not reset them.
#pragma once

#include "exam/admin_pin.hpp"
#include "kiosk/app/clock.hpp"

#include <functional>
#include <future>
#include <optional>
#include <string>

namespace sk::kiosk {

class AdminGate {
public:
    // `wake` is called from the worker thread when a check has finished (the loop pushes an SDL event).
    // `persisted` (may be null; must outlive the gate): the back-off stored in the database, read now and updated
    // after each check.
    AdminGate(std::string pin_hash, const Clock& clock, std::function<void()> wake = {},
              exam::AdminPinBackoff* persisted = nullptr);

    bool demo() const { return demo_; }

    // Starts checking `pin`. False (nothing started) while locked out or while a check is running.
    bool submit(const std::string& pin);
    bool checking() const { return check_.valid(); }
    // The result of a finished check (true: the PIN is right), once; nullopt while none has finished.
    std::optional<bool> poll();

    // When the next try is allowed (clock milliseconds); <= now when it is allowed now.
    std::int64_t locked_until() const { return locked_until_; }
    int failures() const { return failures_; }

    // An Argon2id hash of `pin` for the configuration (interactive limits).
    static std::string hash(const std::string& pin);
    // The hash of the demo PIN, used when the configuration has none.
    static const char* demo_hash();

private:
    std::string hash_;
    bool demo_ = false;
    const Clock& clock_;
    std::function<void()> wake_;
    exam::AdminPinBackoff* persisted_ = nullptr;
    std::future<bool> check_;
    int failures_ = 0;
    std::int64_t locked_until_ = 0;
};

} // namespace sk::kiosk
