#include "kiosk/app/admin_gate.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace sk::kiosk {

const char* AdminGate::demo_hash()
{
    // The demo PIN 135790 (docs/kiosk.md).
    return "$argon2id$v=19$m=65536,t=2,p=1$codDex/Nos7IxZxb1gkQrA$PDK+Wa/eHhNwsnNcrurTjNaY1dcRvzLR+2PuMSw10Do";
}

AdminGate::AdminGate(std::string pin_hash, const Clock& clock, std::function<void()> wake,
                     exam::AdminPinBackoff* persisted)
    : hash_(std::move(pin_hash)), clock_(clock), wake_(std::move(wake)), persisted_(persisted)
{
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    if (persisted_) {
        // The wait that was running when the kiosk stopped goes on after the restart.
        failures_ = persisted_->state().failures;
        const auto wait = persisted_->wait_ms();
        if (wait > 0) locked_until_ = clock_.now_ms() + wait;
    }
    if (hash_.empty()) {
        hash_ = demo_hash();
        demo_ = true;
    }
}

bool AdminGate::submit(const std::string& pin)
{
    if (checking() || clock_.now_ms() < locked_until_) return false;
    check_ = std::async(std::launch::async, [hash = hash_, pin, wake = wake_] {
        const bool ok = crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
        if (wake) wake();
        return ok;
    });
    return true;
}

std::optional<bool> AdminGate::poll()
{
    if (!check_.valid() || check_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
    const bool ok = check_.get();
    if (ok) {
        failures_ = 0;
        locked_until_ = 0;
    } else {
        ++failures_;
        locked_until_ = clock_.now_ms() + exam::admin_pin_delay_ms(failures_);
    }
    if (persisted_) {
        try {
            failures_ = persisted_->record(ok).failures;
        } catch (const std::exception&) {
            // The database cannot be written (e.g. a full disk): the wait still holds in memory for this run.
        }
    }
    return ok;
}

std::string AdminGate::hash(const std::string& pin)
{
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("not enough memory to hash the PIN");
    return out;
}

} // namespace sk::kiosk
